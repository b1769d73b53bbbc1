"""Whatever a client sends — odd query parameters, huge or negative page numbers,
unknown or malformed ids — the answer is a clear 4xx (or 200), never a server error.
Bounded: 60 generated requests each."""

from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

KINDS = ["organization", "organization/party", "person", "membership", "legislativeterm",
         "meeting", "location", "agendaitem", "paper", "consultation", "file"]
LISTS = ["organization", "person", "membership", "legislativeterm", "meeting", "location",
         "agendaitem", "paper", "consultation", "file", "nothing", ""]
PARAMS = ["page", "created_since", "created_until", "modified_since", "modified_until",
          "limit", "body"]
FUZZ = settings(max_examples=60, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])

ids = st.one_of(st.integers(min_value=-10, max_value=10**30).map(str),
                st.text(min_size=0, max_size=30))
values = st.one_of(
    st.text(max_size=40),
    st.integers(min_value=-10**30, max_value=10**30).map(str),
    st.datetimes().map(lambda d: d.isoformat()),
    st.sampled_from(["2013-12-16", "2013-12-16T18:00:00+01:00", "2013-02-30", "9999-99-99",
                     "0000-00-00T00:00:00", "2013-12-16T25:61:00Z", "1e309", "NaN",
                     "0001-01-01T00:00:00", "9999-12-31T23:59:59-12:00"]),
)
queries = st.dictionaries(st.one_of(st.sampled_from(PARAMS), st.text(max_size=10)), values,
                          max_size=4)


def check(response):
    assert response.status_code < 500, response.content[:300]
    if response.status_code >= 400:
        assert response["Content-Type"] == "application/json; charset=utf-8"
        assert response.json()["error"]["message"]


@FUZZ
@given(kind=st.sampled_from(LISTS), query=queries)
def test_list_parameters_never_give_a_server_error(demo, client, kind, query):
    path = f"/oparl/v1.1/body/1/{kind}/" if kind else "/oparl/v1.1/body/"
    check(client.get(path, query))


@FUZZ
@given(kind=st.sampled_from(KINDS), pk=ids, tail=st.sampled_from(["/", "", "/download/",
                                                                   "/access/", "/x/"]))
def test_object_ids_never_give_a_server_error(demo, client, kind, pk, tail):
    check(client.get(f"/oparl/v1.1/{kind}/{quote(pk, safe='')}{tail}"))
