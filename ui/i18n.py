"""Language switching with Qt's own translation system.

English is the source language of every UI string (self.tr("...")); Bahasa Indonesia comes from
the compiled assets/i18n/*_id.qm files (one per area: shell, journey, finish, staff). Installing or
removing translators makes Qt send QEvent.LanguageChange to every widget, and each screen then
calls its retranslate(). Catalog texts come in pairs from the data, not from here.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QLocale, QTranslator

I18N_DIR = Path(__file__).resolve().parents[1] / "assets" / "i18n"
SOURCE_LANGUAGE = "en"
LANGUAGES = ("id", "en")

log = logging.getLogger("ui.i18n")


def qm_files(language: str, folder: Path = I18N_DIR) -> list[Path]:
    """Every compiled translation of `language` (e.g. shell_id.qm, journey_id.qm)."""
    return sorted(folder.glob(f"*_{language}.qm"))


class Translations:
    """Keeps the installed QTranslators; `install(lang)` swaps them all."""

    def __init__(self, folder: Path = I18N_DIR):
        self.folder = folder
        self.language: str | None = None
        self._installed: list[QTranslator] = []

    def install(self, language: str) -> list[Path]:
        """Switch to `language`; returns the .qm files loaded (none for English)."""
        if language not in LANGUAGES:
            raise ValueError(f"language must be one of {LANGUAGES}, not {language!r}")
        app = QCoreApplication.instance()
        if app is None:
            raise RuntimeError("create the QApplication before installing translations")
        # Always swap (cheap): someone else may have removed our translators from the app.
        for translator in self._installed:
            app.removeTranslator(translator)
        self._installed.clear()
        loaded: list[Path] = []
        if language != SOURCE_LANGUAGE:
            for path in qm_files(language, self.folder):
                translator = QTranslator(app)
                if translator.load(str(path)):
                    app.installTranslator(translator)
                    self._installed.append(translator)
                    loaded.append(path)
                else:
                    log.error("cannot load translation %s", path.name)
        QLocale.setDefault(
            QLocale(QLocale.Language.Indonesian if language == "id" else QLocale.Language.English)
        )
        self.language = language
        if language != SOURCE_LANGUAGE and not loaded:
            # Qt sends LanguageChange only when a translator changes; make sure screens update.
            log.warning("no translation files for %r in %s", language, self.folder)
        if not loaded and not self._installed:
            QCoreApplication.postEvent(app, QEvent(QEvent.Type.LanguageChange))
        # Deliver now, not at the next event-loop turn: the screen re-renders in the new
        # language before anything else is drawn (and tests see it at once).
        # QApplication forwards it by posting one more event to every top-level window.
        QCoreApplication.sendPostedEvents(app, QEvent.Type.LanguageChange)
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)
        return loaded


_shared: Translations | None = None


def shared() -> Translations:
    """The application's one Translations (several kiosk windows in one process, as in tests,
    must not stack translators)."""
    global _shared
    if _shared is None:
        _shared = Translations()
    return _shared
