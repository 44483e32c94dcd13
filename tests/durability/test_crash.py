"""``kill -9`` of the server in the middle of a burst of writes, then a restart.

A real ``kakehashi serve`` process runs against the suite's database (SQLite file or PostgreSQL).
A signed-in group officer fires concurrent form posts that create calls for partners (with their
field links and their history entry, one transaction each) and edit earlier ones. Once enough
of them have been acknowledged (303), the server gets SIGKILL while the rest are in flight; it
is restarted and every acknowledged write must be there in full, and no call may be half
written: its row, its field links and its history must tell the same story. Three rounds; in
the first, ``kakehashi backup`` runs during the burst, and at the end that backup is restored
and must hold every write acknowledged before it started, again with nothing half written.
"""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from factories.accounts import PASSWORD, account
from figures import record
from servers import CLI, LiveServer
from support import csrf_token, sign_in
from tortoise import Tortoise

from durability.records import half_written_needs, need_state, replayed_history
from durability.server import cli_environment, live_server
from kakehashi.accounts.models import Role
from kakehashi.db import tortoise_config
from kakehashi.directory.models.needs import Need
from kakehashi.directory.models.orgs import ApprovalStatus, Organisation
from kakehashi.taxonomy.models import Field

pytestmark = pytest.mark.durability

ROUNDS = int(os.environ.get("KAKEHASHI_CRASH_ROUNDS", "3"))
"""Three in `make test`; `make check-trust` runs twenty."""
WRITES_PER_ROUND = 48
CONCURRENCY = 8
KILL_AFTER = 16
"""Acknowledged writes after which the server is killed (the rest are queued or in flight)."""
BACKUP_AFTER = 6
EMAIL = "officer@durability.example"


@dataclass
class Write:
    kind: str  # "create" or "edit"
    title: str
    description: str
    area: str
    fields: list[str]
    period_start: str
    period_end: str
    need_id: int | None = None
    acknowledged: bool = False
    outcome: str = "not sent"

    def form(self, token: str) -> dict[str, Any]:
        data: dict[str, Any] = {
            "title": self.title, "description": self.description, "area": self.area,
            "fields": self.fields, "period_start": self.period_start,
            "period_end": self.period_end, "csrftoken": token,
        }
        if self.kind == "create":
            data["intent"] = "publish"
        return data

    def expected_state(self) -> dict[str, Any]:
        return {
            "title": self.title, "description": self.description, "area": self.area,
            "fields": sorted(self.fields), "period_start": self.period_start,
            "period_end": self.period_end, "status": "open",
        }


def _write(kind: str, round_no: int, number: int, codes: list[str], need_id: int | None = None
           ) -> Write:
    start = date(2026, 4, 1) + timedelta(days=round_no * 7 + number)
    label = "新規" if kind == "create" else "改訂"
    return Write(
        kind=kind, need_id=need_id,
        title=f"耐久試験 第{round_no}回 {label}{number:02d} 子ども食堂の配膳ボランティア",
        description=f"毎週土曜日の配膳と片付けです。第{round_no}回の{number}件目。🍙 ＡＢＣ",
        area=["東地区", "西地区", "駅前", "山手"][number % 4],
        fields=sorted({codes[number % len(codes)], codes[(number * 3 + 1) % len(codes)]}),
        period_start=start.isoformat(), period_end=(start + timedelta(days=90)).isoformat(),
    )


async def _burst(
    client: httpx.AsyncClient, server: LiveServer, writes: list[Write], owner_id: int,
    backup_to: Path | None,
) -> list[Write]:
    """Send every write concurrently; SIGKILL the server after KILL_AFTER acknowledgements.
    Returns the writes acknowledged before the backup (if any) started."""
    token = await csrf_token(client, f"/needs/new?owner=organisation:{owner_id}")
    acknowledged = 0
    enough = asyncio.Event()
    backup_started = asyncio.Event()
    before_backup: list[Write] = []
    backup_job: asyncio.Future[subprocess.CompletedProcess[str]] | None = None
    gate = asyncio.Semaphore(CONCURRENCY)

    def start_backup() -> None:
        nonlocal backup_job
        before_backup.extend(w for w in writes if w.acknowledged)
        backup_job = asyncio.ensure_future(asyncio.to_thread(
            subprocess.run, [*CLI, "backup", str(backup_to)],
            env=server.env, capture_output=True, text=True, timeout=120,
        ))
        backup_started.set()

    async def send(write: Write) -> None:
        nonlocal acknowledged
        async with gate:
            url = (f"/needs/new?owner=organisation:{owner_id}" if write.kind == "create"
                   else f"/needs/{write.need_id}/edit")
            try:
                response = await client.post(url, data=write.form(token))
            except httpx.TransportError as error:
                write.outcome = type(error).__name__
                return
            write.outcome = str(response.status_code)
            assert response.status_code == 303, response.text[:1000]
            location = response.headers["location"]
            write.need_id = int(re.search(r"/needs/(\d+)", location).group(1))  # type: ignore[union-attr]
            write.acknowledged = True
            acknowledged += 1
            if backup_to and acknowledged >= BACKUP_AFTER and not backup_started.is_set():
                start_backup()
            if acknowledged >= KILL_AFTER:
                enough.set()

    tasks = [asyncio.ensure_future(send(write)) for write in writes]
    waiter = asyncio.ensure_future(enough.wait())
    await asyncio.wait([waiter, asyncio.gather(*tasks)], return_when=asyncio.FIRST_COMPLETED)
    server.kill()
    await asyncio.gather(*tasks)
    waiter.cancel()
    assert enough.is_set(), [w.outcome for w in writes]
    if backup_job is not None:
        result = await backup_job
        assert result.returncode == 0, result.stderr
        assert "Backed up" in result.stdout
    return before_backup


async def _check_round(writes: list[Write], client: httpx.AsyncClient) -> dict[str, int]:
    acknowledged = [w for w in writes if w.acknowledged]
    for write in acknowledged:
        need = await Need.get_or_none(id=write.need_id)
        assert need is not None, f"acknowledged {write.kind} lost: {write.title}"
        assert await need_state(need) == write.expected_state(), write.title
        actions, _ = await replayed_history(need.id)
        assert actions[-1] == ("created" if write.kind == "create" else "edited"), actions
    assert await half_written_needs() == []
    committed_anyway = 0
    for write in writes:
        if not write.acknowledged and write.kind == "create":
            committed_anyway += await Need.filter(title=write.title).count()
        elif not write.acknowledged:
            committed_anyway += await Need.filter(id=write.need_id, title=write.title).count()
    # The restarted server serves what it acknowledged before the crash.
    sample = acknowledged[-1]
    page = await client.get(f"/needs/{sample.need_id}/edit")
    assert page.status_code == 200 and sample.title in page.text
    return {
        "sent": len(writes), "acknowledged": len(acknowledged),
        "acknowledged_found": len(acknowledged),
        "unacknowledged": len(writes) - len(acknowledged),
        "cut_in_flight": sum(w.outcome not in {"303", "ConnectError"} for w in writes),
        "unacknowledged_but_committed": committed_anyway,
    }


async def _restore(database_url: str, backup: Path, env: dict[str, str]) -> str:
    """``kakehashi restore`` with the test's own connections closed (a restore needs the
    database to itself); PostgreSQL may take a moment to let the killed server's sessions go."""
    await Tortoise.close_connections()
    try:
        for _ in range(40):
            result = await asyncio.to_thread(
                subprocess.run, [*CLI, "restore", str(backup)],
                env=env, capture_output=True, text=True, timeout=120,
            )
            if result.returncode == 0 or "session(s) are connected" not in result.stderr:
                break
            await asyncio.sleep(0.25)
        assert result.returncode == 0, result.stderr
        return result.stdout
    finally:
        await Tortoise.init(config=tortoise_config(database_url))


async def test_acknowledged_writes_survive_kill_9_and_none_is_half_written(
    db: str, tmp_path: Path
) -> None:
    group = await Organisation.create(name="耐久試験の会", kind="citizen_group",
                                      status=ApprovalStatus.APPROVED)
    await account(EMAIL, Role.GROUP, group.name, display_name="耐久 太郎")
    codes = [str(c) for c in await Field.filter(parent_id__not_isnull=True)
             .order_by("id").values_list("code", flat=True)][:7]
    server = live_server(db, tmp_path)
    backup = tmp_path / "mid-burst.backup"
    figures: list[dict[str, int]] = []
    earlier: list[Write] = []
    before_backup: list[Write] = []
    try:
        base = server.start()
        for round_no in range(1, ROUNDS + 1):
            edits = [w for w in earlier if w.acknowledged][: WRITES_PER_ROUND // 3]
            writes = [
                _write("edit", round_no, n, codes, need_id=w.need_id) for n, w in enumerate(edits)
            ] + [
                _write("create", round_no, n, codes)
                for n in range(WRITES_PER_ROUND - len(edits))
            ]
            async with httpx.AsyncClient(base_url=base, timeout=60) as client:
                await sign_in(client, EMAIL, PASSWORD)
                taken = await _burst(client, server, writes, group.id,
                                     backup if round_no == 1 else None)
            if round_no == 1:
                before_backup = taken
            base = server.start()
            async with httpx.AsyncClient(base_url=base, timeout=60) as client:
                await sign_in(client, EMAIL, PASSWORD)
                figures.append(await _check_round(writes, client))
            earlier = [w for w in writes if w.acknowledged and w.kind == "create"] + earlier
    finally:
        server.stop()
    print("\nkill -9 rounds:", figures)
    acknowledged = sum(f["acknowledged"] for f in figures)
    cut = sum(f["cut_in_flight"] for f in figures)
    record(f"kill -9 rounds ({db.split(':')[0]}): acknowledged writes lost",
           f"0 of {acknowledged} ({ROUNDS} rounds, {cut} cut in flight)",
           "0 lost, none half written")
    assert all(f["acknowledged"] >= KILL_AFTER for f in figures)
    assert all(f["unacknowledged"] > 0 for f in figures)
    assert sum(f["cut_in_flight"] for f in figures) > 0, "the kill never hit a request"

    # The backup taken during the first burst is a consistent snapshot.
    assert len(before_backup) >= BACKUP_AFTER
    output = await _restore(db, backup, cli_environment(db, tmp_path))
    assert "Restored" in output
    for write in before_backup:
        need = await Need.get_or_none(id=write.need_id)
        assert need is not None, f"acknowledged before the backup, missing from it: {write.title}"
        assert await need_state(need) == write.expected_state()
    assert await half_written_needs() == []
    assert not await Need.filter(title__contains="第2回").exists()
