"""The whole of `kansli verify` (docs/integrity.md): the chain, the stored files, the
creation events; and the database's own guard on the journal."""

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from kansli.diary import actions, journal
from kansli.diary.files import blob_path
from kansli.diary.models import Event, JournalHead, Party
from tests.conftest import open_case, register, set_journal_guards


@pytest.fixture
def history(rita, ks, klass, ksl):
    case = open_case(rita, ks, klass, title="Bygglov Söderby 1:5")
    document = register(case, rita, description="Ansökan om bygglov", senders=[ksl],
                        files=[actions.NewFile("ansökan.pdf", b"%PDF-1.4 ansokan")])
    register(case, rita, description="Ritning", direction="incoming",
             files=[actions.NewFile("ritning.pdf", b"%PDF-1.4 ritning")])
    return case, document


def verify(*args) -> str:
    out = io.StringIO()
    call_command("verify", "--no-progress", *args, stdout=out)
    return out.getvalue()


def refused(*args) -> str:
    with pytest.raises(CommandError) as excinfo:
        verify(*args)
    return str(excinfo.value)


def test_a_clean_installation_verifies_in_full(history):
    head = JournalHead.objects.get()
    out = verify("-v2")
    assert out.splitlines()[-1] == f"OK: {head.seq} events, head {head.hash}"
    assert "2 kontrollerade" in out  # two files
    assert "1 ärenden, 2 handlingar, 1 parter" in out


def test_the_fast_chain_walk_agrees_with_the_documented_hash(rita, ks, klass, monkeypatch):
    """Timestamps on a whole second (stored without microseconds), text outside ASCII,
    quotes, nested data, no case: the verify loop builds the same canonical JSON."""
    case = open_case(rita, ks, klass, title='Ärende "citat" – ÅÄÖ ☃')
    whole = datetime.datetime(2026, 3, 1, 12, 0, 0, tzinfo=datetime.UTC)
    monkeypatch.setattr("kansli.diary.journal.timezone.now", lambda: whole)
    with transaction.atomic():
        journal.record("note", case, acting_user=None, text="a\nb\t\"c\"\\", n=[1, 2.5, None],
                       nested={"ö": {"z": 1, "a": True}})
    party = Party.objects.create(kind="person", name="X")
    with transaction.atomic():
        journal.record("create", party, acting_user=rita)
    for event in Event.objects.all():
        assert journal.event_hash(event.prev_hash, event.seq, event.at, event.actor_name,
                                  event.action, event.object_type, event.object_id,
                                  event.case_id, event.data) == event.hash
    assert journal.verify() == (Event.objects.count(), None)
    assert journal.verify(batch_size=1) == (Event.objects.count(), None)


def test_the_database_refuses_an_update_by_raw_sql(history):
    """The append-only trigger (SQLite and PostgreSQL) stops an UPDATE whoever sends it."""
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("UPDATE diary_event SET actor_name = 'mallory' WHERE seq = 2")
    assert Event.objects.get(seq=2).actor_name == "rita"
    verify()


def test_a_row_altered_behind_the_guard_is_found_with_its_records(history):
    case, document = history
    set_journal_guards(False)
    seq = Event.objects.get(action="register", object_id=document.pk).seq
    data = json.dumps({"description": "Något annat"})
    with connection.cursor() as cursor:
        cursor.execute("UPDATE diary_event SET data = %s WHERE seq = %s", [data, seq])
    message = refused()
    assert f"BROKEN: event {seq}: its content does not match its hash" in message
    assert f"handling {case.diary_number}:1 (id {document.pk})" in message
    assert f"ärende {case.diary_number} (id {case.pk})" in message


def test_a_rewritten_event_names_both_sides_of_the_broken_link(history):
    case, document = history
    set_journal_guards(False)
    event = Event.objects.get(action="register", object_id=document.pk)
    data = {**event.data, "after": {"description": "Annat"}}
    digest = journal.event_hash(event.prev_hash, event.seq, event.at, event.actor_name,
                                event.action, event.object_type, event.object_id,
                                event.case_id, data)
    Event.objects.filter(seq=event.seq).update(data=data, hash=digest)
    message = refused()
    assert f"event {event.seq + 1}: does not link" in message
    assert f"{case.diary_number}:1" in message  # the rewritten event's document
    assert f"{case.diary_number}:2" in message  # the next event's


def test_a_missing_event_is_found(history):
    set_journal_guards(False)
    Event.objects.filter(seq=2).delete()
    message = refused()
    assert "event 2: missing" in message
    # What the event created is found without its creation event: the case.
    case, _document = history
    assert "ingen tillkomsthändelse (open / import)" in message
    assert f"ärende {case.diary_number} (id {case.pk})" in message


def test_an_altered_file_is_found_with_its_document(history):
    case, document = history
    sha = document.files.get().blob.sha256
    blob_path(sha).write_bytes(b"%PDF-1.4 annat")
    message = refused()
    assert f"filen {sha} har" in message or f"filen {sha} stämmer inte" in message
    assert f"handling {case.diary_number}:1 (id {document.pk}), fil ansökan.pdf" in message
    # Same length, other content.
    blob_path(sha).write_bytes(b"%PDF-1.4 ANSOKAN")
    assert f"filen {sha} stämmer inte med sin SHA-256" in refused()
    assert verify("--no-files").startswith("OK:")


def test_a_missing_file_is_found(history):
    case, document = history
    sha = document.files.get().blob.sha256
    blob_path(sha).unlink()
    message = refused()
    assert f"filen {sha} saknas i fillagret" in message
    assert f"{case.diary_number}:1" in message
    assert verify("--chain-only").startswith("OK:")


def test_a_record_without_its_creation_event_is_found(history):
    case, _document = history
    stray = Party.objects.create(kind="person", name="Utan händelse")
    message = refused()
    assert f"part id {stray.pk}" in message
    assert "tillkomsthändelse" in message
    assert "BROKEN" not in message
