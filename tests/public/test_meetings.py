"""Meeting pages: a calendar per body; the agenda once the notice is sent; paragraphs as
they are approved, a secret one by number and ground; iCalendar for all and per body."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from kansli.meetings import actions
from kansli.meetings.models import Paragraph
from tests.meetings.conftest import approve, decide, drawn_up, plan
from tests.public.conftest import approved_and_posted

pytestmark = pytest.mark.django_db


def page(client, meeting) -> str:
    response = client.get(reverse("public:meeting", args=[meeting.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_calendar_lists_a_bodys_meetings_of_the_year(client, ks_board, sn_body, rita):
    start = timezone.now() + datetime.timedelta(days=30)
    meeting = plan(ks_board.body, rita, start, ["Budget"])
    url = reverse("public:meetings")
    year = timezone.localtime(start).year
    text = client.get(url, {"organ": ks_board.body.pk, "ar": year}).content.decode()
    assert reverse("public:meeting", args=[meeting.pk]) in text
    text = client.get(url, {"organ": sn_body.pk, "ar": year}).content.decode()
    assert reverse("public:meeting", args=[meeting.pk]) not in text
    text = client.get(url, {"ar": year - 3}).content.decode()
    assert reverse("public:meeting", args=[meeting.pk]) not in text


def test_the_agenda_is_public_once_the_notice_is_sent(client, ks_board, rita):
    meeting = plan(ks_board.body, rita, timezone.now() + datetime.timedelta(days=10),
                   ["Överenskommelse om samverkan"])
    assert "Överenskommelse om samverkan" not in page(client, meeting)
    actions.do_send_notice(meeting, acting_user=rita)
    assert "Överenskommelse om samverkan" in page(client, meeting)


def test_an_agenda_item_of_a_case_with_a_secret_title_shows_the_public_title(
        client, ks_board, diary, rita):
    meeting = plan(ks_board.body, rita, timezone.now() + datetime.timedelta(days=10),
                   cases=[diary.secret_case])
    actions.do_send_notice(meeting, acting_user=rita)
    text = page(client, meeting)
    assert "Orosanmälan" in text and "Kalle" not in text


def test_paragraphs_are_public_once_approved_and_a_secret_one_by_ground(client, ks_board,
                                                                         rita):
    start = timezone.now() - datetime.timedelta(days=2)
    meeting, paragraphs = drawn_up(ks_board.body, ks_board, rita, start,
                                   ["Budget 2027", "Personalärende Hemligt"])
    decide(paragraphs, rita)
    actions.do_write_paragraph(paragraphs[0], acting_user=rita,
                               decision="att anta budgeten")
    assert "att anta budgeten" not in page(client, meeting)
    Paragraph.objects.filter(pk=paragraphs[1].pk).update(secrecy_ground="OSL 39 kap. 1 §")
    approve(meeting, ks_board, on=timezone.localdate())
    text = page(client, meeting)
    assert "att anta budgeten" in text and f"§ {paragraphs[0].number}" in text
    assert f"§ {paragraphs[1].number}" in text and "OSL 39 kap. 1 §" in text
    assert "Personalärende Hemligt" not in text
    feed = client.get(reverse("public:body_atom", args=[ks_board.body.pk])).content.decode()
    assert "att anta budgeten" in feed and "Personalärende Hemligt" not in feed
    assert "OSL 39 kap. 1 §" in feed


def test_the_case_page_links_its_decisions(client, ks_board, diary, rita):
    meeting, paragraphs, _posting = approved_and_posted(ks_board, rita, [], case=diary.case)
    text = client.get(reverse("public:case", args=[diary.case.pk])).content.decode()
    assert reverse("public:meeting", args=[meeting.pk]) + f"#p{paragraphs[0].number}" in text


def test_icalendar_for_all_meetings_and_per_body(client, ks_board, sn_body, rita):
    start = timezone.now().replace(microsecond=0) + datetime.timedelta(days=5)
    meeting = plan(ks_board.body, rita, start, ["Budget"])
    response = client.get(reverse("public:calendar"))
    assert response["Content-Type"].startswith("text/calendar")
    text = response.content.decode()
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert f"UID:meeting-{meeting.pk}@testserver" in text
    assert f"DTSTART:{start.astimezone(datetime.UTC):%Y%m%dT%H%M%SZ}" in text
    assert "LOCATION:Sammanträdesrummet\\, Ekerö kommunhus" in text
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    per_body = client.get(reverse("public:body_calendar", args=[ks_board.body.pk]))
    assert f"meeting-{meeting.pk}@" in per_body.content.decode()
    other = client.get(reverse("public:body_calendar", args=[sn_body.pk]))
    assert f"meeting-{meeting.pk}@" not in other.content.decode()
    assert client.get(reverse("public:body_calendar", args=[99999])).status_code == 404


def test_the_story_meetings_show_the_kf_decision(client, story):
    from kansli.meetings.models import Meeting

    kf = Meeting.objects.get(body__code="KF", start__year=2013)
    text = page(client, kf)
    assert "§ 90" in text and "att anta överenskommelse" in text


def test_the_stored_notice_is_served_unless_its_agenda_holds_a_secret_title(
        client, ks_board, diary, rita, settings, klass):
    from kansli.documents.store import store_notice

    settings.KANSLI_DOCUMENT_MEETINGS_CLASSIFICATION = klass.code
    url_of = lambda m: reverse("public:notice_pdf", args=[m.pk])  # noqa: E731
    meeting = plan(ks_board.body, rita, timezone.now() + datetime.timedelta(days=10),
                   ["Budget 2027"])
    actions.do_send_notice(meeting, acting_user=rita)
    assert client.get(url_of(meeting)).status_code == 404  # not stored yet
    store_notice(meeting, acting_user=rita)
    assert url_of(meeting) in page(client, meeting)
    response = client.get(url_of(meeting))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")

    secret = plan(ks_board.body, rita, timezone.now() + datetime.timedelta(days=11),
                  cases=[diary.secret_case])
    actions.do_send_notice(secret, acting_user=rita)
    store_notice(secret, acting_user=rita)
    assert client.get(url_of(secret)).status_code == 404
    assert url_of(secret) not in page(client, secret)
