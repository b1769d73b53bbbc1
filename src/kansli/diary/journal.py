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


def _iso_utc(value) -> str:
    """``at`` as the hash has it: UTC, ISO 8601 with microseconds. SQLite gives the stored
    text (``YYYY-MM-DD HH:MM:SS[.ffffff]``, in UTC), PostgreSQL the text ``verify``
    asks for (``YYYY-MM-DDTHH:MM:SS.ffffff``, in UTC); anything else a datetime."""
    if isinstance(value, str):
        if len(value) == 26:
            return f"{value[:10]}T{value[11:]}+00:00"
        if len(value) == 19:
            return f"{value[:10]}T{value[11:]}.000000+00:00"
        value = datetime.datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=datetime.UTC)
    return value.astimezone(datetime.UTC).isoformat(timespec="microseconds")


_VERIFY_SQL = (
    "SELECT seq, {at}, actor_name, action, object_type, object_id, case_id, {data}, "
    "prev_hash, hash FROM diary_event WHERE seq >= %s ORDER BY seq LIMIT %s"
)


def verify(batch_size: int = 20000, progress=None) -> tuple[int, Problem | None]:
    """Walk the chain from the first event. Returns (events checked, first problem).

    The hash is the one of ``event_hash``, built here without its per-event dictionary:
    the canonical JSON of the event's fields is the same string with the keys in sorted
    order (action, actor, at, case, data, object, seq). Rows come by raw SQL in batches
    of ``batch_size`` by ``seq``, so memory stays flat (docs/journal.md)."""
    from django.db import connection

    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    data_dumps = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                                  default=str).encode
    loads = json.loads
    sha256 = hashlib.sha256
    iso = _iso_utc
    # The JSON of the few distinct (action, actor, object type) triples, made once.
    known: dict[tuple, tuple[str, str]] = {}
    prev = GENESIS
    expected_seq = 1
    checked = 0
    # The time and the data as text, in UTC: cheaper than a datetime and a decoded JSON
    # value per row made by the driver, and exact. SQLite keeps the text as it is.
    if connection.vendor == "sqlite":
        sql = _VERIFY_SQL.format(at="CAST(at AS TEXT)", data="data")
    elif connection.vendor == "postgresql":
        sql = _VERIFY_SQL.format(
            at="""to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US')""",
            data="data::text")
    else:
        sql = _VERIFY_SQL.format(at="at", data="data")
    with connection.cursor() as cursor:
        while True:
            cursor.execute(sql, [expected_seq, batch_size])
            rows = cursor.fetchall()
            if not rows:
                break
            for seq, at, actor, action, otype, oid, case_id, data, prev_hash, digest in rows:
                if seq != expected_seq:
                    return checked, Problem(expected_seq, f"missing; the next event is {seq}")
                if prev_hash != prev:
                    return checked, Problem(seq, "does not link to the event before it")
                if isinstance(data, str):
                    data = loads(data)
                names = (action, actor, otype)
                parts = known.get(names)
                if parts is None:
                    parts = known[names] = (
                        f'{{"action":{dumps(action)},"actor":{dumps(actor)},"at":"',
                        f',"object":[{dumps(otype)},',
                    )
                body = (
                    f'{parts[0]}{iso(at)}",'
                    f'"case":{"null" if case_id is None else int(case_id)},'
                    f'"data":{data_dumps(data)}{parts[1]}{int(oid)}],"seq":{seq}}}'
                )
                if sha256((prev + body).encode()).hexdigest() != digest:
                    return checked, Problem(seq, "its content does not match its hash")
                prev = digest
                expected_seq += 1
                checked += 1
            if progress:
                progress(len(rows))
    head = JournalHead.objects.filter(pk=1).first()
    if head and (head.seq != checked or head.hash != prev):
        return checked, Problem(
            head.seq, f"the chain ends at event {checked} but its head says {head.seq}"
        )
    return checked, None


def record_many(entries, *, acting_user) -> int:
    """Append many events at once, chained exactly as ``record`` chains them: the head is
    locked once, the events are inserted in one statement and the head moves to the
    last. ``entries`` are (action, obj, case or None, data) in the order they happen;
    ``obj`` and ``case`` need only ``pk`` (and ``obj`` its model's ``_meta``). Must run
    inside the transaction of the changes (a bulk import's batch). Returns how many
    events were appended."""
    from django.db import connection

    from .generate import Table

    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("journal events are written in the transaction of their change")
    head, _created = JournalHead.objects.select_for_update().get_or_create(pk=1)
    at = timezone.now()
    actor_name = acting_user.get_username() if acting_user else "system"
    actor_id = acting_user.pk if acting_user else None
    stored_at = connection.ops.adapt_datetimefield_value(at)
    prepare_data = Event._meta.get_field("data").get_db_prep_save
    seq, prev = head.seq, head.hash
    rows = []
    for action, obj, case, data in entries:
        # Normalised through JSON once, as ``record`` does.
        data = json.loads(canonical(data))
        seq += 1
        case_id = case.pk if case else None
        object_type = obj._meta.model_name
        digest = event_hash(prev, seq, at, actor_name, action, object_type, obj.pk, case_id,
                            data)
        rows.append((seq, stored_at, actor_id, actor_name, action, object_type, obj.pk,
                     case_id, prepare_data(data, connection), prev, digest))
        prev = digest
    if rows:
        # One statement whatever the number of events (bulk_create would split them by
        # the backend's limit on parameters).
        Table(Event, ["seq", "at", "actor_id", "actor_name", "action", "object_type",
                      "object_id", "case_id", "data", "prev_hash", "hash"]).insert(rows)
        JournalHead.objects.filter(pk=1).update(seq=seq, hash=prev)
    return len(rows)
