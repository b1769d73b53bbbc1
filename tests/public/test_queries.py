"""Every public list costs the same number of queries whatever its length."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kansli.diary.actions import NewFile
from kansli.meetings.models import AgendaItem, Meeting, Paragraph, Posting
from tests.conftest import open_case, register
from tests.public.conftest import publish_files

pytestmark = pytest.mark.django_db


def add_documents(case, rita, ksl, count, start):
    for i in range(start, start + count):
        register(case, rita, description=f"Handling {i}", senders=[ksl],
                 received_date=datetime.date(2014, 1, 1),
                 files=[NewFile(f"fil-{i}.pdf", f"%PDF {i}".encode(), "application/pdf")])
        if i % 3 == 0:
            register(case, rita, description=f"Hemlig {i}", secrecy_ground="OSL 26 kap. 1 §")


def add_meetings(body, rita, count, start):
    today = timezone.localdate()
    for i in range(start, start + count):
        meeting = Meeting.objects.create(
            body=body, start=timezone.now() - datetime.timedelta(days=i + 1), place="Salen",
            minutes_kept_at="Kansliet", approved_on=today, notice_sent_at=timezone.now())
        AgendaItem.objects.create(meeting=meeting, position=1, heading=f"Punkt {i}")
        Paragraph.objects.create(meeting=meeting, body=body, year=2000 + i, number=1,
                                 heading=f"Paragraf {i}", approved_on=today)
        for kind, down in (("approval", today + datetime.timedelta(days=5)),
                           ("announcement", today - datetime.timedelta(days=1))):
            Posting.objects.create(kind=kind, meeting=meeting, posted_on=today
                                   - datetime.timedelta(days=10), taken_down_on=down,
                                   minutes_kept_at="Kansliet", posted_by=rita)
    Meeting.objects.create(body=body, start=timezone.now() + datetime.timedelta(days=start),
                           place="Salen", minutes_kept_at="Kansliet")


def counts(client, urls) -> dict:
    """What each page costs when it is built (not served from the public cache: these
    tests add rows without journal events, which a cached page would not see)."""
    from django.core.cache import cache

    result = {}
    for url in urls:
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        result[url] = len(queries)
    return result


def test_lists_cost_a_fixed_number_of_queries(client, org, ks, klass, rita, ksl):
    publish_files(org)
    case = open_case(rita, ks, klass, title="Många handlingar")
    body = ks.body
    year = timezone.localdate().year
    urls = [reverse("public:index"), reverse("public:diary"),
            reverse("public:diary") + "?q=handling", reverse("public:case", args=[case.pk]),
            reverse("public:diary_rss"), reverse("public:diary_atom") + "?q=handling",
            reverse("public:board"), reverse("public:board_archive"),
            reverse("public:board_rss"), reverse("public:meetings") + f"?ar={year}",
            reverse("public:body_atom", args=[body.pk]), reverse("public:calendar")]
    add_documents(case, rita, ksl, 2, 0)
    add_meetings(body, rita, 2, 0)
    small = counts(client, urls)
    add_documents(case, rita, ksl, 12, 2)
    add_meetings(body, rita, 12, 2)
    large = counts(client, urls)
    assert small == large
    assert max(large.values()) <= 12, large


def test_a_meeting_page_costs_the_same_with_more_paragraphs(client, org, ks, rita):
    body = ks.body
    meeting = Meeting.objects.create(body=body, start=timezone.now(), place="Salen",
                                     minutes_kept_at="Kansliet",
                                     approved_on=timezone.localdate(),
                                     notice_sent_at=timezone.now())

    def grow(start, count):
        for i in range(start, start + count):
            AgendaItem.objects.create(meeting=meeting, position=i + 1, heading=f"Punkt {i}")
            Paragraph.objects.create(meeting=meeting, body=body, year=2026, number=i + 1,
                                     heading=f"Paragraf {i}", approved_on=meeting.approved_on)

    url = reverse("public:meeting", args=[meeting.pk])
    grow(0, 2)
    small = counts(client, [url])
    grow(2, 10)
    assert counts(client, [url]) == small
