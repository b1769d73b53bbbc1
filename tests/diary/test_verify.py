"""`kansli verify` and the journal's guards (docs/journal.md)."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from kansli.diary import actions, journal
from kansli.diary.models import Document, Event, JournalHead, Party
from tests.conftest import set_journal_guards


@pytest.fixture
def history(ks, klass, rita, olle):
    """A case with two documents and a correction: six events."""
    case = actions.do_open_case(ks, acting_user=rita, title="Avtal om samverkan",
                                classification=klass, officer=olle)
    ksl = actions.do_create_party(acting_user=rita, kind=Party.Kind.ORGANISATION,
                                  name="KSL", email="registrator@ksl.se")
    first = actions.do_register_document(
        case, acting_user=rita, direction=Document.Direction.INCOMING,
        doc_type=Document.Type.RECOMMENDATION, description="Rekommendation från KSL",
        received_date=datetime.date(2013, 5, 3), senders=[ksl],
        files=[actions.NewFile("rekommendation.pdf", b"%PDF-1.4 rekommendation")],
    )
    actions.do_register_document(
        case, acting_user=olle, direction=Document.Direction.DRAWN_UP,
        doc_type=Document.Type.OFFICERS_REPORT, description="Tjänsteutlåtande",
        received_date=datetime.date(2013, 5, 20),
    )
    actions.do_correct_document(first, acting_user=rita, reason="Felskrivet",
                                description="Rekommendation om samverkansavtal")
    actions.do_change_status(case, acting_user=olle, status="in_progress")
    assert Event.objects.count() == 6
    return case


def run_verify() -> str:
    out = io.StringIO()
    call_command("verify", "--no-progress", stdout=out)
    return out.getvalue()


def broken_link(seq_message: str) -> str:
    with pytest.raises(CommandError) as excinfo:
        run_verify()
    message = str(excinfo.value)
    assert seq_message in message
    return message


def test_an_empty_journal_verifies(db):
    assert run_verify() == f"OK: 0 events, head {journal.GENESIS}\n"


def test_a_clean_journal_verifies(history):
    head = JournalHead.objects.get()
    assert head.seq == 6
    assert run_verify() == f"OK: 6 events, head {head.hash}\n"
    assert journal.verify() == (6, None)


def test_verify_shows_a_progress_bar_over_the_events(history):
    err = io.StringIO()
    call_command("verify", stdout=io.StringIO(), stderr=err)
    assert "6/6" in err.getvalue()


def test_verify_walks_the_chain_in_batches(history):
    assert journal.verify(batch_size=4) == (6, None)
    assert journal.verify(batch_size=1) == (6, None)


def test_each_event_links_to_the_one_before(history):
    events = list(Event.objects.order_by("seq"))
    assert events[0].prev_hash == journal.GENESIS
    for before, event in zip(events, events[1:], strict=False):
        assert event.prev_hash == before.hash
    assert JournalHead.objects.get().hash == events[-1].hash


def test_altered_data_is_found_at_its_event(history):
    set_journal_guards(False)
    event = Event.objects.get(seq=3)
    Event.objects.filter(seq=3).update(data={**event.data, "secrecy_ground": "OSL 26:1"})
    message = broken_link("event 3:")
    assert "does not match its hash" in message
    assert journal.verify()[1] == journal.Problem(3, "its content does not match its hash")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("actor_name", "mallory"),
        ("action", "cancel"),
        ("object_id", 999),
        ("at", datetime.datetime(2013, 1, 1, tzinfo=datetime.UTC)),
    ],
)
def test_any_altered_field_is_found(history, field, value):
    set_journal_guards(False)
    Event.objects.filter(seq=4).update(**{field: value})
    assert journal.verify() == (3, journal.Problem(4, "its content does not match its hash"))


def test_a_deleted_event_is_found_as_missing(history):
    set_journal_guards(False)
    Event.objects.filter(seq=2).delete()
    message = broken_link("event 2: missing")
    assert "the next event is 3" in message
    assert journal.verify()[0] == 1


def test_a_deleted_last_event_is_found_against_the_head(history):
    set_journal_guards(False)
    Event.objects.filter(seq=6).delete()
    message = broken_link("event 6:")
    assert "ends at event 5" in message


def test_the_deleted_first_event_is_found(history):
    set_journal_guards(False)
    Event.objects.filter(seq=1).delete()
    broken_link("event 1: missing")


def test_an_altered_prev_hash_is_found_at_its_event(history):
    set_journal_guards(False)
    Event.objects.filter(seq=5).update(prev_hash="f" * 64)
    message = broken_link("event 5:")
    assert "does not link to the event before it" in message


def test_a_rewritten_event_with_a_recomputed_hash_breaks_the_next_link(history):
    """Whoever alters an event and recomputes its hash still breaks the link after it."""
    set_journal_guards(False)
    event = Event.objects.get(seq=2)
    data = {**event.data, "name": "Någon annan"}
    digest = journal.event_hash(event.prev_hash, event.seq, event.at, event.actor_name,
                                event.action, event.object_type, event.object_id,
                                event.case_id, data)
    Event.objects.filter(seq=2).update(data=data, hash=digest)
    broken_link("event 3: does not link")


def test_the_database_refuses_to_update_an_event(history):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        Event.objects.filter(seq=1).update(action="cancel")
    assert Event.objects.get(seq=1).action == "open"


def test_the_database_refuses_to_delete_an_event(history):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        Event.objects.filter(seq=6).delete()
    assert Event.objects.count() == 6


def test_the_database_refuses_raw_sql_too(history):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM diary_event")
    assert Event.objects.count() == 6
    run_verify()


def test_saving_an_existing_event_raises(history):
    event = Event.objects.get(seq=2)
    event.action = "cancel"
    with pytest.raises(TypeError, match="append-only"):
        event.save()
    assert Event.objects.get(seq=2).action == "create"


def test_deleting_an_event_through_the_model_raises(history):
    with pytest.raises(TypeError, match="append-only"):
        Event.objects.get(seq=2).delete()
    assert Event.objects.count() == 6

