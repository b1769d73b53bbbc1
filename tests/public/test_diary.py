"""The public diary (/insyn/diarium/): search by words, diary number, dates, series and
classification, newest first, paged; an exact diary number goes to its case."""

import datetime

import pytest
from django.urls import reverse

from kansli.diary import search
from tests.conftest import open_case, register

pytestmark = pytest.mark.django_db

URL = reverse("public:diary")


def shown(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_the_diary_lists_documents_newest_first(client, diary):
    text = shown(client.get(URL))
    first = text.index(diary.secret.reference)
    assert first < text.index(diary.private_letter.reference) \
        < text.index(diary.recommendation.reference)


def test_words_find_public_text(client, diary):
    text = shown(client.get(URL, {"q": "samverkan"}))
    assert diary.recommendation.reference in text
    assert diary.case.diary_number in text


def test_an_exact_diary_number_goes_to_the_case(client, diary):
    response = client.get(URL, {"q": diary.case.diary_number.lower()})
    assert response.status_code == 302
    assert response["Location"] == reverse("public:case", args=[diary.case.pk])
    response = client.get(URL, {"number": diary.case.diary_number})
    assert response["Location"] == reverse("public:case", args=[diary.case.pk])


def test_a_cancelled_case_is_not_found_by_its_number(client, diary):
    response = client.get(URL, {"number": diary.cancelled.diary_number})
    assert response.status_code == 200
    assert "Makulerat" not in response.content.decode()
    assert client.get(reverse("public:case", args=[diary.cancelled.pk])).status_code == 404


def test_a_date_range_limits_the_documents(client, diary):
    text = shown(client.get(URL, {"date_from": "2013-06-30", "date_to": "2013-07-31"}))
    assert diary.private_letter.reference in text
    assert diary.recommendation.reference not in text
    assert diary.secret.reference not in text


def test_series_and_classification_limit_the_search(client, diary, sn, rita, klass):
    other = open_case(rita, sn, klass, title="Ett ärende i socialnämndens serie")
    register(other, rita, description="Brev till socialnämnden")
    text = shown(client.get(URL, {"series": sn.pk}))
    assert other.diary_number in text and diary.case.diary_number not in text
    text = shown(client.get(URL, {"classification": "133"}))
    assert other.diary_number in text and diary.case.diary_number in text
    text = shown(client.get(URL, {"classification": "999"}))
    assert diary.case.diary_number not in text


def test_a_private_persons_name_finds_nothing_though_staff_search_indexes_it(client, diary):
    """Names of private persons are not published, so a search on one must not tell
    which documents they sent."""
    hits = search.search(search.Criteria(words="Svensson"), documents=True)
    assert diary.private_letter.pk in hits.ids  # the staff index holds the name
    text = shown(client.get(URL, {"q": "Svensson"}))
    assert diary.private_letter.reference not in text
    assert "Sven Svensson" not in text


def test_secret_words_find_nothing(client, diary):
    for word in ("Hemlighetsfullt", "Kalle", "Kula", "Skyddad"):
        text = shown(client.get(URL, {"q": word}))
        assert diary.secret.reference not in text
        assert diary.secret_case.diary_number not in text


def test_paging_has_a_next_page_and_a_limit(client, rita, ks, klass):
    case = open_case(rita, ks, klass, title="Många handlingar")
    for i in range(30):
        register(case, rita, description=f"Handling nummer {i}",
                 received_date=datetime.date(2014, 1, 1))
    first = shown(client.get(URL))
    assert "Handling nummer 29" in first and "Handling nummer 0<" not in first
    assert "sida=2" in first
    second = shown(client.get(URL, {"sida": "2"}))
    assert "Handling nummer 0<" in second and "Handling nummer 29" not in second
    response = client.get(URL, {"sida": "999999999999"})
    assert response.status_code == 400
    assert "400" in response.content.decode()  # the message names the limit


def test_the_start_page_shows_the_latest_entries(client, diary):
    text = shown(client.get(reverse("public:index")))
    assert diary.recommendation.reference in text
    assert '<html lang="sv">' in text
