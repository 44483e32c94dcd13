"""Stored passwords: argon2id at the recommended cost, whatever cost the suite hashes at."""

from __future__ import annotations

from argon2 import PasswordHasher, extract_parameters, profiles

from kakehashi.accounts.auth import verify_password
from kakehashi.accounts.models import Role
from kakehashi.accounts.rules import create_user


async def test_passwords_are_stored_as_argon2id_at_the_recommended_cost(
    db: str, real_password_hasher: PasswordHasher,
) -> None:
    user = await create_user("staff@city.example", "correct horse battery", Role.COORDINATOR)
    assert extract_parameters(user.password_hash) == profiles.RFC_9106_LOW_MEMORY
    assert verify_password(user.password_hash, "correct horse battery")
    assert not verify_password(user.password_hash, "correct horse batterz")
    assert not verify_password("not a hash", "correct horse battery")


def test_a_hash_made_at_another_cost_still_verifies(real_password_hasher: PasswordHasher) -> None:
    """Raising the cost later must not lock anyone out: each hash carries its own parameters."""
    cheap = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash("old password 123")
    assert verify_password(cheap, "old password 123")
    assert not verify_password(cheap, "old password 124")
