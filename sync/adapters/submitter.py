"""The Submitter port: seal the application, store it in the outbox, hand back the receipt.

`submit()` returns only after the SQLite commit that holds the sealed blob in state `queued`
(WAL + synchronous=FULL): the citizen is never told "queued" before that is durable. A full
disk raises kiosk.ports.SubmitFailed("store_full") and leaves nothing half-written.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Callable

from kiosk import tracking
from kiosk.nik import mask_nik
from kiosk.ports import Receipt, SubmissionPacket, SubmitFailed
from kiosk.store import Store
from kiosk.store.applications import Applications
from kiosk.store.db import StoreError, StoreFull
from protocol.packets import PacketError, seal_packet

log = logging.getLogger(__name__)


class OutboxSubmitter:
    """Implements kiosk.ports.Submitter.

    sealing_key: the server's raw X25519 key (KioskIdentity.sealing_key_bytes()).
    catalog_version: the version of the catalog in force (a string, or a callable for one
    that changes while the kiosk runs). on_queued: called after the commit (e.g. to wake the
    uploader).
    """

    def __init__(
        self,
        store: Store,
        sealing_key: bytes,
        catalog_version: str | Callable[[], str],
        on_queued: Callable[[str], None] | None = None,
    ):
        self.applications = Applications(store)
        self.sealing_key = bytes(sealing_key)
        self._catalog_version = catalog_version
        self.on_queued = on_queued

    @property
    def catalog_version(self) -> str:
        value = self._catalog_version
        return str(value() if callable(value) else value)

    def submit(self, packet: SubmissionPacket) -> Receipt:
        approval = packet.staff_approval
        # A staff-verified application takes the id its supervisor's approval was made for.
        app_id = str(approval["application_id"]).lower() if approval else str(uuid.uuid4())
        code = tracking.new_code()
        created = dt.datetime.now(dt.UTC)
        version = self.catalog_version
        try:
            sealed = seal_packet(packet, app_id, code, version, created, self.sealing_key)
        except PacketError as exc:
            log.error("application %s could not be sealed: %s", app_id, exc)
            raise SubmitFailed("packet_invalid") from None
        try:
            self.applications.add(
                app_id,
                code,
                packet.service_id,
                version,
                sealed,
                verification_pending=bool(packet.verification_pending) and not approval,
                queue=True,
                identity_mode="staff" if approval else None,
                audit_details=(
                    {
                        "identity_mode": "staff",
                        "staff_id": approval["staff_id"],
                        "supervisor_id": approval["supervisor_id"],
                    }
                    if approval
                    else None
                ),
            )
        except StoreFull:
            log.error("disk full: application for %s not queued", mask_nik(packet.nik))
            raise SubmitFailed("store_full") from None
        except StoreError as exc:
            log.error("store error, application not queued: %s", exc)
            raise SubmitFailed("store_error") from None
        log.info("application %s queued (%d bytes sealed)", app_id, len(sealed))
        if self.on_queued is not None:
            self.on_queued(app_id)
        return Receipt(
            tracking_code=code,
            service_id=packet.service_id,
            verification_pending=bool(packet.verification_pending) and not approval,
            masked_nik=mask_nik(packet.nik),
            submitted_at=created,
            extra={"application_id": app_id},
            staff_verified=approval is not None,
        )
