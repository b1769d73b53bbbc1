"""The public pages only read: no writes to the database, no session, GET and HEAD only."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

pytestmark = pytest.mark.django_db


def urls(diary, meeting_pk, body_pk):
    return [reverse("public:index"), reverse("public:diary"),
            reverse("public:diary") + "?q=samverkan", reverse("public:case", args=[diary.case.pk]),
            reverse("public:document", args=[diary.secret.pk]), reverse("public:board"),
            reverse("public:board_archive"), reverse("public:meetings"),
            reverse("public:meeting", args=[meeting_pk]), reverse("public:diary_rss"),
            reverse("public:board_atom"), reverse("public:body_rss", args=[body_pk]),
            reverse("public:calendar")]


@pytest.fixture
def meeting(ks_board, rita):
    from django.utils import timezone

    from tests.meetings.conftest import plan

    return plan(ks_board.body, rita, timezone.now(), ["Budget"])


def test_public_pages_write_nothing_and_set_no_cookie(client, diary, meeting):
    for url in urls(diary, meeting.pk, meeting.body_id):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        writes = [q["sql"] for q in queries
                  if q["sql"].lstrip().split()[0].upper() in ("INSERT", "UPDATE", "DELETE")]
        assert writes == [], url
        assert not response.cookies, url


def test_post_is_refused(client, diary, meeting):
    for url in urls(diary, meeting.pk, meeting.body_id):
        assert client.post(url).status_code == 405, url
