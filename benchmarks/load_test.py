"""Load test of Kakehashi on PostgreSQL with ten times the demo city (``make check-load``).

    python -m benchmarks.load_test                 # about four minutes, one command
    python -m benchmarks.load_test --duration 10   # shorter phases

What it does, on loopback only:

1. creates a fresh PostgreSQL database (``KAKEHASHI_TEST_DATABASE_URL`` names the server, else
   ``postgres@127.0.0.1:5432``), runs ``kakehashi migrate``, ``seed-demo`` and ``reindex``;
2. starts ``kakehashi serve --workers 2`` and measures the median of every page type one user
   at a time (1x data), multiplies the city to 10x (:mod:`benchmarks.load.data`) and measures
   the same pages again: the growth ratio shows whether a page slows down with the data;
3. measures the CPU one request costs, per page type: each page alone at 10x, 8 users flat out,
   the web workers' and PostgreSQL's process CPU counters over the run divided by the requests
   (:mod:`benchmarks.load.cpu`);
4. drives Kakehashi with 50 concurrent keep-alive users and no think time (saturation: the
   throughput, and the CPU per request of the whole mix), then 100 users browsing with a
   think time of 0.5-1.5 s between requests (the latency target): browsing, filtered and
   paged lists, detail pages, Japanese search, suggestion pages and the edit form as the
   signed-in demo department and group, and writes;
5. prints requests/s, p50/p90/p99/max and errors per request type and overall, and whether the
   targets are met (exit status 1 if one is missed);
6. stops the server and drops the database, also on failure or Ctrl-C.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import re
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import asyncpg

from benchmarks.load import data
from benchmarks.load.client import Connection, Response, Stats, drive, update_cookies
from benchmarks.load.cpu import CpuMeter

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"
PASSWORD = "kakehashi-demo"
DEPARTMENT_USER = "fukushi@kakehashi.example"
GROUP_USER = "group@kakehashi.example"
SEARCH_WORDS = ["高齢者", "子ども", "防災", "見守り", "清掃", "子育て 支援", "ボランティア",
                "こうれいしゃ", "多文化", "環境 学習", "居場所", "まちづくり"]
TARGET_P99 = 0.100
"""Browsing p99 at ``--browsing-users`` (100) users."""
TARGET_RPS = 500
"""Saturation throughput of the page mix, two web workers and PostgreSQL on two cores: about
4 ms of CPU per request for everything (issue 19; it replaced a ratio to a bare template)."""
CPU_USERS = 8
"""Concurrent users while one page type's CPU is measured (enough to keep both cores busy)."""
GROWTH_LIMIT = 2.0
"""A page whose median at 10x data is more than twice its median at 1x grows with the data."""
BUILD_COOKIE = {"kakehashi-load": "build"}
"""Sent with the anonymous pages whose time or CPU is measured alone: a visitor carrying any
cookie is never answered from the public pages a worker keeps, so these figures are what
building each page costs. The mix's visitors send no cookie, as real ones do."""
_CSRF = re.compile(r'name="csrftoken" value="([^"]+)"')


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


class Server:
    """A uvicorn server in its own process group, stopped with SIGTERM then SIGKILL."""

    def __init__(self, name: str, argv: list[str], env: dict[str, str], port: int) -> None:
        self.name, self.port = name, port
        self.log = open(os.devnull, "wb")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            argv, cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.PIPE,
            start_new_session=True,
        )

    def wait_ready(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited:\n{self.process.stderr.read().decode()}")
            try:
                with socket.create_connection((HOST, self.port), timeout=0.5) as sock:
                    sock.sendall(f"GET / HTTP/1.1\r\nHost: {HOST}\r\nConnection: close\r\n\r\n"
                                 .encode())
                    if sock.recv(12).startswith(b"HTTP/1.1 200"):
                        return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"{self.name} did not answer within {timeout:.0f} s")

    def stop(self) -> None:
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log.close()


def kakehashi_server(env: dict[str, str], workers: int) -> Server:
    port = free_port()
    argv = [data.KAKEHASHI, "serve", "--host", HOST, "--port", str(port),
            "--workers", str(workers)]
    return Server("kakehashi serve", argv, env, port)


# --- what the virtual users know about the city ----------------------------------------------


@dataclass
class City:
    groups: list[int]
    needs: list[int]
    capabilities: list[int]
    departments: list[int]
    field_codes: list[str]
    kinds: list[str]
    areas: list[str]
    group_id: int = 0
    group_form: dict[str, object] = field(default_factory=dict)
    department_id: int = 0
    department_needs: list[int] = field(default_factory=list)
    need_forms: dict[int, dict[str, object]] = field(default_factory=dict)
    pages: dict[str, int] = field(default_factory=dict)


def _iso(value: date | None) -> str:
    return value.isoformat() if value else ""


async def read_city(url: str) -> City:
    connection = await asyncpg.connect(url.replace("postgres://", "postgresql://", 1))
    try:
        async def ids(sql: str, *args: object) -> list[int]:
            return [r[0] for r in await connection.fetch(sql, *args)]

        async def codes_of(table: str, key: str, record_id: int) -> list[str]:
            return [r[0] for r in await connection.fetch(
                f"SELECT f.code FROM {table} x JOIN field f ON f.id = x.field_id "
                f"WHERE x.{key} = $1", record_id)]

        approved = "SELECT id FROM organisation WHERE status = 'approved'"
        city = City(
            groups=await ids(approved + " ORDER BY id"),
            needs=await ids(f"SELECT id FROM need WHERE status = 'open' AND (department_id IS "
                            f"NOT NULL OR organisation_id IN ({approved})) ORDER BY id"),
            capabilities=await ids(f"SELECT id FROM capability WHERE department_id IS NOT NULL "
                                   f"OR organisation_id IN ({approved}) ORDER BY id"),
            departments=await ids("SELECT id FROM department ORDER BY id"),
            field_codes=[r[0] for r in await connection.fetch(
                "SELECT code FROM field WHERE parent_id IS NULL ORDER BY position")],
            kinds=[r[0] for r in await connection.fetch(
                "SELECT DISTINCT kind FROM organisation ORDER BY kind")],
            areas=[r[0] for r in await connection.fetch(
                "SELECT DISTINCT area FROM organisation WHERE area <> '' ORDER BY area LIMIT 20")],
        )
        membership = "SELECT m.{0}_id FROM membership m JOIN user_account u ON u.id = m.user_id " \
                     "WHERE u.email = $1 AND m.{0}_id IS NOT NULL LIMIT 1"
        city.group_id = int(await connection.fetchval(membership.format("organisation"),
                                                      GROUP_USER))
        city.department_id = int(await connection.fetchval(membership.format("department"),
                                                           DEPARTMENT_USER))
        org = await connection.fetchrow("SELECT * FROM organisation WHERE id = $1", city.group_id)
        city.group_form = {
            "name": org["name"], "furigana": org["furigana"], "kind": org["kind"],
            "area": org["area"], "description": org["description"],
            "activities": org["activities"],
            "fields": await codes_of("organisation_field", "organisation_id", city.group_id),
            "founded_year": org["founded_year"] or "", "size": org["size"] or "",
            "criteria_declared": __import__("json").loads(org["criteria_declared"] or "[]"),
            "public_contact": org["public_contact"], "contact_name": org["contact_name"],
            "contact_email": org["contact_email"], "contact_phone": org["contact_phone"],
        }
        for row in await connection.fetch(
            "SELECT * FROM need WHERE department_id = $1 AND status = 'open' ORDER BY id LIMIT 5",
            city.department_id,
        ):
            city.department_needs.append(row["id"])
            city.need_forms[row["id"]] = {
                "title": row["title"], "description": row["description"], "area": row["area"],
                "fields": await codes_of("need_field", "need_id", row["id"]),
                "period_start": _iso(row["period_start"]), "period_end": _iso(row["period_end"]),
            }
        for table, where in (("organisation", "status = 'approved'"), ("need", "status = 'open'"),
                             ("capability", "TRUE")):
            total = int(await connection.fetchval(f"SELECT COUNT(*) FROM {table} WHERE {where}"))
            city.pages[table] = max(1, -(-total // 20))
        return city
    finally:
        await connection.close()


# --- signing in ----------------------------------------------------------------------------


async def sign_in(port: int, email: str) -> dict[str, str]:
    """Cookies of a signed-in session (shared by the virtual users acting for that account)."""
    connection, jar = Connection(HOST, port), {}
    try:
        page = await connection.request("GET", "/login")
        update_cookies(jar, page)
        token = _CSRF.search(page.text)
        assert token, "no CSRF token on /login"
        answer = await connection.request("POST", "/login", jar, {
            "email": email, "password": PASSWORD, "next": "/me", "csrftoken": token.group(1),
        })
        update_cookies(jar, answer)
        if answer.status != 303:
            raise RuntimeError(f"signing in as {email} answered {answer.status}")
        return jar
    finally:
        await connection.close()


# --- the mix -------------------------------------------------------------------------------


Request = tuple[str, str]  # (request type, path)


def browsing_request(city: City, rng: random.Random) -> Request:
    """One anonymous page, in the proportions of the mix."""
    roll = rng.random()
    if roll < 0.12:
        return "home", "/"
    if roll < 0.30:
        kind, table = rng.choice([("groups", "organisation"), ("needs", "need"),
                                  ("capabilities", "capability")])
        page = rng.randint(1, city.pages[table])
        return "list page", f"/{kind}?page={page}"
    if roll < 0.42:
        choice = rng.random()
        if choice < 0.4:
            return "list filtered", f"/groups?field={rng.choice(city.field_codes)}" \
                                    f"&kind={rng.choice(city.kinds)}"
        if choice < 0.7:
            return "list filtered", f"/needs?field={rng.choice(city.field_codes)}&status=open"
        if choice < 0.85:
            return "list filtered", f"/groups?area={rng.choice(city.areas)}"
        return "list filtered", "/departments"
    if roll < 0.72:
        kind, ids = rng.choice([("groups", city.groups), ("needs", city.needs),
                                ("capabilities", city.capabilities),
                                ("departments", city.departments)])
        return "detail", f"/{kind}/{rng.choice(ids)}"
    return "search", f"/search?q={rng.choice(SEARCH_WORDS)}"


def suggestion_request(city: City, rng: random.Random) -> tuple[str, Request]:
    """(account, request): a suggestion page as the department or the group."""
    choice = rng.random()
    if choice < 0.4:
        return "department", ("suggestions", f"/needs/{rng.choice(city.department_needs)}"
                                             f"/suggestions")
    if choice < 0.6:
        return "department", ("suggestions", f"/departments/{city.department_id}/suggestions")
    return "group", ("suggestions", f"/groups/{city.group_id}/suggestions")


@dataclass
class Mix:
    city: City
    port: int
    jars: dict[str, dict[str, str]]
    think: tuple[float, float] | None
    seed: int = 7
    write_share: float = 0.08
    """Share of a user's turns that open an edit form and save it (two requests)."""
    loud_share: float = 0.0
    """Share of those saves that change a call's area or the group's name (which may move them
    in lists, so every kept page is emptied) instead of a description (which forgets only the
    pages that showed the record)."""
    connections: dict[int, Connection] = field(default_factory=dict)
    rngs: dict[int, random.Random] = field(default_factory=dict)
    saves: int = 0
    anonymous: int = 0
    kept: int = 0
    """Anonymous answers a worker sent from its kept public pages (they carry ``Age``)."""

    async def call(
        self, user: int, stats: Stats, kind: str, path: str, account: str | None = None,
        form: dict[str, object] | None = None, expect: int = 200,
    ) -> Response | None:
        connection = self.connections.setdefault(user, Connection(HOST, self.port))
        jar = self.jars[account] if account else None
        started = time.perf_counter()
        try:
            response = await connection.request("POST" if form is not None else "GET", path,
                                                 jar, form)
        except Exception as error:
            stats.record(kind, time.perf_counter() - started, f"{type(error).__name__} {path}")
            return None
        elapsed = time.perf_counter() - started
        if account is None:
            self.anonymous += 1
            self.kept += response.header("age") is not None
        error = None if response.status == expect else f"{response.status} {path}"
        stats.record(kind, elapsed, error)
        return response

    async def act(self, user: int, stats: Stats) -> None:
        rng = self.rngs.setdefault(user, random.Random(self.seed * 1000 + user))
        roll = rng.random()
        if roll < 0.88 - self.write_share:  # 12 % suggestion pages, the rest browsing
            kind, path = browsing_request(self.city, rng)
            await self.call(user, stats, kind, path)
        elif roll < 1.0 - self.write_share:
            account, (kind, path) = suggestion_request(self.city, rng)
            await self.call(user, stats, kind, path, account)
        else:
            await self.write(user, stats, rng)
        if self.think:
            await asyncio.sleep(rng.uniform(*self.think))

    async def write(self, user: int, stats: Stats, rng: random.Random) -> None:
        """Open an edit form, then save it with the page's CSRF token (a changed text)."""
        self.saves += 1
        loud = rng.random() < self.loud_share
        if rng.random() < 0.6:
            need_id = rng.choice(self.city.department_needs)
            account, page = "department", f"/needs/{need_id}/edit"
            form = dict(self.city.need_forms[need_id])
            changed = "area" if loud else "description"
        else:
            account, page = "group", f"/groups/{self.city.group_id}/edit"
            form = dict(self.city.group_form)
            changed = "name" if loud else "description"
        form[changed] = f"{form[changed]}".rstrip("。") + ("。" if self.saves % 2 else "")
        response = await self.call(user, stats, "edit form", page, account)
        if response is None or response.status != 200:
            return
        token = _CSRF.search(response.text)
        if token is None:
            stats.record("save", 0.0, f"no CSRF token on {page}")
            return
        form["csrftoken"] = token.group(1)
        if self.think:
            await asyncio.sleep(rng.uniform(*self.think))
        await self.call(user, stats, "save", page, account, form, expect=303)

    async def close(self) -> None:
        for connection in self.connections.values():
            await connection.close()


# --- growth with the data --------------------------------------------------------------------


def growth_pages(city: City) -> list[tuple[str, str, str | None]]:
    """(page type, path, account) of fixed pages, measured at 1x and at 10x."""
    need = city.needs[len(city.needs) // 2]
    return [
        ("home", "/", None),
        ("groups list", "/groups", None),
        ("groups list page 5", "/groups?page=5", None),
        ("groups by field", f"/groups?field={city.field_codes[0]}", None),
        ("needs list open", "/needs?status=open", None),
        ("capabilities list", "/capabilities", None),
        ("departments list", "/departments", None),
        ("group profile", f"/groups/{city.groups[len(city.groups) // 2]}", None),
        ("need detail", f"/needs/{need}", None),
        ("capability detail", f"/capabilities/{city.capabilities[len(city.capabilities) // 2]}",
         None),
        ("department profile", f"/departments/{city.department_id}", None),
        ("search 高齢者", "/search?q=高齢者", None),
        ("search 子育て 支援", "/search?q=子育て 支援", None),
        ("need suggestions", f"/needs/{city.department_needs[0]}/suggestions", "department"),
        ("group suggestions", f"/groups/{city.group_id}/suggestions", "group"),
        ("department suggestions", f"/departments/{city.department_id}/suggestions",
         "department"),
        ("need edit form", f"/needs/{city.department_needs[0]}/edit", "department"),
        ("my page (group)", "/me", "group"),
    ]


async def page_medians(port: int, pages: list[tuple[str, str, str | None]],
                       jars: dict[str, dict[str, str]], rounds: int) -> dict[str, float]:
    """Median time of each page, requested ``rounds`` times one at a time (after one warm-up)."""
    connection = Connection(HOST, port)
    times: dict[str, list[float]] = {name: [] for name, _, _ in pages}
    try:
        for round_number in range(rounds + 1):
            for name, path, account in pages:
                started = time.perf_counter()
                response = await connection.request("GET", path,
                                                    jars[account] if account else BUILD_COOKIE)
                if response.status != 200:
                    raise RuntimeError(f"{path} answered {response.status}")
                if round_number:
                    times[name].append(time.perf_counter() - started)
    finally:
        await connection.close()
    return {name: sorted(values)[len(values) // 2] for name, values in times.items()}


# --- the run -----------------------------------------------------------------------------


@dataclass
class Options:
    users: int
    duration: float
    max_requests: int
    workers: int
    factor: int
    rounds: int
    think: tuple[float, float]
    browsing_users: int = 100
    cpu_seconds: float = 5.0
    public_page_seconds: int | None = None
    write_share: float = 0.08
    loud_share: float = 0.0


def ms(seconds: float) -> str:
    return f"{seconds * 1e3:.1f} ms"


async def load_phases(options: Options, app: Server, meter: CpuMeter, city: City,
                      jars: dict[str, dict[str, str]]) -> dict[str, Stats]:
    results: dict[str, Stats] = {}
    for label, think, users in (("saturation", None, options.users),
                                ("browsing", options.think, options.browsing_users)):
        mix = Mix(city, app.port, jars, think, write_share=options.write_share,
                  loud_share=options.loud_share)
        try:
            duration = options.duration * (2 if think else 1)
            if think is None:
                await drive(users, mix.act, 3.0, options.max_requests)  # warm-up
                meter.start()
            results[label] = await drive(users, mix.act, duration, options.max_requests,
                                         warmup=0.0 if think is None else 3.0)
            if think is None:
                meter.stop()
                served = max(1, results[label].total)
                print(f"\nCPU per request of the mix at saturation: web workers "
                      f"{meter.web / served * 1e3:.2f} ms, PostgreSQL {meter.db / served * 1e3:.2f}"
                      f" ms; {mix.kept} of {mix.anonymous} anonymous requests answered from "
                      f"the workers' kept public pages", flush=True)
        finally:
            await mix.close()
        title = (f"\nKakehashi, {users} users, no think time (saturation)" if not think
                 else f"\nKakehashi, {users} users browsing "
                      f"({think[0]}-{think[1]} s between requests)")
        print(results[label].table(title), flush=True)
    return results


@dataclass(frozen=True)
class PageCost:
    rps: float
    web_ms: float
    db_ms: float


async def cpu_per_page(port: int, pages: list[tuple[str, str, str | None]],
                       jars: dict[str, dict[str, str]], meter: CpuMeter,
                       seconds: float) -> dict[str, PageCost]:
    """Each page type alone, ``CPU_USERS`` users flat out for ``seconds``: requests per second
    and the CPU of the web workers and of PostgreSQL per request."""
    costs: dict[str, PageCost] = {}
    for name, path, account in pages:
        connections: dict[int, Connection] = {}

        async def act(user: int, stats: Stats, path: str = path, account: str | None = account,
                      name: str = name, connections: dict[int, Connection] = connections
                      ) -> None:
            connection = connections.setdefault(user, Connection(HOST, port))
            started = time.perf_counter()
            try:
                response = await connection.request("GET", path,
                                                     jars[account] if account else BUILD_COOKIE)
            except Exception as error:
                stats.record(name, time.perf_counter() - started, type(error).__name__)
                return
            stats.record(name, time.perf_counter() - started,
                         None if response.status == 200 else f"{response.status} {path}")

        try:
            await drive(CPU_USERS, act, 1.0, 1_000_000)  # warm-up
            meter.start()
            stats = await drive(CPU_USERS, act, seconds, 1_000_000)
            meter.stop()
        finally:
            for connection in connections.values():
                await connection.close()
        served = max(1, stats.total)
        costs[name] = PageCost(served / stats.elapsed, meter.web / served * 1e3,
                               meter.db / served * 1e3)
    return costs


def print_costs(costs: dict[str, PageCost]) -> None:
    print(f"\n  {'page (alone, ' + str(CPU_USERS) + ' users)':<30}{'req/s':>8}{'web CPU':>10}"
          f"{'db CPU':>9}{'total':>9}")
    for name, cost in costs.items():
        print(f"  {name:<30}{cost.rps:>8.0f}{cost.web_ms:>8.2f}ms{cost.db_ms:>7.2f}ms"
              f"{cost.web_ms + cost.db_ms:>7.2f}ms")


async def sign_in_all(port: int) -> dict[str, dict[str, str]]:
    return {"department": await sign_in(port, DEPARTMENT_USER),
            "group": await sign_in(port, GROUP_USER)}


def run(options: Options, server: str) -> int:
    db = data.Database.create(server)
    servers: list[Server] = []
    try:
        env = {**os.environ, "KAKEHASHI_DATABASE_URL": db.url,
               "KAKEHASHI_SECRET_KEY": "load-test-" + db.name}
        env.pop("KAKEHASHI_DEBUG", None)
        if options.public_page_seconds is not None:
            env["KAKEHASHI_PUBLIC_PAGE_SECONDS"] = str(options.public_page_seconds)
        started = time.perf_counter()
        print(f"Database {db.name} on {data.urlsplit(server).netloc}: migrate, seed-demo, "
              "reindex ...", flush=True)
        for args in (["migrate"], ["seed-demo"], ["reindex"]):
            data.kakehashi(env, *args)
        print(f"  demo city: {data.counts(db.url)} ({time.perf_counter() - started:.0f} s)")
        app = kakehashi_server(env, options.workers)
        servers.append(app)
        app.wait_ready()
        meter = CpuMeter(app.process.pid, db.name)

        city = asyncio.run(read_city(db.url))
        jars = asyncio.run(sign_in_all(app.port))
        pages = growth_pages(city)
        print(f"\nOne user at a time, {options.rounds} rounds of {len(pages)} pages at 1x ...",
              flush=True)
        small = asyncio.run(page_medians(app.port, pages, jars, options.rounds))

        started = time.perf_counter()
        copied = data.multiply(db.url, options.factor)
        print(f"Multiplied to {options.factor}x in {time.perf_counter() - started:.1f} s: "
              f"{data.counts(db.url)} ({sum(copied.values())} rows copied)")
        big = asyncio.run(page_medians(app.port, pages, jars, options.rounds))
        print(f"\n  {'page':<26}{'p50 1x':>10}{'p50 ' + str(options.factor) + 'x':>10}"
              f"{'growth':>8}")
        grown = []
        for name, _, _ in pages:
            ratio = big[name] / small[name]
            if ratio > GROWTH_LIMIT:
                grown.append(name)
            print(f"  {name:<26}{small[name] * 1e3:>8.1f}ms{big[name] * 1e3:>8.1f}ms"
                  f"{ratio:>7.2f}x")

        print(f"\nCPU per request, each page type alone at {options.factor}x "
              f"({options.cpu_seconds:g} s each) ...", flush=True)
        print_costs(asyncio.run(cpu_per_page(app.port, pages, jars, meter,
                                             options.cpu_seconds)))
        city = asyncio.run(read_city(db.url))
        results = asyncio.run(load_phases(options, app, meter, city, jars))
        return report(options, results, grown)
    finally:
        for server_process in reversed(servers):
            server_process.stop()
        db.drop()
        print(f"\nServers stopped; database {db.name} dropped.")


def report(options: Options, results: dict[str, Stats], grown: list[str]) -> int:
    saturation = results["saturation"].overall()
    browsing = results["browsing"].overall()
    errors = results["saturation"].total_errors + results["browsing"].total_errors
    checks = [
        (f"saturation >= {TARGET_RPS} req/s ({options.users} users, the page mix"
         + ("" if options.write_share == 0.08 else
            f" with {options.write_share:.1%} saves instead of the target's 8 %")
         + (f", {options.loud_share:.0%} of saves changing an area or a name"
            if options.loud_share
            else "") + ")",
         saturation["rps"] >= TARGET_RPS, f"{saturation['rps']:.0f} req/s"),
        (f"p99 at {options.browsing_users} browsing users < {ms(TARGET_P99)}",
         browsing["p99"] < TARGET_P99, ms(browsing["p99"])),
        ("zero errors", errors == 0, str(errors)),
        (f"no page slower than {GROWTH_LIMIT:g}x at {options.factor}x data", not grown,
         ", ".join(grown) or "none"),
    ]
    print("\nSummary")
    print(f"  saturated {saturation['rps']:.0f} req/s (p50 {ms(saturation['p50'])}, p99 "
          f"{ms(saturation['p99'])}); browsing {browsing['rps']:.0f} req/s (p50 "
          f"{ms(browsing['p50'])}, p99 {ms(browsing['p99'])})")
    for stats in results.values():
        for sample in stats.error_samples:
            print(f"  error: {sample}")
    for name, ok, figure in checks:
        print(f"  [{'met' if ok else 'MISSED'}] {name}: {figure}")
    return 0 if all(ok for _, ok, _ in checks) else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=30.0,
                        help="seconds of each measured phase (browsing runs twice as long)")
    parser.add_argument("--max-requests", type=int, default=200_000,
                        help="stop a phase after this many requests")
    parser.add_argument("--browsing-users", type=int, default=100)
    parser.add_argument("--cpu-seconds", type=float, default=5.0,
                        help="seconds each page type runs alone for its CPU per request")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--public-page-seconds", type=int, default=None,
                        help="how long workers keep public pages (0: build every page; "
                             "default: the app's own, 10 s)")
    parser.add_argument("--factor", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=15,
                        help="rounds of the one-user page timings at 1x and 10x")
    parser.add_argument("--write-share", type=float, default=0.08,
                        help="share of the users' turns that save an edit form (the target "
                             "is for 0.08; less shows a city that mostly reads)")
    parser.add_argument("--loud-share", type=float, default=0.0,
                        help="share of the saves that change a call's area or the group's "
                             "name, which empties every kept page (the mix's saves change a "
                             "description)")
    args = parser.parse_args(argv)
    server = data.postgres_server()
    if server is None:
        print("No PostgreSQL server: set KAKEHASHI_TEST_DATABASE_URL or start one on "
              "127.0.0.1:5432.", file=sys.stderr)
        return 2
    with contextlib.suppress(ImportError):
        import uvloop

        asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())
    options = Options(args.users, args.duration, args.max_requests, args.workers, args.factor,
                      args.rounds, (0.5, 1.5), args.browsing_users, args.cpu_seconds,
                      args.public_page_seconds, args.write_share, args.loud_share)
    def interrupted(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupted)  # stop servers and drop the database on kill too
    signal.signal(signal.SIGINT, signal.default_int_handler)  # even if started in the background
    print(f"{os.cpu_count()} CPUs; load average before the run "
          f"{', '.join(f'{x:.2f}' for x in os.getloadavg())} (other work on the machine "
          "slows every figure here)", flush=True)
    try:
        return run(options, server)
    except KeyboardInterrupt:
        print("Interrupted.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
