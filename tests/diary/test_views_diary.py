"""The diary list and its search."""

import datetime

import pytest

from kansli.diary import actions, search
from kansli.diary.models import Case
from kansli.diary.views import count_label, looks_like_number
from tests.conftest import open_case


def register(case, user, description, **kwargs):
    kwargs.setdefault("direction", "incoming")
    kwargs.setdefault("doc_type", "letter")
    kwargs.setdefault("received_date", datetime.date(2013, 6, 5))
    return actions.do_register_document(case, acting_user=user, description=description,
                                        **kwargs)




@pytest.fixture
def nyanlanda(rita, ks, klass, ksl):
    case = open_case(rita, ks, klass, "Överenskommelse om samverkan gällande nyanlända")
    register(case, rita, "Rekommendation om samverkan kring nyanlända", senders=[ksl],
             doc_type="recommendation")
    return case


def test_the_diary_lists_cases_and_documents_newest_first(client, rita, ks, klass, nyanlanda):
    later = open_case(rita, ks, klass, "Budget för kulturnämnden")
    client.force_login(rita)
    html = client.get("/").content.decode()
    assert html.index(later.diary_number) < html.index(nyanlanda.diary_number)
    assert "Rekommendation om samverkan kring nyanlända" in html
    assert "Kommunförbundet Stockholms län" in html
    assert "inkommande" in html.lower()


def test_a_search_by_word_finds_the_case_and_its_document(client, rita, ks, klass, nyanlanda):
    open_case(rita, ks, klass, "Budget för kulturnämnden")
    client.force_login(rita)
    response = client.get("/", {"words": "nyanlända"})
    assert response.status_code == 200
    cases = [c.pk for c in response.context["cases"]]
    assert cases == [nyanlanda.pk]
    assert len(response.context["documents"]) == 1


def test_a_search_by_diary_number_finds_the_case(client, rita, ks, klass, nyanlanda):
    other = open_case(rita, ks, klass, "Något annat")
    client.force_login(rita)
    response = client.get("/", {"number": nyanlanda.diary_number})
    assert [c.pk for c in response.context["cases"]] == [nyanlanda.pk]
    assert other.pk not in [c.pk for c in response.context["cases"]]


def test_the_quick_search_takes_a_diary_number_or_words(client, rita, ks, klass, nyanlanda):
    client.force_login(rita)
    by_number = client.get("/", {"q": nyanlanda.diary_number})
    assert by_number.context["form"]["number"].value() == nyanlanda.diary_number
    assert [c.pk for c in by_number.context["cases"]] == [nyanlanda.pk]
    by_words = client.get("/", {"q": "samverkan"})
    assert by_words.context["form"]["words"].value() == "samverkan"
    assert [c.pk for c in by_words.context["cases"]] == [nyanlanda.pk]


@pytest.mark.parametrize("text,number", [
    ("KS13/250", True), ("ks 2018/124", True), ("250", True), ("2018/KS 0290", True),
    ("SLK-2023-01047", True), ("KS13/250-133", True), ("nyanlända", False),
    ("budget 2013", False), ("samverkan kring nyanlända", False),
])
def test_what_looks_like_a_diary_number(text, number):
    assert looks_like_number(text) is number


def test_a_search_by_party_status_series_and_dates(client, rita, ks, sn, klass, nyanlanda):
    social = open_case(rita, sn, klass, "Placering")
    register(social, rita, "Ansökan", received_date=datetime.date(2014, 1, 1))
    client.force_login(rita)
    by_party = client.get("/", {"party": "förbundet"})
    assert [d.case_id for d in by_party.context["documents"]] == [nyanlanda.pk]
    by_series = client.get("/", {"series": sn.pk})
    assert [c.pk for c in by_series.context["cases"]] == [social.pk]
    by_dates = client.get("/", {"date_from": "2013-06-01", "date_to": "2013-06-30"})
    assert [d.case_id for d in by_dates.context["documents"]] == [nyanlanda.pk]
    by_status = client.get("/", {"status": "closed"})
    assert by_status.context["cases"] == []
    by_class = client.get("/", {"classification": "133", "order": "relevance",
                                "words": "placering"})
    assert [c.pk for c in by_class.context["cases"]] == [social.pk]


@pytest.mark.parametrize("params", [
    {"date_from": "2013-13-45"}, {"date_to": "not a date"}, {"date_from": "0001-01-01"},
    {"date_to": "9999-12-31"}, {"series": "abc"}, {"status": "weird"}, {"order": "x"},
    {"number": "99999999999999999999999"}, {"q": "99999999999999999999999"},
    {"date_from": "2014-01-01", "date_to": "2013-01-01"},
])
def test_bad_search_input_is_explained_not_a_500(client, rita, nyanlanda, params):
    client.force_login(rita)
    response = client.get("/", params)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert 'aria-invalid="true"' in response.content.decode()


@pytest.mark.parametrize("params", [
    {"case_offset": "abc"}, {"document_offset": "-5"}, {"case_offset": "99999999999999999999"},
    {"words": "***"}, {"words": '"'}, {"number": "/"}, {"number": "-"}, {"q": "%_"},
    {"party": "%"}, {"words": "a" * 500},
])
def test_odd_search_input_never_gives_a_500(client, rita, nyanlanda, params):
    client.force_login(rita)
    assert client.get("/", params).status_code == 200


def test_the_lists_are_paginated(client, rita, ks, klass, settings, monkeypatch):
    from kansli.diary import views

    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    cases = [open_case(rita, ks, klass, f"Ärende {i}") for i in range(5)]
    client.force_login(rita)
    first = client.get("/")
    assert [c.pk for c in first.context["cases"]] == [cases[4].pk, cases[3].pk]
    assert first.context["case_page"]["previous"] is None
    second = client.get("/" + first.context["case_page"]["next"])
    assert [c.pk for c in second.context["cases"]] == [cases[2].pk, cases[1].pk]
    assert "case_offset=2" in first.context["case_page"]["next"]
    assert 'rel="next"' in first.content.decode()


def test_a_capped_count_is_shown_with_a_plus(client, rita, ks, klass, monkeypatch):
    monkeypatch.setattr(search, "COUNT_CAP", 2)
    for i in range(4):
        open_case(rita, ks, klass, f"Ärende {i}")
    client.force_login(rita)
    response = client.get("/")
    assert response.context["case_page"]["count"] == "2+"
    assert len(response.context["cases"]) == 4


def test_a_count_of_a_thousand_is_written_the_swedish_way():
    assert count_label(search.Result([], 1000, more=True)) == "1\xa0000+"
    assert count_label(search.Result([], 12)) == "12"


def test_a_secret_document_is_masked_for_a_case_officer_of_another_case(
        client, rita, olle, karin, ks, klass, ksl):
    case = open_case(rita, ks, klass, "Orosanmälan", officer=olle)
    register(case, rita, "Anmälan om barn som far illa", senders=[ksl],
             secrecy_ground="OSL 26 kap. 1 §")
    client.force_login(karin)
    html = client.get("/").content.decode()
    assert "Sekretess enligt OSL 26 kap. 1 §" in html
    assert "far illa" not in html
    assert "Kommunförbundet" not in html
    client.force_login(olle)
    html = client.get("/").content.decode()
    assert "far illa" in html


def test_a_case_with_a_secret_title_shows_its_public_title(client, rita, karin, ks, klass):
    open_case(rita, ks, klass, "Placering av Kalle Svensson", public_title="Placering",
              secrecy_ground="OSL 26 kap. 1 §")
    client.force_login(karin)
    html = client.get("/").content.decode()
    assert "Kalle" not in html
    assert "Placering" in html


def test_the_lists_run_a_constant_number_of_queries(client, rita, ks, klass, ksl,
                                                    django_assert_max_num_queries):
    def fill(n):
        for i in range(n):
            case = open_case(rita, ks, klass, f"Ärende {i}")
            register(case, rita, f"Brev {i}", senders=[ksl])

    fill(2)
    client.force_login(rita)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get("/")
    fill(10)
    with CaptureQueriesContext(connection) as many:
        response = client.get("/")
    assert len(response.context["documents"]) == 12
    assert len(many) == len(few)
    assert Case.objects.count() == 12
