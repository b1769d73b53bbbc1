"""Staff search: Swedish stemming, å/ä/ö distinct, diary numbers exact and partial,
filters, newest first."""

import datetime

import pytest

from kansli.diary import actions, search
from kansli.diary.models import Classification
from kansli.diary.search import Criteria
from tests.conftest import at


@pytest.fixture
def cases(ks, sn, klass, rita):
    other = Classification.objects.create(code="2.1", title="Bygglov")
    made = {}
    for key, series, title, cls, when in [
        ("nyanlanda", ks, "Överenskommelse gällande nyanlända", klass, at(2013, 6, 10)),
        ("bygglov", sn, "Bygglov för förskola", other, at(2024, 2, 1)),
        ("mal", ks, "Målsättning för skolan", klass, at(2024, 3, 1)),
        ("mal2", ks, "Mal i garderoben", klass, at(2024, 3, 2)),
    ]:
        made[key] = actions.do_open_case(series, acting_user=rita, title=title,
                                         classification=cls, opened_at=when)
    return made


def ids(criteria, documents=False):
    return search.search(criteria, documents=documents).ids


def test_words_match_in_their_inflected_forms(cases):
    assert ids(Criteria(words="nyanländ")) == [cases["nyanlanda"].pk]
    assert ids(Criteria(words="överenskommelsen")) == [cases["nyanlanda"].pk]


def test_a_with_ring_and_dots_are_distinct_letters(cases):
    assert ids(Criteria(words="mal")) == [cases["mal2"].pk]
    assert ids(Criteria(words="mål*")) == [cases["mal"].pk]


def test_all_words_must_match(cases):
    assert ids(Criteria(words="bygglov förskola")) == [cases["bygglov"].pk]
    assert ids(Criteria(words="bygglov nyanlända")) == []


def test_a_word_prefix(cases):
    assert ids(Criteria(words="nyanl*")) == [cases["nyanlanda"].pk]


def test_newest_first_by_default(cases):
    assert ids(Criteria(series_id=cases["mal"].series_id)) == [
        cases["mal2"].pk, cases["mal"].pk, cases["nyanlanda"].pk]


def test_diary_number_exact_and_partial(cases):
    first = cases["nyanlanda"]
    assert first.diary_number == "KS13/1-133"
    assert ids(Criteria(number="KS13/1-133")) == [first.pk]
    assert ids(Criteria(number="ks 13/1")) == [first.pk]
    assert ids(Criteria(number="KS24/1")) == [cases["mal"].pk]
    # A serial alone finds it in every series and year.
    assert set(ids(Criteria(number="1"))) == {first.pk, cases["bygglov"].pk, cases["mal"].pk}


def test_a_partial_number_does_not_match_longer_serials(ks, klass, rita):
    for _ in range(12):
        actions.do_open_case(ks, acting_user=rita, title="Ärende", classification=klass,
                             opened_at=at(2024, 1, 1))
    found = ids(Criteria(number="KS24/1"))
    assert len(found) == 1


def test_filters_on_status_classification_and_dates(cases, rita):
    actions.do_close_case(cases["mal"], acting_user=rita)
    assert ids(Criteria(status="closed")) == [cases["mal"].pk]
    assert set(ids(Criteria(classification="2"))) == {cases["bygglov"].pk}
    assert ids(Criteria(date_from=datetime.date(2013, 1, 1),
                        date_to=datetime.date(2013, 12, 31))) == [cases["nyanlanda"].pk]


def test_documents_are_found_by_party(cases, rita):
    ksl = actions.do_create_party(acting_user=rita, kind="organisation",
                                  name="Kommunförbundet Stockholms län")
    document = actions.do_register_document(
        cases["nyanlanda"], acting_user=rita, direction="incoming", doc_type="recommendation",
        description="Rekommendation", received_date=datetime.date(2013, 6, 5), senders=[ksl])
    assert ids(Criteria(party="stockholms län"), documents=True) == [document.pk]
    assert ids(Criteria(party="stockholms län")) == [cases["nyanlanda"].pk]
    assert ids(Criteria(words="kommunförbundet"), documents=True) == [document.pk]


def test_relevance_order_on_request(ks, klass, rita):
    many = actions.do_open_case(ks, acting_user=rita, classification=klass,
                                title="Skola, skolan och åter skolor: skolfrågor",
                                opened_at=at(2024, 1, 1))
    once = actions.do_open_case(ks, acting_user=rita, classification=klass,
                                title="Lunch och rast i skolor med matsal och personal",
                                opened_at=at(2024, 1, 2))
    assert ids(Criteria(words="skola")) == [once.pk, many.pk]
    assert ids(Criteria(words="skola", order="relevance")) == [many.pk, once.pk]


def test_the_count_is_capped(cases, monkeypatch):
    monkeypatch.setattr(search, "COUNT_CAP", 2)
    result = search.search(Criteria(series_id=cases["mal"].series_id), documents=False)
    assert result.total == 2 and result.more


def test_words_with_nothing_searchable_find_nothing(cases):
    assert ids(Criteria(words="***")) == []
    assert ids(Criteria(words='"; DROP TABLE')) == []


def test_a_correction_updates_the_index(cases, rita):
    actions.do_correct_case(cases["bygglov"], acting_user=rita, reason="Fel",
                            title="Rivningslov för förskola")
    assert ids(Criteria(words="bygglov")) == []
    assert ids(Criteria(words="rivningslov")) == [cases["bygglov"].pk]


def test_numbers_and_dates_out_of_range_find_nothing_rather_than_fail(cases):
    assert ids(Criteria(number="   ")) == []
    assert ids(Criteria(number="99999999999999999999")) == []
    assert ids(Criteria(date_to=datetime.date(9999, 12, 31))) != []
    assert ids(Criteria(date_from=datetime.date(1, 1, 1))) != []
