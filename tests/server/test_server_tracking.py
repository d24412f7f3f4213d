"""kiosk.tracking: unguessable, typeable codes whose check symbol catches typos."""

from __future__ import annotations

import re

import pytest

from kiosk import tracking


def test_new_codes_are_valid_and_distinct():
    codes = {tracking.new_code() for _ in range(500)}
    assert len(codes) == 500
    for code in codes:
        symbol = "[0-9A-HJKMNP-TV-Z]"
        assert re.fullmatch(f"MPP-{symbol}{{4}}-{symbol}{{4}}-{symbol}{{3}}", code)
        assert tracking.normalize(code) == code


def test_forgiving_input():
    code = tracking.new_code()
    compact = code.replace("-", "")[3:]
    assert tracking.normalize(compact.lower()) == code
    assert tracking.normalize(" ".join(compact)) == code
    folded = code.replace("1", "l").replace("0", "o")
    assert tracking.normalize(folded) == code


def test_every_single_substitution_is_caught():
    body = "7K2MQ9XR4B"
    code = body + tracking.check_symbol(body)
    for i in range(len(code)):
        for ch in tracking.ALPHABET:
            if ch != code[i]:
                assert not tracking.is_valid(code[:i] + ch + code[i + 1 :])


def test_every_adjacent_swap_is_caught():
    for _ in range(50):
        code = tracking.compact(tracking.new_code())
        for i in range(len(code) - 1):
            if code[i] != code[i + 1]:
                swapped = code[:i] + code[i + 1] + code[i] + code[i + 2 :]
                assert not tracking.is_valid(swapped), (code, i)


@pytest.mark.parametrize(
    ("text", "reason"),
    [("MPP-1234", "wrong_length"), ("MPP-UUUU-UUUU-UUU", "bad_symbol"), ("", "wrong_length")],
)
def test_errors(text, reason):
    with pytest.raises(tracking.TrackingCodeError) as err:
        tracking.normalize(text)
    assert err.value.code == reason and err.value.message_id
