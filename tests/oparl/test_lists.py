"""Lists page by 50 (the server's choice), link first/prev/next/last/self with the
filters kept, and filter on created/modified; bad parameters are 400, pages beyond the
last 404 — always as JSON."""

import datetime

import pytest
from django.utils import timezone

from kansli.diary import actions
from kansli.diary.models import Case
from kansli.oparl import views

from .conftest import path_of

pytestmark = pytest.mark.django_db

PAPERS = "/oparl/v1.1/body/1/paper/"


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 7)


def test_pages_cover_the_list_once(demo, client, small_pages):
    total = Case.objects.count()
    first = client.get(PAPERS).json()
    assert first["pagination"] == {"totalElements": total, "elementsPerPage": 7,
                                   "currentPage": 1, "totalPages": -(-total // 7)}
    assert "prev" not in first["links"]
    ids, page = [], first
    while True:
        ids += [p["id"] for p in page["data"]]
        if "next" not in page["links"]:
            break
        page = client.get(path_of(page["links"]["next"])).json()
        assert page["links"]["prev"]
    assert page["links"]["self"] == page["links"]["last"]
    assert len(ids) == len(set(ids)) == total


def test_the_links_keep_the_filters(demo, client, small_pages):
    data = client.get(PAPERS + "?modified_since=2000-01-01T00:00:00%2B01:00&page=2").json()
    assert data["pagination"]["currentPage"] == 2
    for name in ("first", "prev", "self", "last"):
        assert "modified_since=2000-01-01T00%3A00%3A00%2B01%3A00" in data["links"][name]
    assert data["links"]["self"].endswith("page=2")
    assert "page=" not in data["links"]["first"]


def test_modified_since_gives_what_changed(demo, client, registrar):
    before = client.get(PAPERS).json()["pagination"]["totalElements"]
    mark = timezone.now()
    assert client.get(PAPERS, {"modified_since": mark.isoformat()}).json()["data"] == []
    case = Case.objects.filter(secrecy_ground="").exclude(pk=demo.pk).order_by("pk").first()
    actions.do_correct_case(case, acting_user=registrar, reason="Stavfel",
                            title="Rättad rubrik")
    changed = client.get(PAPERS, {"modified_since": mark.isoformat()}).json()["data"]
    assert [p["reference"] for p in changed] == [case.diary_number]
    assert changed[0]["name"] == "Rättad rubrik"
    until = client.get(PAPERS, {"modified_until": mark.isoformat()}).json()
    assert until["pagination"]["totalElements"] == before - 1


def test_created_filters(demo, client):
    cut = timezone.make_aware(datetime.datetime(2013, 7, 1))
    since = client.get(PAPERS, {"created_since": cut.isoformat()}).json()["data"]
    until = client.get(PAPERS, {"created_until": cut.isoformat()}).json()["data"]
    assert {p["id"] for p in since}.isdisjoint(p["id"] for p in until)
    assert len(since) + len(until) == Case.objects.count()
    assert all(p["created"] >= "2013-07-01" for p in since)


def test_a_date_alone_and_an_unencoded_plus_are_understood(demo, client):
    assert client.get(PAPERS + "?created_since=2013-01-01").status_code == 200
    assert client.get(PAPERS + "?created_since=2013-01-01T00:00:00+01:00").status_code == 200


@pytest.mark.parametrize("query", [
    "modified_since=yesterday", "created_until=2013-13-01", "modified_until=2013-02-30T00:00",
    "created_since=", "page=0", "page=-1", "page=abc", "page=1.5", "page=١",
    "page=99999999999999999999999",
])
def test_bad_parameters_are_400(demo, client, query):
    response = client.get(f"{PAPERS}?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response.json()["error"]["message"]


def test_a_page_beyond_the_last_is_404(demo, client):
    response = client.get(PAPERS + "?page=999999")
    assert response.status_code == 404
    assert "page" in response.json()["error"]["message"]


@pytest.mark.parametrize("path", [
    "/oparl/v1.1/paper/999999/", "/oparl/v1.1/body/2/", "/oparl/v1.1/body/1/nothing/",
    "/oparl/v1.1/meeting/12345678901234567890123/", "/oparl/v1.1/whatever",
    "/oparl/v1.1/file/1/download/",
])
def test_unknown_ids_and_paths_are_json_404(demo, client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response.json()["error"]["status"] == 404
