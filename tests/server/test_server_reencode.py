"""`kiosk server admin reencode`: stored references re-encoded carefully from their photos,
on a real SQLite server database with its real keys (sealed templates)."""

from __future__ import annotations

import json
import shutil

import numpy as np
from sqlalchemy import select

from server.context import open_context
from server.identity import open_reference, template_from_bytes
from server.models import Citizen
from server.settings import ServerSettings


def _face_recognition_jittered(path, jitters: int = 10) -> np.ndarray:
    """face_recognition's own careful encoding (its HOG detector, 5-point model)."""
    import face_recognition

    rgb = face_recognition.load_image_file(str(path))
    (encoding,) = face_recognition.face_encodings(rgb, num_jitters=jitters, model="small")
    return encoding


def _stored(ctx, nik) -> tuple[bytes | None, object]:
    with ctx.db() as db:
        citizen = db.get(Citizen, nik)
        return citizen.reference_template, citizen.template_updated_at


def test_reencode_replaces_the_references_whose_photos_are_given(tmp_path, testdata, capsys):
    from app.cli import main
    from camera.templates import template_from_photo
    from kiosk.nik import parse_nik
    from server.admin import store_reference
    from server.demo_seed import seed_demo

    faces = testdata / "faces"
    data = tmp_path / "srv"
    ctx = open_context(ServerSettings(data_dir=data))
    try:
        seed_demo(ctx, citizens=40, health_workers=5)
        with ctx.db() as db:
            niks = list(db.scalars(select(Citizen.nik).order_by(Citizen.nik).limit(4)))
        assert len(niks) == 4
        with_photo, refused, without_photo, forgotten = niks
        # the old way: one encoding per reference
        old = {
            with_photo: template_from_photo(faces / "obama2.jpg"),
            refused: template_from_photo(faces / "biden.jpg"),
            without_photo: template_from_photo(faces / "rose_leslie_img1.jpg"),
        }
        for nik, template in old.items():
            store_reference(ctx, parse_nik(nik), template)
        before = {nik: _stored(ctx, nik) for nik in old}
        assert _stored(ctx, forgotten)[0] is None  # no reference: not counted, not created

        photos = tmp_path / "photos"
        photos.mkdir()
        shutil.copy(faces / "obama2.jpg", photos / f"{with_photo}.jpg")
        shutil.copy(faces / "two_people.jpg", photos / f"{refused}.png")
        shutil.copy(faces / "obama.jpg", photos / f"{forgotten}.jpg")

        code = main(
            [
                "server",
                "admin",
                "reencode",
                "--photos",
                str(photos),
                "--json",
                "--data-dir",
                str(data),
            ]
        )
        out, err = capsys.readouterr()
        assert code == 0, err
        report = json.loads(out)
        assert report["references"] == 3
        assert report["reencoded"] == 1
        assert report["kept_no_photo"] == [without_photo]
        assert report["kept_photo_refused"] == {refused: "several_faces"}
        assert 0.05 < report["seconds_per_reference"] < 30

        sealed, updated = _stored(ctx, with_photo)
        assert sealed != before[with_photo][0] and updated > before[with_photo][1]
        new = template_from_bytes(open_reference(ctx, sealed))
        careful = _face_recognition_jittered(faces / "obama2.jpg")
        # closer to face_recognition's own 10-jitter encoding than the single shot was (both
        # jitter at random: 0.03-0.11 apart over runs here, far below any match threshold)
        assert np.linalg.norm(new - careful) < 0.2
        assert np.linalg.norm(new - careful) < np.linalg.norm(old[with_photo] - careful)
        for nik in (refused, without_photo):  # untouched, still sealed, still opening
            assert _stored(ctx, nik) == before[nik]
            assert np.allclose(template_from_bytes(open_reference(ctx, before[nik][0])), old[nik])
        assert _stored(ctx, forgotten)[0] is None  # a photo never creates a reference
    finally:
        ctx.engine.dispose()


def test_reencode_needs_a_folder(tmp_path, capsys):
    from app.cli import main

    missing = tmp_path / "nowhere"
    code = main(
        ["server", "admin", "reencode", "--photos", str(missing), "--data-dir", str(tmp_path)]
    )
    assert code == 1
    assert "no such folder" in capsys.readouterr().err
