"""Receiving, registering and dismissing (docs/intake.md)."""

import datetime
import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from kansli.diary import files
from kansli.diary.models import Blob, Case, Document, Event, Party
from kansli.intake import actions, mail
from kansli.intake.models import IncomingMessage
from tests.conftest import at, open_case
from tests.intake.conftest import letter, receive

pytestmark = pytest.mark.usefixtures("in_english")


# Receiving -------------------------------------------------------------------------------


def test_a_received_message_is_queued_with_its_raw_bytes_and_attachments(rita):
    raw = letter()
    message, created = actions.do_receive(raw, source="upload", acting_user=rita)
    assert created and message.status == IncomingMessage.Status.NEW
    assert message.subject == "Rekommendation om överenskommelse"
    assert message.from_address == "registrator@ksl.se"
    assert message.raw.sha256 == hashlib.sha256(raw).hexdigest()
    assert files.read_verified(message.raw) == raw
    [entry] = message.attachments
    assert entry == {"name": "overenskommelse.pdf", "media_type": "application/pdf",
                     "size": 14, "sha256": hashlib.sha256(b"%PDF-1.4 avtal").hexdigest()}
    assert files.read_verified(Blob.objects.get(sha256=entry["sha256"])) == b"%PDF-1.4 avtal"
    event = Event.objects.get(action="intake.receive")
    assert (event.object_type, event.object_id, event.actor) == (
        "incomingmessage", message.pk, rita)
    assert event.data["sha256"] == message.raw.sha256 and event.data["source"] == "upload"


def test_the_worker_receives_as_the_system(db):
    message = receive(source="imap", mailbox="r@h:143/INBOX", uidvalidity=7, uid=1)
    assert Event.objects.get(object_id=message.pk).actor_name == "system"


def test_the_same_message_twice_is_queued_once(db):
    first, created = actions.do_receive(letter(), source="eml")
    again, created_again = actions.do_receive(letter(), source="upload")
    assert created and not created_again and again == first
    assert IncomingMessage.objects.count() == 1
    assert Event.objects.filter(action="intake.receive").count() == 1


def test_the_same_message_id_with_other_bytes_is_another_message(db):
    receive(letter(text="Första versionen"))
    receive(letter(text="Rättad version"))
    assert IncomingMessage.objects.count() == 2


def test_the_same_mailbox_position_is_queued_once_even_with_other_bytes(db):
    place = {"source": "imap", "mailbox": "r@h:143/INBOX", "uidvalidity": 7, "uid": 3}
    first, _ = actions.do_receive(letter(), **place)
    again, created = actions.do_receive(letter(message_id="<annat@ksl.se>"), **place)
    assert not created and again == first


def test_the_database_refuses_a_duplicate_whatever_the_code_does(db):
    message = receive()
    with pytest.raises(IntegrityError), transaction.atomic():
        IncomingMessage.objects.create(source="eml", received_at=message.received_at,
                                       message_id=message.message_id, raw=message.raw)
    imap = receive(letter(message_id="<a@x>"), source="imap", mailbox="m", uidvalidity=1,
                   uid=5)
    other = receive(letter(message_id="<b@x>"))
    with pytest.raises(IntegrityError), transaction.atomic():
        IncomingMessage.objects.create(source="imap", mailbox="m", uidvalidity=1, uid=5,
                                       message_id="<c@x>", raw=other.raw,
                                       received_at=imap.received_at)


def test_a_race_lost_to_the_constraint_returns_the_winner(db, monkeypatch):
    """Two fetchers look at once, both see nothing; the second insert meets the
    constraint and gets the first one's message back."""
    winner = receive()
    looks = iter([None])
    real = actions.existing
    monkeypatch.setattr(actions, "existing", lambda *a, **k: next(looks, None) or real(*a, **k))
    message, created = actions.do_receive(letter(), source="eml")
    assert message == winner and not created
    assert IncomingMessage.objects.count() == 1


def test_an_unreadable_message_stores_nothing(db, file_store):
    with pytest.raises(mail.UnreadableMessage):
        actions.do_receive(b"\x00\x01 not mail", source="upload")
    assert not IncomingMessage.objects.exists() and not Blob.objects.exists()
    assert not list(file_store.rglob("*")) or all(p.is_dir() for p in file_store.rglob("*"))


def test_a_failed_receive_leaves_no_files_behind(db, file_store, monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("the journal is down")

    monkeypatch.setattr(actions.journal, "record", fail)
    with pytest.raises(RuntimeError):
        actions.do_receive(letter(), source="eml")
    assert not IncomingMessage.objects.exists() and not Blob.objects.exists()
    assert [p for p in file_store.rglob("*") if p.is_file()] == []


# Registering ------------------------------------------------------------------------------


def test_registering_into_a_new_case_opens_it_titled_by_the_subject(rita, ks, klass):
    message = receive()
    document = actions.do_register_new_case(message, acting_user=rita, series=ks,
                                            classification=klass)
    case = document.case
    assert case.title == "Rekommendation om överenskommelse"
    assert case.classification == klass and case.series == ks
    assert document.direction == Document.Direction.INCOMING
    assert document.doc_type == Document.Type.EMAIL
    assert document.description == "Rekommendation om överenskommelse"
    assert document.received_date == datetime.date(2013, 6, 5)
    assert document.document_date == datetime.date(2013, 6, 5)
    assert [f.filename for f in document.files.all()] == ["overenskommelse.pdf",
                                                         "meddelande.eml"]
    eml = document.files.get(filename="meddelande.eml")
    assert files.read_verified(eml.blob) == letter()
    assert eml.media_type == "message/rfc822"
    [sender] = document.parties.all()
    assert (sender.name, sender.email, sender.kind) == (
        "Kommunförbundet Stockholms län", "registrator@ksl.se", "person")
    message.refresh_from_db()
    assert message.status == "registered" and message.document == document
    assert message.registered_by == rita
    event = Event.objects.get(action="intake.register")
    assert event.case == case and event.object_id == message.pk
    assert event.data["reference"] == document.reference


def test_a_title_and_description_given_are_used(rita, ks, klass):
    document = actions.do_register_new_case(
        receive(), acting_user=rita, series=ks, classification=klass,
        title="Samverkan om nyanlända", description="Rekommendation från KSL",
        doc_type="recommendation")
    assert document.case.title == "Samverkan om nyanlända"
    assert document.description == "Rekommendation från KSL"
    assert document.doc_type == "recommendation"


def test_registering_into_an_existing_case_reuses_the_party_by_address(rita, ks, klass, ksl):
    case = open_case(rita, ks, klass)
    document = actions.do_register(receive(letter(sender="KSL <Registrator@KSL.se>")),
                                   acting_user=rita, case=case)
    assert document.case == case and document.number == 1
    assert list(document.parties.all()) == [ksl]
    assert Party.objects.count() == 1


def test_a_message_without_a_date_is_dated_when_it_came(rita, ks, klass):
    message = receive(letter(date=None), received_at=at(2013, 6, 7))
    document = actions.do_register(message, acting_user=rita, case=open_case(rita, ks, klass))
    assert document.received_date == datetime.date(2013, 6, 7)
    assert document.document_date is None


def test_a_message_without_a_subject_gets_a_title_still(rita, ks, klass):
    document = actions.do_register_new_case(receive(letter(subject=None)), acting_user=rita,
                                            series=ks, classification=klass)
    assert document.case.title == "E-mail without a subject"


def test_a_sender_without_a_usable_address_becomes_a_party_by_name(rita, ks, klass):
    message = receive(letter(sender="Anna Andersson <anna@lokal>"))
    document = actions.do_register(message, acting_user=rita, case=open_case(rita, ks, klass))
    [party] = document.parties.all()
    assert (party.name, party.email) == ("Anna Andersson", "")


def test_a_message_without_a_sender_is_registered_without_one(rita, ks, klass):
    message = receive(letter(sender=None))
    document = actions.do_register(message, acting_user=rita, case=open_case(rita, ks, klass))
    assert not document.parties.exists()


def test_a_secret_message_is_registered_secret(rita, ks, klass):
    document = actions.do_register(receive(), acting_user=rita,
                                   case=open_case(rita, ks, klass),
                                   secrecy_ground="OSL 26 kap. 1 §")
    assert document.is_secret


def test_registering_twice_is_refused(rita, ks, klass):
    message = receive()
    case = open_case(rita, ks, klass)
    actions.do_register(message, acting_user=rita, case=case)
    with pytest.raises(ValidationError) as info:
        actions.do_register(message, acting_user=rita, case=case)
    assert info.value.messages == ["The message is already registered."]
    with pytest.raises(ValidationError):
        actions.do_dismiss(message, acting_user=rita, reason="Skräp")
    assert case.documents.count() == 1


def test_a_failed_registration_leaves_nothing_half_written(rita, ks):
    """The organisation's numbers need a classification: the case cannot be opened, so
    no party, no document, no case, and the message stays new."""
    message = receive()
    events = Event.objects.count()
    with pytest.raises(ValidationError):
        actions.do_register_new_case(message, acting_user=rita, series=ks)
    message.refresh_from_db()
    assert message.status == "new" and message.document is None
    assert not Case.objects.exists() and not Party.objects.exists()
    assert Event.objects.count() == events


def test_a_registration_into_a_cancelled_case_leaves_nothing_half_written(rita, ks, klass):
    case = open_case(rita, ks, klass)
    from kansli.diary.actions import do_cancel_case

    do_cancel_case(case, acting_user=rita, reason="Fel")
    message = receive()
    with pytest.raises(ValidationError):
        actions.do_register(message, acting_user=rita, case=case)
    message.refresh_from_db()
    assert message.status == "new"
    assert not Party.objects.exists() and not Document.objects.exists()


def test_a_file_missing_from_the_store_stops_the_registration(rita, ks, klass):
    message = receive()
    files.blob_path(message.raw.sha256).unlink()
    with pytest.raises(files.CorruptFileError):
        actions.do_register_new_case(message, acting_user=rita, series=ks,
                                     classification=klass)
    message.refresh_from_db()
    assert message.status == "new" and not Case.objects.exists()


# Dismissing ---------------------------------------------------------------------------


def test_a_message_is_dismissed_with_a_reason(rita):
    message = actions.do_dismiss(receive(), acting_user=rita, reason="Reklam")
    message.refresh_from_db()
    assert message.status == "dismissed" and message.dismissed_reason == "Reklam"
    assert message.dismissed_by == rita and message.dismissed_at is not None
    event = Event.objects.get(action="intake.dismiss")
    assert event.data == {"reason": "Reklam"} and event.case is None


def test_dismissing_needs_a_reason(rita):
    message = receive()
    with pytest.raises(ValidationError) as info:
        actions.do_dismiss(message, acting_user=rita, reason="  ")
    assert info.value.messages == ["A reason must be given."]
    message.refresh_from_db()
    assert message.status == "new"


def test_dismissing_twice_or_registering_a_dismissed_message_is_refused(rita, ks, klass):
    message = receive()
    actions.do_dismiss(message, acting_user=rita, reason="Reklam")
    with pytest.raises(ValidationError) as info:
        actions.do_dismiss(message, acting_user=rita, reason="Igen")
    assert info.value.messages == ["The message is already dismissed."]
    with pytest.raises(ValidationError):
        actions.do_register_new_case(message, acting_user=rita, series=ks,
                                     classification=klass)
    assert not Case.objects.exists()


def test_the_database_refuses_a_status_without_its_facts(rita):
    message = receive()
    with pytest.raises(IntegrityError), transaction.atomic():
        IncomingMessage.objects.filter(pk=message.pk).update(status="registered")


# Finding a case ---------------------------------------------------------------------------


def test_a_case_is_found_by_its_number_however_typed(rita, ks, klass):
    case = open_case(rita, ks, klass)
    number = case.diary_number  # e.g. KS26/1-133
    assert actions.find_case(number) == case
    assert actions.find_case(number.lower()) == case
    assert actions.find_case(number.replace("/", " / ")) == case
    serial_padded = number.replace("/1-", "/0001-")
    assert actions.find_case(serial_padded) == case
    assert actions.find_case(" ks " + serial_padded[2:]) == case
    assert actions.find_case("KS99/1-133") is None
    assert actions.find_case("nonsense") is None
    assert actions.find_case("") is None


def test_control_characters_hidden_in_encoded_headers_are_not_stored(db):
    """PostgreSQL takes no NUL in text; nor should anyone see control characters."""
    message = receive(b"From: =?utf-8?q?Anna=00=07?= <anna@ksl.se>\r\n"
                      b"To: =?utf-8?q?Reg=00?= <registrator@ekero.se>\r\n"
                      b"Subject: =?utf-8?q?Hej=00d=C3=A4r?=\r\n"
                      b"Message-ID: <=?utf-8?q?x=00?=@ksl.se>\r\n\r\nText\x00med nul\r\n")
    message.refresh_from_db()
    assert message.from_name == "Anna" and message.subject == "Hejdär"
    assert "\x00" not in message.to + message.message_id + message.text
