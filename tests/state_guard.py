"""The guard that each test leaves global state as it found it (loaded by tests/conftest.py).

Each check reads one piece of process-wide state, before and after a test (after every
fixture of the test has been torn down). A difference fails the test, naming what leaked.
Checks of a module's state run only when that module is already imported, so core tests
never import Qt; `pristine` is the value that state has before its module is first used
(checked when a test imports the module and changes the state in one go), None: not checked.
"""

from __future__ import annotations

import locale
import logging
import operator
import os
import signal
import socket
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from ui.main_thread_gc import collect_due

REPO = Path(__file__).resolve().parents[1]

_MISSING = object()  # module not imported (yet), or cache not filled (yet)


@dataclass(frozen=True)
class _Check:
    name: str
    module: str | None
    read: Callable[[], Any]
    pristine: Callable[[], Any] | None = None
    leaked: Callable[[Any, Any], bool] = operator.ne  # (before, after) -> a leak?


# Environment variables a library sets when it is first imported (in whichever test that is):
# not the test's doing. OpenCV's loader amends LD_LIBRARY_PATH (Linux) or PATH (Windows).
_IMPORT_ENVIRON = {
    "cv2": ("LD_LIBRARY_PATH", "PATH", "QT_QPA_PLATFORM_PLUGIN_PATH", "QT_QPA_FONTDIR")
}


def _environ() -> dict[str, str]:
    environ = dict(os.environ)
    environ.pop("PYTEST_CURRENT_TEST", None)  # pytest's own, names the test phase
    return environ


def _sys_path() -> list[str]:
    # Libraries may add their own folders when first imported (pkg_resources adds
    # setuptools/_vendor): not the test's doing.
    return [p for p in sys.path if not p.startswith(sys.prefix)]


def root_logging() -> tuple:
    root = logging.getLogger()
    # pytest's capture handlers come and go with each test phase: not the test's doing.
    handlers = tuple(h for h in root.handlers if not type(h).__module__.startswith("_pytest"))
    return root.level, handlers, logging.root.manager.disable


_SIGNALS = [signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGPIPE, signal.SIGXFSZ]
_SIGNALS += [signal.SIGCHLD, signal.SIGUSR1, signal.SIGUSR2]


def _cached(function) -> Any:
    """What an @cache'd function returns, without filling its cache."""
    return function() if function.cache_info().currsize else _MISSING


def _regency_codes() -> Any:
    codes = _cached(sys.modules["kiosk.regions"].regencies)
    if codes is _MISSING:
        return codes
    return tuple((code, tuple(names.items())) for code, names in codes.items())


def _default_catalog() -> Any:
    catalog = _cached(sys.modules["kiosk.catalog.catalog"].default_catalog)
    if catalog is _MISSING:
        return catalog
    # Services and groups are frozen dataclasses: the same objects in the same lists suffice.
    by_id = tuple((key, id(value)) for key, value in catalog._by_id.items())
    return catalog.version, tuple(map(id, catalog.groups)), tuple(map(id, catalog.services)), by_id


def _catalog_schema() -> Any:
    schema = _cached(sys.modules["kiosk.catalog.loader"]._schema)
    return schema if schema is _MISSING else repr(schema)


def _i18n_language() -> str:
    """The language installed through ui.i18n.shared(); none installed yet is English."""
    shared = sys.modules["ui.i18n"]._shared
    return (shared.language if shared is not None else None) or "en"


_probes: list[tuple[str, str]] = []


def _translation_probes() -> list[tuple[str, str]]:
    """One (context, English source) per compiled translation: if Qt translates any of them,
    some translator (ui.i18n's shared one or a test's own Translations) is still installed."""
    if not _probes:
        import xml.etree.ElementTree as ET

        for ts in sorted((REPO / "assets" / "i18n").glob("*.ts")):
            for context in ET.parse(ts).getroot().iter("context"):
                message = next(
                    (
                        m
                        for m in context.iter("message")
                        if (m.findtext("translation") or m.findtext("source"))
                        != m.findtext("source")
                    ),
                    None,
                )
                if message is not None:
                    _probes.append((context.findtext("name"), message.findtext("source")))
                    break
    return _probes


def _qt_translations() -> tuple[str, ...]:
    from PySide6.QtCore import QCoreApplication

    return tuple(QCoreApplication.translate(c, s) for c, s in _translation_probes())


def _qt_locale() -> str:
    from PySide6.QtCore import QLocale

    return QLocale().name()


def _qt_system_locale() -> str:
    from PySide6.QtCore import QLocale

    return QLocale.system().name()


def _qapp() -> Any:
    from PySide6.QtWidgets import QApplication

    return QApplication.instance()


def _app_look() -> Any:
    """What ui/theme.py sets on the application: style sheet (palette and text sizes), font and
    the kiosk_high_contrast / kiosk_large_text properties (with any other dynamic property)."""
    app = _qapp()
    if app is None:
        return _MISSING
    properties = {
        bytes(name).decode(): app.property(bytes(name).decode())
        for name in app.dynamicPropertyNames()
    }
    return {"style sheet": app.styleSheet(), "font": app.font().toString(), **properties}


def _app_identity() -> Any:
    app = _qapp()
    if app is None:
        return _MISSING
    return app.applicationName(), app.applicationVersion(), app.organizationName()


def _visible_windows() -> Any:
    app = _qapp()
    if app is None:
        return _MISSING
    return sorted(
        f"{type(w).__name__} {w.objectName() or w.windowTitle()!r}".strip()
        for w in app.topLevelWidgets()
        if w.isVisible()
    )


def _running_workers() -> int:
    """Workers a closed kiosk retired that have not ended (ended ones wait for the sweeper)."""
    return sum(1 for thread in sys.modules["ui.threads"]._retired if not thread.isFinished())


_CHECKS = [
    _Check("os.environ", None, _environ),
    _Check("working directory", None, os.getcwd),
    _Check("sys.path (outside the virtualenv)", None, _sys_path),
    _Check("root logger (level, handlers, disable)", None, root_logging),
    _Check("socket default timeout", None, socket.getdefaulttimeout),
    _Check("signal handlers", None, lambda: {s.name: signal.getsignal(s) for s in _SIGNALS}),
    _Check("C locale", None, lambda: locale.setlocale(locale.LC_ALL, None)),
    _Check("keyring backend", "keyring.core", lambda: sys.modules["keyring.core"]._keyring_backend),
    _Check(
        "kiosk.config.DEFAULTS", "kiosk.config", lambda: repr(sys.modules["kiosk.config"].DEFAULTS)
    ),
    _Check("cached kiosk.regions.regencies()", "kiosk.regions", _regency_codes),
    _Check("cached kiosk.catalog.default_catalog()", "kiosk.catalog.catalog", _default_catalog),
    _Check("cached catalog schema", "kiosk.catalog.loader", _catalog_schema),
    _Check("UI language (ui.i18n.shared())", "ui.i18n", _i18n_language, lambda: "en"),
    _Check(
        "Qt translators installed",
        "PySide6.QtCore",
        _qt_translations,
        lambda: tuple(s for _, s in _translation_probes()),
    ),
    _Check(
        "Qt default locale (QLocale.setDefault)", "PySide6.QtCore", _qt_locale, _qt_system_locale
    ),
    _Check("QApplication look (ui.theme)", "PySide6.QtWidgets", _app_look),
    _Check("QApplication name, version, organisation", "PySide6.QtWidgets", _app_identity),
    _Check("visible top-level windows", "PySide6.QtWidgets", _visible_windows, lambda: []),
    # Workers of earlier tests may end during this one: only new ones still running count.
    _Check(
        "worker threads still running (ui.threads)",
        "ui.threads",
        _running_workers,
        lambda: 0,
        operator.lt,
    ),
]


def _global_state() -> dict[str, Any]:
    return {
        check.name: check.read()
        if check.module is None or check.module in sys.modules
        else _MISSING
        for check in _CHECKS
    }


def _short(value: Any, limit: int = 120) -> str:
    text = repr(value)
    return text if len(text) <= limit else f"{text[: limit - 20]}... ({len(text)} chars)"


def _difference(before: Any, after: Any) -> str:
    if isinstance(before, dict) and isinstance(after, dict):
        parts = [f"{k} added ({_short(after[k])})" for k in after.keys() - before.keys()]
        parts += [f"{k} removed (was {_short(before[k])})" for k in before.keys() - after.keys()]
        parts += [
            f"{k}: {_short(before[k])} -> {_short(after[k])}"
            for k in before.keys() & after.keys()
            if before[k] != after[k]
        ]
        return "; ".join(sorted(parts))
    if isinstance(before, list) and isinstance(after, list):
        parts = [f"{_short(v)} added" for v in after if v not in before]
        parts += [f"{_short(v)} removed" for v in before if v not in after]
        return "; ".join(parts) or f"order {_short(before)} -> {_short(after)}"
    return f"{_short(before)} -> {_short(after)}"


def _leaks(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    leaks = []
    for check in _CHECKS:
        old, new = before[check.name], after[check.name]
        if old is _MISSING and new is not _MISSING and check.pristine is not None:
            old = check.pristine()
        if old is _MISSING or new is _MISSING or not check.leaked(old, new):
            continue
        leaks.append(f"{check.name}: {_difference(old, new)}")
    return leaks


def _let_retired_workers_end(limit_s: float = 30.0) -> None:
    """A camera worker retired on the way out ends on its own (ui/threads.py), after its current
    frame or model call, which a loaded machine makes slow. Give it that time, with the event
    loop running as in the kiosk; one still running after `limit_s` is a leak."""
    if "ui.threads" not in sys.modules or not _running_workers():
        return
    import time

    from PySide6.QtCore import QCoreApplication

    deadline = time.monotonic() + limit_s
    while _running_workers() and time.monotonic() < deadline:
        QCoreApplication.processEvents()
        time.sleep(0.01)


@pytest.fixture(autouse=True)
def _global_state_guard(request):
    """Fails a test (at its teardown) that leaves process-wide state changed: the environment,
    the UI language and Qt translators, the theme on the QApplication, open windows, module
    singletons and caches. A later test would otherwise pass or fail depending on the order."""
    imported = {name for name in _IMPORT_ENVIRON if name in sys.modules}
    before = _global_state()
    yield
    collect_due()  # the main thread collects cycles (ui/main_thread_gc.py), here between tests
    _let_retired_workers_end()
    after = _global_state()
    library_set = {
        v for m in _IMPORT_ENVIRON.keys() - imported if m in sys.modules for v in _IMPORT_ENVIRON[m]
    }
    for name in library_set:
        after["os.environ"].pop(name, None)
        if name in before["os.environ"]:
            after["os.environ"][name] = before["os.environ"][name]
    leaks = _leaks(before, after)
    if not leaks:
        return
    # Put back what can be put back here, so one leak does not fail the tests after it too.
    for name in (
        os.environ.keys() - before["os.environ"].keys() - {"PYTEST_CURRENT_TEST"} - library_set
    ):
        del os.environ[name]
    os.environ.update({k: v for k, v in before["os.environ"].items() if k not in library_set})
    os.chdir(before["working directory"])
    ours = before["sys.path (outside the virtualenv)"]
    sys.path[:] = ours + [p for p in sys.path if p.startswith(sys.prefix) and p not in ours]
    pytest.fail(
        f"{request.node.nodeid} left global state changed (restore it in the test or its "
        "fixture, e.g. with monkeypatch):\n  - " + "\n  - ".join(leaks),
        pytrace=False,
    )
