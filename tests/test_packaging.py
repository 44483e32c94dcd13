"""The wheel serves the site: it carries the pages, the assets and the translations, and once
installed the settings find them inside the package.

Builds with the same backend `make test` installs (hatchling, a test extra) and without build
isolation or an index, so it runs offline. Slow for a unit test (about 10 s: a wheel build, an
install into a temporary folder and a fresh interpreter that migrates a SQLite file and serves
two pages): those two tests are marked ``packaging`` (``-m "not packaging"`` leaves them out) and
run in the SQLite pass of ``make test`` only, since they touch neither test database.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

sqlite_pass_only = pytest.mark.skipif(
    os.environ.get("KAKEHASHI_TEST_DB", "").startswith("postgres"),
    reason="independent of the database: runs in the SQLite pass",
)


def _pip(*args: str | Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", *map(str, args), "--quiet", "--no-index",
         "--disable-pip-version-check"],
        check=True, cwd=ROOT,
    )


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    _pip("wheel", "--no-deps", "--no-build-isolation", "--wheel-dir", out, ROOT)
    (built,) = out.glob("kakehashi-*.whl")
    return built


def _files(folder: Path) -> set[str]:
    return {
        path.relative_to(folder).as_posix() for path in folder.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }


@pytest.mark.packaging
@sqlite_pass_only
def test_wheel_holds_templates_static_files_and_translations(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in ("kakehashi/templates/base.html", "kakehashi/static/css/kakehashi.css",
                 "kakehashi/locale/ja/core.po", "kakehashi/migrations/__init__.py",
                 "matching/__init__.py"):
        assert name in names, name
    # Every file of the three folders, so a new one can't be left out by a pattern.
    for folder, prefix in ((ROOT / "templates", "kakehashi/templates/"),
                           (ROOT / "static", "kakehashi/static/"),
                           (ROOT / "platform/kakehashi/locale", "kakehashi/locale/")):
        missing = {prefix + name for name in _files(folder)} - names
        assert not missing, sorted(missing)
    assert not {name for name in names if name.startswith(("tests/", "benchmarks/", "platform/"))}


SMOKE = textwrap.dedent(
    """
    import sys
    from pathlib import Path

    site = Path(sys.argv[1]).resolve()
    from kakehashi import i18n, settings
    from kakehashi.settings import Settings

    assert settings.PACKAGE_DIR == site / "kakehashi", settings.PACKAGE_DIR
    assert i18n.LOCALE_DIR.parent == site / "kakehashi"
    config = Settings.from_env()
    assert config.templates_dir == site / "kakehashi" / "templates", config.templates_dir
    assert config.static_dir == site / "kakehashi" / "static", config.static_dir
    assert config.database_url.endswith("/var/kakehashi.sqlite3"), config.database_url
    assert Path.cwd() / "var" / "secret.key" in list((Path.cwd() / "var").iterdir())

    from kakehashi.cli import main
    assert main(["migrate"]) == 0

    import asyncio
    import httpx
    from kakehashi.app import create_app

    async def serve() -> None:
        app = create_app(config)
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://x") as client:
                page = await client.get("/login")
                assert page.status_code == 200, page.status_code
                assert 'name="password"' in page.text  # the packaged auth/login.html
                assert 'lang="ja"' in page.text and "ログイン" in page.text
                css = await client.get("/static/css/kakehashi.css")
                assert css.status_code == 200
                assert css.headers["content-type"].startswith("text/css")

    asyncio.run(serve())
    print("served from", site)
    """
)


@pytest.mark.packaging
@sqlite_pass_only
def test_installed_wheel_serves_pages_assets_and_japanese(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site-packages"
    _pip("install", "--no-deps", "--target", site, wheel)
    workdir = tmp_path / "work"
    workdir.mkdir()
    # The wheel's copy comes first on the path, ahead of the checkout's editable install (whose
    # finder is asked only after the path); no KAKEHASHI_* variable, so every default applies.
    env = {k: v for k, v in os.environ.items() if not k.startswith("KAKEHASHI_")}
    env["PYTHONPATH"] = str(site)
    result = subprocess.run(
        [sys.executable, "-W", "error", "-c", SMOKE, str(site)],
        cwd=workdir, env=env, capture_output=True, text=True, timeout=300, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "served from" in result.stdout


def test_checkout_settings_use_the_root_folders() -> None:
    from kakehashi import settings

    assert settings.site_dir("templates") == ROOT / "templates"
    assert settings.site_dir("static") == ROOT / "static"
    assert settings.default_var_dir() == ROOT / "var"
