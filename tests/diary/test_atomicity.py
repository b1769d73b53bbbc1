"""A failure in the middle of a registration leaves nothing half-written: no record, no
event, no number consumed, no orphan file (docs/numbering.md, "Failures")."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from kansli.diary import actions, journal, search
from kansli.diary.models import (
    Blob,
    Case,
    Document,
    DocumentFile,
    DocumentParty,
    Event,
    JournalHead,
    Party,
    SerialCounter,
)


class Boom(Exception):
    pass


def boom(*args, **kwargs):
    raise Boom("failed half-way")


class BrokenUpload:
    """An upload whose reading fails after its first chunk (a dropped connection)."""

    name = "halvfärdig.pdf"
    size = 3 * 1024
    content_type = "application/pdf"

    def chunks(self):
        yield b"%PDF-1.4 " + b"x" * 1024
        raise OSError("the connection was lost")


@pytest.fixture
def case(ks, klass, rita, olle):
    return actions.do_open_case(ks, acting_user=rita, title="Avtal om samverkan",
                                classification=klass, officer=olle)


@pytest.fixture
def ksl(rita):
    return actions.do_create_party(acting_user=rita, kind=Party.Kind.ORGANISATION, name="KSL")


def stored_files(file_store):
    """Every file in the store, finished or half-written."""
    if not file_store.exists():
        return []
    return sorted(p for p in file_store.rglob("*") if p.is_file())


def snapshot(case):
    case.refresh_from_db()
    return {
        "documents": Document.objects.count(),
        "files": DocumentFile.objects.count(),
        "blobs": Blob.objects.count(),
        "links": DocumentParty.objects.count(),
        "events": Event.objects.count(),
        "head": JournalHead.objects.values_list("seq", "hash").get(),
        "last_document_number": case.last_document_number,
        "counters": list(SerialCounter.objects.values_list("series_id", "year", "last_serial")),
        "cases": Case.objects.count(),
        "indexed": search.search(search.Criteria(words="skrivelse"), documents=True).total,
    }


def register(case, rita, ksl, files=()):
    return actions.do_register_document(
        case, acting_user=rita, direction="incoming", doc_type="letter",
        description="Skrivelse om samverkan", received_date=datetime.date(2013, 5, 3),
        senders=[ksl], files=files,
    )


PDF = actions.NewFile("skrivelse.pdf", b"%PDF-1.4 skrivelse")
SCAN = actions.NewFile("bilaga.png", b"\x89PNG bilaga")


@pytest.mark.parametrize(
    "where",
    [
        (journal, "record"),
        (search, "index_document"),
        (search, "document_text"),
        (actions, "_file_facts"),
        (actions, "guess_media_type"),
    ],
    ids=lambda where: where[1],
)
def test_a_registration_failing_half_way_leaves_nothing(case, rita, ksl, file_store,
                                                        monkeypatch, where):
    before = snapshot(case)
    monkeypatch.setattr(*where, boom)
    with pytest.raises(Boom):
        register(case, rita, ksl, files=[PDF, SCAN])
    assert snapshot(case) == before
    assert stored_files(file_store) == []


def test_a_file_failing_while_read_leaves_nothing(case, rita, ksl, file_store):
    before = snapshot(case)
    with pytest.raises(OSError):
        register(case, rita, ksl, files=[PDF, BrokenUpload()])
    assert snapshot(case) == before
    # Neither the first file, already stored, nor the half-written second one is left.
    assert stored_files(file_store) == []


def test_a_refused_file_after_a_stored_one_leaves_nothing(case, rita, ksl, file_store):
    before = snapshot(case)
    with pytest.raises(ValidationError):
        register(case, rita, ksl, files=[PDF, actions.NewFile("tom.txt", b"")])
    assert snapshot(case) == before
    assert stored_files(file_store) == []


def test_a_too_large_file_after_a_stored_one_leaves_nothing(case, rita, ksl, file_store,
                                                             settings):
    settings.KANSLI_MAX_UPLOAD_BYTES = 64
    before = snapshot(case)
    with pytest.raises(ValidationError):
        register(case, rita, ksl, files=[PDF, actions.NewFile("stor.pdf", b"x" * 65)])
    assert snapshot(case) == before
    assert stored_files(file_store) == []


def test_a_failed_registration_keeps_a_file_that_was_already_stored(case, rita, ksl,
                                                                     file_store, monkeypatch):
    """A failure removes only the files it added: content already in the store belongs
    to the documents registered before."""
    register(case, rita, ksl, files=[PDF])
    kept = stored_files(file_store)
    assert len(kept) == 1
    before = snapshot(case)
    monkeypatch.setattr(journal, "record", boom)
    with pytest.raises(Boom):
        register(case, rita, ksl, files=[PDF, SCAN])
    assert snapshot(case) == before
    assert stored_files(file_store) == kept


def test_the_next_registration_gets_the_number_the_failed_one_did_not_use(
        case, rita, ksl, monkeypatch):
    register(case, rita, ksl)
    with monkeypatch.context() as patch:
        patch.setattr(search, "index_document", boom)
        with pytest.raises(Boom):
            register(case, rita, ksl)
    assert register(case, rita, ksl).number == 2
    assert journal.verify() == (Event.objects.count(), None)


@pytest.mark.parametrize(
    "where",
    [(journal, "record"), (search, "index_case"), (actions, "_snapshot")],
    ids=lambda where: where[1],
)
def test_opening_a_case_failing_half_way_leaves_nothing(ks, klass, rita, monkeypatch, where):
    actions.do_open_case(ks, acting_user=rita, title="Först", classification=klass)
    counters = list(SerialCounter.objects.values_list("series_id", "year", "last_serial"))
    events, cases = Event.objects.count(), Case.objects.count()
    with monkeypatch.context() as patch:
        patch.setattr(*where, boom)
        with pytest.raises(Boom):
            actions.do_open_case(ks, acting_user=rita, title="Misslyckas", classification=klass)
    assert list(SerialCounter.objects.values_list("series_id", "year", "last_serial")) == counters
    assert (Event.objects.count(), Case.objects.count()) == (events, cases)
    assert not Case.objects.filter(title="Misslyckas").exists()
    # The number it would have had goes to the next case.
    assert actions.do_open_case(ks, acting_user=rita, title="Sedan",
                                classification=klass).serial == 2


def test_a_failed_first_case_of_the_year_leaves_no_counter(ks, klass, rita, monkeypatch):
    monkeypatch.setattr(journal, "record", boom)
    with pytest.raises(Boom):
        actions.do_open_case(ks, acting_user=rita, title="Misslyckas", classification=klass)
    assert not SerialCounter.objects.exists()
    assert not Case.objects.exists()
    assert not Event.objects.exists()


def test_a_refused_case_consumes_no_number(ks, rita):
    """Ekerö's numbers carry the classification: a case without one is refused after the
    serial was drawn, and the serial goes back."""
    with pytest.raises(ValidationError):
        actions.do_open_case(ks, acting_user=rita, title="Utan klassificering")
    assert not SerialCounter.objects.exists()
    assert not Case.objects.exists()


def test_a_failed_cancellation_leaves_the_document_live(case, rita, ksl, monkeypatch):
    document = register(case, rita, ksl)
    events = Event.objects.count()
    monkeypatch.setattr(journal, "record", boom)
    with pytest.raises(Boom):
        actions.do_cancel_document(document, acting_user=rita, reason="Fel ärende")
    document.refresh_from_db()
    assert not document.is_cancelled
    assert Event.objects.count() == events
