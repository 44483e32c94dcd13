"""A small keep-alive HTTP/1.1 client on asyncio streams and the statistics of a run.

A general client (httpx) spends more CPU per request than the servers under test do on a
bare page; on a 2-core machine shared with the servers that would make the client the
bottleneck. This one does only what the load test needs: one connection per virtual user,
``Content-Length`` and chunked bodies, cookies by name, form posts.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import quote, urlencode


@dataclass
class Response:
    status: int
    headers: list[tuple[str, str]]
    body: bytes

    def header(self, name: str) -> str | None:
        name = name.lower()
        return next((v for k, v in self.headers if k == name), None)

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


class Connection:
    """One keep-alive connection to ``host:port``; reopens itself when the server closed it."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.reader = self.writer = None

    async def request(
        self, method: str, path: str, cookies: Mapping[str, str] | None = None,
        form: Mapping[str, object] | None = None, timeout: float = 30.0,
    ) -> Response:
        body = urlencode(form, doseq=True).encode() if form is not None else b""
        target = quote(path, safe="/?=&%:+,;")
        lines = [f"{method} {target} HTTP/1.1", f"Host: {self.host}:{self.port}",
                 "Accept-Language: ja", "User-Agent: kakehashi-load-test"]
        if cookies:
            lines.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in cookies.items()))
        if form is not None:
            lines.append("Content-Type: application/x-www-form-urlencoded")
            lines.append(f"Origin: http://{self.host}:{self.port}")
        if form is not None or method != "GET":
            lines.append(f"Content-Length: {len(body)}")
        raw = ("\r\n".join(lines) + "\r\n\r\n").encode() + body
        for attempt in (1, 2):
            if self.writer is None:
                self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
                fresh = True
            else:
                fresh = False
            try:
                self.writer.write(raw)
                return await asyncio.wait_for(self._read(), timeout)
            except (ConnectionError, asyncio.IncompleteReadError):
                await self.close()
                if fresh or attempt == 2:  # a kept-alive connection may have been closed idle
                    raise
        raise AssertionError("unreachable")

    async def _read(self) -> Response:
        assert self.reader is not None
        head = await self.reader.readuntil(b"\r\n\r\n")
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        status = int(status_line.split(" ", 2)[1])
        headers = []
        for line in header_lines:
            if line:
                name, _, value = line.partition(":")
                headers.append((name.strip().lower(), value.strip()))
        values = dict(headers)
        if "content-length" in values:
            body = await self.reader.readexactly(int(values["content-length"]))
        elif values.get("transfer-encoding", "").lower() == "chunked":
            parts = []
            while True:
                size = int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16)
                parts.append(await self.reader.readexactly(size + 2))
                if size == 0:
                    break
            body = b"".join(p[:-2] for p in parts)
        else:
            body = await self.reader.read()
            await self.close()
        if values.get("connection", "").lower() == "close":
            await self.close()
        return Response(status, headers, body)


def update_cookies(jar: dict[str, str], response: Response) -> None:
    for name, value in response.headers:
        if name == "set-cookie":
            pair = value.split(";", 1)[0]
            key, _, cookie = pair.partition("=")
            if 'expires=thu, 01 jan 1970' in value.lower() or not cookie.strip('"'):
                jar.pop(key.strip(), None)
            else:
                jar[key.strip()] = cookie


def percentile(sorted_values: list[float], p: float) -> float:
    """Nearest-rank percentile of an ascending list (``p`` in 0..100)."""
    if not sorted_values:
        return math.nan
    rank = max(1, math.ceil(p / 100 * len(sorted_values)))
    return sorted_values[rank - 1]


@dataclass
class Stats:
    """Latencies (seconds) and failures per request type over a measured interval."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    error_samples: list[str] = field(default_factory=list)
    started: float = 0.0
    finished: float = 0.0
    cpu_seconds: float = 0.0

    def record(self, kind: str, seconds: float, error: str | None = None) -> None:
        self.latencies[kind].append(seconds)
        if error is not None:
            self.errors[kind] += 1
            if len(self.error_samples) < 10:
                self.error_samples.append(f"{kind}: {error}")

    @property
    def elapsed(self) -> float:
        return max(1e-9, self.finished - self.started)

    @property
    def total(self) -> int:
        return sum(len(v) for v in self.latencies.values())

    @property
    def total_errors(self) -> int:
        return sum(self.errors.values())

    def row(self, kind: str | None) -> dict[str, float]:
        values = sorted(
            self.latencies[kind] if kind else [x for v in self.latencies.values() for x in v]
        )
        errors = self.errors[kind] if kind else self.total_errors
        return {
            "count": len(values), "rps": len(values) / self.elapsed,
            "p50": percentile(values, 50), "p90": percentile(values, 90),
            "p99": percentile(values, 99), "max": values[-1] if values else math.nan,
            "errors": errors, "error_rate": errors / len(values) if values else 0.0,
        }

    def overall(self) -> dict[str, float]:
        return self.row(None)

    def table(self, title: str) -> str:
        lines = [title, f"  {'request':<22}{'count':>7}{'req/s':>9}{'p50 ms':>9}{'p90 ms':>9}"
                        f"{'p99 ms':>9}{'max ms':>9}{'errors':>8}"]
        for kind in [*sorted(self.latencies), None]:
            r = self.row(kind)
            lines.append(
                f"  {kind or 'ALL':<22}{r['count']:>7}{r['rps']:>9.1f}{r['p50'] * 1e3:>9.1f}"
                f"{r['p90'] * 1e3:>9.1f}{r['p99'] * 1e3:>9.1f}{r['max'] * 1e3:>9.1f}"
                f"{r['errors']:>5} ({r['error_rate']:.1%})"
            )
        lines.append(f"  over {self.elapsed:.1f} s; load generator CPU "
                     f"{self.cpu_seconds / self.elapsed:.0%} of one core")
        return "\n".join(lines)


async def drive(
    users: int, act, duration: float, max_requests: int, warmup: float = 0.0,
) -> Stats:
    """Run ``users`` virtual users, each calling ``act(user_index, stats, deadline)`` in a loop
    (one request or one short flow per call), for ``duration`` seconds after ``warmup`` or
    until ``max_requests`` were recorded; warm-up requests are not recorded."""
    stats = Stats()
    warm = Stats()
    loop = asyncio.get_running_loop()
    start = loop.time()
    measure_from = start + warmup
    stop_at = measure_from + duration
    box = {"stats": warm if warmup > 0 else stats}
    if warmup <= 0:
        stats.started, cpu0 = time.perf_counter(), time.process_time()

    async def user(index: int) -> None:
        while loop.time() < stop_at and stats.total < max_requests:
            await act(index, box["stats"])

    async def switch() -> None:
        nonlocal cpu0
        await asyncio.sleep(warmup)
        box["stats"] = stats
        stats.started, cpu0 = time.perf_counter(), time.process_time()

    tasks = [asyncio.create_task(user(i)) for i in range(users)]
    if warmup > 0:
        cpu0 = 0.0
        await switch()
    await asyncio.gather(*tasks)
    stats.finished = time.perf_counter()
    stats.cpu_seconds = time.process_time() - cpu0
    return stats
