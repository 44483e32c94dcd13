"""Workers telling each other what the site's writes changed, so none answers from a public
page it kept before a write (``public_pages.py``): PostgreSQL's LISTEN/NOTIFY. On SQLite, which
serves with one worker, the worker's own write is enough; any other gap is bounded by the pages'
seconds. The message names what a narrow save touched (``kakehashi.freshness``); an empty one
means everything, and one whose texts would be too long for NOTIFY leaves them out and says
every search may have changed."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import asyncpg
from tortoise import connections

from kakehashi.db import connection_config
from kakehashi.freshness import Change
from kakehashi.http.public_pages import PublicPages

CHANNEL = "kakehashi_site_changed"
LONGEST_MESSAGE = 7900
"""Bytes: PostgreSQL refuses a NOTIFY payload of 8,000 or more."""
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
    await listener.add_listener(
        CHANNEL, lambda _connection, _pid, _channel, message: pages.forget(change_in(message)))
    pages.announce = _announce
    try:
        yield
    finally:
        pages.announce = None
        await listener.close()


def message_of(change: Change) -> str:
    """The NOTIFY payload that tells ``change``: empty for everything. Texts too long to pass
    (a long description, read three ways in ``search_text``) are left out, and the message then
    says every search may have changed."""
    if change.everything:
        return ""
    told: dict[str, object] = {"records": sorted(change.records), "texts": sorted(change.texts),
                               "every_search": change.every_search}
    message = json.dumps(told, ensure_ascii=False)
    if len(message.encode()) > LONGEST_MESSAGE:
        told.update(texts=[], every_search=True)
        message = json.dumps(told, ensure_ascii=False)
    return message if len(message.encode()) <= LONGEST_MESSAGE else ""


def change_in(message: str) -> Change:
    """The change a payload tells (anything unreadable counts as everything)."""
    try:
        told = json.loads(message) if message else None
        if not isinstance(told, dict):
            return Change()
        return Change(records=set(map(str, told["records"])), texts=set(map(str, told["texts"])),
                      every_search=bool(told["every_search"]), narrowed=True)
    except (ValueError, KeyError, TypeError):
        return Change()


async def _announce(change: Change) -> None:
    try:
        await connections.get("default").execute_query(
            "SELECT pg_notify($1, $2)", [CHANNEL, message_of(change)])
    except Exception:  # the write stands; other workers catch up within the pages' seconds
        log.warning("could not tell the other workers the site changed", exc_info=True)
