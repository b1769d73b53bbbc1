"""/insyn/journal/: each day's head hash, for citizens to keep (docs/integrity.md)."""

import datetime
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kansli.diary import actions, journal
from kansli.diary.models import Event, JournalHead
from kansli.public.journal import day_heads
from kansli.security import CSP
from tests.conftest import open_case
from tests.public.conftest import PNR, SECRET_WORDS

URL = "/insyn/journal/"


def on(monkeypatch, day: datetime.date, hour: int = 12):
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))
    monkeypatch.setattr(journal.timezone, "now", lambda: moment)


@pytest.fixture
def days(monkeypatch, rita, ks, klass):
    """Events on 2026-03-01 (2), 2026-03-02 (3, the last at 23:30 local time, which is
    22:30 UTC) and 2026-03-05 (1)."""
    on(monkeypatch, datetime.date(2026, 3, 1))
    case = open_case(rita, ks, klass, title="Bygglov")
    actions.do_change_status(case, acting_user=rita, status="in_progress")
    on(monkeypatch, datetime.date(2026, 3, 2), 8)
    actions.do_change_status(case, acting_user=rita, status="decided")
    actions.do_close_case(case, acting_user=rita)
    on(monkeypatch, datetime.date(2026, 3, 2), 23)
    actions.do_change_status(case, acting_user=rita, status="in_progress", reason="Åter")
    on(monkeypatch, datetime.date(2026, 3, 5))
    open_case(rita, ks, klass, title="Annat")
    return {e.seq: e.hash for e in Event.objects.all()}


def test_each_day_shows_its_last_event_and_count(days):
    heads, more = day_heads()
    assert [(h.day.isoformat(), h.seq, h.events) for h in heads] == [
        ("2026-03-05", 6, 1), ("2026-03-02", 5, 3), ("2026-03-01", 2, 2)]
    assert [h.hash for h in heads] == [days[6], days[5], days[2]]
    assert not more
    older, more = day_heads(datetime.date(2026, 3, 5), count=1)
    assert [h.seq for h in older] == [5] and more


def test_the_page_lists_the_heads_and_explains_them(client, days):
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Händelseloggens kontrollsummor" in page
    assert "2026-03-02" in page and "<td>5</td>" in page and "<td>3</td>" in page
    assert days[5][:8] in page and days[5][-8:] in page
    assert "Bygglov" not in page  # only numbers and hashes
    assert not response.cookies
    assert response["Content-Security-Policy"] == CSP


def test_json_and_text_for_machines(client, days):
    data = json.loads(client.get(URL + "?format=json").content)
    assert data["head"] == {"seq": 6, "hash": JournalHead.objects.get().hash}
    assert data["days"][1] == {"date": "2026-03-02", "seq": 5, "hash": days[5], "events": 3}
    text = client.get(URL + "?format=text")
    assert text["Content-Type"] == "text/plain; charset=utf-8"
    assert f"2026-03-01;2;2;{days[2]}" in text.content.decode().splitlines()


def test_one_event_is_looked_up_by_its_number(client, days):
    page = client.get(URL + "?seq=3").content.decode()
    assert days[3] in page and "2026-03-02" in page
    assert "Det finns ingen händelse 99" in client.get(URL + "?seq=99").content.decode()
    data = json.loads(client.get(URL + "?seq=4&format=json").content)
    assert data["event"] == {"seq": 4, "found": True, "day": "2026-03-02", "hash": days[4]}


@pytest.mark.parametrize("query", ["?seq=x", "?seq=-1", "?fore=2026-13-01", "?format=xml",
                                   "?seq=" + "9" * 40])
def test_bad_parameters_are_a_message(client, days, query):
    response = client.get(URL + query)
    assert response.status_code == 400


def test_older_days_are_paged(client, days, monkeypatch):
    monkeypatch.setattr("kansli.public.journal.DAYS", 2)
    page = client.get(URL).content.decode()
    assert "?fore=2026-03-02" in page
    older = client.get(URL + "?fore=2026-03-02").content.decode()
    assert "2026-03-01" in older and "2026-03-05" not in older


def test_the_page_costs_a_query_per_day_shown(client, days):
    with CaptureQueriesContext(connection) as queries:
        client.get(URL + "?format=json")
    # The cache key (1), organisation and head (2), a look-up per day and one more.
    assert len(queries) <= 3 + 3 + 1


def test_the_page_is_reached_from_every_public_page_and_reveals_nothing(client, diary):
    page = client.get(reverse("public:index")).content.decode()
    assert URL in page
    body = client.get(URL).content.decode() + client.get(URL + "?format=json").content.decode()
    for word in [*SECRET_WORDS, PNR, "Sven Svensson"]:
        assert word not in body


def test_post_is_refused(client, db):
    assert client.post(URL).status_code == 405
    assert client.get(URL).status_code == 200
