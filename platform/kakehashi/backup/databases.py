"""Which database a backup is of, and what backups and restores share: errors, files, kinds."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"
REQUIRED_TABLES = ("tortoise_migrations", "organisation", "need", "user_account")
"""Tables every Kakehashi database has: a SQLite file without them is not a Kakehashi backup."""


class BackupError(Exception):
    """An expected failure, explained in ``str(error)``."""


@dataclass(frozen=True)
class SqliteDatabase:
    path: Path


@dataclass(frozen=True)
class PostgresDatabase:
    host: str
    port: int
    user: str
    password: str
    name: str

    def arguments(self) -> list[str]:
        return ["--host", self.host, "--port", str(self.port), "--username", self.user,
                "--no-password"]

    def environment(self) -> dict[str, str]:
        env = dict(os.environ)
        if self.password:
            env["PGPASSWORD"] = self.password
        return env

    def describe(self) -> str:
        return f"PostgreSQL database {self.name} on {self.host}:{self.port}"


Database = SqliteDatabase | PostgresDatabase


@dataclass(frozen=True)
class Outcome:
    """What a backup or restore did, for the command line to print."""

    message: str


def database_from_url(url: str) -> Database:
    """The database a (normalised) ``KAKEHASHI_DATABASE_URL`` names."""
    if url.startswith("sqlite://"):
        location = url[len("sqlite://") :].split("?", 1)[0]
        if not location or location == ":memory:":
            raise BackupError("An in-memory SQLite database cannot be backed up or restored.")
        return SqliteDatabase(Path("/" + location.lstrip("/") if location[0] == "/" else location))
    if url.startswith(("postgres://", "postgresql://")):
        parts = urlsplit(url)
        name = unquote(parts.path.lstrip("/"))
        if not name:
            raise BackupError(f"The database URL names no database: {hide_password(url)}")
        return PostgresDatabase(
            host=parts.hostname or "localhost", port=parts.port or 5432,
            user=unquote(parts.username or "postgres"), password=unquote(parts.password or ""),
            name=name,
        )
    raise BackupError(f"Unsupported database URL: {hide_password(url)}")


def hide_password(url: str) -> str:
    parts = urlsplit(url)
    if parts.password:
        return url.replace(f":{parts.password}@", ":***@", 1)
    return url


def magic(path: Path) -> bytes:
    with path.open("rb") as handle:
        return handle.read(len(SQLITE_MAGIC))


def fsync(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def temporary_beside(path: Path, purpose: str) -> Path:
    return path.with_name(f".{path.name}.{purpose}-{os.getpid()}")


@contextlib.contextmanager
def replacing(destination: Path) -> Iterator[Path]:
    """A temporary file beside ``destination`` that durably replaces it if the block succeeds:
    a failed or interrupted backup never leaves a half-written file under the backup's name."""
    temporary = temporary_beside(destination, "partial")
    try:
        yield temporary
        fsync(temporary)
        os.replace(temporary, destination)
        fsync(destination.parent)
    finally:
        temporary.unlink(missing_ok=True)
