"""Workers telling each other that the site changed, so none answers from a public page it kept
before a write (``public_pages.py``): PostgreSQL's LISTEN/NOTIFY. On SQLite, which serves with
one worker, the worker's own write is enough; any other gap is bounded by the pages' seconds."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import asyncpg
from tortoise import connections

from kakehashi.db import connection_config
from kakehashi.http.public_pages import PublicPages

CHANNEL = "kakehashi_site_changed"
log = logging.getLogger(__name__)


def _on_postgresql(config: dict[str, Any]) -> bool:
    return str(config["engine"]).endswith("asyncpg")


def workers_can_hear_each_other(database_url: str, workers: int) -> bool:
    """Whether a save through one worker can empty every worker's kept pages: always with one
    worker, with several only through PostgreSQL."""
    return workers <= 1 or _on_postgresql(connection_config(database_url))


@asynccontextmanager
async def heard_by_every_worker(database_url: str, pages: PublicPages) -> AsyncIterator[None]:
    """While open, this worker's writes empty every worker's kept pages, and theirs its own."""
    config = connection_config(database_url)
    if not pages.enabled or not _on_postgresql(config):
        yield
        return
    credentials = config["credentials"]
    listener = await asyncpg.connect(
        host=credentials.get("host"), port=credentials.get("port"),
        user=credentials.get("user"), password=credentials.get("password"),
        database=credentials.get("database"),
    )
    await listener.add_listener(CHANNEL, lambda *_: pages.clear())
    pages.announce = _announce
    try:
        yield
    finally:
        pages.announce = None
        await listener.close()


async def _announce() -> None:
    try:
        await connections.get("default").execute_script(f"NOTIFY {CHANNEL}")
    except Exception:  # the write stands; other workers catch up within the pages' seconds
        log.warning("could not tell the other workers the site changed", exc_info=True)
