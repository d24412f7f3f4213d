"""The provisioning file's core: enrollment codes forgiven, every mistake named by its key."""

from __future__ import annotations

from kiosk.provisioning import merge, normalize_code, parse


def test_codes_are_forgiven_case_dashes_and_look_alike_letters():
    assert normalize_code("abcd-efgh-jk10") == "ABCD-EFGH-JK10"
    assert normalize_code(" abcdefghjkio ") == "ABCD-EFGH-JK10"
    assert normalize_code("ABCD EFGH JKlO") == "ABCD-EFGH-JK10"
    assert normalize_code("ABCD-EFGH") is None
    assert normalize_code("ABCD-EFGH-JKU0") is None  # U is not in the server's alphabet


def test_every_mistake_is_reported_with_its_key():
    text = (
        '[enrollment]\nserver = "https://x"\ncode = 5\n\n'
        '[kiosk]\nlanguage = "fr"\nmode = "kiosk"\ncolour = "red"\n\n[ui]\norientation = 1\n'
    )
    provisioning, problems = parse(text)
    assert provisioning is None
    assert sorted(p.key for p in problems) == [
        "enrollment.code",
        "enrollment.key_id",
        "kiosk.colour",
        "kiosk.language",
        "kiosk.mode",
        "ui.orientation",
    ]


def test_a_file_without_enrollment_only_sets_the_local_settings():
    provisioning, problems = parse('[camera]\ndevice = "clip.mp4"\n')
    assert problems == [] and provisioning.enrollment is None
    assert provisioning.settings == {"camera.device": "clip.mp4"}


def test_merge_keeps_the_technicians_keys():
    local = {"camera": {"width": 1920}, "session": {"inactivity_warning_s": 60}}
    merged = merge(local, {"camera.device": "1", "ui.orientation": "portrait"})
    assert merged == {
        "camera": {"width": 1920, "device": "1"},
        "session": {"inactivity_warning_s": 60},
        "ui": {"orientation": "portrait"},
    }
    assert local == {"camera": {"width": 1920}, "session": {"inactivity_warning_s": 60}}
