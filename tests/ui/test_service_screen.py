"""The service screen's grouped pictogram tiles (the practice licences in a folder, opened by
itself for a health worker) and the NIK screen's banner, which never moves the keypad. A kiosk
on its real ports against the reference server over loopback (tests/ui/conftest.py); the
screenshots go to $MPP_SCREENSHOTS when set."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from finish_support import real_kiosk, verified
from journey_support import click, enrolled_family, settle
from PySide6.QtCore import QByteArray, QPoint
from PySide6.QtGui import QColor
from PySide6.QtSvg import QSvgRenderer

from kiosk.catalog import default_catalog
from kiosk.session import State
from server.models import HealthWorker
from ui import theme
from ui.screens.nik import NikScreen
from ui.screens.service import ServiceScreen
from ui.theme import ICON_COLOURS

pytestmark = pytest.mark.usefixtures("app_state")
CATALOG = default_catalog()
ICONS = Path(__file__).resolve().parents[2] / "assets" / "icons"
SIP = [s.id for s in CATALOG.by_group("nakes")]
ADMINDUK = [s.id for s in CATALOG.by_group("adminduk")]


def shoot(window, name: str) -> None:
    folder = os.environ.get("MPP_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        window.grab().save(str(Path(folder) / f"{name}.png"))


def shown(window, screen: ServiceScreen) -> list[str]:
    return [t.service.id for t in screen.tiles if t.isVisibleTo(window)]


def at_service(qtbot, make_kiosk, real_ports, clip_template, nik: str, language: str = "id"):
    controller, window, _ = real_kiosk(make_kiosk, real_ports, language=language)
    assert verified(qtbot, controller, nik, clip_template, language) is State.SERVICE
    settle(qtbot)
    screen = window.current_screen()
    assert isinstance(screen, ServiceScreen)
    return controller, window, screen


def not_a_worker(demo, template) -> str:
    """The NIK of a demo family's mother who is not in the health-worker registry (the demo's
    own citizen NIK is one), enrolled with `template` as her face."""
    with demo.ctx.db() as db:
        for _ in range(20):
            nik = enrolled_family(demo, template)["applicant"].nik
            if db.get(HealthWorker, nik) is None:
                return nik
    raise AssertionError("every demo mother tried is a health worker")


def colours(label) -> set[int]:
    """The opaque colours of an icon label's picture."""
    image = label.pixmap().toImage()
    return {
        image.pixel(x, y)
        for x in range(0, image.width(), 2)
        for y in range(0, image.height(), 2)
        if image.pixelColor(x, y).alpha() == 255
    }


def worker_service(demo) -> str:
    with demo.ctx.db() as db:
        profession = db.get(HealthWorker, demo.worker_nik).profession_code
    return next(s.id for s in CATALOG.by_group("nakes") if s.profession.code == profession)


def test_a_citizen_sees_groups_and_opens_the_licence_folder(
    qtbot, make_kiosk, real_ports, demo, clip_template
):
    nik = not_a_worker(demo, clip_template)
    controller, window, screen = at_service(qtbot, make_kiosk, real_ports, clip_template, nik)
    settle(qtbot, 200)  # no registry answer opens anything for a citizen
    assert screen.folder is None
    assert shown(window, screen) == ADMINDUK  # the 31 licences sit behind one tile
    folder = screen.group_tiles["nakes"]
    assert folder.isVisibleTo(window)
    assert folder.button.text() == "Izin Praktik Tenaga Kesehatan\nPilih dari 31 layanan"
    assert screen.tile("cetak-kk").button.text() == "Cetak KK"
    assert screen.tile("cetak-kk").button.icon_label is not None
    shoot(window, "service_top_id")
    click(qtbot, folder.button)
    assert screen.folder == "nakes" and shown(window, screen) == SIP
    assert screen.tile("sip-bidan").button.text() == "Bidan"  # the short name, with its icon
    assert all(screen.tile(s).button.icon_label is not None for s in SIP)
    assert screen.up_button.isVisibleTo(window)
    assert screen.folder_title.text() == "Perizinan Tenaga Kesehatan"
    click(qtbot, screen.up_button)
    assert screen.folder is None and shown(window, screen) == ADMINDUK
    # the contrast theme draws the catalog's icons again, in its own colour
    icon = screen.tile("cetak-kk").button.icon_label
    assert colours(icon) & {QColor(ICON_COLOURS[0]).rgb()}
    window.toggle_high_contrast()
    settle(qtbot)
    assert colours(icon) & {QColor(theme.HIGH_CONTRAST["heading"]).rgb()}
    assert not colours(icon) & {QColor(c).rgb() for c in ICON_COLOURS}
    shoot(window, "service_top_id_contrast")
    window.toggle_high_contrast()
    # an adminduk tile opens its form; back comes to the same place
    click(qtbot, screen.tile("cetak-biodata").button)
    assert controller.session.state is State.FORM
    assert controller.session.data.service_id == "cetak-biodata"
    controller.citizen.back()
    settle(qtbot)
    assert window.current_screen() is screen and screen.folder is None
    assert shown(window, screen) == ADMINDUK


def test_a_health_worker_finds_the_licences_open_and_gets_their_form(
    qtbot, make_kiosk, real_ports, demo, clip_template
):
    controller, window, screen = at_service(
        qtbot, make_kiosk, real_ports, clip_template, demo.worker_nik
    )
    # the registry lookup over loopback says this NIK is a health worker
    qtbot.waitUntil(lambda: screen.folder == "nakes", timeout=10000)
    settle(qtbot)
    assert shown(window, screen) == SIP
    shoot(window, "service_sip_id")
    own = worker_service(demo)
    assert screen.tile(own).reason.text() == ""
    click(qtbot, screen.tile(own).button)
    assert controller.session.state is State.FORM
    assert controller.session.data.service_id == own
    controller.citizen.back()
    settle(qtbot)
    assert screen.folder == "nakes" and shown(window, screen) == SIP  # back where it was
    click(qtbot, screen.up_button)
    assert screen.folder is None
    screen.render(controller.session)  # a later render does not open the folder again
    settle(qtbot)
    assert screen.folder is None


def test_the_search_shows_full_names_across_groups(
    qtbot, make_kiosk, real_ports, demo, clip_template
):
    controller, window, screen = at_service(
        qtbot, make_kiosk, real_ports, clip_template, not_a_worker(demo, clip_template), "en"
    )
    qtbot.keyClicks(screen.search, "midwife")
    assert shown(window, screen) == ["sip-bidan"]
    assert screen.tile("sip-bidan").button.text() == "Practice Licence (SIP) for Midwife"
    assert not screen.group_tiles["nakes"].isVisibleTo(window)
    screen.search.clear()
    assert screen.tile("sip-bidan").button.text() == "Midwife"
    assert shown(window, screen) == ADMINDUK


@pytest.mark.parametrize(
    ("size", "large"), [("portrait", False), ("landscape", False), ("portrait", True)]
)
def test_the_nik_keypad_never_moves_while_typing(qtbot, make_kiosk, real_ports, demo, size, large):
    controller, window, _ = real_kiosk(make_kiosk, real_ports, size=size)
    if large:
        window.toggle_large_text()
    controller.citizen.start()
    controller.citizen.choose_language("id")
    settle(qtbot)
    screen = window.current_screen()
    assert isinstance(screen, NikScreen)
    keys = screen.keypad.keys
    where = {}

    def measure(step: str) -> None:
        settle(qtbot)
        where[step] = (screen.keypad.geometry(), keys["1"].mapTo(window, keys["1"].rect().center()))

    measure("empty")
    for digit in demo.citizen_nik[:15]:
        click(qtbot, keys[digit])
        measure(f"typed {len(screen.keypad.text())}")
    assert not screen.status.isVisible()
    shoot(window, f"nik_typing_{size}{'_large' * large}")
    click(qtbot, keys[demo.citizen_nik[15]])
    measure("complete")  # the decoded region and birth date: a two-line banner
    assert screen.status.isVisible() and screen.status.property("kind") == "success"
    click(qtbot, keys["clear"])
    measure("cleared")
    for digit in "99":  # no province 99: an error at once
        click(qtbot, keys[digit])
    measure("error")
    assert screen.status.isVisible() and screen.status.property("kind") == "error"
    shoot(window, f"nik_banner_{size}{'_large' * large}")
    # whole, over the title and instruction: not over the digits typed nor the keys
    assert screen.status.heightForWidth(screen.status.width()) <= screen.status.height()
    assert screen.status.geometry().bottom() < screen.display.mapTo(screen, QPoint(0, 0)).y()
    assert set(where.values()) == {where["empty"]}, where


def test_every_icon_is_a_valid_svg_and_the_tabler_licence_is_kept():
    named = {g.icon for g in CATALOG.groups if g.icon} | {s.icon for s in CATALOG if s.icon}
    assert {s.id for s in CATALOG if not s.icon} == set()
    files = [ICONS / "tabler" / f"{name}.svg" for name in sorted(named)]
    files += sorted(ICONS.glob("*.svg"))
    for path in files:
        assert path.is_file(), path
        assert QSvgRenderer(QByteArray(path.read_bytes())).isValid(), path
    licence = (ICONS / "tabler" / "LICENSE").read_text(encoding="utf-8")
    assert licence.startswith("MIT License") and "Paweł Kuna" in licence
    assert "3.52.0" in (ICONS / "tabler" / "README.md").read_text(encoding="utf-8")


def cut_labels(window, screen: ServiceScreen) -> list[str]:
    """Texts of the shown tiles and headings whose label needs more height than it got."""
    from PySide6.QtWidgets import QLabel

    cut = []
    for label in screen.findChildren(QLabel):
        if not label.isVisibleTo(window) or not label.text() or not label.wordWrap():
            continue
        if label.heightForWidth(label.width()) > label.height() + 1:
            cut.append(label.text())
    return cut


def test_large_text_pressed_on_the_service_screen_cuts_no_tile(
    qtbot, make_kiosk, real_ports, demo, clip_template
):
    nik = not_a_worker(demo, clip_template)
    controller, window, screen = at_service(qtbot, make_kiosk, real_ports, clip_template, nik)
    settle(qtbot, 200)
    assert cut_labels(window, screen) == []
    window.toggle_large_text()  # A+ while the tiles are on screen
    settle(qtbot)
    shoot(window, "service_top_id_large_pressed")
    assert cut_labels(window, screen) == []
    click(qtbot, screen.group_tiles["nakes"].button)
    settle(qtbot)
    assert cut_labels(window, screen) == []
    window.toggle_large_text()
    settle(qtbot)
    assert cut_labels(window, screen) == []


def test_every_licence_tile_fits_the_screen_with_large_text(
    qtbot, make_kiosk, real_ports, demo, clip_template
):
    """A tile is never wider than its column: "Optometris/Refraksionis Optisien" breaks after
    the slash instead of pushing the grid past the screen's edge."""
    from PySide6.QtWidgets import QScrollArea

    nik = not_a_worker(demo, clip_template)
    controller, window, screen = at_service(qtbot, make_kiosk, real_ports, clip_template, nik)
    window.toggle_large_text()
    settle(qtbot, 200)
    click(qtbot, screen.group_tiles["nakes"].button)
    settle(qtbot)
    shoot(window, "service_licences_id_large")
    [area] = [
        a for a in screen.findChildren(QScrollArea) if a.widget().isAncestorOf(screen.tiles[0])
    ]
    assert area.widget().width() <= area.viewport().width()
    optician = screen.tile("sip-refraksionis-optisien")
    assert optician.button.text() == "Optometris/Refraksionis Optisien"
    assert optician.width() < area.viewport().width() // 2
    assert cut_labels(window, screen) == []
