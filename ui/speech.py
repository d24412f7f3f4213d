"""Every prompt spoken as well as written.

Qt TextToSpeech is used when a real speech engine is ready on this machine (e.g. speech-dispatcher);
otherwise the pre-generated audio files in assets/sounds/ (build/make_sounds.py makes them with
espeak-ng from every `speak("...", "...")` pair in ui/ and the session's messages) are played.
A prompt without a file is skipped silently: speech supports the written text, never replaces it.
"""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path

log = logging.getLogger("ui.speech")

SOUND_DIR = Path(__file__).resolve().parents[1] / "assets" / "sounds"
INDEX_FILE = SOUND_DIR / "index.json"
REAL_ENGINES = ("speechd", "flite", "sapi", "winrt", "darwin", "android")


def sound_key(language: str, text: str) -> str:
    """File stem of a prompt's audio: stable across runs and machines."""
    digest = hashlib.sha1(f"{language}\n{text.strip()}".encode()).hexdigest()
    return f"{language}-{digest[:16]}"


def sound_file(language: str, text: str, folder: Path = SOUND_DIR) -> Path:
    return folder / f"{sound_key(language, text)}.wav"


def load_index(path: Path = INDEX_FILE) -> dict[str, dict[str, str]]:
    """key -> {"language", "text"}: what build/make_sounds.py generated."""
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def _speechd_installed() -> bool:
    """Whether the library Qt's speechd plug-in is linked against (libspeechd, from
    speech-dispatcher) can be loaded; Qt lists the engine either way."""
    import ctypes

    try:
        ctypes.CDLL("libspeechd.so.2")
    except OSError:
        return False
    return True


class Speech:
    """speak(text_id, text_en, language). `enabled=False` keeps it silent (tests, muted kiosk)."""

    def __init__(self, enabled: bool = True, prefer_tts: bool = True, folder: Path = SOUND_DIR):
        self.enabled = enabled
        self.folder = folder
        self.last: tuple[str, str] | None = None  # (language, text): what was said last
        self.backend = "none"
        self._tts = None
        self._effect = None
        self._output = None
        self.played: Path | None = None  # the last audio file started (files backend)
        if not enabled:
            return
        if prefer_tts:
            self._tts = self._make_tts()
            if self._tts is not None:
                self.backend = "tts"
                return
        self.backend = "files"

    @staticmethod
    def _make_tts():
        try:
            from PySide6.QtTextToSpeech import QTextToSpeech
        except ImportError:
            return None
        for engine in QTextToSpeech.availableEngines():
            if engine not in REAL_ENGINES:
                continue  # "mock" speaks nothing
            if engine == "speechd" and not _speechd_installed():
                continue  # Qt would print a critical "Error loading text-to-speech plug-in"
            tts = QTextToSpeech(engine)
            if tts.state() == QTextToSpeech.State.Ready and tts.availableVoices():
                return tts
        return None

    def speak(self, text_id: str, text_en: str, language: str = "id") -> None:
        text = text_en if language == "en" else text_id
        self.last = (language, text)
        if not self.enabled or not text:
            return
        if self._tts is not None:
            self._speak_tts(text, language)
        else:
            self._play(language, text)

    def _speak_tts(self, text: str, language: str) -> None:
        from PySide6.QtCore import QLocale

        locale = QLocale(
            QLocale.Language.Indonesian if language == "id" else QLocale.Language.English
        )
        if locale in self._tts.availableLocales():
            self._tts.setLocale(locale)
        self._tts.stop()
        self._tts.say(text)

    def _play(self, language: str, text: str) -> None:
        path = sound_file(language, text, self.folder)
        if not path.exists():
            log.debug("no audio for prompt %s", path.name)
            return
        try:
            from PySide6.QtCore import QUrl
            from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer
        except ImportError:
            return
        if self._effect is None:
            # QMediaPlayer (FFmpeg backend) plays the mu-law WAV files; QSoundEffect cannot.
            self._effect = QMediaPlayer()
            self._output = QAudioOutput()
            self._effect.setAudioOutput(self._output)
        self._effect.stop()
        self._effect.setSource(QUrl.fromLocalFile(str(path)))
        self._effect.play()
        self.played = path

    def stop(self) -> None:
        if self._tts is not None:
            self._tts.stop()
        if self._effect is not None:
            self._effect.stop()
