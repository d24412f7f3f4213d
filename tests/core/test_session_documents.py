"""The documents step of the session: a required document the citizen did not bring, and the
photos kept when the form is sent again ("Change" on the review)."""

from __future__ import annotations

import pytest
from test_session_support import DOCS_SERVICE, FORM_VALUES, SCAN, reach

from kiosk.session import InvalidTransition, State

S = State


def test_a_document_not_brought_stays_missing_and_blocks_the_review():
    s = reach(S.DOCUMENTS)
    seen = []
    s.subscribe(lambda old, new: seen.append((old, new)))
    s.document_captured("kk", SCAN)
    held = s.data.documents["kk"]
    s.document_not_brought("kk")  # captured, then "I did not bring it": the photo goes
    assert not any(held) and "kk" not in s.data.documents
    s.document_not_brought("surat_keterangan_lahir")
    s.document_not_brought("surat_keterangan_lahir")  # twice is once
    assert s.data.not_brought == ["kk", "surat_keterangan_lahir"]
    assert s.state is S.DOCUMENTS and seen[-1] == (S.DOCUMENTS, S.DOCUMENTS)
    assert s.missing_documents() == ["surat_keterangan_lahir", "kk"]
    s.documents_done()
    assert s.state is S.DOCUMENTS and s.data.error.code == "documents_missing"
    with pytest.raises(ValueError, match="not required here"):
        s.document_not_brought("paspor")
    s.document_captured("kk", SCAN)  # found it after all
    assert s.data.not_brought == ["surat_keterangan_lahir"]
    s.cancel()
    assert s.data.not_brought == [] and s.data.documents == {}
    with pytest.raises(InvalidTransition):
        s.document_not_brought("kk")


def test_sending_the_form_again_keeps_the_photos_and_skips_the_step_when_none_is_missing():
    s = reach(S.DOCUMENTS)
    s.document_captured("kk", SCAN)
    s.document_captured("surat_keterangan_lahir", b"letter")
    s.documents_done()
    assert s.state is S.REVIEW
    s.back()
    s.back()
    assert s.state is S.FORM
    s.submit_form(FORM_VALUES[DOCS_SERVICE])
    assert s.state is S.REVIEW  # nothing new to photograph
    assert bytes(s.data.documents["surat_keterangan_lahir"]) == b"letter"
    s.back()
    s.document_not_brought("kk")
    s.back()
    s.submit_form(FORM_VALUES[DOCS_SERVICE])
    assert s.state is S.DOCUMENTS  # the one not brought is still missing
    assert s.missing_documents() == ["kk"] and s.data.not_brought == ["kk"]
