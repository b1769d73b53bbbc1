"""`kansli generate N`: bulk-loaded benchmark documents that search finds, numbered so
that normal registration continues after them, with a journal that still verifies."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from kansli.diary import actions, journal, search
from kansli.diary.generate import COMMON_WORD, RARE_WORD, SECOND_COMMON_WORD
from kansli.diary.models import (
    Case,
    Classification,
    Document,
    Event,
    Party,
    SerialCounter,
    Series,
)

pytestmark = pytest.mark.django_db


def generate(n=500, *args):
    call_command("generate", str(n), *args, verbosity=0, stdout=io.StringIO())


def found(words, *, documents=True):
    return search.search(search.Criteria(words=words), documents=documents, limit=1000)


def test_it_generates_n_documents_in_cases():
    generate()
    assert Document.objects.count() == 500
    cases = Case.objects.count()
    assert 60 <= cases <= 150
    assert set(Case.objects.values_list("series__code", flat=True)) == {"KS", "SN"}
    # Each case knows how many documents it has, for the next registration.
    case = Case.objects.order_by("?").first()
    assert case.last_document_number == case.documents.count()


def test_search_finds_the_rare_and_the_common_words():
    generate()
    rare = found(RARE_WORD)
    assert 3 <= rare.total <= 10
    assert all(RARE_WORD in Document.objects.get(pk=pk).description for pk in rare.ids)
    common = found(COMMON_WORD).total
    assert 0.3 * 500 <= common <= 0.6 * 500
    second = found(SECOND_COMMON_WORD).total
    assert 0.2 * 500 <= second <= 0.5 * 500
    both = found(f"{COMMON_WORD} {SECOND_COMMON_WORD}").total
    assert 0 < both < min(common, second)
    assert found("nyanl*").total > 0


def test_secret_documents_are_indexed_by_their_type_only():
    generate()
    secret = Document.objects.exclude(secrecy_ground="").first()
    assert secret is not None
    assert secret.pk not in found(secret.description.split()[-1]).ids
    case = Case.objects.exclude(secrecy_ground="").first()
    name = case.title.rsplit("– ", 1)[1]
    assert case.pk not in found(name, documents=False).ids


def test_diary_numbers_are_found_exactly():
    generate()
    case = Case.objects.order_by("pk")[37]
    assert found_number(case.diary_number) == [case.pk]


def found_number(number):
    return search.search(search.Criteria(number=number), documents=False).ids


def test_normal_registration_continues_after_the_generated_numbers(rita):
    generate()
    ks = Series.objects.get(code="KS")
    newest = Case.objects.filter(series=ks).order_by("-opened_at").first()
    year = newest.year
    last = Case.objects.filter(series=ks, year=year).order_by("-serial").first().serial
    assert SerialCounter.objects.get(series=ks, year=year).last_serial == last
    case = actions.do_open_case(
        ks, acting_user=rita, title="Ny skrivelse", classification=Classification.objects
        .get(code="133"), opened_at=newest.opened_at)
    assert case.serial == last + 1
    document = actions.do_register_document(
        newest, acting_user=rita, direction="drawn_up", doc_type="memo",
        description="Tjänsteanteckning", received_date=timezone.localdate())
    assert document.number == newest.documents.count()


def test_one_journal_event_per_batch_and_the_chain_holds():
    generate(500, "--batch", "100")
    events = list(Event.objects.filter(action="generate", object_type="case"))
    assert len(events) == 5
    assert sum(e.data["documents"] for e in events) == 500
    first, last = events[0].data["document_ids"][0], events[-1].data["document_ids"][1]
    assert Document.objects.filter(pk__gte=first, pk__lte=last).count() == 500
    # The parties a batch needs are made before it, under an event of their own.
    made = Event.objects.filter(action="generate", object_type="party")
    ranges = [e.data["party_ids"] for e in made]
    assert sum(e.data["parties"] for e in made) == Party.objects.count()
    assert all(any(a <= pk <= b for a, b in ranges)
               for pk in Party.objects.values_list("pk", flat=True))
    assert journal.verify()[1] is None
    # So every generated record has its creation event, as `kansli verify` checks.
    call_command("verify", "--no-progress", stdout=io.StringIO())


def test_generating_again_adds_to_what_is_there():
    generate(100)
    generate(100, "--seed", "7")
    assert Document.objects.count() == 200
    assert Case.objects.values("diary_number").distinct().count() == Case.objects.count()
    assert journal.verify()[1] is None


def test_the_index_rows_are_what_registration_would_have_written():
    generate(200)
    with connection.cursor() as cursor:
        for document in Document.objects.order_by("?")[:40]:
            if connection.vendor == "postgresql":
                cursor.execute("SELECT tsv = to_tsvector('swedish', %s) FROM "
                               "diary_document_fts WHERE id = %s",
                               [search.document_text(document), document.pk])
                assert cursor.fetchone()[0]
            else:
                cursor.execute("SELECT stems FROM diary_document_fts WHERE rowid = %s",
                               [document.pk])
                assert cursor.fetchone()[0] == search.stems(search.document_text(document))
        for case in Case.objects.order_by("?")[:20]:
            if connection.vendor != "postgresql":
                cursor.execute("SELECT stems FROM diary_case_fts WHERE rowid = %s", [case.pk])
                assert cursor.fetchone()[0] == search.stems(search.case_text(case))
