"""`kiosk verify-face --pairs` on the test data's pairs and tight crops, and `kiosk biometrics
calibrate`: real photos, real models, the real command."""

from __future__ import annotations

import csv
import json
import os

import cv2
import pytest
from crops import clear_photos, tight_crop

from app.cli import main


@pytest.fixture
def kiosk_env(tmp_path, monkeypatch):
    """No local TOML and an empty data folder: face.threshold is the built-in default."""
    monkeypatch.setenv("MPP_KIOSK_DATA_DIR", str(tmp_path / "kiosk-data"))
    monkeypatch.setenv("MPP_KIOSK_CONFIG", str(tmp_path / "absent.toml"))


def _json_lines(capsys) -> list[dict]:
    return [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.strip()]


def test_pairs_csv_covers_the_identities(faces_dir, identities):
    with (faces_dir / "pairs.csv").open(newline="") as fh:
        rows = list(csv.DictReader(fh))
    named = [name for name, who in identities.items() if who]
    assert len(rows) == len(named) * (len(named) - 1) // 2  # every pair of named photos once
    for row in rows:
        same = identities[row["file_x"]] == identities[row["file_y"]]
        assert row["decision"] == ("Yes" if same else "No"), row
    # 16 clear photos of 6 people give 21 genuine and 99 impostor pairs; the 2 partial faces
    # of obama add 2 x 6 + 1 genuine and 2 x 10 impostor pairs
    assert sum(r["decision"] == "Yes" for r in rows) == 21 + 13
    assert sum(r["decision"] == "No" for r in rows) == 99 + 20


def test_verify_face_on_the_pairs_and_tight_crops(
    faces_dir, identities, tmp_path, capsys, kiosk_env
):
    """0 false matches, no no_face on a clear face, several_faces on two_people.jpg."""
    rel = os.path.relpath(faces_dir, tmp_path)
    with (faces_dir / "pairs.csv").open(newline="") as fh:
        rows = [
            (f"{rel}/{r['file_x']}", f"{rel}/{r['file_y']}", r["decision"])
            for r in csv.DictReader(fh)
        ]
    clear = clear_photos(identities)
    for name in clear:
        # one tight crop per photo (test_photo_detectors covers every framing)
        rgb = cv2.imread(str(faces_dir / name))
        crop = tight_crop(cv2.cvtColor(rgb, cv2.COLOR_BGR2RGB), "hair_cut")
        crop_name = f"crop_{name.rsplit('.', 1)[0]}.png"
        cv2.imwrite(str(tmp_path / crop_name), cv2.cvtColor(crop, cv2.COLOR_RGB2BGR))
        for other in clear:  # the crop against every clear photo
            same = identities[other] == identities[name]
            rows.append((crop_name, f"{rel}/{other}", "Yes" if same else "No"))
    rows.append((f"{rel}/two_people.jpg", f"{rel}/obama.jpg", "No"))
    pairs = tmp_path / "pairs.csv"
    with pairs.open("w", newline="") as fh:
        csv.writer(fh).writerows([("file_x", "file_y", "decision"), *rows])

    assert main(["verify-face", "--pairs", str(pairs), "--json"]) == 0
    out = _json_lines(capsys)
    assert len(out) == len(rows)
    decisions = {(x, y): d for x, y, d in rows}
    false_matches = [o for o in out if o["match"] and decisions[o["file_x"], o["file_y"]] == "No"]
    assert false_matches == []
    errors = {(o["file_x"], o["file_y"]): o["error"] for o in out if "error" in o}
    assert "no_face" not in errors.values()
    assert errors[f"{rel}/two_people.jpg", f"{rel}/obama.jpg"] == "several_faces"
    # the only other refusals: pairs with a partial face (cut at the side)
    partial = {f"{rel}/obama_partial_face.jpg", f"{rel}/obama_partial_face2.jpg"}
    others = [(pair, e) for pair, e in errors.items() if e != "several_faces"]
    assert len(others) == 13 + 20
    assert all(set(pair) & partial and e == "low_quality" for pair, e in others)
    missed = [
        o
        for o in out
        if "error" not in o and not o["match"] and decisions[o["file_x"], o["file_y"]] == "Yes"
    ]
    assert missed == []  # every genuine pair of clear photos and crops matches at 0.55
    assert {o["threshold"] for o in out if "threshold" in o} == {0.55}


def test_calibrate_prints_rates_per_threshold(faces_dir, tmp_path, capsys, kiosk_env):
    rel = os.path.relpath(faces_dir, tmp_path)
    pairs = tmp_path / "few.csv"
    pairs.write_text(
        "file_x,file_y,decision\n"
        f"{rel}/obama.jpg,{rel}/obama2.jpg,Yes\n"
        f"{rel}/obama.jpg,{rel}/biden.jpg,No\n"
        f"{rel}/obama2.jpg,{rel}/biden.jpg,no\n"
        f"{rel}/obama.jpg,{rel}/obama_partial_face.jpg,YES\n"
    )
    plot = tmp_path / "det.png"
    argv = ["biometrics", "calibrate", "--pairs", str(pairs), "--json", "--plot", str(plot)]
    assert main(argv) == 0
    out = json.loads(capsys.readouterr().out)
    assert {"fmr", "fnmr", "thresholds", "failure_to_enrol"} <= set(out)
    assert len(out["fmr"]) == len(out["fnmr"]) == len(out["thresholds"])
    assert (out["genuine_pairs"], out["impostor_pairs"]) == (1, 2)
    assert out["failure_to_enrol"]["pairs"] == 1
    assert out["failure_to_enrol"]["rate"] == pytest.approx(1 / 4)
    assert out["failure_to_enrol"]["photos"] == {f"{rel}/obama_partial_face.jpg": "low_quality"}
    at = out["thresholds"].index(0.55)
    # obama-obama2 at ~0.3 matches, the two obama-biden pairs at ~0.8 do not
    assert (out["fmr"][at], out["fnmr"][at]) == (0.0, 0.0)
    assert {0.30, 0.80, out["threshold_at_target_fmr"]} <= set(out["thresholds"])
    assert out["threshold_in_force"] == 0.55 and out["recommended_threshold"] == 0.55
    image = cv2.imread(str(plot))
    assert image is not None and image.shape[:2] == (640, 900)

    text_argv = ["biometrics", "calibrate", "--pairs", str(pairs)]
    assert main(text_argv) == 0
    text = capsys.readouterr().out
    assert "0.550" in text and "<- in force" in text and "failure to enrol: 1 pairs" in text


def test_calibrate_reads_the_configured_threshold(
    faces_dir, tmp_path, capsys, kiosk_env, monkeypatch
):
    rel = os.path.relpath(faces_dir, tmp_path)
    pairs = tmp_path / "one.csv"
    pairs.write_text(f"file_x,file_y,decision\n{rel}/obama.jpg,{rel}/obama2.jpg,Yes\n")
    monkeypatch.setenv("MPP_KIOSK__FACE__THRESHOLD", "0.5")
    assert main(["biometrics", "calibrate", "--pairs", str(pairs), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["threshold_in_force"] == 0.5


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("file_x,file_y,decision\na.jpg,b.jpg,Maybe\n", "decision must be Yes or No"),
        ("file_x,file_y,decision\n", "no pairs"),
    ],
)
def test_calibrate_bad_input(tmp_path, capsys, kiosk_env, body, message):
    pairs = tmp_path / "bad.csv"
    pairs.write_text(body)
    assert main(["biometrics", "calibrate", "--pairs", str(pairs)]) == 1
    assert message in capsys.readouterr().err
