"""Password hashing off the event loop: argon2 takes a third of a second of CPU on purpose, and
on the loop that would stall every other visitor. At most two hashes run at once; the others
wait in their worker threads, never on the loop."""

from __future__ import annotations

import threading

from anyio import to_thread

from kakehashi.accounts.auth import hash_password, verify_password

_HASHING = threading.BoundedSemaphore(2)


def _verify_bounded(password_hash: str, password: str) -> bool:
    with _HASHING:
        return verify_password(password_hash, password)


def _hash_bounded(password: str) -> str:
    with _HASHING:
        return hash_password(password)


async def verify(password_hash: str, password: str) -> bool:
    return await to_thread.run_sync(_verify_bounded, password_hash, password)


async def hash(password: str) -> str:
    return await to_thread.run_sync(_hash_bounded, password)
