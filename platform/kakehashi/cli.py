"""``kakehashi`` on the command line: migrate, seed-demo, serve, worker, reindex, createuser,
import, export, backup, restore."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import TypeVar

from tortoise import Tortoise
from tortoise.migrations.api import migrate as run_migrations

from kakehashi.accounts.models import Role
from kakehashi.db import tortoise_config
from kakehashi.http import urls
from kakehashi.routes import build_routes
from kakehashi.settings import Settings

T = TypeVar("T")


async def _with_database(settings: Settings, job: Callable[[], Awaitable[T]]) -> T:
    await Tortoise.init(config=tortoise_config(settings.database_url))
    try:
        return await job()
    finally:
        await Tortoise.close_connections()


async def migrate_database(settings: Settings) -> None:
    """Apply every migration, then make sure the default field taxonomy exists."""
    from kakehashi.taxonomy.fields import ensure_taxonomy

    await run_migrations(config=tortoise_config(settings.database_url))
    await _with_database(settings, ensure_taxonomy)


def _cmd_migrate(args: argparse.Namespace, settings: Settings) -> int:
    asyncio.run(migrate_database(settings))
    print("Database is up to date.")
    return 0


def _cmd_seed_demo(args: argparse.Namespace, settings: Settings) -> int:
    from kakehashi.demo.loader import (
        DemoAccount,
        database_is_empty,
        existing_demo_accounts,
        seed_demo,
    )

    def show(accounts: Sequence[DemoAccount]) -> None:
        if not accounts:
            return
        print(f"Demo accounts (password for all: {accounts[0].password}):")
        for account in accounts:
            where = f"  ({account.affiliation})" if account.affiliation else ""
            print(f"  {account.role.value:<12} {account.email}{where}")

    async def job() -> int:
        if args.if_empty and not await database_is_empty():
            print("The database already holds data; demo data not loaded again.")
            show(await existing_demo_accounts())
            return 0
        summary = await seed_demo(seed=args.seed)
        print(
            f"Demo city loaded: {summary.groups} groups, {summary.departments} departments, "
            f"{summary.needs} needs, {summary.capabilities} capabilities."
        )
        show(summary.accounts)
        return 0

    return asyncio.run(_with_database(settings, job))


def _cmd_reindex(args: argparse.Namespace, settings: Settings) -> int:
    from kakehashi.suggestions.worker import MatchingWorker

    async def job() -> int:
        changed = await MatchingWorker().run_once()
        print(f"Reindexed {changed} documents; suggestions rewritten.")
        return 0

    return asyncio.run(_with_database(settings, job))


def _cmd_worker(args: argparse.Namespace, settings: Settings) -> int:
    import logging

    from kakehashi.notifications.worker import MailWorker
    from kakehashi.suggestions.worker import MatchingWorker

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")

    async def job() -> int:
        # Matching and mail run side by side; each guards its own passes against failures.
        await asyncio.gather(
            MatchingWorker().run_forever(interval=args.interval),
            MailWorker(settings).run_forever(interval=args.interval),
        )
        return 0

    try:
        return asyncio.run(_with_database(settings, job))
    except KeyboardInterrupt:
        return 0


def _cmd_remind(args: argparse.Namespace, settings: Settings) -> int:
    from kakehashi.desk.reminders import send_overdue_reminders
    from kakehashi.notifications import outbox

    async def job() -> int:
        outbox.use_settings(settings)
        print(f"Reminded {await send_overdue_reminders()} people of overdue items.")
        return 0

    return asyncio.run(_with_database(settings, job))


def _cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    from kakehashi.http.page_changes import workers_can_hear_each_other
    from kakehashi.settings import workers_keep_no_public_pages

    print(f"Kakehashi on http://{args.host}:{args.port}/")
    if not workers_can_hear_each_other(settings.database_url, args.workers):
        workers_keep_no_public_pages()
        print("SQLite with several workers: public pages are built for every visitor "
              "(only PostgreSQL tells the other workers when something is saved).")
    uvicorn.run(
        "kakehashi.asgi:app", host=args.host, port=args.port, workers=args.workers,
        proxy_headers=True, log_level="info",
        forwarded_allow_ips=settings.forwarded_allow_ips,
        timeout_keep_alive=5,  # an idle kept-alive connection is closed after 5 s
        h11_max_incomplete_event_size=16_384,  # request line and headers: 16 KB at most
    )
    return 0


def _cmd_createuser(args: argparse.Namespace, settings: Settings) -> int:
    from kakehashi.accounts.mail_links import mark_verified
    from kakehashi.accounts.rules import create_user
    from kakehashi.errors import DomainError
    from kakehashi.i18n import gettext

    async def job() -> int:
        try:
            user = await create_user(
                args.email, args.password, Role(args.role), display_name=args.name or "",
                affiliation=args.org,
            )
        except DomainError as error:
            print(gettext(error.message, **error.params), file=sys.stderr)
            return 1
        await mark_verified(user.id)  # an administrator vouches for the address
        print(f"Created {user.role} {user.email}.")
        return 0

    return asyncio.run(_with_database(settings, job))


def _cmd_import(args: argparse.Namespace, settings: Settings) -> int:
    from kakehashi.directory.csv_io import import_csv

    async def job() -> int:
        report = await import_csv(args.kind, Path(args.file).read_bytes())
        if report.errors:
            for error in report.errors:
                print(f"row {error.row}, {error.column}: {error.message}", file=sys.stderr)
            print(f"Nothing imported: {len(report.errors)} problem(s).", file=sys.stderr)
            return 1
        print(f"Imported {report.created} new and {report.updated} updated {args.kind}.")
        return 0

    return asyncio.run(_with_database(settings, job))


def _cmd_export(args: argparse.Namespace, settings: Settings) -> int:
    from kakehashi.directory.csv_io import export_csv

    async def job() -> int:
        data = await export_csv(args.kind)
        if args.output == "-":
            sys.stdout.buffer.write(data)
        else:
            Path(args.output).write_bytes(data)
        return 0

    return asyncio.run(_with_database(settings, job))


def _cmd_backup(args: argparse.Namespace, settings: Settings) -> int:
    from kakehashi import backup

    job = backup.backup if args.command == "backup" else backup.restore
    try:
        outcome = job(settings.database_url, Path(args.file))
    except backup.BackupError as error:
        print(f"{args.command}: {error}", file=sys.stderr)
        return 1
    print(outcome.message)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kakehashi", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    commands.add_parser("migrate", help="apply database migrations").set_defaults(
        handler=_cmd_migrate
    )

    seed = commands.add_parser("seed-demo", help="load the fictional demo city (idempotent)")
    seed.add_argument("--seed", type=int, default=2026)
    seed.add_argument("--if-empty", action="store_true", help="only into an empty database")
    seed.set_defaults(handler=_cmd_seed_demo)

    serve = commands.add_parser("serve", help="serve the web application")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1)
    serve.set_defaults(handler=_cmd_serve)

    commands.add_parser(
        "reindex", help="rebuild the matching index, every stored suggestion and the queue"
    ).set_defaults(handler=_cmd_reindex)

    worker = commands.add_parser(
        "worker", help="keep suggestions up to date and send mails, reminders and digests"
    )
    worker.add_argument("--interval", type=float, default=2.0, help="seconds between checks")
    worker.set_defaults(handler=_cmd_worker)

    commands.add_parser(
        "remind", help="mail each person their overdue desk items (run daily from cron)"
    ).set_defaults(handler=_cmd_remind)

    user = commands.add_parser("createuser", help="create an account")
    user.add_argument("--email", required=True)
    user.add_argument("--password", required=True)
    user.add_argument("--role", required=True, choices=[r.value for r in Role])
    user.add_argument("--org", help="the group or department the user belongs to")
    user.add_argument("--name", help="display name")
    user.set_defaults(handler=_cmd_createuser)

    kinds = ("groups", "departments", "needs")
    importer = commands.add_parser("import", help="import a CSV file (UTF-8 or Shift_JIS)")
    importer.add_argument("kind", choices=kinds)
    importer.add_argument("file")
    importer.set_defaults(handler=_cmd_import)

    exporter = commands.add_parser("export", help="export a CSV file (UTF-8 with BOM)")
    exporter.add_argument("kind", choices=kinds)
    exporter.add_argument("-o", "--output", default="-")
    exporter.set_defaults(handler=_cmd_export)

    saver = commands.add_parser(
        "backup", help="write a consistent copy of the database (SQLite file or pg_dump)"
    )
    saver.add_argument("file")
    saver.set_defaults(handler=_cmd_backup)
    restorer = commands.add_parser(
        "restore", help="replace the database with a backup (stop the server and worker first)"
    )
    restorer.add_argument("file")
    restorer.set_defaults(handler=_cmd_backup)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    os.umask(0o077)  # the database, its backups and the secret key are the owner's alone
    settings = Settings.from_env()
    urls.install(build_routes(settings.static_dir))  # mails and notifications link by name
    return int(args.handler(args, settings))


if __name__ == "__main__":
    sys.exit(main())
