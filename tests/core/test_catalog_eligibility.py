"""Eligibility rules of the real catalog, and the tiny rule language itself."""

from __future__ import annotations

import datetime as dt

from kiosk.catalog import (
    Ineligibility,
    check_eligibility,
    documents_needed,
    facts_from_values,
)
from kiosk.catalog.eligibility import FACTS, condition_holds, rule_outcome
from kiosk.catalog.model import Condition, Rule

TODAY = dt.date(2026, 11, 27)


def rule_ids(reasons: list[Ineligibility]) -> list[str]:
    for reason in reasons:
        assert reason.message_id.strip() and reason.message_en.strip()
        assert reason.message_id != reason.message_en
    return [r.rule_id for r in reasons]


def test_kia_is_for_children_under_17(catalog):
    kia = catalog.get("kia")
    assert check_eligibility(kia, {"subject_age_years": 16}) == []
    (reason,) = check_eligibility(kia, {"subject_age_years": 17})
    assert reason.rule_id == "child-under-17" and reason.service_id == "kia"
    assert "di bawah 17 tahun" in reason.message_id and "under 17" in reason.message_en
    assert reason.facts == ("subject_age_years",) and not reason.undecided
    # The applicant's own age says nothing about the child the KIA is for.
    assert check_eligibility(kia, {"age": 40, "applicant_age_years": 40}) == []


def test_kia_age_comes_from_the_childs_nik(catalog):
    kia = catalog.get("kia")
    facts = facts_from_values(
        kia, {"nik_anak": "3171015003150002", "hubungan_dengan_anak": "ibu"}, TODAY
    )
    assert facts["subject_age_years"] == 11 and facts["relationship"] == "ibu"
    assert check_eligibility(kia, facts) == []
    facts = facts_from_values(kia, {"nik_anak": "3171010101080003"}, TODAY)  # 18 years old
    assert rule_ids(check_eligibility(kia, facts)) == ["child-under-17"]
    assert "subject_age_years" not in facts_from_values(kia, {"nik_anak": "123"}, TODAY)


def test_birth_certificate_subject_age_comes_from_the_birth_date(catalog):
    service = catalog.get("akta-kelahiran")
    facts = facts_from_values(
        service, {"tanggal_lahir_anak": "2026-11-01", "hubungan_pelapor": "ayah"}, TODAY
    )
    assert facts["subject_age_years"] == 0 and facts["relationship"] == "ayah"


def test_head_of_family_cannot_move_out_while_members_remain(catalog):
    pindah = catalog.get("pindah-keluar")
    head_alone = {"status_dalam_keluarga": "kepala_keluarga", "cakupan_pindah": "pemohon_sendiri"}
    assert rule_ids(check_eligibility(pindah, {**head_alone, "family_member_count": 4})) == [
        "head-moves-with-family"
    ]
    assert check_eligibility(pindah, {**head_alone, "family_member_count": 1}) == []
    whole = {**head_alone, "cakupan_pindah": "seluruh_keluarga", "family_member_count": 4}
    assert check_eligibility(pindah, whole) == []
    child = {"status_dalam_keluarga": "anak", "cakupan_pindah": "pemohon_sendiri"}
    assert check_eligibility(pindah, {**child, "family_member_count": 4}) == []
    # The server's KK data says the same even when the form answer was not "kepala_keluarga".
    server = {
        "is_head_of_family": True,
        "family_member_count": 3,
        "cakupan_pindah": "sebagian_anggota",
    }
    assert rule_ids(check_eligibility(pindah, server)) == ["head-of-family-flag"]
    # Unknown member count: the kiosk does not guess, the server decides.
    assert check_eligibility(pindah, head_alone) == []
    assert rule_ids(check_eligibility(pindah, head_alone, strict=True)) == [
        "head-moves-with-family",
        "head-of-family-flag",
    ]
    assert all(r.undecided for r in check_eligibility(pindah, head_alone, strict=True))


def test_pisah_kk_needs_17_years_or_marriage(catalog):
    pisah = catalog.get("pisah-kk")
    assert check_eligibility(pisah, {"age": 25}) == []  # the applicant is the subject
    assert check_eligibility(pisah, {"age": 16, "status_perkawinan": "kawin"}) == []
    assert rule_ids(check_eligibility(pisah, {"age": 16, "status_perkawinan": "belum_kawin"})) == [
        "adult-or-married"
    ]
    assert check_eligibility(pisah, {"age": 16}) == []  # marital status not known yet


def test_sip_needs_str_skp_for_renewal_and_at_most_three_places(catalog):
    for service in catalog.by_group("nakes"):
        assert rule_ids(check_eligibility(service, {"has_str": False})) == ["str-required"]
        assert check_eligibility(service, {"has_str": True}) == []
    sip = catalog.get("sip-bidan")
    renewal = {"has_str": True, "jenis_permohonan": "perpanjangan"}
    assert rule_ids(check_eligibility(sip, {**renewal, "skp_sufficient": False})) == [
        "renewal-needs-skp"
    ]
    assert check_eligibility(sip, {**renewal, "skp_sufficient": True}) == []
    new = {"has_str": True, "jenis_permohonan": "baru"}
    assert check_eligibility(sip, {**new, "active_sip_count": 2}) == []
    assert rule_ids(check_eligibility(sip, {**new, "active_sip_count": 3})) == [
        "at-most-three-places"
    ]
    # A renewal at a place already held is not a new place.
    assert check_eligibility(sip, {**renewal, "skp_sufficient": True, "active_sip_count": 3}) == []


def test_eligibility_to_dict_is_json_ready(catalog):
    (reason,) = check_eligibility(catalog.get("sip-perawat"), {"has_str": False})
    assert reason.to_dict() == {
        "service_id": "sip-perawat",
        "rule_id": "str-required",
        "message_id": reason.message_id,
        "message_en": reason.message_en,
        "facts": ["has_str"],
        "undecided": False,
    }


def test_documents_follow_the_answers(catalog):
    cetak = catalog.get("cetak-kk")
    assert [d.id for d in documents_needed(cetak, {"alasan_cetak": "hilang"})] == [
        "ktp_el",
        "surat_kehilangan",
    ]
    assert [d.id for d in documents_needed(cetak, {"alasan_cetak": "rusak"})] == [
        "ktp_el",
        "kk_rusak",
    ]
    assert [d.id for d in documents_needed(cetak, {"alasan_cetak": "perubahan_data"})] == ["ktp_el"]
    assert [d.id for d in documents_needed(cetak, {})] == ["ktp_el", "surat_kehilangan", "kk_rusak"]
    assert [d.id for d in documents_needed(cetak, {}, include_undecided=False)] == ["ktp_el"]
    kia = catalog.get("kia")
    assert "pas_foto_anak" in [d.id for d in documents_needed(kia, {"subject_age_years": 5})]
    assert "pas_foto_anak" not in [d.id for d in documents_needed(kia, {"subject_age_years": 4})]
    sip = catalog.get("sip-perawat")
    renewal = [d.id for d in documents_needed(sip, {"jenis_permohonan": "perpanjangan"})]
    # bukti_kompetensi is undecided until the STR questions are answered
    assert renewal[-3:] == ["sip_lama", "bukti_kompetensi", "bukti_skp"]
    assert "sip_lama" not in [d.id for d in documents_needed(sip, {"jenis_permohonan": "baru"})]


def test_rule_language_operators():
    facts = {"n": 5, "s": "kawin", "b": True, "text_number": "7", "many": ["a", "b"], "blank": ""}
    cases = [
        (("n", "eq", 5), True),
        (("n", "ne", 5), False),
        (("n", "lt", 6), True),
        (("n", "le", 5), True),
        (("n", "gt", 5), False),
        (("n", "ge", 5), True),
        (("s", "in", ("kawin", "cerai_hidup")), True),
        (("s", "not_in", ("kawin",)), False),
        (("b", "eq", True), True),
        (("b", "eq", 1), None),  # a boolean is not the number 1
        (("n", "eq", True), None),
        (("text_number", "gt", 6), True),  # form answers arrive as text
        (("s", "gt", 6), None),
        (("many", "in", ("a", "b", "c")), True),
        (("many", "not_in", ("b",)), False),
        (("many", "eq", "a"), None),
        (("missing", "eq", 1), None),
        (("blank", "eq", ""), None),
    ]
    for (fact, op, value), expected in cases:
        assert condition_holds(Condition(fact, op, value), facts) is expected, (fact, op, value)


def test_rule_outcomes_with_unknown_facts():
    rule = Rule(
        "r",
        "pesan",
        "message",
        when=(Condition("a", "eq", True),),
        require_any=(Condition("x", "ge", 17), Condition("y", "eq", "kawin")),
    )
    assert rule_outcome(rule, {"a": False}) is True  # does not apply
    assert rule_outcome(rule, {"a": True, "x": 20}) is True
    assert rule_outcome(rule, {"a": True, "x": 10, "y": "kawin"}) is True
    assert rule_outcome(rule, {"a": True, "x": 10, "y": "belum_kawin"}) is False
    assert rule_outcome(rule, {"a": True, "x": 10}) is None
    assert rule_outcome(rule, {"x": 10, "y": "belum_kawin"}) is None  # may or may not apply
    assert rule_outcome(rule, {"x": 20}) is True  # satisfied whether or not it applies


def test_every_rule_names_known_facts_or_fields(catalog):
    for service in catalog.services:
        names = set(FACTS) | set(service.field_ids())
        for rule in service.rules:
            for cond in rule.when + rule.require + rule.require_any:
                assert cond.fact in names, (service.id, rule.id, cond.fact)
