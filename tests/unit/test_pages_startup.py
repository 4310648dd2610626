"""Start-up: streamlit_config/config.toml becomes Streamlit flags; the user's flags win."""

from __future__ import annotations

from pathlib import Path

from dashboard.launch import APP_PATH, build_argv, config_flags, database_url_from_secrets


def test_config_becomes_flags_for_streamlit_run() -> None:
    argv = build_argv([])
    assert argv[:3] == ["streamlit", "run", str(APP_PATH)]
    for flag in (
        "--client.showErrorDetails=none",
        "--client.toolbarMode=minimal",
        "--browser.gatherUsageStats=false",
        "--server.headless=true",
    ):
        assert flag in argv


def test_user_flags_override_the_config() -> None:
    argv = build_argv(["--server.port", "8600", "--server.headless=false"])
    assert argv[-3:] == ["--server.port", "8600", "--server.headless=false"]
    assert "--server.headless=true" not in argv


def test_nested_tables_and_lists(tmp_path: Path) -> None:
    assert config_flags({"theme": {"sidebar": {"primaryColor": "#000"}, "x": [1, 2]}}) == [
        "--theme.sidebar.primaryColor=#000",
        "--theme.x=[1, 2]",
    ]
    config = tmp_path / "config.toml"
    config.write_text("[server]\nport = 9000\n", encoding="utf-8")
    assert build_argv([], config)[3:] == ["--server.port=9000"]


def test_database_url_from_secrets(tmp_path: Path) -> None:
    secrets = tmp_path / "secrets.toml"
    assert database_url_from_secrets(secrets) is None
    secrets.write_text('[database]\nurl = "sqlite:///x.db"\n', encoding="utf-8")
    assert database_url_from_secrets(secrets) == "sqlite:///x.db"
