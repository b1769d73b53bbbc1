"""The notice board (/insyn/anslagstavla/): what is posted now with all its dates and
where the minutes are kept, the approved minutes as PDF (the stored file), the archive
of what was taken down, and the announcements of council meetings."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from kansli.documents.store import store_minutes
from kansli.meetings.models import Paragraph, Posting
from tests.public.conftest import approved_and_posted

pytestmark = pytest.mark.django_db

BOARD = reverse("public:board")


@pytest.fixture(autouse=True)
def meetings_classification(settings, klass):
    """Stored minutes are registered in the body's meetings case, classified 133 here."""
    settings.KANSLI_DOCUMENT_MEETINGS_CLASSIFICATION = klass.code


def test_a_posting_shows_its_dates_and_where_the_minutes_are_kept(client, ks_board, rita):
    meeting, _paragraphs, posting = approved_and_posted(ks_board, rita, ["Budget 2027"])
    text = client.get(BOARD).content.decode()
    assert "Kommunstyrelsen" in text
    for day in (posting.posted_on, posting.taken_down_on, posting.appeal_last_day,
                meeting.approved_on):
        assert f"{day:%Y-%m-%d}" in text
    assert "Kommunkansliet, Ekerö kommunhus" in text
    assert reverse("public:board_archive") in text


def test_the_approved_minutes_are_the_stored_pdf(client, ks_board, rita):
    meeting, _paragraphs, _posting = approved_and_posted(ks_board, rita, ["Budget 2027"])
    url = reverse("public:minutes_pdf", args=[meeting.pk])
    assert client.get(url).status_code == 404  # not stored yet
    assert url not in client.get(BOARD).content.decode()
    rendering = store_minutes(meeting, acting_user=rita)
    assert url in client.get(BOARD).content.decode()
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    from kansli.documents.store import stored_bytes

    assert response.content == stored_bytes(rendering)


def test_minutes_with_a_secret_paragraph_are_not_served_as_pdf(client, ks_board, rita):
    meeting, paragraphs, _posting = approved_and_posted(
        ks_board, rita, ["Budget 2027", "Personalärende Hemligt"])
    store_minutes(meeting, acting_user=rita)
    Paragraph.objects.filter(pk=paragraphs[1].pk).update(secrecy_ground="OSL 39 kap. 1 §")
    url = reverse("public:minutes_pdf", args=[meeting.pk])
    assert client.get(url).status_code == 404
    text = client.get(BOARD).content.decode()
    assert url not in text
    assert "Kommunkansliet, Ekerö kommunhus" in text  # where to ask for them


def test_minutes_with_a_personnummer_are_not_served_as_pdf(client, ks_board, rita):
    meeting, _paragraphs, _posting = approved_and_posted(
        ks_board, rita, ["Ansökan från 811228-9874"])
    store_minutes(meeting, acting_user=rita)
    assert client.get(reverse("public:minutes_pdf", args=[meeting.pk])).status_code == 404
    assert "811228-9874" not in client.get(BOARD).content.decode()


def test_taken_down_postings_are_in_the_archive(client, ks_board, rita):
    meeting, _paragraphs, posting = approved_and_posted(ks_board, rita, ["Budget 2027"])
    Posting.objects.filter(pk=posting.pk).update(
        posted_on=timezone.localdate() - datetime.timedelta(days=40),
        taken_down_on=timezone.localdate() - datetime.timedelta(days=10))
    assert f"posting-{posting.pk}" not in client.get(BOARD).content.decode()
    text = client.get(reverse("public:board_archive")).content.decode()
    assert f"posting-{posting.pk}" in text


def test_a_council_meeting_is_announced(client, kf_board, rita):
    from kansli.meetings import actions
    from tests.meetings.conftest import plan

    start = timezone.now() + datetime.timedelta(days=20)
    meeting = plan(kf_board.body, rita, start, ["Årsredovisning"])
    actions.do_send_notice(meeting, acting_user=rita)
    text = client.get(BOARD).content.decode()
    assert "Kommunfullmäktige" in text and f"{timezone.localtime(start):%Y-%m-%d}" in text
    assert "Sammanträdesrummet, Ekerö kommunhus" in text
    feed = client.get(reverse("public:board_atom")).content.decode()
    assert "Kommunfullmäktige" in feed
    start_page = client.get(reverse("public:index")).content.decode()
    assert reverse("public:meeting", args=[meeting.pk]) in start_page


def test_the_story_archive_holds_the_kf_approval(client, story):
    text = client.get(reverse("public:board_archive")).content.decode()
    assert "Kommunfullmäktige" in text and "2013-12-16" in text
