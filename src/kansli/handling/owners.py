"""Deadlines kept by another app. A referral recipient's deadline, for one, is met by
recording the answer and extended through the referral, so that the referral's status
and journal follow; handling's own pages then send the user there instead of changing
the deadline behind the referral's back.

An owner is a function ``owner(deadline) -> url | None`` registered in its app's
``AppConfig.ready`` with ``register(owner)``.
"""

from __future__ import annotations

from collections.abc import Callable

OWNERS: list[Callable] = []


def register(owner: Callable) -> Callable:
    if owner not in OWNERS:
        OWNERS.append(owner)
    return owner


def owner_url(deadline) -> str | None:
    for owner in OWNERS:
        url = owner(deadline)
        if url:
            return url
    return None
