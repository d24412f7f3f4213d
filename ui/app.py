"""The Qt application: environment, fonts, theme, translations, and building the kiosk.

`build_kiosk(...)` wires a Session, the ports and the window; `run(...)` shows it and runs the
event loop. `kiosk run` and `kiosk demo` (app/commands/) call these.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ui import main_thread_gc

log = logging.getLogger("ui.app")

APP_NAME = "MPP Kiosk"
# Work that need not delay the welcome screen starts this long after the window shows (the
# screen is drawn well within it on a kiosk): the keyboard layout here, app.compose.after_show.
AFTER_SHOW_MS = 1000


def virtual_keyboard_available() -> bool:
    """Is the Qt Virtual Keyboard input-context plugin installed (PySide6-Addons)?"""
    import PySide6

    plugins = Path(PySide6.__file__).parent / "Qt" / "plugins" / "platforminputcontexts"
    return (plugins / "libqtvirtualkeyboardplugin.so").exists() or any(
        plugins.glob("*qtvirtualkeyboard*")
    )


def prepare_environment(virtual_keyboard: bool = True) -> None:
    """Environment Qt reads at start-up: set before the QApplication exists."""
    if virtual_keyboard and "QT_IM_MODULE" not in os.environ and virtual_keyboard_available():
        os.environ["QT_IM_MODULE"] = "qtvirtualkeyboard"
    if os.environ.get("QT_QPA_PLATFORM") == "offscreen":
        os.environ.setdefault("QT_QUICK_BACKEND", "software")


_VKB_QML = b"""import QtQuick
import QtQuick.VirtualKeyboard.Settings
QtObject {
    function apply(locale) {
        VirtualKeyboardSettings.activeLocales = ["id_ID", "en_GB"];
        VirtualKeyboardSettings.locale = locale;
        return VirtualKeyboardSettings.locale;
    }
}
"""


_vkb = None  # (engine, component, settings object), made on first use


def set_keyboard_language(language: str) -> str | None:
    """Make Qt Virtual Keyboard type in the kiosk's language (Indonesian layout id_ID, or
    en_GB); the language key on the keyboard switches between the two. Returns the keyboard
    locale now in force, or None when the virtual keyboard is not in use."""
    if os.environ.get("QT_IM_MODULE") != "qtvirtualkeyboard":
        return None
    from PySide6.QtCore import Q_ARG, Q_RETURN_ARG, QMetaObject, QUrl
    from PySide6.QtQml import QQmlComponent, QQmlEngine
    from PySide6.QtWidgets import QApplication

    global _vkb
    if _vkb is None:
        engine = QQmlEngine(QApplication.instance())
        component = QQmlComponent(engine)
        component.setData(_VKB_QML, QUrl())
        settings = component.create()
        if settings is None:
            log.warning(
                "virtual keyboard settings unavailable: %s",
                "; ".join(e.toString() for e in component.errors()),
            )
            return None
        # Owned here, not by the QML garbage collector (nothing in QML refers to it).
        QQmlEngine.setObjectOwnership(settings, QQmlEngine.ObjectOwnership.CppOwnership)
        _vkb = (engine, component, settings)
    holder = (_vkb[0], _vkb[2])
    locale = "id_ID" if language == "id" else "en_GB"
    return QMetaObject.invokeMethod(
        holder[1], "apply", Q_RETURN_ARG("QVariant"), Q_ARG("QVariant", locale)
    )


def create_application(argv: list[str] | None = None, virtual_keyboard: bool = True):
    """The QApplication (an existing one is reused, e.g. pytest-qt's)."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        from kiosk.memory import limit_malloc_arenas

        limit_malloc_arenas()  # before the kiosk's threads allocate (kiosk/memory.py)
        prepare_environment(virtual_keyboard)
        app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName(APP_NAME)
    main_thread_gc.install(app)  # a QObject must never be collected on another thread
    from kiosk import __version__

    app.setApplicationVersion(__version__)
    return app


def build_kiosk(
    rules,
    ports=None,
    catalog=None,
    config=None,
    camera_factory: Callable[[], Any] | None = None,
    fullscreen: bool = False,
    speech: Any = "auto",
    language: str | None = None,
    session_config=None,
    strict: bool = False,
    tick_ms: int = 1000,
    session=None,
):
    """Make the session, controller and window (the QApplication must exist).

    rules: a kiosk.ports.ServiceRules; ports: ui.controller.Ports. Returns (controller, window).
    session: an existing kiosk.session.Session (tests pass one with their own clock).
    """
    from kiosk.session import Session, SessionConfig
    from ui import i18n, theme
    from ui.controller import KioskController
    from ui.window import KioskWindow

    app = create_application()
    if catalog is None:
        from kiosk.catalog import default_catalog

        catalog = default_catalog()  # a kiosk always has one: screens name services from it
    high_contrast = bool(config["ui.high_contrast"]) if config is not None else False
    large_text = bool(config["ui.large_text"]) if config is not None else False
    theme.apply(app, high_contrast, large_text)
    if session is None:
        session = Session(rules, session_config or SessionConfig.from_config(config))
    language = language or (str(config["kiosk.language"]) if config is not None else "id")
    session.data.language = language if language in ("id", "en") else "id"
    if speech == "auto":
        from ui.speech import Speech

        speech = Speech()
    controller = KioskController(
        session,
        ports,
        catalog=catalog,
        config=config,
        camera_factory=camera_factory,
        speech=speech,
        translator=i18n.shared(),
        tick_ms=tick_ms,
    )
    # The virtual keyboard's layout needs a QML engine (~0.1 s): set once the window is up,
    # as no text field shows before a citizen picks a service.
    from PySide6.QtCore import QTimer

    # the controller as context: a kiosk closed within that second leaves no stray call
    QTimer.singleShot(
        AFTER_SHOW_MS, controller, lambda: set_keyboard_language(session.data.language)
    )
    controller.languageChanged.connect(set_keyboard_language)

    def setting(key: str) -> str:
        return str(config[key]) if config is not None else ""

    window = KioskWindow(
        controller,
        fullscreen=fullscreen,
        site=setting("kiosk.site"),
        region=setting("kiosk.region"),
        logo=setting("ui.logo"),
        strict=strict,
        high_contrast=high_contrast,
        large_text=large_text,
    )
    screen = app.primaryScreen()
    if not fullscreen and screen is not None:  # fit the available area, keep the shape
        window.fit_to(screen.availableGeometry(), setting("ui.orientation") == "landscape")
    return controller, window


def run(controller, window) -> int:
    """Show the kiosk and run the event loop until the window closes."""
    from PySide6.QtWidgets import QApplication

    from ui import watchdog

    app = QApplication.instance()
    window.show_kiosk()
    watchdog.start(app)  # systemd READY=1 and watchdog pings (ui/watchdog.py); no-op outside
    return app.exec()
