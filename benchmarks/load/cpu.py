"""CPU time of the web workers and of PostgreSQL, read from the kernel's process counters.

Wall-clock latency says how long a visitor waits; CPU per request says how many pages a server
can give. ``/proc/<pid>/stat`` holds each process's user and system time; the difference over
a run, divided by the requests served, is the CPU one request costs. Linux only.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # The command name is in parentheses and may hold spaces: split after its closing one.
    return text[text.rindex(")") + 2:].split()


def _cpu_seconds(fields: list[str]) -> float:
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime (fields 14 and 15)


def _pids() -> list[int]:
    return [int(name) for name in os.listdir("/proc") if name.isdigit()]


def group_cpu(process_group: int) -> dict[int, float]:
    """CPU seconds of every process in ``process_group`` (a server and its workers)."""
    found = {}
    for pid in _pids():
        fields = _stat(pid)
        if fields is not None and int(fields[2]) == process_group:
            found[pid] = _cpu_seconds(fields)
    return found


def postgres_cpu(database: str) -> dict[int, float]:
    """CPU seconds of the PostgreSQL backends serving ``database`` (their command line names
    it: ``postgres: user database host(port) state``)."""
    found = {}
    marker = f" {database} ".encode()
    for pid in _pids():
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")
        except OSError:
            continue
        if command.startswith(b"postgres: ") and marker in command + b" ":
            fields = _stat(pid)
            if fields is not None:
                found[pid] = _cpu_seconds(fields)
    return found


def cpu_between(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU used between two readings by processes alive at the second (a new one from 0)."""
    return sum(seconds - before.get(pid, 0.0) for pid, seconds in after.items())


@dataclass
class CpuMeter:
    """Reads both counters before and after a run: ``meter.start()``, run, ``meter.stop()``."""

    process_group: int
    database: str
    web: float = 0.0
    db: float = 0.0

    def start(self) -> None:
        self._web = group_cpu(self.process_group)
        self._db = postgres_cpu(self.database)

    def stop(self) -> None:
        self.web = cpu_between(self._web, group_cpu(self.process_group))
        self.db = cpu_between(self._db, postgres_cpu(self.database))
