"""``kakehashi serve`` in its own process, on a free loopback port, that a test may kill -9."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

SECRET_KEY = "durability-test-secret-" + "x" * 32
"""Fixed, so a session cookie signed before a crash is still valid after the restart."""

_CSRF_FIELD = re.compile(r'name="csrftoken" value="([^"]+)"')


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def cli_environment(database_url: str, var_dir: Path) -> dict[str, str]:
    return {
        **os.environ,
        "KAKEHASHI_DATABASE_URL": database_url,
        "KAKEHASHI_VAR_DIR": str(var_dir),
        "KAKEHASHI_SECRET_KEY": SECRET_KEY,
    }


class LiveServer:
    def __init__(self, database_url: str, var_dir: Path) -> None:
        self.env = cli_environment(database_url, var_dir)
        self.log = var_dir / "server.log"
        self.process: subprocess.Popen[bytes] | None = None
        self.base = ""

    def start(self, timeout: float = 60.0) -> str:
        port = free_port()
        self.base = f"http://127.0.0.1:{port}"
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "kakehashi.cli", "serve", "--port", str(port)],
                env=self.env, stdout=log, stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"the server exited: {self.log.read_text()[-2000:]}")
            try:
                if httpx.get(self.base + "/login", timeout=2).status_code == 200:
                    return self.base
            except httpx.HTTPError:
                time.sleep(0.1)
        raise AssertionError("the server did not start in time")

    def kill(self) -> None:
        """SIGKILL: no shutdown handlers, no flushing, like a power cut of the process."""
        if self.process and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()


async def csrf_token(client: httpx.AsyncClient, page: str) -> str:
    response = await client.get(page)
    match = _CSRF_FIELD.search(response.text)
    assert match, f"no CSRF field on {page} ({response.status_code})"
    return match.group(1)


async def sign_in(client: httpx.AsyncClient, email: str, password: str) -> None:
    token = await csrf_token(client, "/login")
    response = await client.post(
        "/login", data={"email": email, "password": password, "csrftoken": token}
    )
    assert response.status_code == 303, response.text[:500]
