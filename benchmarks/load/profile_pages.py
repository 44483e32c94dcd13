"""Where a page's milliseconds go: CPU, SQL statements and the top functions, per page type.

    python -m benchmarks.load.profile_pages                 # 10x the demo city on PostgreSQL
    python -m benchmarks.load.profile_pages --factor 1 --requests 50 --top 25
    python -m benchmarks.load.profile_pages --words         # each of the mix's search words

One process serves (uvicorn, one worker, in this process) and asks (the load test's keep-alive
client), so ``time.process_time()`` over a page's requests is what one request costs the web
worker (the client's share is small: a few per cent of a core in the load test). SQL statements
are counted at Tortoise's PostgreSQL client. With ``--top`` a cProfile of all pages prints the
functions with the most time of their own, and the cumulative time of Kakehashi's functions:
the profile the issue-19 work started from and was checked against.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import os
import pstats
import socket
import time
from collections import Counter
from collections.abc import Awaitable
from typing import Any
from urllib.parse import urlsplit

from benchmarks.load import data
from benchmarks.load.client import Connection
from benchmarks.load.cpu import cpu_between, postgres_cpu
from benchmarks.load_test import (
    _CSRF,
    HOST,
    SEARCH_WORDS,
    growth_pages,
    read_city,
    sign_in,
)

statements: Counter[str] = Counter()
shown: list[str] = []


def count_statements() -> None:
    """Wrap asyncpg's one execution path so every round trip to PostgreSQL is counted."""
    import asyncpg.connection

    original = asyncpg.connection.Connection._do_execute

    def counted(*args: Any, **kwargs: Any) -> Awaitable[Any]:
        statements["total"] += 1
        shown.append(str(args[1]))
        return original(*args, **kwargs)  # type: ignore[no-any-return]

    asyncpg.connection.Connection._do_execute = counted  # type: ignore[method-assign]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


async def measure(url: str, requests: int, profiler: cProfile.Profile | None,
                  show_sql: bool, only: str, width: int | None = 160,
                  words: bool = False) -> None:
    import uvicorn

    from kakehashi.app import create_app
    from kakehashi.settings import Settings

    os.environ["KAKEHASHI_DATABASE_URL"] = url
    os.environ["KAKEHASHI_PUBLIC_PAGE_SECONDS"] = "0"  # what building each page costs
    app = create_app(Settings.from_env())
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host=HOST, port=port, log_level="warning",
                                           access_log=False, lifespan="on"))
    serving = asyncio.create_task(server.serve())
    while not server.started:
        await asyncio.sleep(0.05)
    try:
        city = await read_city(url)
        jars = {"department": await sign_in(port, "fukushi@kakehashi.example"),
                "group": await sign_in(port, "group@kakehashi.example")}
        connection = Connection(HOST, port)
        database = urlsplit(url).path.lstrip("/")
        print(f"\n  {'page':<26}{'CPU/request':>12}{'PostgreSQL':>12}{'SQL/request':>12}")
        pages = [(f"search {word}", f"/search?q={word}", None) for word in SEARCH_WORDS] \
            if words else growth_pages(city)
        for name, path, account in pages:
            if only and only not in name:
                continue
            cookies = jars[account] if account else None
            for _ in range(3):
                await connection.request("GET", path, cookies)
            statements.clear()
            if profiler:
                profiler.enable()
            backends, started = postgres_cpu(database), time.process_time()
            for _ in range(requests):
                response = await connection.request("GET", path, cookies)
                assert response.status == 200, (path, response.status)
            spent = time.process_time() - started
            in_db = cpu_between(backends, postgres_cpu(database))
            if profiler:
                profiler.disable()
            print(f"  {name:<26}{spent / requests * 1e3:>10.2f}ms{in_db / requests * 1e3:>10.2f}ms"
                  f"{statements['total'] / requests:>12.1f}")
            if show_sql:
                shown.clear()
                await connection.request("GET", path, cookies)
                print("\n".join("      " + " ".join(line.split())[:width] for line in shown))
        if not words and (not only or only in "save"):
            await measure_saves(connection, city, jars["department"], requests, profiler,
                                database)
        await connection.close()
    finally:
        server.should_exit = True
        await serving


async def measure_saves(connection: Connection, city: Any, cookies: dict[str, str],
                        requests: int, profiler: cProfile.Profile | None,
                        database: str) -> None:
    """Saving a call's edit form (the load test's write), text changed each time."""
    need_id = city.department_needs[0]
    path = f"/needs/{need_id}/edit"
    spent, in_db, saves = 0.0, 0.0, max(1, requests // 4)
    statements.clear()
    for number in range(saves):
        page = await connection.request("GET", path, cookies)
        token = _CSRF.search(page.text)
        assert token, "no CSRF token on the edit form"
        form = dict(city.need_forms[need_id], csrftoken=token.group(1))
        form["description"] = f"{form['description']} {number}"
        before = statements["total"]
        if profiler:
            profiler.enable()
        backends, started = postgres_cpu(database), time.process_time()
        response = await connection.request("POST", path, cookies, form)
        spent += time.process_time() - started
        in_db += cpu_between(backends, postgres_cpu(database))
        if profiler:
            profiler.disable()
        statements["saves"] += statements["total"] - before
        assert response.status == 303, (path, response.status)
    print(f"  {'save (call edit form)':<26}{spent / saves * 1e3:>10.2f}ms"
          f"{in_db / saves * 1e3:>10.2f}ms{statements['saves'] / saves:>12.1f}")


def print_profile(profiler: cProfile.Profile, top: int) -> None:
    for order, title in (("tottime", "own time"), ("cumulative", "cumulative, Kakehashi only")):
        buffer = io.StringIO()
        stats = pstats.Stats(profiler, stream=buffer).sort_stats(order)
        if order == "cumulative":
            stats.print_stats("kakehashi", top)
        else:
            stats.print_stats(top)
        print(f"\n--- top {top} by {title} ---")
        print("\n".join(line for line in buffer.getvalue().splitlines()
                        if line.strip() and not line.startswith(("   Ordered", "   List"))))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--factor", type=int, default=10, help="times the demo city (1: as is)")
    parser.add_argument("--requests", type=int, default=100, help="requests per page type")
    parser.add_argument("--top", type=int, default=0, help="print a cProfile's top N functions")
    parser.add_argument("--only", default="", help="only the pages whose name contains this")
    parser.add_argument("--sql", action="store_true", help="print each page's statements")
    parser.add_argument("--whole", action="store_true",
                        help="with --sql, print statements whole (else their first 160 characters)")
    parser.add_argument("--database", help="an existing database's URL (skips the set-up)")
    parser.add_argument("--words", action="store_true",
                        help="search pages, one per word of the load test's mix, instead")
    options = parser.parse_args()
    count_statements()
    db = None
    url = options.database
    if url is None:
        server = data.postgres_server()
        if server is None:
            raise SystemExit("no PostgreSQL server (set KAKEHASHI_TEST_DATABASE_URL)")
        db = data.Database.create(server)
        env = {**os.environ, "KAKEHASHI_DATABASE_URL": db.url}
        for args in (["migrate"], ["seed-demo"], ["reindex"]):
            data.kakehashi(env, *args)
        if options.factor > 1:
            data.multiply(db.url, options.factor)
        url = db.url
    profiler = cProfile.Profile() if options.top else None
    try:
        asyncio.run(measure(url, options.requests, profiler, options.sql,
                            options.only, None if options.whole else 160, options.words))
        if profiler:
            print_profile(profiler, options.top)
    finally:
        if db is not None:
            db.drop()


if __name__ == "__main__":
    main()
