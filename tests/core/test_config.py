import json

import pytest

from app.cli import main
from kiosk.config import DEFAULTS, SERVER_CONFIG_FILE, ConfigError, load_config


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults(tmp_path):
    config = load_config(tmp_path / "absent.toml", tmp_path, environ={})
    assert config["session.inactivity_warning_s"] == 45
    assert config.source("session.inactivity_warning_s") == "default"
    assert set(dict(config.items())) == set(DEFAULTS)


def test_precedence_default_server_toml_env(tmp_path):
    (tmp_path / SERVER_CONFIG_FILE).write_text(
        json.dumps(
            {
                "settings": {
                    "session": {"inactivity_warning_s": 50, "max_match_attempts": 4},
                    "sync": {"retention_days": 14},
                    "unknown": {"x": 1},
                }
            }
        )
    )
    toml = write(tmp_path / "kiosk.toml", "[session]\ninactivity_warning_s = 60\n")
    env = {"MPP_KIOSK__SESSION__MAX_MATCH_ATTEMPTS": "2", "OTHER": "x"}
    config = load_config(toml, tmp_path, environ=env)
    assert config["sync.retention_days"] == 14
    assert config.source("sync.retention_days") == "server"
    assert config["session.inactivity_warning_s"] == 60
    assert config.source("session.inactivity_warning_s") == str(toml)
    assert config["session.max_match_attempts"] == 2
    assert config.source("session.max_match_attempts") == "MPP_KIOSK__SESSION__MAX_MATCH_ATTEMPTS"


def test_env_types_are_coerced(tmp_path):
    env = {
        "MPP_KIOSK__UI__LARGE_TEXT": "yes",
        "MPP_KIOSK__LIVENESS__CHALLENGES": "blink, smile",
        "MPP_KIOSK__SERVER__TIMEOUT_S": "2.5",
    }
    config = load_config(None, tmp_path, environ=env)
    assert config["ui.large_text"] is True
    assert config["liveness.challenges"] == ["blink", "smile"]
    assert config["server.timeout_s"] == 2.5
    assert config.section("camera.quality")["max_roll_deg"] == 8.0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[session\n", "not valid TOML"),
        ("[session]\ninactivity_warning_s = 'soon'\n", "session.inactivity_warning_s must be"),
        ("[session]\nnot_a_setting = 1\n", "unknown setting 'session.not_a_setting'"),
        ("[ui]\nlarge_text = 3\n", "ui.large_text must be"),
    ],
)
def test_broken_toml_names_file_and_key(tmp_path, text, expected):
    toml = write(tmp_path / "kiosk.toml", text)
    with pytest.raises(ConfigError) as caught:
        load_config(toml, tmp_path, environ={})
    assert expected in str(caught.value) and str(toml) in str(caught.value)


def test_damaged_server_document_is_ignored(tmp_path):
    (tmp_path / SERVER_CONFIG_FILE).write_text("{not json")
    assert load_config(None, tmp_path, environ={})["sync.retention_days"] == 30


def test_config_show(tmp_path, capsys, monkeypatch):
    toml = write(tmp_path / "kiosk.toml", "[kiosk]\nsite = 'MPP Kota Bandung'\n")
    monkeypatch.setenv("MPP_KIOSK__CAMERA__DEVICE", "/dev/video2")
    args = ["--data-dir", str(tmp_path / "d"), "--config", str(toml), "config", "show"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "kiosk.site" in out and '"MPP Kota Bandung"' in out and f"[{toml}]" in out
    assert "[MPP_KIOSK__CAMERA__DEVICE]" in out
    assert main([*args, "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["settings"]["camera.device"] == {
        "value": "/dev/video2",
        "source": "MPP_KIOSK__CAMERA__DEVICE",
    }


def test_config_show_reports_a_broken_file(tmp_path, capsys):
    toml = write(tmp_path / "kiosk.toml", "[session\n")
    assert main(["--data-dir", str(tmp_path), "--config", str(toml), "config", "show"]) == 1
    assert "not valid TOML" in capsys.readouterr().err
