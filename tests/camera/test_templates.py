"""Templates from photos: refusals with the right code, and the mediapipe-box shortcut."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from camera.templates import FaceTemplateError, template_from_photo


def test_two_people_is_refused(photo_templates):
    err = photo_templates["two_people.jpg"]
    assert isinstance(err, FaceTemplateError) and err.code == "several_faces"


@pytest.mark.parametrize("name", ["obama_partial_face.jpg", "obama_partial_face2.jpg"])
def test_partial_faces_fail_the_quality_gate(photo_templates, name):
    err = photo_templates[name]
    assert isinstance(err, FaceTemplateError)
    assert (err.code, err.reason) == ("low_quality", "face_not_in_frame")
    assert err.message_id and err.message_en


def test_small_faces_are_found_by_the_full_range_detector(photo_templates):
    for name in ("obama-240p.jpg", "obama_small.jpg", "alex_lacamoire1.jpg"):
        assert isinstance(photo_templates[name], np.ndarray), name


def test_unreadable_and_faceless_files(tmp_path):
    text = tmp_path / "notes.jpg"
    text.write_text("not an image")
    for path in (text, tmp_path / "missing.jpg"):
        with pytest.raises(FaceTemplateError) as info:
            template_from_photo(path)
        assert info.value.code == "unreadable"
    wall = tmp_path / "wall.png"
    yy, xx = np.mgrid[0:300, 0:400]
    cv2.imwrite(str(wall), (120 + 40 * np.sin(xx / 9.0) * np.cos(yy / 13.0)).astype(np.uint8))
    with pytest.raises(FaceTemplateError) as info:
        template_from_photo(wall)
    assert info.value.code == "no_face"


def test_mediapipe_box_gives_the_same_template_as_dlib_hog(faces_dir, photo_templates):
    """face_recognition's default path (HOG detection + encode) agrees with ours."""
    import face_recognition

    from camera.photo import load_rgb

    for name in ("obama.jpg", "biden2.jpg", "rose_leslie_img2.jpg"):
        rgb = load_rgb(faces_dir / name)
        reference = face_recognition.face_encodings(rgb, model="small")
        assert len(reference) == 1
        assert np.linalg.norm(reference[0] - photo_templates[name]) < 0.1, name


def test_template_from_bytes_matches_the_file(faces_dir, photo_templates):
    from camera.templates import template_from_bytes

    data = (faces_dir / "biden.jpg").read_bytes()
    assert np.allclose(template_from_bytes(data), photo_templates["biden.jpg"])
    with pytest.raises(FaceTemplateError) as info:
        template_from_bytes(b"GIF89a not really")
    assert info.value.code == "unreadable"
