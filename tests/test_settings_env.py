"""Settings are read from the environment in one place, ``kakehashi.settings``."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kakehashi import db
from kakehashi.settings import Settings, database_url_from_env

PACKAGE = Path(__file__).resolve().parents[1] / "platform" / "kakehashi"
READS = re.compile(r"os\.environ\.get|os\.environ\[|os\.getenv|environ\.get\(")


def test_only_the_settings_module_reads_the_environment() -> None:
    readers = sorted(
        str(path.relative_to(PACKAGE)) for path in PACKAGE.rglob("*.py")
        if path.name != "settings.py" and READS.search(path.read_text(encoding="utf-8"))
    )
    assert readers == []


def test_forwarded_allow_ips_come_from_the_settings(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("KAKEHASHI_VAR_DIR", str(tmp_path))
    monkeypatch.delenv("KAKEHASHI_DATABASE_URL", raising=False)
    monkeypatch.delenv("KAKEHASHI_FORWARDED_ALLOW_IPS", raising=False)
    assert Settings.from_env().forwarded_allow_ips is None
    monkeypatch.setenv("KAKEHASHI_FORWARDED_ALLOW_IPS", " 10.0.0.5,10.0.0.6 ")
    assert Settings.from_env().forwarded_allow_ips == "10.0.0.5,10.0.0.6"


def test_tortoise_command_line_config_follows_the_database_url(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("KAKEHASHI_DATABASE_URL", raising=False)
    monkeypatch.delenv("KAKEHASHI_SECRET_KEY", raising=False)
    monkeypatch.setenv("KAKEHASHI_VAR_DIR", str(tmp_path / "var"))
    assert database_url_from_env() == ""
    config = db._config_from_env()
    assert config["connections"]["default"]["credentials"]["file_path"] == ":memory:"

    monkeypatch.setenv("KAKEHASHI_DATABASE_URL", "postgresql://kakehashi@db.internal:5432/k")
    assert database_url_from_env() == "postgres://kakehashi@db.internal:5432/k"
    monkeypatch.setenv("KAKEHASHI_DATABASE_URL", f"sqlite://{tmp_path}/x.sqlite3")
    config = db._config_from_env()
    assert config["connections"]["default"]["credentials"]["file_path"] == f"{tmp_path}/x.sqlite3"
    assert not (tmp_path / "var").exists()  # no secret key written just to read the URL
