"""Registering a delegation decision from the case page, the body's unreported
decisions on the meeting page, and the links to the rendered documents (notice, minutes,
extract) on the meeting and paragraph pages."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kansli.diary.models import Document
from kansli.meetings import actions
from kansli.meetings.models import DelegationDecision, DelegationRule
from kansli.org.models import Person
from tests.conftest import make_user, open_case
from tests.meetings.conftest import approve, at, decide, drawn_up, plan

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def sara(db):
    return make_user("sara", "secretary")


@pytest.fixture
def rule(sn_body):
    return DelegationRule.objects.create(body=sn_body, code="3.1",
                                         text="Beslut om bistånd enligt 4 kap. 1 § SoL",
                                         delegate="Socialsekreterare")


@pytest.fixture
def hanna(org):
    return Person.objects.create(organisation=org, name="Hanna Berg",
                                 title="Socialsekreterare")


@pytest.fixture
def case(sn, klass, rita, olle):
    return open_case(rita, sn, klass, title="Ansökan om bistånd", officer=olle)


def url(case):
    return f"/sammantraden/arenden/{case.pk}/delegationsbeslut/"


def errors_of(response) -> str:
    form = response.context["form"]
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


def data(rule_, hanna, **extra):
    return {"rule": rule_.pk, "decided_by": hanna.pk, "decided_on": "2013-09-10",
            "description": "Beslut om bistånd", **extra}


def test_a_delegation_decision_is_registered_and_listed_for_the_body(client, sara, case,
                                                                     rule, hanna, sn_body):
    meeting = plan(sn_body, sara, at(2013, 9, 25), ["Upprop"])
    client.force_login(sara)
    page = client.get(f"/arenden/{case.pk}/").content.decode()
    assert "Registrera ett delegationsbeslut" in page and url(case) in page
    form = client.get(url(case))
    assert form.status_code == 200 and "SN 3.1 Beslut om bistånd" in form.content.decode()
    upload = SimpleUploadedFile("beslut.txt", b"Bistand beviljas.", "text/plain")
    response = client.post(url(case), data(rule, hanna, files=upload))
    assert response.status_code == 302, errors_of(response)
    assert response["Location"] == f"/arenden/{case.pk}/"
    decision = DelegationDecision.objects.select_related("document").get()
    assert (decision.rule, decision.decided_by, decision.decided_on) == (rule, hanna,
                                                                        D(2013, 9, 10))
    assert decision.document.case == case
    assert decision.document.doc_type == Document.Type.DECISION
    assert decision.document.files.get().filename == "beslut.txt"
    page = client.get(f"/sammantraden/{meeting.pk}/").content.decode()
    assert "Delegationsbeslut som ännu inte anmälts till Socialnämnden" in page
    assert "Beslut om bistånd" in page and "Hanna Berg" in page and case.diary_number in page
    actions.do_report_delegation_decisions(meeting, acting_user=sara)
    page = client.get(f"/sammantraden/{meeting.pk}/").content.decode()
    assert "Det finns inga oanmälda delegationsbeslut." in page


def test_only_those_who_manage_meetings_register_them(client, olle, karin, case, rule,
                                                      hanna):
    for user in (olle, karin, make_user("nobody")):
        client.force_login(user)
        assert client.get(url(case)).status_code == 403
        assert client.post(url(case), data(rule, hanna)).status_code == 403
    client.force_login(olle)
    assert url(case) not in client.get(f"/arenden/{case.pk}/").content.decode()
    assert not DelegationDecision.objects.exists()


@pytest.mark.parametrize("extra, message", [
    ({"rule": ""}, "Detta fält måste fyllas i."),
    ({"rule": "3.1"}, "Välj ett giltigt alternativ."),
    ({"decided_by": "99999999999999999999"}, "Välj ett giltigt alternativ."),
    ({"decided_on": "2999-01-01"}, "Ett beslut kan inte dateras senare än i dag."),
    ({"decided_on": "10/9"}, ""),
    ({"description": ""}, "Detta fält måste fyllas i."),
    ({"files": SimpleUploadedFile("tom.txt", b"", "text/plain")}, "tom.txt"),
])
def test_bad_input_is_shown_on_the_form(client, rita, case, rule, hanna, extra, message):
    client.force_login(rita)
    response = client.post(url(case), data(rule, hanna, **extra))
    assert response.status_code == 200
    assert errors_of(response) and message in errors_of(response)
    assert not DelegationDecision.objects.exists()


def test_a_cancelled_case_takes_no_decisions(client, rita, case, rule, hanna):
    from kansli.diary import actions as diary_actions

    diary_actions.do_cancel_case(case, acting_user=rita, reason="Fel ärende")
    client.force_login(rita)
    assert client.post(url(case), data(rule, hanna)).status_code == 403


# Links to the rendered documents ----------------------------------------------------------


def test_the_meeting_page_links_the_notice_and_once_drawn_up_the_minutes(client, rita,
                                                                         ks_body, ks_board):
    planned = plan(ks_body, rita, at(2013, 11, 12), ["Upprop"])
    client.force_login(rita)
    page = client.get(f"/sammantraden/{planned.pk}/").content.decode()
    assert f"/dokument/notice/{planned.pk}/" in page
    assert f"/dokument/notice/{planned.pk}/pdf/" in page
    assert f"/dokument/minutes/{planned.pk}/" not in page
    meeting, _paragraphs = drawn_up(ks_body, ks_board, rita, at(2013, 11, 26), ["Upprop"])
    page = client.get(f"/sammantraden/{meeting.pk}/").content.decode()
    assert "Förhandsgranska protokollet" in page
    assert f"/dokument/minutes/{meeting.pk}/pdf/" in page


def test_the_paragraph_page_offers_the_extract_once_approved(client, rita, olle, case,
                                                             sn_body, sn_board):
    meeting, paragraphs = drawn_up(sn_body, sn_board, rita, at(2013, 9, 25), cases=[case])
    paragraph = paragraphs[0]
    client.force_login(rita)
    page = client.get(f"/sammantraden/paragrafer/{paragraph.pk}/").content.decode()
    assert f"/dokument/extract/{paragraph.pk}/" not in page
    decide(paragraphs, rita)
    approve(meeting, sn_board, on=D(2013, 9, 26))
    page = client.get(f"/sammantraden/paragrafer/{paragraph.pk}/").content.decode()
    assert "Förhandsgranska protokollsutdraget" in page
    assert f'action="/dokument/extract/{paragraph.pk}/skapa-pdf/"' in page
    assert "Utfärda utdrag som PDF" in page
    assert client.get(f"/dokument/extract/{paragraph.pk}/").status_code == 200
    response = client.post(f"/dokument/extract/{paragraph.pk}/skapa-pdf/")
    assert response.status_code == 302
    assert case.documents.filter(doc_type=Document.Type.EXTRACT).exists()
    client.force_login(olle)
    page = client.get(f"/sammantraden/paragrafer/{paragraph.pk}/").content.decode()
    assert f"/dokument/extract/{paragraph.pk}/" in page
    assert f'action="/dokument/extract/{paragraph.pk}/skapa-pdf/"' not in page
