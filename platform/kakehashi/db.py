"""Database configuration shared by the app, the CLI and Tortoise's own command line."""

from __future__ import annotations

import os
from typing import Any

from kakehashi.settings import Settings

MODELS_MODULE = "kakehashi.models"
MIGRATIONS_MODULE = "kakehashi.migrations"
TIMEZONE = "Asia/Tokyo"


def tortoise_config(database_url: str) -> dict[str, Any]:
    return {
        "connections": {"default": database_url},
        "apps": {
            "models": {
                "models": [MODELS_MODULE],
                "default_connection": "default",
                "migrations": MIGRATIONS_MODULE,
            }
        },
        "use_tz": True,
        "timezone": TIMEZONE,
    }


def _config_from_env() -> dict[str, Any]:
    if os.environ.get("KAKEHASHI_DATABASE_URL"):
        return tortoise_config(Settings.from_env().database_url)
    return tortoise_config("sqlite://:memory:")


TORTOISE_ORM = _config_from_env()
"""For ``tortoise -c kakehashi.db.TORTOISE_ORM makemigrations`` (run by ``make migrations``)."""
