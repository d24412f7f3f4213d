"""The message catalog (assets/messages/*.json): both languages say the same things, and every
code the code base asks for exists."""

from __future__ import annotations

import json
import re
import string
from pathlib import Path

import pytest

from kiosk import messages
from kiosk.messages import LANGUAGES, MessageError, codes, pair, text

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("kiosk", "app", "ui", "camera", "sync", "printing", "protocol", "server", "build")
NAMESPACES = (
    "nik",
    "kk",
    "tracking",
    "session",
    "survey",
    "catalog",
    "receipt",
    "status",
    "date",
    "cli",
    "camera",
    "liveness",
    "server",
    "store",
    "sync",
    "staff",
)

# text("ns.code", pair(..., message_text(..., screen_code="ns.code", with either quote
_LITERAL = re.compile(
    r"""\b(?:(?:text|pair|message_text)\(\s*|screen_code=)(["'])([a-z_]+(?:\.[a-z_]+)+)\1"""
)
# Problem.of("code"): the session's messages; field_problem(x, "code"): the catalog's
_PROBLEM = re.compile(r"""\bProblem\.of\(\s*["']([a-z_]+)["']""")
_FIELD_PROBLEM = re.compile(r"""\bfield_problem\(\s*[\w.]+\s*,\s*["']([a-z_]+)["']""")


def _raw(language):
    path = ROOT / "assets" / "messages" / f"{language}.json"
    return json.loads(path.read_text(encoding="utf-8"))


def _placeholders(template):
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def _sources():
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            yield path, path.read_text(encoding="utf-8")


def test_both_languages_have_the_same_codes_in_the_same_order():
    assert list(_raw("id")) == list(_raw("en"))
    assert len(_raw("id")) > 50


def test_every_code_is_namespaced_and_every_text_is_non_empty():
    for language in LANGUAGES:
        for code, value in _raw(language).items():
            assert re.fullmatch(r"[a-z_]+(\.[a-z_]+)+", code), code
            assert code.split(".")[0] in NAMESPACES, code
            assert isinstance(value, str) and value.strip() == value and value, (language, code)


def test_placeholders_are_the_same_in_both_languages():
    ids, ens = _raw("id"), _raw("en")
    for code in ids:
        assert _placeholders(ids[code]) == _placeholders(ens[code]), code


def test_every_literal_code_in_the_code_base_exists_in_both_languages():
    used = {}
    for path, source in _sources():
        for match in _LITERAL.finditer(source):
            used.setdefault(match.group(2), path.relative_to(ROOT))
        for match in _PROBLEM.finditer(source):
            used.setdefault(f"session.{match.group(1)}", path.relative_to(ROOT))
        for match in _FIELD_PROBLEM.finditer(source):
            used.setdefault(f"catalog.{match.group(1)}", path.relative_to(ROOT))
    assert "session.verification_pending" in used and "cli.nik.invalid" in used  # the grep works
    assert "store.full" in used and "sync.offline" in used  # and finds screen_code= too
    for language in LANGUAGES:
        missing = {code: str(where) for code, where in used.items() if code not in _raw(language)}
        assert not missing, (language, missing)


def test_every_namespace_the_code_base_builds_codes_in_exists():
    # pair(f"session.{code}"), codes("nik"), ...: the prefix must name a namespace
    pattern = re.compile(r"""\b(?:text|pair|message_text|codes)\(\s*f?(["'])([a-z_]+)[.{"']""")
    found = set()
    for _, source in _sources():
        found |= {match.group(2) for match in pattern.finditer(source)}
    assert {"nik", "kk", "tracking", "session", "survey", "catalog", "receipt"} <= found
    for namespace in found:
        assert codes(namespace), namespace


def test_text_fills_placeholders_and_pair_gives_both_languages():
    assert text("catalog.required", "id", label="Nama") == "Nama wajib diisi."
    assert text("catalog.required", "en", label="Name") == "Name is required."
    assert text("session.cancelled") == text("session.cancelled", "id")
    assert pair("cli.nik.invalid", code="x", message="m") == (
        "NIK tidak valid (x): m",
        "Invalid NIK (x): m",
    )
    assert codes("tracking") == ("wrong_length", "bad_symbol", "bad_check")


def test_a_missing_code_or_language_is_an_error_not_a_fallback():
    with pytest.raises(MessageError, match="session.nope"):
        text("session.nope", "en")
    with pytest.raises(MessageError, match="fr"):
        text("session.cancelled", "fr")
    assert issubclass(MessageError, KeyError)


def test_loading_is_cached():
    assert messages.catalog("id") is messages.catalog("id")


def test_the_core_dicts_are_filled_from_the_catalog():
    from kiosk.catalog.messages import MESSAGES as FORM_MESSAGES
    from kiosk.nik import KK_MESSAGES, MESSAGES, NikError
    from kiosk.receipt import LABELS
    from kiosk.session.data import MESSAGES as SESSION_MESSAGES
    from kiosk.session.data import SKM_ELEMENTS
    from kiosk.status import STATUS_TEXTS
    from kiosk.tracking import TrackingCodeError

    ids, ens = _raw("id"), _raw("en")
    for namespace, table in (
        ("nik", MESSAGES),
        ("kk", KK_MESSAGES),
        ("tracking", TrackingCodeError.MESSAGES),
        ("session", SESSION_MESSAGES),
        ("catalog", FORM_MESSAGES),
        ("receipt", LABELS),
        ("survey", SKM_ELEMENTS),
    ):
        assert set(table) == set(codes(namespace)), namespace
        for code, (text_id, text_en) in table.items():
            assert (text_id, text_en) == (ids[f"{namespace}.{code}"], ens[f"{namespace}.{code}"])
    for value, status in STATUS_TEXTS.items():
        assert (status.text_id, status.text_en) == (ids[f"status.{value}"], ens[f"status.{value}"])
    error = NikError("wrong_length")
    assert (error.message_id, error.message_en) == MESSAGES["wrong_length"]
    assert str(error) == error.message_en


def test_the_survey_asks_the_nine_skm_elements_in_the_regulation_order():
    from kiosk.session.data import SKM_ELEMENTS

    # PermenPANRB 14/2017, nine elements each scored 1-4 (../shared/DOMAIN.md)
    assert [text_id for text_id, _ in SKM_ELEMENTS.values()] == [
        "Persyaratan",
        "Sistem, mekanisme dan prosedur",
        "Waktu penyelesaian",
        "Biaya/tarif",
        "Produk spesifikasi jenis pelayanan",
        "Kompetensi pelaksana",
        "Perilaku pelaksana",
        "Penanganan pengaduan, saran dan masukan",
        "Sarana dan prasarana",
    ]


# (module, attribute, namespace) of the tables above the core that are filled from the catalog
MOVED_TABLES = (
    ("camera.quality", "INSTRUCTIONS", "camera.quality"),
    ("camera.liveness", "REASONS", "liveness"),
    ("camera.challenges", "PROMPTS", "camera.challenge"),
    ("camera.documents", "INSTRUCTIONS", "camera.document"),
    ("camera.templates", "_ERROR_TEXTS", "camera.template"),
    ("server.errors", "MESSAGES", "server.error"),
    ("server.routes.status", "STATUS_TEXT", "server.status"),
)


@pytest.mark.parametrize(("module", "attribute", "namespace"), MOVED_TABLES)
def test_the_tables_above_the_core_are_filled_from_the_catalog(module, attribute, namespace):
    table = getattr(pytest.importorskip(module), attribute)
    ids, ens = _raw("id"), _raw("en")
    assert list(table) == list(codes(namespace))
    for code, (text_id, text_en) in table.items():
        assert (text_id, text_en) == (ids[f"{namespace}.{code}"], ens[f"{namespace}.{code}"])


def test_every_kiosk_problem_the_kiosk_can_fix_has_staff_words():
    fixes = pytest.importorskip("sync.errors").FIXES
    assert set(codes("sync.fix")) == set(fixes) | {"default"}


def test_the_catalog_is_packaged():
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(r'^"assets" = "assets"$', pyproject, re.MULTILINE)
    assert messages.CATALOG_DIR == ROOT / "assets" / "messages"
