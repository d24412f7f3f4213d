"""The composition root: the real ports of an enrolled kiosk, and its configuration.

`kiosk run` and `kiosk demo` both call make_ports(); only the server they talk to differs. The
heavy packages (sync, printing, Qt's PDF writer) are imported inside the functions so that
`kiosk nik` and friends never load them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from kiosk.errors import KioskError


def make_ports(
    data_dir: Path,
    config,
    catalog,
    language: Callable[[], str] = lambda: "id",
    reload_config: Callable[[], object] | None = None,
    start_later: Callable[[Callable[[], object]], None] | None = None,
):
    """The real ports for an enrolled kiosk: (Ports, list of functions to call at exit).
    reload_config() re-reads the configuration after the server's document changed.
    start_later(start): when to start the uploader (e.g. after_show); None: now. Its first
    round (heartbeat, signed documents and their schema checks, staff accounts) would
    otherwise compete with the kiosk's start for the CPU; applications queued meanwhile
    wait in the outbox."""
    from app.doctor import run_doctor
    from app.updates import check_after_start, health_check, make_updates
    from app.updates import enabled as updates_enabled
    from kiosk.config import load_config
    from kiosk.ports import Ports
    from kiosk.staff import StaffSignIn
    from kiosk.store import Store
    from printing.printer import KioskReceiptPrinter
    from sync.adapters.health_workers import ServerHealthWorkers
    from sync.adapters.queue_console import QueueConsole
    from sync.adapters.server_lookups import ServerIdentityVerifier, ServerStatusLookup
    from sync.adapters.staff import HelpDesk, StaffDocuments
    from sync.adapters.submitter import OutboxSubmitter
    from sync.adapters.surveys import OutboxSurveySink
    from sync.client import ServerClient
    from sync.errors import KioskProblem
    from sync.kiosk_key import KioskKeyStore
    from sync.refresh import make_refresher
    from sync.release import ReleasePuller, pull_release
    from sync.signed_documents import SignedDocuments
    from sync.upload.uploader import Uploader, UploaderSettings

    try:
        identity = KioskKeyStore(Path(data_dir)).require()
        client = ServerClient.for_kiosk(Path(data_dir), config)
    except KioskProblem as exc:
        raise KioskError(
            f"{exc.message} Enroll this kiosk first with an enrollment code from the server."
        ) from None
    store = Store.open(Path(data_dir))
    staff_documents = StaffDocuments(Path(data_dir), identity, client)
    # Fleet updates (app/updates.py): a build just switched to checks itself now, once the
    # store is open (and migrated); a frozen build then pulls releases with the documents.
    updates = make_updates(Path(data_dir))
    if updates_enabled():
        check_after_start(updates, Path(data_dir), health_check)
    puller = ReleasePuller(client, identity, updates) if updates_enabled() else None
    refresh = make_refresher(
        SignedDocuments(Path(data_dir), identity, client),
        reload_config or (lambda: load_config(None, Path(data_dir))),
        staff=staff_documents,
        release=(lambda: pull_release(puller)) if puller else None,
    )
    settings = UploaderSettings.from_config(config)
    uploader = Uploader(
        store, client, identity.kiosk_id, settings, refresh=refresh, release=updates.report
    )
    submitter = OutboxSubmitter(
        store, identity.sealing_key_bytes(), catalog.version, on_queued=uploader.wake
    )
    printer = KioskReceiptPrinter(
        config, Path(data_dir), catalog, language=language, pdf_writer=write_pdf_receipt
    )
    ports = Ports(
        verifier=ServerIdentityVerifier(client),
        submitter=submitter,
        status_lookup=ServerStatusLookup(client, store),
        printer=printer,
        survey_sink=OutboxSurveySink(store),  # the uploader sends them in batches
        health_workers=ServerHealthWorkers(client),
        help_desk=HelpDesk(client),
        staff=StaffSignIn(staff_documents.directory, store),
        queue=QueueConsole(store, printer),
        kiosk_id=identity.kiosk_id,
        doctor=lambda: run_doctor(Path(data_dir), config),  # the maintenance screen's checks
        updates=updates if puller else None,  # the controller switches when idle
    )
    if start_later is None:
        uploader.start()
    else:
        start_later(uploader.start)
    return ports, [uploader.stop, client.close]


def after_show(*starts: Callable[[], object]) -> None:
    """Run each start() once the kiosk's window has been shown and drawn (call it before the
    event loop runs): background work that need not delay the welcome screen (the uploader's
    first round; the face models, which would otherwise load in a process competing with the
    start-up for the CPU, or when the first citizen reaches the face step)."""
    from PySide6.QtCore import QTimer

    from ui.app import AFTER_SHOW_MS

    for start in starts:
        QTimer.singleShot(AFTER_SHOW_MS, start)


def write_pdf_receipt(content, path: Path) -> None:
    """printer.kind = "pdf": the receipt drawn by the UI's Qt renderer (loaded only when used)."""
    from ui.receipt_pdf import write_pdf

    write_pdf(content, path)


def config_with(args, data_dir: Path, overrides: dict[str, str] | None = None):
    """load_config with command-line overrides (given as MPP_KIOSK__ environment values)."""
    import os

    from kiosk.config import load_config
    from kiosk.paths import config_file

    environ = dict(os.environ)
    for key, value in (overrides or {}).items():
        environ["MPP_KIOSK__" + key.upper().replace(".", "__")] = value
    return load_config(config_file(getattr(args, "config", None)), data_dir, environ=environ)
