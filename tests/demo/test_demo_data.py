"""Loading the demo city: the sizes the issue asks for, and idempotence."""

from __future__ import annotations

from kakehashi.accounts.auth import verify_password
from kakehashi.accounts.models import User
from kakehashi.demo.loader import DEMO_PASSWORD, seed_demo
from kakehashi.directory.models.needs import Capability, Need, NeedStatus
from kakehashi.directory.models.orgs import Department, Organisation


async def test_demo_city_is_loaded_once(db: str) -> None:
    summary = await seed_demo()
    counts = (
        await Organisation.all().count(), await Department.all().count(),
        await Need.filter(status=NeedStatus.OPEN).count(), await Capability.all().count(),
    )
    assert counts[0] >= 300 and counts[1] >= 12 and counts[2] >= 80 and counts[3] >= 300
    await seed_demo()
    again = (
        await Organisation.all().count(), await Department.all().count(),
        await Need.filter(status=NeedStatus.OPEN).count(), await Capability.all().count(),
    )
    assert again == counts
    assert await User.all().count() == len(summary.accounts)
    for account in summary.accounts:
        user = await User.get(email=account.email)
        assert verify_password(user.password_hash, DEMO_PASSWORD)
