"""Every screen, in both languages and both orientations: rendered, saved, and checked.

Checks: no label or button text is elided or overflows its widget (ui.layout_check), no English
source text shows in the Indonesian screens, and lrelease finds no unfinished translation.
The images go to a temporary folder; with MPP_SCREENS_OUT set (build/screenshots.py) they are
also written there (docs/screens for the README). Look at them: the checks do not see overlap.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from journey_support import settle_layouts
from PySide6.QtWidgets import QApplication
from real_support import GatedProxy, HeldSubmitter, claim_nik, unknown_nik
from shell_support import SIZES, back_to_welcome, drive

from kiosk.session.states import State
from ui.layout_check import small_targets, text_problems, visible_texts

REPO = Path(__file__).resolve().parents[2]
I18N = REPO / "assets" / "i18n"
# States in the order a citizen meets them; STATUS_LOOKUP and SUBMITTING are waiting states.
STATES = [
    State.WELCOME,
    State.NIK,
    State.CONSENT,
    State.FACE,
    State.FACE_FAILED,
    State.VERIFYING,
    State.NO_MATCH,
    State.SERVICE,
    State.FORM,
    State.DOCUMENTS,
    State.REVIEW,
    State.SUBMITTING,
    State.SUBMITTED,
    State.SURVEY,
    State.STATUS_CHECK,
    State.STATUS_LOOKUP,
    State.STAFF_HELP,
    State.ENDED,
]


def translated_sources(side: str = "source") -> list[re.Pattern]:
    """Patterns of the English sources (side="source") or the Indonesian translations
    (side="translation") of every entry whose two texts differ (%n stands for any number)."""
    sources = set()
    for ts in sorted(I18N.glob("*_id.ts")):
        for message in ET.parse(ts).iter("message"):
            source = message.findtext("source") or ""
            translation = message.find("translation")
            text = "".join(translation.itertext()) if translation is not None else ""
            if text and text != source:
                sources.add(source if side == "source" else text)
    return [re.compile(re.escape(s).replace("%n", r"\d+") + r"\Z") for s in sorted(sources)]


def out_dirs(tmp: Path) -> list[Path]:
    dirs = [tmp]
    extra = os.environ.get("MPP_SCREENS_OUT")
    if extra:
        Path(extra).mkdir(parents=True, exist_ok=True)
        dirs.append(Path(extra))
    return dirs


CASES = [(lang, size, "") for lang in ("id", "en") for size in sorted(SIZES)] + [
    ("id", "portrait", "large-contrast"),  # the largest text, in the accessibility theme
]


# The states a citizen waits in: the gate in front of the real port holds its answer.
WAITING = (State.VERIFYING, State.SUBMITTING, State.STATUS_LOOKUP)


@pytest.mark.timeout(600)
@pytest.mark.parametrize(("language", "size", "mode"), CASES)
def test_every_screen_renders_and_fits(
    make_kiosk, real_ports, demo, clip_template, qtbot, shots, language, size, mode
):
    """Through the kiosk's real ports and the reference server (a gate holds the answer of a
    waiting state while it is looked at); one journey walks on from SERVICE to SURVEY."""
    proxy = GatedProxy(demo.url)
    try:
        ports, config = real_ports(**{"server.url": proxy.url})
        ports.submitter = submitter = HeldSubmitter(ports.submitter)
        controller, window = make_kiosk(size, language, ports=ports, config=config)
        nik, stranger = claim_nik(demo, clip_template), unknown_nik(demo)

        def gates(is_open: bool) -> None:
            for gate in (proxy.gate, submitter.gate):
                gate.set() if is_open else gate.clear()

        _every_screen(
            controller,
            window,
            qtbot,
            shots,
            language,
            size,
            mode,
            nik,
            stranger,
            clip_template,
            gates,
        )
        # the waiting screens waited for the server's own answers
        assert any("/identity/verify" in path for path in proxy.held), proxy.held
        assert any("/status/" in path for path in proxy.held), proxy.held
    finally:
        proxy.stop()


def _every_screen(
    controller, window, qtbot, shots, language, size, mode, nik, stranger, template, gates
) -> None:
    if mode:
        window.toggle_large_text()
        window.toggle_high_contrast()
    suffix = f"-{mode}" if mode else ""
    english, indonesian = translated_sources("source"), translated_sources("translation")
    problems: list[str] = []
    for state in STATES:
        if not _ahead(controller.session.state, state):
            back_to_welcome(controller, qtbot, lambda: gates(True))
            if mode:  # each citizen's session ends with the kiosk's own display: as a new
                # citizen would, press A+ and Kontras on the welcome screen again
                if not window.large_text:
                    window.toggle_large_text()
                if not window.high_contrast:
                    window.toggle_high_contrast()
        gates(state not in WAITING)
        who = stranger if state is State.NO_MATCH else nik
        drive(controller, state, qtbot, language, nik=who, template=template)
        if mode:  # what is shot is in the accessibility theme (build/screenshots.py checks too)
            app = QApplication.instance()
            assert app.property("kiosk_high_contrast") is True, state
            assert app.property("kiosk_large_text") is True, state
        settle_layouts()
        assert controller.session.state is state
        assert (window.width(), window.height()) == SIZES[size], "the window grew"
        image = window.grab()
        for folder in out_dirs(shots):
            image.save(str(folder / f"{state.value}-{language}-{size}{suffix}.png"))
        screen = window.current_screen()
        assert screen is not None and type(screen).__name__ != "MissingScreen", state
        for problem in text_problems(window):
            problems.append(f"{state.value}: {problem}")
        for small in small_targets(window):
            problems.append(f"{state.value}: {small}")
        assert controller.language == language
        other = english if language == "id" else indonesian
        for text in visible_texts(window):
            if any(pattern.match(text) for pattern in other):
                problems.append(f"{state.value}: {text!r} is not in the screen's language")
    back_to_welcome(controller, qtbot, lambda: gates(True))
    assert not problems, "\n".join(problems)


# One citizen's journey: the screens from SERVICE on are looked at one after the other.
JOURNEY = [
    State.SERVICE,
    State.FORM,
    State.DOCUMENTS,
    State.REVIEW,
    State.SUBMITTING,
    State.SUBMITTED,
    State.SURVEY,
]


def _ahead(current: State, target: State) -> bool:
    """Whether drive() reaches `target` from `current` by going on (no new citizen)."""
    return (
        current in JOURNEY and target in JOURNEY and JOURNEY.index(current) < JOURNEY.index(target)
    )


def test_translations_are_complete(tmp_path):
    """Every .ts compiles with lrelease and none has an unfinished entry."""
    files = sorted(I18N.glob("*_id.ts"))
    assert files, f"no translation sources in {I18N}"
    lrelease = Path(sys.executable).with_name("pyside6-lrelease")
    for ts in files:
        result = subprocess.run(
            [str(lrelease), str(ts), "-qm", str(tmp_path / ts.with_suffix(".qm").name)],
            capture_output=True,
            text=True,
            check=True,
        )
        counts = re.search(r"\((\d+) finished and (\d+) unfinished\)", result.stdout)
        assert counts, result.stdout
        assert counts.group(2) == "0", f"{ts.name}: {result.stdout.strip()}"
        assert (I18N / ts.with_suffix(".qm").name).exists(), f"{ts.stem}.qm is not committed"


@pytest.mark.parametrize("size", sorted(SIZES))
@pytest.mark.parametrize("language", ["id", "en"])
def test_inactivity_warning_renders_and_fits(make_kiosk, qtbot, shots, language, size):
    from real_support import FakeClock

    from kiosk.session import Session
    from kiosk.session.data import SessionConfig
    from kiosk.session.rules import CatalogRules

    clock = FakeClock()
    session = Session(CatalogRules(), SessionConfig(warning_after=45, reset_after=15), clock=clock)
    controller, window = make_kiosk(size, language, session=session)
    drive(controller, State.CONSENT, qtbot, language)
    clock.now += 50
    controller.tick()
    assert window.overlay.isVisible()
    settle_layouts()
    image = window.grab()
    for folder in out_dirs(shots):
        image.save(str(folder / f"inactivity-{language}-{size}.png"))
    assert not text_problems(window.overlay), [str(p) for p in text_problems(window.overlay)]
