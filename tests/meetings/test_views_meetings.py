"""The staff interface of meetings: the list per body, planning, the agenda builder,
the notice, attendance, approvers, held and drawn up — in Swedish, without a 500."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages

from kansli.diary.models import Document
from kansli.meetings import actions
from kansli.meetings.models import AgendaItem, Attendance, Meeting, Posting
from tests.conftest import make_user, open_case, register
from tests.meetings.conftest import at, hold, plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def sara(db):
    """The committee secretary."""
    return make_user("sara", "secretary")


def texts(response) -> str:
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


def errors_of(response) -> str:
    form = response.context["form"]
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


def report_for(case, user, body, title="Överenskommelse om samverkan"):
    document = register(case, user, description="Tjänsteutlåtande", direction="drawn_up",
                        doc_type=Document.Type.OFFICERS_REPORT)
    return actions.do_write_report(document, acting_user=user, body=body, title=title,
                                   proposal="att anta överenskommelsen")


# Roles and access ---------------------------------------------------------------------


def test_the_secretary_role_exists_from_a_migration():
    assert Group.objects.filter(name="secretary").exists()


def test_anonymous_users_are_sent_to_log_in(client, ks_body, rita):
    meeting = plan(ks_body, rita, at(2013, 11, 26), ["Upprop"])
    for url in ["/sammantraden/", f"/sammantraden/{meeting.pk}/", "/anslagstavla/",
                f"/sammantraden/{meeting.pk}/protokoll/"]:
        response = client.get(url)
        assert response.status_code == 302 and "/logga-in/" in response["Location"]


def test_case_officers_read_but_do_not_manage(client, olle, ks_body, rita):
    meeting = plan(ks_body, rita, at(2013, 11, 26), ["Upprop"])
    client.force_login(olle)
    assert client.get("/sammantraden/").status_code == 200
    page = client.get(f"/sammantraden/{meeting.pk}/")
    assert page.status_code == 200 and "Lägg till en punkt" not in page.content.decode()
    assert client.get(f"/sammantraden/{meeting.pk}/kallelse/").status_code == 200
    assert client.get("/sammantraden/nytt/").status_code == 403
    assert client.get(f"/sammantraden/{meeting.pk}/punkter/ny/").status_code == 403
    assert client.post(f"/sammantraden/{meeting.pk}/genomfort/").status_code == 403
    assert client.get("/anslagstavla/").status_code == 200


def test_people_without_a_role_are_refused(client, ks_body, rita):
    meeting = plan(ks_body, rita, at(2013, 11, 26), ["Upprop"])
    client.force_login(make_user("nobody"))
    for url in ["/sammantraden/", f"/sammantraden/{meeting.pk}/", "/anslagstavla/",
                f"/sammantraden/{meeting.pk}/kallelse/"]:
        assert client.get(url).status_code == 403


def test_a_secretary_plans_and_builds_the_agenda(client, sara, ks_body):
    client.force_login(sara)
    assert client.get("/sammantraden/nytt/").status_code == 200
    response = client.post("/sammantraden/nytt/", {
        "body": ks_body.pk, "start": "2013-11-26T13:00", "end": "2013-11-26T16:00",
        "place": "Sammanträdesrummet", "minutes_kept_at": "Kommunkansliet"})
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == (
        f"/sammantraden/{meeting.pk}/")
    assert (meeting.place, meeting.day) == ("Sammanträdesrummet", datetime.date(2013, 11, 26))
    response = client.post(f"/sammantraden/{meeting.pk}/punkter/ny/",
                           {"heading": "Upprop", "kind": "formal"})
    assert response.status_code == 302
    assert meeting.agenda.get().kind == AgendaItem.Kind.FORMAL


# The list per body and year -------------------------------------------------------------


def test_the_list_shows_upcoming_and_past_meetings_per_body_and_year(client, rita, ks_body,
                                                                    sn_body):
    old = plan(ks_body, rita, at(2013, 11, 26))
    older = plan(sn_body, rita, at(2012, 9, 25))
    soon = plan(ks_body, rita, datetime.datetime.now(datetime.UTC)
                + datetime.timedelta(days=10))
    client.force_login(rita)
    response = client.get("/sammantraden/")
    assert response.context["upcoming"] == [soon]
    assert response.context["past"] == [old, older]
    response = client.get("/sammantraden/", {"body": ks_body.pk, "year": 2013})
    assert response.context["past"] == [old] and response.context["upcoming"] == []
    response = client.get("/sammantraden/", {"body": sn_body.pk})
    assert response.context["past"] == [older]
    content = response.content.decode()
    assert "Kommande sammanträden" in content and "Tidigare sammanträden" in content


@pytest.mark.parametrize("query", [{"body": "abc"}, {"year": "x"}, {"year": "99999"},
                                   {"body": "99999999999999999999999"}, {"body": "-1"}])
def test_a_bad_filter_shows_the_list_unfiltered_and_no_500(client, rita, query):
    client.force_login(rita)
    assert client.get("/sammantraden/", query).status_code == 200


# Planning -------------------------------------------------------------------------------


@pytest.mark.parametrize("data, message", [
    ({}, "Detta fält måste fyllas i."),
    ({"body": "KS", "start": "2013-11-26T13:00", "place": "Rum", "minutes_kept_at": "K"},
     "Välj ett giltigt alternativ."),
    ({"start": "26/11 kl 13", "place": "Rum", "minutes_kept_at": "K"},
     "Ange datum och tid som ÅÅÅÅ-MM-DD TT:MM."),
    ({"start": "99999-11-26T13:00", "place": "Rum", "minutes_kept_at": "K"},
     "Ange datum och tid som ÅÅÅÅ-MM-DD TT:MM."),
    ({"start": "0001-01-01T00:00", "place": "Rum", "minutes_kept_at": "K"},
     "Datumet måste vara mellan"),
    ({"start": "2013-11-26T13:00", "end": "2013-11-26T12:00", "place": "Rum",
      "minutes_kept_at": "K"}, "Ett sammanträde slutar efter att det börjar."),
    ({"start": "2013-11-26T13:00", "place": "  ", "minutes_kept_at": "K"},
     "Detta fält måste fyllas i."),
])
def test_planning_refuses_bad_input_in_swedish(client, rita, ks_body, data, message):
    data = {"body": ks_body.pk, **data} if data else data
    client.force_login(rita)
    response = client.post("/sammantraden/nytt/", data)
    assert response.status_code == 200
    assert message in errors_of(response)
    assert not Meeting.objects.exists()


# The agenda builder -----------------------------------------------------------------------


@pytest.fixture
def meeting(ks_body, rita):
    return plan(ks_body, rita, at(2013, 11, 26), ["Upprop", "Val av justerare", "Anmälan"])


def headings(meeting):
    return list(meeting.agenda.order_by("position").values_list("heading", flat=True))


def test_an_item_is_added_by_diary_number_with_the_case_report(client, rita, meeting, ks,
                                                                klass, ks_body):
    case = open_case(rita, ks, klass, title="Samverkan om nyanlända")
    report = report_for(case, rita, ks_body)
    client.force_login(rita)
    assert client.get(f"/sammantraden/{meeting.pk}/punkter/ny/").status_code == 200
    response = client.post(f"/sammantraden/{meeting.pk}/punkter/ny/", {
        "kind": "matter", "diary_number": case.diary_number.lower()})
    assert response.status_code == 302, errors_of(response)
    item = meeting.agenda.get(position=4)
    # The heading is the report's title (the case's title when there is no report).
    assert (item.heading, item.case, item.report) == ("Överenskommelse om samverkan", case,
                                                      report)
    page = client.get(f"/sammantraden/{meeting.pk}/").content.decode()
    assert case.diary_number in page and "Överenskommelse om samverkan" in page
    notice = client.get(f"/sammantraden/{meeting.pk}/kallelse/").content.decode()
    assert "att anta överenskommelsen" in notice and "Förslag till beslut" in notice


def test_an_unknown_diary_number_is_refused(client, rita, meeting):
    client.force_login(rita)
    response = client.post(f"/sammantraden/{meeting.pk}/punkter/ny/", {
        "kind": "matter", "diary_number": "KS99/999"})
    assert "Inget ärende har diarienumret KS99/999." in errors_of(response)
    response = client.post(f"/sammantraden/{meeting.pk}/punkter/ny/", {"kind": "matter"})
    assert "En punkt på dagordningen behöver en rubrik." in errors_of(response)
    response = client.post(f"/sammantraden/{meeting.pk}/punkter/ny/", {
        "kind": "nonsense", "heading": "x", "report": "abc"})
    assert response.status_code == 200 and meeting.agenda.count() == 3


def test_a_report_of_another_case_is_refused(client, rita, meeting, ks, klass, ks_body):
    case = open_case(rita, ks, klass)
    other = open_case(rita, ks, klass, title="Annat")
    report = report_for(other, rita, ks_body)
    client.force_login(rita)
    response = client.post(f"/sammantraden/{meeting.pk}/punkter/ny/", {
        "kind": "matter", "diary_number": case.diary_number, "report": report.pk})
    assert "Tjänsteutlåtandet hör till ett annat ärende." in errors_of(response)


def test_items_move_up_and_down(client, rita, meeting):
    first, second, third = meeting.agenda.order_by("position")
    client.force_login(rita)
    url = f"/sammantraden/{meeting.pk}/punkter/{third.pk}/flytta/"
    response = client.post(url, {"direction": "up"})
    assert response.status_code == 302
    assert headings(meeting) == ["Upprop", "Anmälan", "Val av justerare"]
    client.post(f"/sammantraden/{meeting.pk}/punkter/{first.pk}/flytta/",
                {"direction": "down"})
    assert headings(meeting) == ["Anmälan", "Upprop", "Val av justerare"]
    response = client.post(f"/sammantraden/{meeting.pk}/punkter/{second.pk}/flytta/",
                           {"direction": "down"})
    assert "Ingen sådan plats på dagordningen." in texts(response)
    response = client.post(url, {"direction": "sideways"})
    assert "Flytta en punkt uppåt eller nedåt." in texts(response)
    assert client.get(url).status_code == 405
    assert client.post(f"/sammantraden/{meeting.pk}/punkter/999999/flytta/",
                       {"direction": "up"}).status_code == 404


def test_an_item_is_removed_with_a_reason(client, rita, meeting):
    item = meeting.agenda.get(position=2)
    client.force_login(rita)
    url = f"/sammantraden/{meeting.pk}/punkter/{item.pk}/ta-bort/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": "  "})
    assert "Detta fält måste fyllas i." in errors_of(response)
    response = client.post(url, {"reason": "Utgår"})
    assert response.status_code == 302
    assert headings(meeting) == ["Upprop", "Anmälan"]


def test_an_item_of_another_meeting_is_not_found(client, rita, meeting, ks_body):
    other = plan(ks_body, rita, at(2013, 12, 3), ["Annan"])
    item = other.agenda.get()
    client.force_login(rita)
    assert client.get(f"/sammantraden/{meeting.pk}/punkter/{item.pk}/ta-bort/").status_code \
        == 404


def test_delegation_decisions_are_reported_as_an_item(client, rita, meeting, ks, klass,
                                                      ks_body, ks_board):
    from kansli.meetings.models import DelegationRule

    client.force_login(rita)
    url = f"/sammantraden/{meeting.pk}/delegationsbeslut/"
    response = client.post(url)
    assert "Det finns inga oanmälda delegationsbeslut." in texts(response)
    rule = DelegationRule.objects.create(body=ks_body, code="3.1", text="Yttranden",
                                         delegate="Kommunchef")
    case = open_case(rita, ks, klass)
    actions.do_register_delegation_decision(
        rule, case, acting_user=rita, decided_by=ks_board.members[3],
        decided_on=datetime.date(2013, 11, 1), description="Yttrande över remiss")
    response = client.post(url)
    assert "Delegationsbesluten är anmälda på dagordningen." in texts(response)
    item = meeting.agenda.get(position=4)
    assert item.kind == AgendaItem.Kind.DELEGATION
    page = client.get(f"/sammantraden/{meeting.pk}/").content.decode()
    assert "Yttrande över remiss" in page and "Anmälan av delegationsbeslut" in page


def test_a_referred_case_is_put_on_the_agenda_with_its_report(client, rita, meeting, ks, klass,
                                                              ks_body):
    case = open_case(rita, ks, klass, title="Nyanlända")
    report = report_for(case, rita, ks_body)
    handling = actions.do_refer_case(case, acting_user=rita, body=ks_body,
                                     role="preparation")
    client.force_login(rita)
    page = client.get(f"/sammantraden/{meeting.pk}/")
    assert page.context["handlings"] == [handling]
    response = client.post(f"/sammantraden/{meeting.pk}/remisser/{handling.pk}/")
    assert response.status_code == 302
    item = meeting.agenda.get(position=4)
    assert (item.case, item.report, item.heading) == (case, report,
                                                      "Överenskommelse om samverkan")
    handling.refresh_from_db()
    assert handling.agenda_item == item


# The notice --------------------------------------------------------------------------------


def test_the_notice_is_sent_and_shown(client, rita, meeting):
    client.force_login(rita)
    notice = client.get(f"/sammantraden/{meeting.pk}/kallelse/").content.decode()
    assert "Utkast: kallelsen är inte skickad än." in notice
    assert "Val av justerare" in notice and "<main" in notice
    url = f"/sammantraden/{meeting.pk}/skicka-kallelse/"
    assert client.get(url).status_code == 200
    assert "Ange ett datum som ÅÅÅÅ-MM-DD." in errors_of(client.post(url, {"on": "igår"}))
    response = client.post(url, {"on": "2013-11-12"})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.NOTICE_SENT
    notice = client.get(f"/sammantraden/{meeting.pk}/kallelse/").content.decode()
    assert "Utkast" not in notice
    assert "Kallelsen har redan skickats." in errors_of(client.post(url, {"on": "2013-11-12"}))


def test_a_council_meeting_is_announced_a_week_before(client, rita, kf):
    meeting = plan(kf, rita, at(2013, 12, 16, 18), ["Nyanlända"])
    client.force_login(rita)
    url = f"/sammantraden/{meeting.pk}/skicka-kallelse/"
    response = client.post(url, {"on": "2013-12-10"})
    assert "minst en vecka före" in errors_of(response) and "2013-12-09" in errors_of(response)
    assert client.post(url, {"on": "2013-12-02"}).status_code == 302
    assert Posting.objects.get().kind == Posting.Kind.ANNOUNCEMENT
    notice = client.get(f"/sammantraden/{meeting.pk}/kallelse/").content.decode()
    assert "Kungjort på anslagstavlan 2013-12-02." in notice


def test_an_empty_agenda_is_not_sent(client, rita, ks_body):
    meeting = plan(ks_body, rita, at(2013, 11, 26))
    client.force_login(rita)
    response = client.post(f"/sammantraden/{meeting.pk}/skicka-kallelse/",
                           {"on": "2013-11-12"})
    assert "Dagordningen är tom." in errors_of(response)


# Attendance, approvers, held, drawn up ---------------------------------------------------


def test_attendance_is_recorded_and_refused_in_swedish(client, rita, meeting, ks_board):
    client.force_login(rita)
    url = f"/sammantraden/{meeting.pk}/narvaro/"
    assert client.get(url).status_code == 200
    chair, absent, substitute = ks_board.chair, ks_board.members[4], ks_board.substitutes[0]
    assert client.post(url, {"person": chair.pk, "kind": "member"}).status_code == 302
    response = client.post(url, {"person": substitute.pk, "kind": "member"})
    assert f"{substitute.name} är inte ledamot i Kommunstyrelsen." in errors_of(response)
    response = client.post(url, {"person": substitute.pk, "kind": "serving"})
    assert "En tjänstgörande ersättare tjänstgör för en ledamot i organet." in errors_of(
        response)
    response = client.post(url, {"person": substitute.pk, "kind": "serving",
                                 "serving_for": absent.pk})
    assert response.status_code == 302
    row = Attendance.objects.get(person=substitute)
    assert (row.kind, row.serving_for) == ("serving", absent)
    for bad in [{}, {"person": "abc", "kind": "member"},
                {"person": "99999999999999999999999", "kind": "member"},
                {"person": chair.pk, "kind": "boss"}]:
        assert client.post(url, bad).status_code == 200
    page = client.get(f"/sammantraden/{meeting.pk}/").content.decode()
    assert "tjänstgörande ersättare" in page and absent.name in page


def test_approvers_are_named(client, rita, meeting, ks_board):
    from tests.meetings.conftest import attend

    attend(meeting, ks_board, rita)
    client.force_login(rita)
    url = f"/sammantraden/{meeting.pk}/justerare/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"chair": ks_board.chair.pk, "approvers": [ks_board.chair.pk]})
    assert "Ordföranden justerar som ordförande" in errors_of(response)
    response = client.post(url, {"chair": ks_board.chair.pk,
                                 "approvers": [p.pk for p in ks_board.approvers],
                                 "approval_place_time": "Kommunkansliet 2013-12-03 kl. 10"})
    assert response.status_code == 302
    assert [a.person for a in meeting.approvers.all()] == [ks_board.chair, *ks_board.approvers]
    page = client.get(f"/sammantraden/{meeting.pk}/").content.decode()
    assert "Kommunkansliet 2013-12-03 kl. 10" in page and "2013-12-10" in page
    for bad in [{}, {"chair": "x", "approvers": ["y"]},
                {"chair": ks_board.chair.pk, "approvers": ["99999999999999999999999"]}]:
        assert client.post(url, bad).status_code == 200


def test_the_meeting_is_held_and_its_minutes_drawn_up(client, rita, meeting, ks_body):
    client.force_login(rita)
    response = client.post(f"/sammantraden/{meeting.pk}/uppratta-protokoll/")
    assert "Protokoll upprättas för ett sammanträde som har hållits." in texts(response)
    response = client.post(f"/sammantraden/{meeting.pk}/genomfort/")
    assert response.status_code == 302
    response = client.post(f"/sammantraden/{meeting.pk}/genomfort/")
    assert "Sammanträdet är redan hållet." in texts(response)
    response = client.post(f"/sammantraden/{meeting.pk}/uppratta-protokoll/")
    assert response["Location"] == f"/sammantraden/{meeting.pk}/protokoll/"
    assert meeting.paragraphs.count() == 3
    page = client.get(f"/sammantraden/{meeting.pk}/").content.decode()
    assert "§ 1" in page and "Lägg till en punkt" not in page


def test_a_future_meeting_cannot_be_marked_held(client, rita, ks_body):
    start = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=3)
    meeting = plan(ks_body, rita, start, ["Upprop"])
    client.force_login(rita)
    response = client.post(f"/sammantraden/{meeting.pk}/genomfort/")
    assert "Sammanträdet har inte börjat än." in texts(response)


@pytest.mark.parametrize("url", [
    "/sammantraden/abc/", "/sammantraden/99999999999999999999999/", "/sammantraden/-1/",
    "/sammantraden/99999999999999999999999/protokoll/", "/sammantraden/paragrafer/x/",
    "/sammantraden/paragrafer/99999999999999999999999/", "/sammantraden/0/kallelse/",
])
def test_no_such_meeting_is_404(client, rita, url):
    client.force_login(rita)
    assert client.get(url).status_code == 404


def test_posts_to_a_missing_meeting_are_404(client, rita, ks_body):
    client.force_login(rita)
    for url in ["/sammantraden/424242/genomfort/", "/sammantraden/424242/uppratta-protokoll/",
                "/sammantraden/424242/protokoll/justera/",
                "/sammantraden/99999999999999999999999/delegationsbeslut/"]:
        assert client.post(url).status_code == 404


def test_the_nav_links_to_meetings_and_the_notice_board(client, rita):
    client.force_login(rita)
    page = client.get("/").content.decode()
    assert 'href="/sammantraden/"' in page and 'href="/anslagstavla/"' in page


def test_held_meeting_fixture_is_shown_with_attendance(client, rita, ks_body, ks_board):
    meeting = hold(ks_body, ks_board, rita, at(2013, 11, 26), ["Upprop"])
    client.force_login(rita)
    response = client.get(f"/sammantraden/{meeting.pk}/")
    assert len(response.context["attendance"]) == len(ks_board.members)
    assert len(response.context["approvers"]) == 3
