"""Contract versions: what may change within one URL prefix, and how kiosk and server cope.

Versions (CONTRACT_VERSION, MAJOR.MINOR). Kiosks update slowly across hundreds of regencies, so
the server may be newer or older than any kiosk talking to it; both must keep working:

- The major is the URL prefix (/v1 serves 1.x). Removing or renaming a field, making a field
  required, narrowing a type or range, or changing what a value means is a major change: it
  needs a new prefix (/v2), served beside /v1 until the fleet has moved.
- A minor version only adds: optional fields (with a default, declared with ``added("1.m")``,
  which marks them ``x-since`` in the OpenAPI document), routes, error codes. So the previous
  minor's payloads stay valid as they are. tests/server/test_contract_replay.py replays stored
  1.0 traffic against the server; tests/sync/test_contract_versions.py parses the stored 1.0
  answers and checks every field added after 1.0 is optional (tests/data/contract/).
- Answers (ResponseModel: everything the kiosk reads from the server, error bodies and signed
  documents included) ignore unknown fields, so a newer server never breaks an older kiosk. A
  signed document is still verified over the canonical JSON of everything received, unknown
  fields included (protocol.signing.verify_document), so ignoring a field never means trusting
  an unsigned one.
- Requests (RequestModel) keep unknown fields for the server to judge. The kiosk declares its
  version in the ``MPP-Contract`` header (no header: a 1.0 kiosk). A request declaring a newer
  minor than the server's may carry fields the server does not know yet: they are logged and
  dropped, and the request is served (a newer kiosk keeps working against an older server: the
  fleet needs that). Any other request with an unknown field is refused with 422
  invalid_request naming it: from a kiosk of the server's version or older it can only be a
  typo or a bug, and a clear 422 is what shows that. The header is not covered by the request
  signature; changing it can only make the server stricter or make it ignore unknown fields it
  would ignore for any newer kiosk.
- 1.0 kiosks (no header) parse answers with unknown fields forbidden, so the server answers a
  request without the header in the 1.0 shape (``dump_for`` leaves out the ``x-since`` fields).
- ApplicationPacket (inside the sealed box) is open by design: unknown fields are kept.

History: 1.0 the first contract. 1.1: answers tolerate unknown fields; the MPP-Contract header;
HeartbeatAck.contract_version. 1.2: counter staff (protocol/staff.py): GET /staff (the site's
signed staff document), the /help-requests routes (with the takeover of a citizen's session by
another kiosk of the site: .../takeover, .../session, HelpRequestState.takeover_kiosk_id and
takeover_by), ApplicationPacket.staff_approval (identity mode "staff" accepted with a valid
supervisor's approval), error code staff_invalid; EnrollmentGrant.region_code (the site's time
zone), FamilyMember.marital_status (the KIA rule); Heartbeat.doctor (the fleet view).
1.3: fleet updates (protocol/release.py): GET /release (the signed ReleaseManifest, rollout share
resolved for the kiosk's site) and GET /release/files/{sha256} (the build archive, HTTP Range
for resuming), error code no_release; Heartbeat.release (UpdateReport: the kiosk's update state).
Catalog document (GET /catalog): the kiosk now ignores catalog keys it does not know; new keys
group short_name_id/_en, icon, folder, open_for, service short_name_id/_en, icon, field
person_role, document kind (older kiosks get the catalog without what came after their version:
1.1 brought field prefill, 1.2 required_if, two health_worker prefills and the fact
subject_ever_married; server/routes/signed_documents.py catalog_for).
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

CONTRACT_VERSION = "1.3"
CONTRACT_HEADER = "MPP-Contract"
CONTRACT_VERSION_PATTERN = r"^[0-9]{1,4}\.[0-9]{1,4}$"
FIRST_VERSION = (1, 0)  # what a request without the header speaks


def parse_version(text: str) -> tuple[int, int]:
    """(major, minor) of a ``MAJOR.MINOR`` contract version; ValueError for anything else."""
    if not isinstance(text, str) or not re.fullmatch(CONTRACT_VERSION_PATTERN, text):
        raise ValueError("a contract version is MAJOR.MINOR, e.g. 1.1")
    major, minor = text.split(".")
    return int(major), int(minor)


class ResponseModel(BaseModel):
    """What the server sends and the kiosk reads: unknown (newer) fields are ignored."""

    model_config = ConfigDict(extra="ignore")


class RequestModel(BaseModel):
    """What the kiosk sends: unknown fields are kept for the server's policy (module docstring;
    `unknown_fields`), which refuses them unless the kiosk declared a newer minor version."""

    model_config = ConfigDict(extra="allow")


def added(version: str, *, default: Any = None, **kwargs: Any) -> Any:
    """A field added in minor `version` (after 1.0): optional by construction, marked x-since."""
    parse_version(version)
    return Field(default=default, json_schema_extra={"x-since": version}, **kwargs)


def field_since(info) -> tuple[int, int]:
    """The version a model field was added in (1.0 for the first contract's fields)."""
    extra = info.json_schema_extra
    since = extra.get("x-since") if isinstance(extra, dict) else None
    return parse_version(since) if since else FIRST_VERSION


def _nested(value: Any) -> list[tuple[int | None, BaseModel]]:
    """The models inside one field's value: (None, it) for a model, (index, item) for a list."""
    if isinstance(value, BaseModel):
        return [(None, value)]
    if isinstance(value, list | tuple):
        return [(i, v) for i, v in enumerate(value) if isinstance(v, BaseModel)]
    return []


def unknown_fields(model: BaseModel, *, drop: bool = False) -> list[str]:
    """Dotted paths of the fields a RequestModel (and the request models inside it) got but
    does not declare; with `drop`, they are also removed so nothing downstream sees them."""
    found: list[str] = []

    def walk(node: BaseModel, prefix: str) -> None:
        extra = node.__pydantic_extra__ if isinstance(node, RequestModel) else None
        if extra:
            found.extend(prefix + str(name) for name in extra)
            if drop:
                extra.clear()
        for name in type(node).model_fields:
            for index, child in _nested(getattr(node, name)):
                suffix = "" if index is None else f".{index}"
                walk(child, f"{prefix}{name}{suffix}.")

    walk(model, "")
    return found


def dump_for(
    model: BaseModel, version: tuple[int, int], *, exclude_none: bool = False
) -> dict[str, Any]:
    """`model` as JSON data for a reader of contract `version`: fields added later left out
    (and fields that are None, with `exclude_none`)."""

    def exclude(node: BaseModel) -> dict:
        spec: dict = {}
        for name, info in type(node).model_fields.items():
            if field_since(info) > version:
                spec[name] = True
                continue
            subs = {
                index: sub
                for index, child in _nested(getattr(node, name))
                if (sub := exclude(child))
            }
            if None in subs:
                spec[name] = subs[None]
            elif subs:
                spec[name] = subs
        return spec

    return model.model_dump(mode="json", exclude=exclude(model) or None, exclude_none=exclude_none)
