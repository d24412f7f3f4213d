"""The session's limits come from the configuration ([session] table), built in one place."""

from __future__ import annotations

from test_session_support import make_session, reach

from kiosk.config import load_config
from kiosk.session import SessionConfig, State


def test_limits_follow_the_configuration(tmp_path):
    config = load_config(
        None,
        tmp_path,
        environ={
            "MPP_KIOSK__SESSION__INACTIVITY_WARNING_S": "30",
            "MPP_KIOSK__SESSION__INACTIVITY_RESET_S": "10",
            "MPP_KIOSK__SESSION__MAX_MATCH_ATTEMPTS": "4",
            "MPP_KIOSK__SESSION__MAX_LIVENESS_ATTEMPTS": "1",
        },
    )
    limits = SessionConfig.from_config(config)
    assert (limits.warning_after, limits.reset_after) == (30.0, 10.0)
    assert (limits.max_match_attempts, limits.max_liveness_attempts) == (4, 1)


def test_configured_face_attempts_are_what_the_session_allows(tmp_path):
    environ = {"MPP_KIOSK__SESSION__MAX_LIVENESS_ATTEMPTS": "2"}
    s = reach(
        State.FACE,
        make_session(SessionConfig.from_config(load_config(None, tmp_path, environ=environ))),
    )
    s.face_failed("no_face")
    assert s.state is State.FACE_FAILED
    s.retry()
    s.face_failed("poor_quality")  # the second failed face check: staff take over
    assert s.state is State.STAFF_HELP and s.data.help_reason.code == "poor_quality"


def test_without_a_configuration_the_documented_defaults_apply(tmp_path):
    assert SessionConfig.from_config(None) == SessionConfig()
    assert SessionConfig.from_config(load_config(None, tmp_path, environ={})) == SessionConfig()
    limits = SessionConfig()
    assert (limits.warning_after, limits.reset_after) == (45.0, 15.0)
    assert (limits.max_match_attempts, limits.max_liveness_attempts) == (3, 3)
