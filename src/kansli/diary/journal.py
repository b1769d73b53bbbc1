"""The journal: append events to the hash chain, and verify it.

An event's hash is SHA-256 over the previous hash and a canonical JSON form of the
event's fields. The chain head is a single locked row, so two transactions never append
after the same event. See docs/journal.md.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from .models import Event, JournalHead

GENESIS = "0" * 64


def canonical(value) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def event_hash(prev_hash: str, seq: int, at, actor_name: str, action: str, object_type: str,
               object_id: int, case_id: int | None, data: dict) -> str:
    body = canonical(
        {
            "seq": seq,
            "at": at.astimezone(datetime.UTC).isoformat(timespec="microseconds"),
            "actor": actor_name,
            "action": action,
            "object": [object_type, object_id],
            "case": case_id,
            "data": data,
        }
    )
    return hashlib.sha256((prev_hash + body).encode()).hexdigest()


def record(action: str, obj, *, acting_user, case=None, **data) -> Event:
    """Append an event about ``obj``. Must run inside the transaction of the change."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("journal events are written in the transaction of their change")
    head, _created = JournalHead.objects.select_for_update().get_or_create(pk=1)
    # Normalise through JSON once, so the hash covers exactly what the database keeps.
    data = json.loads(canonical(data))
    at = timezone.now()
    actor_name = acting_user.get_username() if acting_user else "system"
    seq = head.seq + 1
    digest = event_hash(
        head.hash, seq, at, actor_name, action, obj._meta.model_name, obj.pk,
        case.pk if case else None, data,
    )
    event = Event.objects.create(
        seq=seq, at=at, actor=acting_user, actor_name=actor_name, action=action,
        object_type=obj._meta.model_name, object_id=obj.pk, case=case, data=data,
        prev_hash=head.hash, hash=digest,
    )
    JournalHead.objects.filter(pk=1).update(seq=seq, hash=digest)
    return event


@dataclass
class Problem:
    seq: int
    message: str

    def __str__(self):
        return f"event {self.seq}: {self.message}"


def verify(batch_size: int = 5000, progress=None) -> tuple[int, Problem | None]:
    """Walk the chain from the first event. Returns (events checked, first problem)."""
    prev = GENESIS
    expected_seq = 1
    checked = 0
    while True:
        batch = list(Event.objects.filter(seq__gte=expected_seq).order_by("seq")[:batch_size])
        if not batch:
            break
        for event in batch:
            if event.seq != expected_seq:
                return checked, Problem(expected_seq, f"missing; the next event is {event.seq}")
            if event.prev_hash != prev:
                return checked, Problem(event.seq, "does not link to the event before it")
            digest = event_hash(
                prev, event.seq, event.at, event.actor_name, event.action, event.object_type,
                event.object_id, event.case_id, event.data,
            )
            if digest != event.hash:
                return checked, Problem(event.seq, "its content does not match its hash")
            prev = event.hash
            expected_seq += 1
            checked += 1
            if progress:
                progress(1)
    head = JournalHead.objects.filter(pk=1).first()
    if head and (head.seq != checked or head.hash != prev):
        return checked, Problem(
            head.seq, f"the chain ends at event {checked} but its head says {head.seq}"
        )
    return checked, None
