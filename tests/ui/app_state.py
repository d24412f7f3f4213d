"""What a UI test changes on the one QApplication of the test process, saved and put back.

A kiosk installs its language (ui.i18n.shared(), QLocale's default) and its theme (style sheet,
font, kiosk_* properties: ui.theme.apply) and names the application (ui.app.create_application).
Fixtures that build kiosks save an AppState first and restore it afterwards, so the next test
starts as this one did, whatever the order (tests/conftest.py checks it after every test).
"""

from __future__ import annotations

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication


class AppState:
    def __init__(self):
        from ui import i18n

        app = QApplication.instance()
        self.language = i18n.shared().language  # None: nothing installed yet (English)
        self.locale = QLocale()
        self.style_sheet = app.styleSheet()
        self.font = app.font()
        self.properties = {
            bytes(n).decode(): app.property(bytes(n).decode()) for n in app.dynamicPropertyNames()
        }
        self.identity = app.applicationName(), app.applicationVersion(), app.organizationName()

    def restore(self) -> None:
        from ui import i18n

        app = QApplication.instance()
        shared = i18n.shared()
        if (shared.language or i18n.SOURCE_LANGUAGE) != (self.language or i18n.SOURCE_LANGUAGE):
            shared.install(self.language or i18n.SOURCE_LANGUAGE)
        QLocale.setDefault(self.locale)  # after install(), which sets its own
        if app.styleSheet() != self.style_sheet:  # restyles every widget: only when needed
            app.setStyleSheet(self.style_sheet)
        if app.font() != self.font:
            app.setFont(self.font)
        for name in app.dynamicPropertyNames():
            name = bytes(name).decode()
            if name not in self.properties:
                app.setProperty(name, None)  # an invalid value removes a dynamic property
        for name, value in self.properties.items():
            app.setProperty(name, value)
        name, version, organisation = self.identity
        app.setApplicationName(name)
        app.setApplicationVersion(version)
        app.setOrganizationName(organisation)
