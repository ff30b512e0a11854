"""The service's settings: read from the command line, the environment and a settings
file (in that order), shown by ``fieldbook-server settings``, refused in one line when bad,
and handed to every worker process of ``serve --workers`` (no environment in between)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from sync.protocol.messages import Role
from sync.server.cli import main
from sync.server.config import ServiceConfig, SettingsError, read_config
from sync.server.db import Database
from sync.server.office import Office
from tests.sync.conftest import Api, ServerProcess


@pytest.fixture(autouse=True)
def _no_settings_from_outside(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ServiceConfig.model_fields:
        monkeypatch.delenv(f"FIELDBOOK_{name.upper()}", raising=False)
    monkeypatch.delenv("FIELDBOOK_SETTINGS_FILE", raising=False)


def _shown(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, tuple[str, str, str]]:
    """``fieldbook-server settings``: name -> (value, source, meaning)."""
    assert main([*args, "settings"]) == 0
    lines = capsys.readouterr().out.splitlines()
    shown = {}
    for meaning, line in zip(lines[::2], lines[1::2], strict=True):
        assert meaning.startswith("# ")
        setting, source = line.split("  # ")
        name, value = setting.rstrip().split(" = ", 1)
        shown[name] = (value, source, meaning[2:])
    return shown


def test_every_setting_with_its_value_source_and_meaning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    file = tmp_path / "fieldbook.toml"
    file.write_text(
        'company_name = "华信 IT"\nsmtp_port = 587\nsmtp_password = "hunter2"\n'
        "smtp_starttls = true\nthreads = 4\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("FIELDBOOK_SMTP_PORT", "2525")  # the environment overrides the file
    shown = _shown(capsys, "--settings", str(file), "--db", "postgresql+psycopg://u:pw@h/db")
    assert set(shown) == set(ServiceConfig.model_fields)
    assert all(meaning for _, _, meaning in shown.values())
    assert shown["company_name"][:2] == ('"华信 IT"', f"file {file}")
    assert shown["smtp_port"][:2] == ("2525", "environment FIELDBOOK_SMTP_PORT")
    assert shown["smtp_starttls"][:2] == ("true", f"file {file}")
    assert shown["smtp_password"][:2] == ('"********"', f"file {file}")
    assert shown["server_db"] == (
        '"postgresql+psycopg://u:***@h/db"',
        "command line",
        shown["server_db"][2],
    )
    assert shown["mail_from"][:2] == ('"fieldbook@localhost"', "default")
    assert shown["cookie_secure"][:2] == ("(unset)", "default")
    assert "hunter2" not in str(shown)

    # The file named by the environment instead of --settings; --db is not needed.
    monkeypatch.setenv("FIELDBOOK_SETTINGS_FILE", str(file))
    assert _shown(capsys)["threads"][:2] == ("4", f"file {file}")
    monkeypatch.setenv("FIELDBOOK_SETTINGS_FILE", "")  # empty: none
    assert _shown(capsys)["threads"][:2] == ("8", "default")
    monkeypatch.setenv("FIELDBOOK_SETTINGS_FILE", str(file))
    config = read_config(threads=6)
    assert (config.threads, config.smtp_port, config.company_name) == (6, 2525, "华信 IT")
    assert config.smtp_password.get_secret_value() == "hunter2"


@pytest.mark.parametrize(
    ("text", "env", "says"),
    [
        (None, {}, "settings file {file}: No such file or directory"),
        ("smtp_port = ", {}, "settings file {file}: not TOML"),
        (b"\xff\xfe", {}, "settings file {file}: not UTF-8 text"),
        ('smpt_host = "mail"', {}, "settings file {file}: unknown setting 'smpt_host'"),
        ("[smtp]\nhost = 'mail'", {}, "settings file {file}: unknown setting 'smtp'"),
        ('smtp_port = "twenty-five"', {}, "setting smtp_port (file {file}): Input should be"),
        ("smtp_port = 70000", {}, "setting smtp_port (file {file}): Input should be less"),
        ("", {"FIELDBOOK_THREADS": "many"}, "setting threads (environment FIELDBOOK_THREADS)"),
        ("", {"FIELDBOOK_SMTP_STARTTLS": "maybe"}, "setting smtp_starttls (environment"),
        ("smtp_password = 7", {}, "setting smtp_password (file {file}): Input should be"),
    ],
)
def test_a_bad_setting_is_one_clear_line_and_exit_2(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    text: str | bytes | None,
    env: dict[str, str],
    says: str,
) -> None:
    file = tmp_path / "fieldbook.toml"
    if isinstance(text, bytes):
        file.write_bytes(text)
    elif text is not None:
        file.write_text(text, encoding="utf-8")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    db = f"sqlite:///{tmp_path / 'office.db'}"
    for command in (["settings"], ["--db", db, "migrate"]):
        assert main(["--settings", str(file), *command]) == 2
        err = capsys.readouterr().err
        assert err.startswith(f"fieldbook-server: {says.format(file=file)}"), err
        assert err.count("\n") == 1, err
    assert not (tmp_path / "office.db").exists()  # refused before anything was opened
    with pytest.raises(SettingsError):
        read_config(file)


def test_a_wrong_command_line_value_names_its_option(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", "sqlite://", "serve", "--threads", "0"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("fieldbook-server: setting threads (command line): Input should be")


def test_the_workers_get_the_settings_without_the_environment(
    pg_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``serve --workers 2``: the processes uvicorn starts take the settings the command
    read, here a device sign-in of 2 days from the settings file."""
    file = tmp_path / "fieldbook.toml"
    file.write_text("token_days = 2\nlogin_failures_per_address = 1000\n", encoding="utf-8")
    db = Database(pg_url, pool_size=1)
    try:
        db.migrate()
        Office(db).add_user("settings.tech", "", "pw", Role.TECHNICIAN)
    finally:
        db.dispose()
    server = ServerProcess(
        pg_url,
        tmp_path / "server.log",
        "--workers",
        "2",
        settings={"FIELDBOOK_SETTINGS_FILE": str(file)},
    )
    try:
        for _ in range(4):  # more sign-ins than workers: each worker answers some
            api = Api(server.url)
            r = api.post(
                "/login",
                json={"username": "settings.tech", "password": "pw", "device_name": "t"},
            )
            assert r.status_code == 200, r.text
            expires = datetime.fromisoformat(r.json()["expires_at"])
            lasts = expires - datetime.now(UTC)
            assert timedelta(days=1) < lasts <= timedelta(days=2), lasts
    finally:
        server.stop()
