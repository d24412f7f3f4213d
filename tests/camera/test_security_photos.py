"""Hostile photos (security issue, defect 10): an image's size is checked from its header before
anything is decoded, and a file that is no image is reported as such, not as a failed check."""

from __future__ import annotations

import struct
import zlib

import pytest

from camera.photo import PhotoTooLarge, decode_rgb
from camera.templates import FaceTemplateError, template_from_bytes, template_from_photo


def _png_header(width: int, height: int) -> bytes:
    """A PNG whose header announces width x height RGB pixels, with almost no pixel data: a
    decoder that trusts the header allocates width*height*3 bytes before it finds out."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize(
    ("width", "height"), [(16000, 16000), (8000, 6251), (50_000, 1_001), (65_535, 65_535)]
)
def test_an_image_announcing_over_50_megapixels_is_refused_before_decoding(width, height):
    with pytest.raises(PhotoTooLarge):
        decode_rgb(_png_header(width, height))
    with pytest.raises(FaceTemplateError) as caught:
        template_from_bytes(_png_header(width, height))
    assert caught.value.code == "too_large"
    assert caught.value.message_en == (
        "The photo is too large (over 50 megapixels). Use a smaller photo."
    )
    assert caught.value.message_id.startswith("Foto terlalu besar")


def test_an_image_just_under_the_cap_is_still_looked_at(testdata):
    # 8000 x 6250 = 50,000,000 pixels exactly: allowed (its pixel data is broken: unreadable)
    assert decode_rgb(_png_header(8000, 6250)) is None
    assert decode_rgb((testdata / "faces" / "obama.jpg").read_bytes()).shape[2] == 3


def test_a_text_file_named_jpg_is_unreadable(tmp_path):
    fake = tmp_path / "text.jpg"
    fake.write_text("hello, this is not a photo\n")
    with pytest.raises(FaceTemplateError) as caught:
        template_from_photo(fake)
    assert caught.value.code == "unreadable"


def test_verify_face_and_liveness_say_what_is_wrong_with_the_file(tmp_path, capsys):
    from app.cli import main

    huge = tmp_path / "huge.png"
    huge.write_bytes(_png_header(16000, 16000))
    fake = tmp_path / "text.jpg"
    fake.write_text("hello, this is not a photo\n")
    code = main(["verify-face", str(huge), str(huge)])
    out, _ = capsys.readouterr()
    assert code == 1
    assert "error: too_large" in out and "Use a smaller photo." in out
    code = main(["liveness", "--source", str(fake)])
    out, err = capsys.readouterr()
    assert code != 0
    assert "cannot read image text.jpg" in err
    assert "liveness" not in (out + err).lower()  # not reported as a failed liveness check
