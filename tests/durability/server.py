"""The kill -9 tests' server: a ``servers.LiveServer`` on the suite's own database, fixed key."""

from __future__ import annotations

import os
from pathlib import Path

from servers import LiveServer

SECRET_KEY = "durability-test-secret-" + "x" * 32
"""Fixed, so a session cookie signed before a crash is still valid after the restart."""


def cli_environment(database_url: str, var_dir: Path) -> dict[str, str]:
    return {
        **os.environ,
        "KAKEHASHI_DATABASE_URL": database_url,
        "KAKEHASHI_VAR_DIR": str(var_dir),
        "KAKEHASHI_SECRET_KEY": SECRET_KEY,
    }


def live_server(database_url: str, var_dir: Path) -> LiveServer:
    """A server that may be killed and started again; its output goes to ``server.log``."""
    return LiveServer(cli_environment(database_url, var_dir), log=var_dir / "server.log")
