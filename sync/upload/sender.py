"""Sending one sealed application: inline, or as parts that resume at the first missing one.

The Idempotency-Key is the application id, so resending after a lost answer returns the
server's first answer instead of creating a second application. Large packets go up as parts;
a retry asks the server which parts it has and continues from the first missing part.
"""

from __future__ import annotations

from kiosk.store.outbox import Due, upload_plan
from protocol.signing import b64encode, content_digest
from sync.client import ServerClient
from sync.errors import ApplicationRejected, ServerBusy

RETRY_CODES = {"parts_incomplete"}


class Sender:
    def __init__(self, client: ServerClient, kiosk_id: str, part_size: int):
        self.client = client
        self.kiosk_id = kiosk_id
        self.part_size = max(1024, int(part_size))

    def metadata(self, item: Due, blob: bytes) -> dict:
        return {
            "application_id": item.id,
            "tracking_code": item.tracking_code,
            "service_id": item.service_id,
            "catalog_version": item.catalog_version,
            "kiosk_id": self.kiosk_id,
            "created_at": item.created_iso,
            "size": len(blob),
            "digest": content_digest(blob),
            "identity_mode": item.identity_mode
            or ("offline" if item.verification_pending else "online"),
        }

    def send(self, item: Due, blob: bytes) -> dict:
        """Returns the server's SubmissionReceipt (dict); raises a sync error otherwise."""
        meta = self.metadata(item, blob)
        headers = {"Idempotency-Key": item.id}
        plan = self.plan(item, blob)
        if plan == 0:
            receipt = self.client.json(
                "POST",
                "/applications",
                body={"metadata": meta, "packet": b64encode(blob)},
                headers=headers,
            )
        else:
            receipt = self._send_parts(item, blob, meta, headers, plan)
        return self._checked(receipt, item)

    def plan(self, item: Due, blob: bytes) -> int:
        """0 to send inline, else the part size: the one fixed at the first claim (outbox), so
        every attempt sends the same requests under the same Idempotency-Key."""
        if item.part_size is not None:
            return item.part_size
        return upload_plan(len(blob), self.part_size)

    def _send_parts(self, item: Due, blob: bytes, meta: dict, headers: dict, size: int) -> dict:
        parts = [blob[i : i + size] for i in range(0, len(blob), size)]
        commit = {"metadata": meta, "part_count": len(parts)}
        path = f"/applications/{item.id}"
        if item.attempts > 0:
            # An earlier attempt may have committed already (answer lost): the commit replays.
            try:
                return self.client.json("POST", f"{path}/commit", body=commit, headers=headers)
            except ApplicationRejected as exc:
                if exc.code not in RETRY_CODES:
                    raise
        listing = self.client.json("GET", f"{path}/parts")
        have = {p["part_number"]: p["digest"] for p in listing.get("parts", [])}
        first = int(listing.get("next_missing", 1))
        for number in range(first, len(parts) + 1):
            data = parts[number - 1]
            digest = content_digest(data)
            if have.get(number) == digest:
                continue
            self.client.json(
                "PUT", f"{path}/parts/{number}", body={"data": b64encode(data), "digest": digest}
            )
        try:
            return self.client.json("POST", f"{path}/commit", body=commit, headers=headers)
        except ApplicationRejected as exc:
            if exc.code in RETRY_CODES:  # a part vanished meanwhile: next attempt re-uploads
                raise ServerBusy(exc.code, exc.message) from None
            raise

    @staticmethod
    def _checked(receipt: dict, item: Due) -> dict:
        # A receipt for another application (a confused connection) is no acknowledgement.
        if str(receipt.get("application_id", "")).lower() != item.id.lower():
            raise ServerBusy("bad_answer", "the acknowledgement names another application")
        return receipt
