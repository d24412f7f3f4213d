"""Make the spoken prompts in assets/sounds/ with espeak-ng (run after changing a prompt).

Prompts: every `speak("Indonesian", "English")` call with two literal texts in ui/, the session's
messages (kiosk.session.data.MESSAGES), the camera's quality instructions and liveness prompts.
Each becomes <lang>-<hash>.wav (ui.speech.sound_key), 8 kHz G.711 mu-law: telephone quality,
small enough to commit (~8 KB per second). assets/sounds/index.json lists them; files no prompt
uses any more are removed. Needs espeak-ng (apt-get install espeak-ng).

    .venv/bin/python build/make_sounds.py [--check]
"""

from __future__ import annotations

import argparse
import ast
import json
import shutil
import struct
import subprocess
import sys
import tempfile
import warnings
import wave
from pathlib import Path

with warnings.catch_warnings():  # deprecated in 3.11, still here; the build runs on 3.11
    warnings.simplefilter("ignore", DeprecationWarning)
    import audioop

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from ui.speech import INDEX_FILE, SOUND_DIR, sound_key  # noqa: E402

VOICES = {"id": "id", "en": "en-gb"}
RATE = 8000


def literal_prompts(folder: Path) -> list[tuple[str, str]]:
    """(id, en) of every speak("...", "...") call with literal texts under `folder`."""
    found = []
    for path in sorted(folder.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or len(node.args) < 2:
                continue
            name = getattr(node.func, "attr", getattr(node.func, "id", ""))
            first, second = node.args[0], node.args[1]
            if name == "speak" and all(
                isinstance(a, ast.Constant) and isinstance(a.value, str) for a in (first, second)
            ):
                found.append((first.value, second.value))
    return found


def data_prompts() -> list[tuple[str, str]]:
    from kiosk.session.data import MESSAGES

    pairs = list(MESSAGES.values())
    try:
        from camera.challenges import PROMPTS
        from camera.quality import INSTRUCTIONS
    except ImportError:
        return pairs
    for table in (PROMPTS, INSTRUCTIONS):
        for value in table.values():
            if isinstance(value, dict) and "id" in value and "en" in value:
                pairs.append((value["id"], value["en"]))
            elif isinstance(value, tuple | list) and len(value) == 2:
                pairs.append((value[0], value[1]))
    return pairs


def all_prompts() -> dict[str, dict[str, str]]:
    prompts: dict[str, dict[str, str]] = {}
    for text_id, text_en in literal_prompts(REPO / "ui") + data_prompts():
        for language, text in (("id", text_id), ("en", text_en)):
            prompts[sound_key(language, text)] = {"language": language, "text": text.strip()}
    return dict(sorted(prompts.items()))


def write_mulaw(source: Path, target: Path) -> None:
    with wave.open(str(source), "rb") as wav:
        channels, width, rate = wav.getnchannels(), wav.getsampwidth(), wav.getframerate()
        pcm = wav.readframes(wav.getnframes())
    if channels == 2:
        pcm = audioop.tomono(pcm, width, 0.5, 0.5)
    pcm, _ = audioop.ratecv(pcm, width, 1, rate, RATE, None)
    data = audioop.lin2ulaw(pcm, width)
    fmt = struct.pack("<HHIIHHH", 7, 1, RATE, RATE, 1, 8, 0)  # WAVE_FORMAT_MULAW
    body = (
        b"WAVE"
        + b"fmt "
        + struct.pack("<I", len(fmt))
        + fmt
        + b"fact"
        + struct.pack("<II", 4, len(data))
        + b"data"
        + struct.pack("<I", len(data))
        + data
        + (b"\0" if len(data) % 2 else b"")
    )
    target.write_bytes(b"RIFF" + struct.pack("<I", len(body)) + body)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report missing files")
    args = parser.parse_args()
    prompts = all_prompts()
    missing = [k for k in prompts if not (SOUND_DIR / f"{k}.wav").exists()]
    if args.check:
        for key in missing:
            print(f"missing: {key}.wav  {prompts[key]['text']!r}")
        return 1 if missing else 0
    espeak = shutil.which("espeak-ng")
    if espeak is None:
        print("espeak-ng is not installed: apt-get install espeak-ng", file=sys.stderr)
        return 1
    SOUND_DIR.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "raw.wav"
        for key in missing:
            item = prompts[key]
            subprocess.run(
                [espeak, "-v", VOICES[item["language"]], "-s", "145", "-w", str(raw), item["text"]],
                check=True,
            )
            write_mulaw(raw, SOUND_DIR / f"{key}.wav")
    for old in SOUND_DIR.glob("*.wav"):
        if old.stem not in prompts:
            old.unlink()
    INDEX_FILE.write_text(
        json.dumps(prompts, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    size = sum(p.stat().st_size for p in SOUND_DIR.glob("*.wav"))
    print(f"{len(prompts)} prompts, {len(missing)} made, {size // 1024} KiB in {SOUND_DIR}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
