"""Settings: one frozen dataclass read from ``KAKEHASHI_*`` environment variables.

Safe defaults let ``make run`` work with nothing set: SQLite under ``var/`` and a secret key
kept in ``var/secret.key`` so sessions survive restarts. Production sets the variables.

This module is the only place that reads the environment; the rest of the package takes a
:class:`Settings` (or, for Tortoise's own command line, :func:`database_url_from_env`).
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_DIR.parents[1]
"""The checkout, when the package runs from one: ``templates/``, ``static/`` and ``var/`` live
here."""


def site_dir(name: str) -> Path:
    """The site's ``templates`` or ``static`` folder.

    A wheel carries them inside the package (``kakehashi/templates``, see pyproject.toml); a
    checkout, and so an editable install, keeps them at its root.
    """
    packaged = PACKAGE_DIR / name
    return packaged if packaged.is_dir() else PROJECT_ROOT / name


def default_var_dir() -> Path:
    """``var/`` of the checkout; for an installed wheel, ``var/`` of the working directory."""
    if (PACKAGE_DIR / "templates").is_dir():
        return Path.cwd() / "var"
    return PROJECT_ROOT / "var"


def _flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def database_url_from_env() -> str:
    """``KAKEHASHI_DATABASE_URL`` as Tortoise spells it; empty when unset."""
    url = os.environ.get("KAKEHASHI_DATABASE_URL", "").strip()
    return normalise_database_url(url) if url else ""


def default_database_url(var_dir: Path) -> str:
    return f"sqlite://{(var_dir / 'kakehashi.sqlite3').resolve()}"


def _secret_key(var_dir: Path) -> str:
    """Read the key from the environment, else from ``var/secret.key`` (created once)."""
    key = os.environ.get("KAKEHASHI_SECRET_KEY", "").strip()
    if key:
        return key
    path = var_dir / "secret.key"
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    var_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    # Owner-only from the first byte: a chmod after writing leaves a moment it is readable.
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(key)
    return key


@dataclass(frozen=True)
class Settings:
    database_url: str
    secret_key: str
    https: bool = False
    debug: bool = False
    default_locale: str = "ja"
    page_size: int = 20
    login_attempts_allowed: int = 5
    login_window_seconds: int = 900
    csv_max_bytes: int = 2_000_000
    max_form_bytes: int = 256_000
    """Request bodies, refused before parsing when larger (forms, JSON, file uploads)."""
    max_json_bytes: int = 256_000
    max_upload_bytes: int = 4_000_000
    base_url: str = "http://127.0.0.1:8000"
    """Where mails and calendar feeds point people (links must be absolute outside the site)."""
    smtp_host: str = ""
    """Empty: mails are written to the log (``make run``) and marked sent."""
    smtp_port: int = 25
    smtp_username: str = ""
    smtp_password: str = ""
    smtp_starttls: bool = False
    smtp_timeout: float = 10.0
    mail_from: str = "Kakehashi <noreply@kakehashi.example>"
    city_name: str = ""
    """The municipality printed on its notices (後援の承認通知書: 「○○市長」); empty leaves a
    line to write it by hand."""
    introductions_per_month: int = 3
    """How many introductions one party may be sent in 30 days without a coordinator override."""
    public_page_seconds: int = 10
    """How long each worker keeps a public page for visitors without cookies when nothing is
    saved through the site meanwhile (a save empties them at once; 0: keep none)."""
    forwarded_allow_ips: str | None = None
    """Reverse proxies whose ``X-Forwarded-For`` uvicorn trusts; ``None``: uvicorn's default."""
    templates_dir: Path = field(default_factory=lambda: site_dir("templates"))
    static_dir: Path = field(default_factory=lambda: site_dir("static"))

    @classmethod
    def from_env(cls) -> Settings:
        var_dir = Path(os.environ.get("KAKEHASHI_VAR_DIR", "") or default_var_dir())
        url = database_url_from_env()
        if not url:
            var_dir.mkdir(parents=True, exist_ok=True)
            url = default_database_url(var_dir)
        return cls(
            database_url=normalise_database_url(url),
            secret_key=_secret_key(var_dir),
            https=_flag("KAKEHASHI_HTTPS"),
            debug=_flag("KAKEHASHI_DEBUG"),
            page_size=_int("KAKEHASHI_PAGE_SIZE", 20),
            login_attempts_allowed=_int("KAKEHASHI_LOGIN_ATTEMPTS", 5),
            base_url=os.environ.get("KAKEHASHI_BASE_URL", "").strip().rstrip("/")
            or f"http://127.0.0.1:{_int('PORT', 8000)}",
            smtp_host=os.environ.get("KAKEHASHI_SMTP_HOST", "").strip(),
            smtp_port=_int("KAKEHASHI_SMTP_PORT", 25),
            smtp_username=os.environ.get("KAKEHASHI_SMTP_USERNAME", ""),
            smtp_password=os.environ.get("KAKEHASHI_SMTP_PASSWORD", ""),
            smtp_starttls=_flag("KAKEHASHI_SMTP_STARTTLS"),
            smtp_timeout=float(os.environ.get("KAKEHASHI_SMTP_TIMEOUT", "") or 10),
            mail_from=os.environ.get("KAKEHASHI_MAIL_FROM", "").strip()
            or "Kakehashi <noreply@kakehashi.example>",
            introductions_per_month=_int("KAKEHASHI_INTRODUCTIONS_PER_MONTH", 3),
            city_name=os.environ.get("KAKEHASHI_CITY_NAME", "").strip(),
            max_form_bytes=_int("KAKEHASHI_MAX_FORM_BYTES", 256_000),
            max_json_bytes=_int("KAKEHASHI_MAX_JSON_BYTES", 256_000),
            max_upload_bytes=_int("KAKEHASHI_MAX_UPLOAD_BYTES", 4_000_000),
            public_page_seconds=_int("KAKEHASHI_PUBLIC_PAGE_SECONDS", 10),
            forwarded_allow_ips=os.environ.get("KAKEHASHI_FORWARDED_ALLOW_IPS", "").strip()
            or None,
        )


def workers_keep_no_public_pages() -> None:
    """Workers ``kakehashi serve --workers N`` starts read their settings from the environment:
    they will read ``KAKEHASHI_PUBLIC_PAGE_SECONDS`` as 0."""
    os.environ["KAKEHASHI_PUBLIC_PAGE_SECONDS"] = "0"


def normalise_database_url(url: str) -> str:
    """Accept ``sqlite:///abs/path`` and ``postgresql://`` spellings as Tortoise expects them."""
    if url.startswith("postgresql://"):
        return "postgres://" + url[len("postgresql://") :]
    if url.startswith("sqlite:///") and not url.startswith("sqlite:////"):
        return "sqlite://" + url[len("sqlite://") :]
    return url
