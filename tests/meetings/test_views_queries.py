"""The agenda, the notice and the minutes of a meeting run a fixed number of queries,
whether it has 5 items or 60 — each with a case, an officer's report with its decision
basis, and a paragraph with proposals, an open vote, a reservation, a declaration of
interest and recipients. The meeting is built as bench/meetings.py builds it."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.meetings import build, world
from kansli.meetings import actions
from kansli.meetings.models import Handling
from tests.conftest import at, rolled_back

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def meetings(django_db_setup, django_db_blocker):
    """Built once for the module (60 items take a few seconds) and removed after."""
    with django_db_blocker.unblock(), rolled_back():
        w = world()
        small = build(5, at(2013, 11, 12), w)
        large = build(60, at(2013, 11, 26), w)
        yield w, small, large


def counted(client, url):
    client.get(url)  # warm up the session
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response, queries


def readers(w, olle):
    return {"secretary": w.secretary, "case officer": olle,
            "approver": w.members[1].user}


@pytest.mark.parametrize("who", ["secretary", "case officer", "approver"])
@pytest.mark.parametrize("page", ["", "kallelse/", "protokoll/"])
def test_meeting_pages_run_a_constant_number_of_queries(client, meetings, olle, who, page):
    w, small, large = meetings
    client.force_login(readers(w, olle)[who])
    response, five = counted(client, f"/sammantraden/{small.pk}/{page}")
    if page == "protokoll/":
        assert len(response.context["paragraphs"]) == 5
    else:
        assert len(response.context["items"]) == 5
    response, sixty = counted(client, f"/sammantraden/{large.pk}/{page}")
    content = response.content.decode()
    if page == "protokoll/":
        assert len(response.context["paragraphs"]) == 60
        assert content.count("Till förmån för eget yrkande") == 60
        assert content.count("registrator@ksl.se") == 60
    elif page == "kallelse/":
        assert content.count("Rekommendation, 2013-11-26") == 60
    else:
        assert len(response.context["items"]) == 60
    assert len(sixty) == len(five), [q["sql"] for q in sixty.captured_queries]


def test_the_case_page_shows_handlings_in_one_query(client, meetings, olle, rita):
    w, _small, large = meetings
    item = large.agenda.order_by("position").select_related("case").first()
    case = item.case
    client.force_login(w.secretary)
    response, before = counted(client, f"/arenden/{case.pk}/")
    content = response.content.decode()
    assert "Behandling i organ" in content and "Ärendet har inte lämnats till något organ." \
        in content
    Handling.objects.create(case=case, body=w.body, role="preparation",
                            referred_at=at(2013, 11, 1), agenda_item=item,
                            paragraph=item.paragraph, result="as_proposed")
    actions.do_refer_case(case, acting_user=rita, body=w.body, role="decision")
    response, after = counted(client, f"/arenden/{case.pk}/")
    content = response.content.decode()
    assert f"§ {item.paragraph.number}" in content and "beslut enligt förslag" in content
    assert "Ännu inte på en dagordning" in content and "2013-11-26" in content
    assert len(after) == len(before), [q["sql"] for q in after.captured_queries]


def test_the_large_meeting_is_as_built(meetings):
    _w, _small, large = meetings
    assert large.paragraphs.count() == 60
    assert large.day == datetime.date(2013, 11, 26)
