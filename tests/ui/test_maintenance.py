"""The technician's maintenance page (issue 14) against the reference server over loopback: a
`teknisi` signs in on the staff overlay and sees `kiosk doctor`'s checks run (the real ones,
app/doctor.py, wired into ports.doctor by app/compose.py), each with an icon, a status word,
the detail and the fix in Indonesian; a tampered audit row fails the audit check with its fix
after "Periksa lagi"; English is one touch away. Counter staff and supervisors never get the
page. The page is rendered in both languages and checked like the other staff screens
(maintenance*-<language>-portrait.png, also written to MPP_SCREENS_OUT for docs/screens).
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt, QTranslator
from real_support import FakeClock
from staff_ui_support import add_staff, sign_in, staff_ports
from test_staff_shots import Shooter

import camera.doctor
import kiosk.store.health
import sync.doctor
import sync.errors
from kiosk import __version__
from kiosk.doctor import check_disk
from kiosk.staff import IDLE_S
from ui.staff import doctor_words

pytestmark = pytest.mark.timeout(300)

REPO = Path(__file__).resolve().parents[2]
CLIP = REPO / "tests" / "data" / "video" / "blinking_step_back.mp4"
QM = REPO / "assets" / "i18n" / "maintenance_id.qm"
# the camera is a video file, measured briefly; any free disk is enough
CHECKS = {
    "camera.device": str(CLIP),
    "doctor.camera_seconds": "0.3",
    "doctor.disk_warn_mb": "1",
    "doctor.disk_fail_mb": "0",
}
NAMES = {
    "version",
    "camera",
    "face_models",
    "server",
    "clock",
    "enrollment",
    "disk",
    "store",
    "audit",
    "printer",
    "queue",
    "last_upload",
}
AUDIT_FIX_ID = (
    "Yang perlu dilakukan: Log audit telah diubah, dipotong, atau disisipi: jangan setel ulang "
    "kios; jalankan `kiosk audit verify` dan laporkan ke administrator MPP."
)


def _finished(qtbot, page) -> dict:
    # and the new cards shown: a widget added to a visible layout is shown by a queued call
    qtbot.waitUntil(
        lambda: (
            page.results is not None
            and not page.running
            and all(card.isVisibleTo(page) for card in page.cards)
        ),
        timeout=120000,
    )
    return {card.result.name: card for card in page.cards}


def _tamper_audit(kiosk_dir: Path) -> None:
    conn = sqlite3.connect(kiosk_dir / "kiosk.sqlite3")
    conn.isolation_level = None
    conn.execute("UPDATE audit_log SET actor = 'evil' WHERE seq = 1")
    conn.close()


def test_a_technician_sees_the_checks_and_a_tampered_audit_row_fails(
    make_kiosk, real_ports, demo, kiosk_dir, qtbot
):
    ahmad = add_staff(demo, "Ahmad Teknisi", "teknisi")
    ports, config = staff_ports(real_ports, kiosk_dir, **CHECKS)
    controller, window = make_kiosk(ports=ports, config=config)
    overlay = window.staff
    page = overlay.maintenance
    window.open_staff()
    sign_in(qtbot, window, ahmad)
    assert overlay.pages.currentWidget() is page
    assert page.running and not page.again.isEnabled()
    assert page.summary.text().startswith("Memeriksa kios…")
    cards = _finished(qtbot, page)
    assert set(cards) == NAMES
    assert page.again.isEnabled() and page.again.text() == "Periksa lagi"
    assert page.who.text() == "Masuk sebagai: Ahmad Teknisi (Teknisi)"
    about = page.about.text().split("\n")
    assert about[0] == f"Versi: {__version__}"
    assert about[1].startswith("Lokasi: ") and about[2] == f"Kios: {ports.kiosk_id}"
    server = cards["server"]
    assert server.result.status == "ok" and server.icon.icon_name == "check"
    assert server.heading.text() == "Baik · Koneksi server"
    assert re.fullmatch(re.escape(demo.url) + r"/?\S* menjawab dalam \d+ ms", server.detail.text())
    assert server.hint.isHidden()
    assert cards["enrollment"].detail.text() == (
        f"terdaftar sebagai kios {ports.kiosk_id}, diterima server"
    )
    # the clip plays at the camera's rate (a busy machine may measure it slow: a warning)
    camera_words = cards["camera"].detail.text()
    if cards["camera"].result.status == "ok":
        assert re.fullmatch(r"kamera berkas video: \d+x\d+, \d+,\d bingkai per detik", camera_words)
    assert camera_words.startswith("kamera berkas video")
    assert re.fullmatch(r"rantai audit utuh, \d+ entri", cards["audit"].detail.text())
    # nothing in English on the Indonesian page (the version line is a name and a number)
    for name, card in cards.items():
        if name != "version":
            assert card.detail.text() != card.result.detail, name
        if card.result.hint and card.result.status != "ok":
            assert card.result.hint not in card.hint.text(), name

    _tamper_audit(kiosk_dir)
    qtbot.mouseClick(page.again, Qt.MouseButton.LeftButton)
    assert page.running
    cards = _finished(qtbot, page)
    audit = cards["audit"]
    assert audit.result.status == "fail" and audit.icon.icon_name == "error"
    assert audit.heading.text() == "Gagal · Log audit"
    assert re.fullmatch(r"rantai audit rusak: \d+ masalah, pada entri 1\b.*", audit.detail.text())
    assert audit.hint.isVisibleTo(page) and audit.hint.text() == AUDIT_FIX_ID
    assert cards["store"].result.status == "ok"
    assert page.summary.text().startswith("Pemeriksaan gagal: ")
    assert page.summary.property("kind") == "error"

    # English, one touch away
    qtbot.mouseClick(overlay.lang_en, Qt.MouseButton.LeftButton)
    assert audit.heading.text() == "Failed · Audit log"
    assert audit.detail.text().startswith("the audit chain is broken: ")
    assert audit.hint.text().startswith("What to do: The audit log was edited")
    assert "kiosk audit verify" in audit.hint.text()
    assert page.again.text() == "Check again"
    qtbot.mouseClick(overlay.lang_id, Qt.MouseButton.LeftButton)

    # a technician may also use the staff console, and come back
    assert overlay.switch_button.isVisible() and overlay.switch_button.text() == "Konsol petugas"
    qtbot.mouseClick(overlay.switch_button, Qt.MouseButton.LeftButton)
    assert overlay.pages.currentWidget() is overlay.console
    assert overlay.switch_button.text() == "Pemeliharaan"
    qtbot.mouseClick(overlay.switch_button, Qt.MouseButton.LeftButton)
    assert overlay.pages.currentWidget() is page
    overlay.sign_out()
    assert not overlay.isVisible() and page.results is None and page.cards == []


def test_counter_staff_and_supervisors_do_not_get_the_maintenance_page(
    make_kiosk, real_ports, demo, kiosk_dir, qtbot
):
    staff = [
        (add_staff(demo, "Sari Petugas", "petugas"), "petugas"),
        (add_staff(demo, "Budi Supervisor", "supervisor"), "supervisor"),
    ]
    ports, config = staff_ports(real_ports, kiosk_dir, **CHECKS)  # the staff document pulled
    runs = []
    doctor = ports.doctor
    ports.doctor = lambda: runs.append(1) or doctor()  # counts the runs, runs the real checks
    controller, window = make_kiosk(ports=ports, config=config)
    overlay = window.staff
    for staff_id, role in staff:
        window.open_staff()
        sign_in(qtbot, window, staff_id)
        assert overlay.pages.currentWidget() is overlay.console, role
        assert overlay.switch_button.isHidden(), role
        overlay.switch_page()  # what the hidden button would do: nothing for them
        assert overlay.pages.currentWidget() is overlay.console, role
        overlay.sign_out()
    assert runs == [] and overlay.maintenance.results is None


def test_two_idle_minutes_on_the_maintenance_page_sign_the_technician_out(
    make_kiosk, real_ports, demo, kiosk_dir, qtbot
):
    rudi = add_staff(demo, "Rudi Teknisi", "teknisi")
    clock = FakeClock()
    ports, config = staff_ports(real_ports, kiosk_dir, clock=clock, **CHECKS)
    controller, window = make_kiosk(ports=ports, config=config)
    overlay = window.staff
    window.open_staff()
    sign_in(qtbot, window, rudi)
    _finished(qtbot, overlay.maintenance)
    clock.advance(IDLE_S - 10)
    qtbot.mouseClick(overlay.maintenance.again, Qt.MouseButton.LeftButton)  # a touch
    clock.advance(IDLE_S - 10)
    overlay.check_session()
    assert overlay.isVisible() and ports.staff.current() is not None
    _finished(qtbot, overlay.maintenance)
    clock.advance(IDLE_S)
    overlay.check_session()  # what the overlay's timer does every second
    assert not overlay.isVisible() and ports.staff.current() is None
    assert overlay.maintenance.results is None and overlay.switch_button.isHidden()


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_maintenance_page_renders_and_fits(
    make_kiosk, real_ports, demo, kiosk_dir, qtbot, shots, language
):
    dewi = add_staff(demo, "Dewi Lestari", "teknisi")
    ports, config = staff_ports(real_ports, kiosk_dir, **CHECKS)
    controller, window = make_kiosk("portrait", language, ports=ports, config=config)
    overlay = window.staff
    page = overlay.maintenance
    shooter = Shooter(shots, language, "")
    window.open_staff()
    sign_in(qtbot, window, dewi)
    shooter.take(window, overlay, "maintenance_running")
    _finished(qtbot, page)
    shooter.take(window, overlay, "maintenance")
    # a problem with its fix (problems come first on the page)
    _tamper_audit(kiosk_dir)
    page.run_checks()
    cards = _finished(qtbot, page)
    assert page.cards[0] is cards["audit"]
    shooter.take(window, overlay, "maintenance_problems")
    overlay.sign_out()
    assert not shooter.problems, "\n".join(shooter.problems)


# ----- the words --------------------------------------------------------------------------


@pytest.fixture
def indonesian(qapp):
    translator = QTranslator()
    assert translator.load(str(QM))
    QCoreApplication.installTranslator(translator)
    yield
    QCoreApplication.removeTranslator(translator)


def test_every_fix_the_core_gives_has_indonesian_words(indonesian):
    core_hints = {
        *sync.errors.FIXES.values(),
        sync.errors.DEFAULT_FIX,
        sync.doctor.NOT_CHECKED_HINT,
        sync.doctor.OFFLINE_HINT,
        camera.doctor.CAMERA_HINT,
        kiosk.store.health.RESTORE_HINT,
        kiosk.store.health.TOO_NEW_HINT,
    }
    assert core_hints <= set(doctor_words.HINTS), core_hints - set(doctor_words.HINTS)
    for hint in doctor_words.HINTS:
        assert doctor_words.hint_text(hint, "id") != hint, hint
    for _pattern, template in doctor_words.DETAILS:
        if template != "mpp-kiosk %1":
            assert QCoreApplication.translate("DoctorWords", template) != template, template
    for name in NAMES:
        assert doctor_words.check_name(name) != name


def test_details_keep_their_figures_and_unknown_ones_stay_off_the_indonesian_page(
    indonesian, tmp_path
):
    low = check_disk(tmp_path, 10**9, 0)  # 1e+09 MB: more than any disk
    assert re.fullmatch(
        r"[\d.]+ MB kosong di folder data \(di bawah 1e\+09 MB\)",
        doctor_words.detail_text(low.detail, "id"),
    )
    assert doctor_words.detail_text("3 pending (oldest 26.5 h), 1 rejected", "id") == (
        "3 menunggu (terlama 26,5 jam), 1 ditolak"
    )
    assert doctor_words.detail_text("camera video file gives no picture (unavailable)", "id") == (
        "kamera berkas video tidak memberi gambar"
    )
    assert doctor_words.detail_text("12,345 MB free in the data folder", "id") == (
        "12.345 MB kosong di folder data"
    )
    new = "a check added later said this"
    assert doctor_words.detail_text(new, "id") == "Rinciannya ada di layar bahasa Inggris (EN)."
    assert doctor_words.detail_text(new, "en") == new
    assert doctor_words.hint_text("Do something new.", "en") == "Do something new."
    assert "kiosk doctor" in doctor_words.hint_text("Do something new.", "id")
