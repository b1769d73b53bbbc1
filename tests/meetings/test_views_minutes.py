"""The minutes editor per paragraph, approval by each approver, corrections after
approval, and the notice board as staff see it — in Swedish, without a 500."""

import datetime

import pytest
from django.contrib.messages import get_messages

from kansli.meetings import actions
from kansli.meetings.models import Approval, Ballot, Paragraph, Posting, Recipient
from tests.conftest import make_user, open_case
from tests.meetings.conftest import approve, at, decide, drawn_up

pytestmark = pytest.mark.django_db

DAY = datetime.date(2013, 11, 26)


def texts(response) -> str:
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


def form_errors(response, name) -> str:
    form = response.context["forms"][name]
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


@pytest.fixture
def case(rita, ks, klass):
    return open_case(rita, ks, klass, title="Överenskommelse om samverkan")


@pytest.fixture
def minutes(ks_body, ks_board, rita, case):
    meeting, paragraphs = drawn_up(ks_body, ks_board, rita, at(2013, 11, 26),
                                   ["Upprop"], cases=[case])
    return meeting, paragraphs


def url(paragraph, what=""):
    return f"/sammantraden/paragrafer/{paragraph.pk}/" + (f"{what}/" if what else "")


# Writing a paragraph ------------------------------------------------------------------------


def test_the_secretary_writes_a_paragraph(client, rita, minutes):
    meeting, (_upprop, paragraph) = minutes
    client.force_login(rita)
    page = client.get(url(paragraph))
    assert page.status_code == 200
    assert set(page.context["forms"]) == {"write", "proposal", "vote", "reservation",
                                          "interest", "recipients"}
    response = client.post(url(paragraph, "skriv"), {
        "write-heading": "Samverkan om nyanlända",
        "write-decision": "att anta överenskommelsen\natt uppdra åt kommunchefen",
        "write-outcome": "as_proposed"})
    assert response.status_code == 302 and response["Location"] == url(paragraph)
    paragraph.refresh_from_db()
    assert paragraph.heading == "Samverkan om nyanlända"
    assert paragraph.outcome == Paragraph.Outcome.AS_PROPOSED
    page = client.get(f"/sammantraden/{meeting.pk}/protokoll/").content.decode()
    assert "§ 2 Samverkan om nyanlända" in page and "att uppdra åt kommunchefen" in page
    assert "beslut enligt förslag" in page


def test_a_paragraph_without_heading_or_with_a_bad_outcome_is_refused(client, rita, minutes):
    _meeting, (_upprop, paragraph) = minutes
    client.force_login(rita)
    response = client.post(url(paragraph, "skriv"), {"write-heading": " "})
    assert response.status_code == 200
    assert "Detta fält måste fyllas i." in form_errors(response, "write")
    response = client.post(url(paragraph, "skriv"), {"write-heading": "x",
                                                     "write-outcome": "won"})
    assert "Välj ett giltigt alternativ." in form_errors(response, "write")


def test_proposals_are_recorded_with_order_put_and_adoption(client, rita, minutes, ks_board):
    meeting, (_upprop, paragraph) = minutes
    mover, other = ks_board.members[1], ks_board.members[5]
    client.force_login(rita)
    response = client.post(url(paragraph, "yrkande"), {
        "proposal-mover": mover.pk, "proposal-text": "Bifall till förslaget",
        "proposal-put_order": "1", "proposal-adopted": "on"})
    assert response.status_code == 302
    client.post(url(paragraph, "yrkande"), {
        "proposal-mover": other.pk, "proposal-text": "Avslag", "proposal-withdrawn": "on"})
    first, second = paragraph.proposals.all()
    assert (first.mover, first.put_order, first.adopted) == (mover, 1, True)
    assert second.withdrawn
    editor = client.get(url(paragraph)).content.decode()
    assert "Avslag" in editor and "återtaget" in editor
    page = client.get(f"/sammantraden/{meeting.pk}/protokoll/").content.decode()
    assert "Bifall till förslaget" in page and "Avslag" not in page


@pytest.mark.parametrize("data", [
    {}, {"proposal-mover": "abc", "proposal-text": "x"},
    {"proposal-mover": "99999999999999999999999", "proposal-text": "x"},
    {"proposal-mover": "1", "proposal-text": "x", "proposal-put_order": "-3"},
    {"proposal-mover": "1", "proposal-text": "x", "proposal-put_order": "999999"},
])
def test_bad_proposals_are_refused_without_a_500(client, rita, minutes, data):
    _meeting, (_upprop, paragraph) = minutes
    client.force_login(rita)
    response = client.post(url(paragraph, "yrkande"), data)
    assert response.status_code == 200 and form_errors(response, "proposal")
    assert not paragraph.proposals.exists()


def test_an_open_vote_is_recorded_by_ballots(client, rita, minutes, ks_board):
    meeting, (_upprop, paragraph) = minutes
    client.force_login(rita)
    members = ks_board.members
    data = {"vote-question": "Bifall mot avslag", "vote-result": "Bifall"}
    for person in members[:4]:
        data[f"vote-ballot_{person.pk}"] = "yes"
    for person in members[4:6]:
        data[f"vote-ballot_{person.pk}"] = "no"
    data[f"vote-ballot_{members[6].pk}"] = "abstain"
    response = client.post(url(paragraph, "votering"), data)
    assert response.status_code == 302
    vote = paragraph.votes.get()
    assert (vote.yes, vote.no, vote.abstain) == (4, 2, 1)
    assert Ballot.objects.filter(vote=vote).count() == 7
    page = client.get(f"/sammantraden/{meeting.pk}/protokoll/").content.decode()
    assert "4 ja, 2 nej, 1 avstår." in page and members[6].name in page


def test_a_vote_whose_counts_exceed_those_present_is_refused(client, rita, minutes):
    _meeting, (_upprop, paragraph) = minutes
    client.force_login(rita)
    response = client.post(url(paragraph, "votering"), {
        "vote-question": "Bifall mot avslag", "vote-result": "Bifall", "vote-yes": "6",
        "vote-no": "5"})
    assert response.status_code == 200
    assert "11 röster, men bara 7 deltar i beslutet." in form_errors(response, "vote")
    response = client.post(url(paragraph, "votering"), {
        "vote-question": "Bifall mot avslag", "vote-result": "Bifall"})
    assert "Ange antalet ja- och nejröster, eller hur varje ledamot röstade." in form_errors(
        response, "vote")
    response = client.post(url(paragraph, "votering"), {
        "vote-question": "x", "vote-result": "y", "vote-yes": "x", "vote-no": "-1"})
    assert response.status_code == 200
    assert not paragraph.votes.exists()
    response = client.post(url(paragraph, "votering"), {
        "vote-question": "Bifall mot avslag", "vote-result": "Bifall", "vote-yes": "4",
        "vote-no": "3"})
    assert response.status_code == 302


def test_reservations_and_declarations_of_interest(client, rita, minutes, ks_board):
    meeting, (_upprop, paragraph) = minutes
    member, recused = ks_board.members[5], ks_board.members[6]
    client.force_login(rita)
    assert client.post(url(paragraph, "jav"), {"jav-person": recused.pk}).status_code == 200
    response = client.post(url(paragraph, "jav"), {"interest-person": recused.pk,
                                                    "interest-note": "Styrelseledamot i KSL"})
    assert response.status_code == 302
    response = client.post(url(paragraph, "jav"), {"interest-person": recused.pk})
    assert "Välj ett giltigt alternativ." not in form_errors(response, "interest")
    assert "Jävsanmälan är redan registrerad." in form_errors(response, "interest")
    # Who declared an interest takes no part: not offered for a reservation, refused.
    page = client.get(url(paragraph))
    assert recused not in page.context["deciding"]
    response = client.post(url(paragraph, "reservation"), {"reservation-person": recused.pk})
    assert "Välj ett giltigt alternativ." in form_errors(response, "reservation")
    response = client.post(url(paragraph, "reservation"), {
        "reservation-person": member.pk, "reservation-text": "Till förmån för eget yrkande"})
    assert response.status_code == 302
    page = client.get(f"/sammantraden/{meeting.pk}/protokoll/").content.decode()
    assert f"{recused.name} anmäler jäv och deltar inte." in page
    assert "Till förmån för eget yrkande" in page


def test_recipients_are_chosen_among_parties_of_the_case_and_units(client, rita, minutes,
                                                                    case, ksl, unit):
    from tests.conftest import register

    register(case, rita, senders=[ksl])
    meeting, (_upprop, paragraph) = minutes
    client.force_login(rita)
    form = client.get(url(paragraph)).context["forms"]["recipients"]
    assert list(form.fields["parties"].queryset) == [ksl]
    response = client.post(url(paragraph, "expediering"), {
        "recipients-parties": [ksl.pk], "recipients-units": [unit.pk]})
    assert response.status_code == 302
    assert [r.text for r in Recipient.objects.filter(paragraph=paragraph)] == [
        "Kommunförbundet Stockholms län (registrator@ksl.se)", "Kommunkansliet"]
    page = client.get(f"/sammantraden/{meeting.pk}/protokoll/").content.decode()
    assert "Beslutet expedieras till" in page and "registrator@ksl.se" in page
    for bad in [{"recipients-parties": ["abc"]},
                {"recipients-units": ["99999999999999999999999"]}]:
        assert client.post(url(paragraph, "expediering"), bad).status_code == 200


def test_an_unknown_action_is_404_and_get_is_405(client, rita, minutes):
    _meeting, (_upprop, paragraph) = minutes
    client.force_login(rita)
    assert client.post(url(paragraph, "radera")).status_code == 404
    assert client.get(url(paragraph, "skriv")).status_code == 405
    assert client.post("/sammantraden/paragrafer/4242/skriv/").status_code == 404


def test_case_officers_read_the_minutes_but_do_not_write(client, olle, minutes):
    meeting, (_upprop, paragraph) = minutes
    client.force_login(olle)
    assert client.get(f"/sammantraden/{meeting.pk}/protokoll/").status_code == 200
    page = client.get(url(paragraph))
    assert page.status_code == 200 and page.context["forms"] == {}
    assert client.post(url(paragraph, "skriv"), {"write-heading": "x"}).status_code == 403


# Approval ---------------------------------------------------------------------------------


def test_each_approver_approves_and_the_page_shows_who_and_when(client, rita, minutes,
                                                                ks_board):
    meeting, paragraphs = minutes
    decide(paragraphs, rita)
    chair, first, second = ks_board.chair, *ks_board.approvers
    client.force_login(chair.user)
    page = client.get(f"/sammantraden/{meeting.pk}/protokoll/")
    assert page.status_code == 200 and page.context["can_approve"]
    content = page.content.decode()
    assert "Justera" in content and "Protokollet ska justeras senast 2013-12-10." in content
    response = client.post(f"/sammantraden/{meeting.pk}/protokoll/justera/",
                           {"on": "2013-12-02"})
    assert "Din justering är registrerad." in texts(response)
    page = client.get(f"/sammantraden/{meeting.pk}/protokoll/")
    assert not page.context["can_approve"]
    assert "Du har justerat protokollet." in page.content.decode()
    rows = {a.person: a.minutes_approval for a in page.context["approvers"]}
    assert rows[chair] is not None and rows[first] is None
    for person in (first, second):
        client.force_login(person.user)
        response = client.post(f"/sammantraden/{meeting.pk}/protokoll/justera/",
                               {"on": "2013-12-02"})
    assert "Protokollet är justerat." in texts(response)
    meeting.refresh_from_db()
    assert meeting.approved_on == datetime.date(2013, 12, 2)


def test_others_are_refused_with_the_message(client, rita, olle, minutes, ks_board):
    meeting, paragraphs = minutes
    decide(paragraphs, rita)
    member = ks_board.members[4]
    member.user = make_user("maria")
    member.save()
    for user in (rita, olle, member.user):
        client.force_login(user)
        if user is not member.user:
            assert not client.get(f"/sammantraden/{meeting.pk}/protokoll/").context[
                "can_approve"]
        response = client.post(f"/sammantraden/{meeting.pk}/protokoll/justera/",
                               {"on": "2013-12-02"})
        assert response.status_code in (302, 403)
        if response.status_code == 302:
            assert ("Bara ordföranden och de justerare som utsågs vid sammanträdet justerar "
                    "protokollet.") in texts(response)
    assert not Approval.objects.exists()


def test_an_approver_sees_only_the_meetings_they_approve(client, rita, minutes, ks_board,
                                                         sn_body):
    from tests.meetings.conftest import plan

    meeting, _paragraphs = minutes
    other = plan(sn_body, rita, at(2013, 11, 27), ["Upprop"])
    client.force_login(ks_board.chair.user)
    response = client.get("/sammantraden/")
    assert response.status_code == 200
    assert response.context["past"] == [meeting] and response.context["to_approve"] == [meeting]
    assert client.get(f"/sammantraden/{other.pk}/").status_code == 403
    assert client.get(f"/sammantraden/{meeting.pk}/").status_code == 200
    assert client.get("/anslagstavla/").status_code == 403


def test_approval_refuses_bad_dates_and_incomplete_minutes(client, rita, minutes, ks_board):
    meeting, paragraphs = minutes
    client.force_login(ks_board.chair.user)
    response = client.post(f"/sammantraden/{meeting.pk}/protokoll/justera/",
                           {"on": "2013-12-02"})
    assert "§ 1 saknar ännu utfall." in texts(response)
    decide(paragraphs, rita)
    for bad, message in [("2013-11-01", "Protokollet justeras tidigast på sammanträdesdagen"),
                         ("igår", "Ange ett datum som ÅÅÅÅ-MM-DD."),
                         ("", "Detta fält måste fyllas i.")]:
        response = client.post(f"/sammantraden/{meeting.pk}/protokoll/justera/", {"on": bad})
        assert message in texts(response)
    assert not Approval.objects.exists()


def test_a_paragraph_is_approved_at_once(client, rita, minutes, ks_board):
    _meeting, (_upprop, paragraph) = minutes
    decide([paragraph], rita)
    for person in [ks_board.chair, *ks_board.approvers]:
        client.force_login(person.user)
        page = client.get(url(paragraph))
        assert "approve" in page.context["forms"]
        response = client.post(url(paragraph, "justera"), {"approve-on": "2013-11-26"})
        assert response.status_code == 302
    assert "Paragrafen är justerad." in texts(response)
    paragraph.refresh_from_db()
    assert paragraph.immediately_approved and paragraph.approved_on == DAY
    page = client.get(url(paragraph)).content.decode()
    assert "Omedelbart justerad av" in page and ks_board.chair.name in page


def test_immediate_approval_by_others_is_refused(client, rita, minutes):
    _meeting, (_upprop, paragraph) = minutes
    decide([paragraph], rita)
    client.force_login(rita)
    assert "approve" not in client.get(url(paragraph)).context["forms"]
    response = client.post(url(paragraph, "justera"), {"approve-on": "2013-11-26"})
    assert response.status_code == 200
    assert "Bara ordföranden och de justerare" in form_errors(response, "approve")


# Approved paragraphs ------------------------------------------------------------------------


@pytest.fixture
def approved(minutes, ks_board, rita):
    meeting, paragraphs = minutes
    decide(paragraphs, rita)
    return approve(meeting, ks_board, on=datetime.date(2013, 12, 2)), paragraphs


def test_an_approved_paragraph_shows_read_only_with_a_correction_form(client, rita, approved):
    _meeting, (_upprop, paragraph) = approved
    client.force_login(rita)
    page = client.get(url(paragraph))
    assert set(page.context["forms"]) == {"correct"}
    assert "Paragrafen är justerad. En ändring registreras som en rättelse" in (
        page.content.decode())
    response = client.post(url(paragraph, "skriv"), {"write-heading": "Ändrad"})
    assert response.status_code == 200
    assert "Paragrafen är justerad; den ändras bara genom en rättelse" in form_errors(
        response, "write")
    response = client.post(url(paragraph, "rattelse"), {
        "correct-heading": "Ändrad", "correct-decision": paragraph.decision})
    assert "Detta fält måste fyllas i." in form_errors(response, "correct")
    response = client.post(url(paragraph, "rattelse"), {
        "correct-heading": paragraph.heading, "correct-decision": paragraph.decision,
        "correct-reason": "Skrivfel"})
    assert "Rättelsen ändrar ingenting." in form_errors(response, "correct")
    response = client.post(url(paragraph, "rattelse"), {
        "correct-heading": "Samverkan om nyanlända", "correct-decision": "att anta",
        "correct-reason": "Skrivfel i rubriken"})
    assert response.status_code == 302
    paragraph.refresh_from_db()
    assert paragraph.heading == "Samverkan om nyanlända"


# The notice board ---------------------------------------------------------------------------


def test_posting_is_refused_before_approval(client, rita, minutes):
    meeting, _paragraphs = minutes
    client.force_login(rita)
    response = client.post(f"/sammantraden/{meeting.pk}/protokoll/anslag/",
                           {"on": "2013-12-02"})
    assert response.status_code == 200
    assert "Protokollet anslås efter att det har justerats." in " ".join(
        response.context["form"].non_field_errors())
    assert not Posting.objects.exists()


def test_the_approval_is_posted_and_shown_on_the_staff_notice_board(client, rita, approved,
                                                                    olle):
    meeting, _paragraphs = approved
    client.force_login(rita)
    board = client.get("/anslagstavla/")
    assert board.context["waiting"] == [meeting]
    url_ = f"/sammantraden/{meeting.pk}/protokoll/anslag/"
    page = client.get(url_)
    assert page.context["form"]["on"].value() is not None
    assert "ska anslås senast 2013-12-04" in page.content.decode()
    response = client.post(url_, {"on": "2013-12-01"})
    assert "Anslaget kan inte dateras före justeringen." in " ".join(
        response.context["form"].non_field_errors())
    assert client.post(url_, {"on": "2013-12-03"}).status_code == 302
    posting = Posting.objects.get()
    assert posting.appeal_last_day == datetime.date(2013, 12, 27)
    client.force_login(olle)
    board = client.get("/anslagstavla/")
    assert board.context["waiting"] == [] and board.context["past"] == [posting]
    content = board.content.decode()
    for text in ["Kommunstyrelsen", "2013-11-26", "2013-12-02", "2013-12-03", "2013-12-28",
                 "Kommunkansliet, Ekerö kommunhus", "2013-12-27", "Sista dag att överklaga"]:
        assert text in content
    minutes_page = client.get(f"/sammantraden/{meeting.pk}/protokoll/").content.decode()
    assert "sista dag att överklaga är 2013-12-27" in minutes_page
    assert client.post(url_, {"on": "2013-12-03"}).status_code == 403


def test_a_current_posting_is_on_the_board_now_and_a_late_one_is_marked(client, rita,
                                                                        approved):
    from django.utils import timezone

    meeting, _paragraphs = approved
    actions.do_post_minutes(meeting, acting_user=rita, on=timezone.localdate())
    client.force_login(rita)
    board = client.get("/anslagstavla/")
    assert [p.meeting for p in board.context["current"]] == [meeting]
    assert board.context["past"] == []
    assert "anslaget sent" in board.content.decode()


@pytest.mark.parametrize("data", [{}, {"on": "abc"}, {"on": "99999-01-01"},
                                  {"on": "0001-01-01"}])
def test_posting_with_a_bad_date_is_refused(client, rita, approved, data):
    meeting, _paragraphs = approved
    client.force_login(rita)
    response = client.post(f"/sammantraden/{meeting.pk}/protokoll/anslag/", data)
    assert response.status_code == 200 and response.context["form"].errors
