"""Malformed query parameters, huge page numbers and unknown ids give a clear 4xx or the
page with a message — never a server error (property-based over the search's
parameters)."""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

NAMES = ["q", "number", "date_from", "date_to", "series", "classification", "sida",
         "arendesida"]
VALUES = st.one_of(
    st.text(max_size=60),
    st.sampled_from(["", "0", "-1", "1e9", "99999999999999999999", "2013-02-30",
                     "9999-12-31", "0001-01-01", "KS13/250-133", "KS", "*", "\"", "AND",
                     "NEAR(", "^", "%", "_", "\\", "ks 13/", "9" * 400, "'; DROP TABLE"]),
    st.integers().map(str),
)


@settings(max_examples=50, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dictionaries(st.sampled_from(NAMES), VALUES, max_size=5))
def test_the_diary_search_never_fails(client, diary, params):
    for url in (reverse("public:diary"), reverse("public:diary_rss")):
        response = client.get(url, params)
        assert response.status_code in (200, 302, 400), (url, params, response.status_code)


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dictionaries(st.sampled_from(["organ", "ar", "sida"]), VALUES, max_size=3))
def test_the_meetings_and_archive_never_fail(client, org, params):
    for url in (reverse("public:meetings"), reverse("public:board_archive")):
        response = client.get(url, params)
        assert response.status_code in (200, 400, 404), (url, params, response.status_code)


def test_a_malformed_date_is_a_message_on_the_page(client, diary):
    response = client.get(reverse("public:diary"), {"date_from": "2013-02-30"})
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()


def test_a_huge_page_number_is_a_message(client, diary):
    for value in ("401", "10000000000000000000000"):
        response = client.get(reverse("public:diary"), {"sida": value})
        assert response.status_code == 400


@pytest.mark.parametrize("name", ["case", "document", "meeting", "minutes_pdf"])
def test_unknown_ids_are_404(client, org, name):
    assert client.get(reverse(f"public:{name}", args=[987654])).status_code == 404


def test_an_unknown_body_is_404(client, org):
    assert client.get(reverse("public:meetings"), {"organ": "987654"}).status_code == 404
