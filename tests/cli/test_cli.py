"""The ``kakehashi`` command: createuser and seed-demo against the test database."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from kakehashi.cli import build_parser


def test_subcommands_named_by_the_issue_exist() -> None:
    parser = build_parser()
    for argv in (
        ["migrate"], ["seed-demo"], ["serve", "--host", "0.0.0.0", "--port", "9000"],
        ["createuser", "--email", "a@b.jp", "--password", "x" * 12, "--role", "group",
         "--org", "会"],
        ["import", "groups", "f.csv"], ["export", "needs"],
    ):
        assert parser.parse_args(argv).command == argv[0]


def test_unknown_role_is_refused() -> None:
    with pytest.raises(SystemExit):
        build_parser().parse_args(
            ["createuser", "--email", "a@b.jp", "--password", "x", "--role", "mayor"]
        )


def test_the_database_and_the_secret_key_are_the_owners_alone(tmp_path: Path) -> None:
    """A fresh install writes no file that other accounts on the server could read."""
    env = {**os.environ, "KAKEHASHI_VAR_DIR": str(tmp_path)}
    env.pop("KAKEHASHI_DATABASE_URL", None)
    subprocess.run([sys.executable, "-m", "kakehashi.cli", "migrate"], env=env, check=True,
                   capture_output=True)
    backup = tmp_path / "copy.backup"
    subprocess.run([sys.executable, "-m", "kakehashi.cli", "backup", str(backup)], env=env,
                   check=True, capture_output=True)
    for path in (tmp_path / "secret.key", tmp_path / "kakehashi.sqlite3", backup):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
