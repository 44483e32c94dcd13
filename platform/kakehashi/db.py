"""Database configuration shared by the app, the CLI and Tortoise's own command line."""

from __future__ import annotations

from typing import Any

from tortoise.backends.base.config_generator import expand_db_url

from kakehashi.settings import database_url_from_env
from kakehashi.timezone import TIMEZONE

# Tortoise discovers the models in these modules (each concept keeps its own); a model's
# docstring must not contain a semicolon: Tortoise splits SQLite DDL on them.
MODELS_MODULES = [
    "kakehashi.accounts.models",
    "kakehashi.taxonomy.models",
    "kakehashi.directory.models.orgs",
    "kakehashi.directory.models.needs",
    "kakehashi.directory.models.history",
    "kakehashi.introductions.models",
    "kakehashi.introductions.note_models",
    "kakehashi.collaborations.models",
    "kakehashi.proposals.models",
    "kakehashi.proposals.attachment_models",
    "kakehashi.notifications.models",
    "kakehashi.suggestions.models",
    "kakehashi.desk.models",
]
MIGRATIONS_MODULE = "kakehashi.migrations"


async def release_connection(connection: Any) -> None:
    """The pool's reset step at release: nothing beyond asyncpg's own.

    Given a reset step, asyncpg's pool first rolls back an unfinished transaction and drops
    listeners itself, then calls this. Its default step would also send
    ``pg_advisory_unlock_all(); CLOSE ALL; UNLISTEN *; RESET ALL`` at every release, and
    Tortoise releases after each query outside a transaction: about eleven extra round trips
    per page. Kakehashi takes no advisory locks, opens no cursors, listens to nothing and sets
    no session variables, so there is nothing more to undo.
    """


PLANNER_SETTINGS = {"random_page_cost": "1.1", "plan_cache_mode": "force_generic_plan"}
"""Session settings of every PostgreSQL connection.

- ``random_page_cost``: the default (4) is for spinning disks: with it the planner scans a
  whole table when a common search word's gram index matches a third of it, reading every
  stored vector (2.5x slower on the 10x load-test city). A city's tables fit in memory, where
  an index read costs about a sequential one.
- ``plan_cache_mode``: asyncpg prepares each statement once per connection, and PostgreSQL
  would still plan it again at every run for its parameters' values (a search's ranking
  statement took 1.2 ms to plan, about as long as a call's detail takes to run). The
  parameters here are ids, statuses, page offsets and sizes, whose values do not change which
  plan is best, so each statement is planned once per connection: PostgreSQL's CPU per page at
  10x fell from 0.35 to 0.05 ms for a call's detail, 1.30 to 0.70 ms for the open calls and
  10.5 to 7.5 ms for a search of 高齢者 (``benchmarks/load/profile_pages``)."""


def connection_config(database_url: str) -> dict[str, Any]:
    """Tortoise's connection settings for the URL; on PostgreSQL the light reset and the
    planner settings."""
    connection: dict[str, Any] = expand_db_url(database_url)
    if connection["engine"].endswith("asyncpg"):
        credentials = connection["credentials"]
        credentials["reset"] = release_connection
        credentials["server_settings"] = {
            **PLANNER_SETTINGS, **(credentials.get("server_settings") or {}),
        }
    return connection


def tortoise_config(database_url: str) -> dict[str, Any]:
    return {
        "connections": {"default": connection_config(database_url)},
        "apps": {
            "models": {
                "models": MODELS_MODULES,
                "default_connection": "default",
                "migrations": MIGRATIONS_MODULE,
            }
        },
        "use_tz": True,
        "timezone": TIMEZONE,
    }


def _config_from_env() -> dict[str, Any]:
    return tortoise_config(database_url_from_env() or "sqlite://:memory:")


TORTOISE_ORM = _config_from_env()
"""For ``tortoise -c kakehashi.db.TORTOISE_ORM makemigrations`` (run by ``make migrations``)."""
