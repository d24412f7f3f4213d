"""Shared by the staff-screen tests: accounts on the shared demo server, the kiosk's staff
document pulled, a second enrolled kiosk of the same site, and the staff overlay driven."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt

from app.demo import DEMO_SITE
from kiosk.staff import StaffSignIn
from server.enrollment import create_enroll_code
from server.staff import add_account
from sync.adapters.queue_console import QueueConsole
from sync.adapters.staff import HelpDesk, StaffDocuments
from sync.client import ServerClient
from sync.enroll import enroll
from sync.kiosk_key import KioskKeyStore

PIN = "739154"
WRONG = "739155"


def add_staff(demo, name: str, role: str = "petugas", pin: str = PIN) -> str:
    """A new account of the demo site (every test its own: the server is shared)."""
    return add_account(demo.ctx, DEMO_SITE, name, role, pin, "pytest")


def pull_staff(kiosk_dir: Path, ports) -> None:
    """The kiosk receives the site's signed staff document (as its refresher would)."""
    identity = KioskKeyStore(kiosk_dir).require()
    StaffDocuments(kiosk_dir, identity, ports.help_desk.client).pull()


def staff_ports(real_ports, kiosk_dir: Path, clock=None, **settings):
    """Real ports (app.compose.make_ports wires the queue console) with the staff document in
    force and (optionally) a sign-in on a fake clock."""
    ports, config = real_ports(**settings)
    pull_staff(kiosk_dir, ports)
    store = ports.staff.store
    if clock is not None:
        directory = StaffDocuments(kiosk_dir, KioskKeyStore(kiosk_dir).require()).directory
        ports.staff = StaffSignIn(directory, store, clock=clock)
    assert isinstance(ports.queue, QueueConsole)
    return ports, config


class OtherKiosk:
    """A second kiosk of the demo site (a self-service kiosk whose citizen asks for help)."""

    def __init__(self, demo, folder: Path):
        folder.mkdir(parents=True, exist_ok=True)
        code, _expires = create_enroll_code(demo.ctx, DEMO_SITE, 600)
        enroll(folder, demo.url, code, expected_key_id=demo.ctx.keys.key_id)
        self.client = ServerClient.for_kiosk(folder)
        self.desk = HelpDesk(self.client)

    def close(self) -> None:
        self.client.close()


def long_press(qtbot, window) -> None:
    """Hold the welcome screen's top-left corner until the staff sign-in opens."""
    welcome = window.current_screen()
    qtbot.mousePress(welcome, Qt.MouseButton.LeftButton, pos=QPoint(20, 20))
    qtbot.waitUntil(window.staff.isVisible, timeout=10000)
    qtbot.mouseRelease(welcome, Qt.MouseButton.LeftButton, pos=QPoint(20, 20))


def sign_in(qtbot, window, staff_id: str, pin: str = PIN) -> None:
    type_pin(qtbot, window.staff.signin, staff_id, pin)


def type_pin(qtbot, page, staff_id: str, pin: str = PIN) -> None:
    """On a staff PIN page (a sign-in, or the override's supervisor): touch the name (unless
    it is chosen already), type the PIN, confirm."""
    if page.chosen is None or page.chosen.staff_id != staff_id:
        qtbot.mouseClick(page.account_buttons[staff_id], Qt.MouseButton.LeftButton)
    page.keypad.type_text(pin)
    page.keypad.press("ok")
