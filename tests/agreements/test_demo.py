"""The demo data of the agreement (kansli.agreements.demo): at KSL, the agreement with
its 26 parties, their decisions from the federation's outcomes and two years of
follow-up; at Ekerö, Ekerö's own record in KS13/250-133 with its KF paragraph."""

import datetime

import pytest

from kansli.agreements import demo
from kansli.agreements.followup import overview
from kansli.agreements.models import Adoption, Agreement, FollowUpReport
from kansli.demo import federation
from kansli.diary import actions as diary_actions
from kansli.diary import journal
from kansli.diary.models import Case

pytestmark = pytest.mark.django_db

D = datetime.date


def test_the_federation_holds_the_agreement_its_parties_and_their_decisions(client):
    fed = federation.setup()
    agreement = demo.load_federation(fed)
    assert agreement.case is None and agreement.coordinator is None  # KSL itself
    first, revision = agreement.versions.order_by("pk")
    assert (first.label, revision.label, revision.date, revision.replaces) == (
        "2009", "Justerat förslag 2013-05-06", D(2013, 5, 6), first)
    assert [a.name for a in revision.areas.order_by("order")] == [n for _g, n in demo.AREAS]
    assert agreement.members.count() == 26

    adoptions = {a.member.party.name: a for a in Adoption.objects.filter(version=revision)
                 .select_related("member__party")}
    for outcome in federation.OUTCOMES:
        adoption = adoptions.get(outcome.member)
        if outcome.outcome == federation.NO_ANSWER:
            assert adoption is None, outcome.member
        else:
            assert (adoption.decision, adoption.body, adoption.decided_on,
                    adoption.paragraph) == (outcome.outcome, outcome.body,
                                            outcome.decided_on, outcome.paragraph)
    assert adoptions["Ekerö kommun"].reference == "Kommunfullmäktige 2013-12-16 § 90"
    assert adoptions["Danderyds kommun"].decision == "declined"
    assert journal.verify()[1] is None

    # Follow-up: 2014 compiled with two missing; 2015 open with four missing.
    first_year, second_year = agreement.periods.order_by("start")
    adopted = sum(o.outcome == federation.ADOPTED for o in federation.OUTCOMES)
    assert len(overview(first_year).missing) == 2
    assert len(overview(second_year).reported) == adopted - 4
    assert first_year.compilations.count() == 1 and not second_year.compilations.exists()
    corrected = FollowUpReport.objects.get(supersedes__isnull=False)
    assert corrected.member.party.name == "Ekerö kommun" and corrected.correction_reason

    # Deterministic, and not loaded twice.
    assert demo.load_federation(fed) == agreement
    assert Agreement.objects.count() == 1

    client.force_login(fed.users["kslhandlaggare"])
    page = client.get(f"/overenskommelser/perioder/{second_year.pk}/").content.decode()
    assert "Värmdö kommun" in page and "ej rapporterat" in page


def test_the_federation_keeps_the_agreement_in_ksls_case_with_its_documents():
    fed = federation.setup()
    registrar = fed.users["kslregistrator"]
    case = diary_actions.do_open_case(fed.setup.series["KSL"], acting_user=registrar,
                                      title=demo.TITLE)
    agreement_doc = diary_actions.do_register_document(
        case, acting_user=registrar, direction="drawn_up", doc_type="agreement",
        description="Överenskommelse, justerat förslag 2013-05-06",
        received_date=D(2013, 6, 5))
    ekero = fed.members["Ekerö kommun"]
    answer = diary_actions.do_register_document(
        case, acting_user=registrar, direction="incoming", doc_type="extract",
        description="Protokollsutdrag Kommunfullmäktige 2013-12-16 § 90",
        received_date=D(2013, 12, 18), senders=[ekero])
    agreement = demo.load_federation(fed, case)
    assert agreement.case == case
    assert agreement.versions.get(label=demo.VERSION_2013).document == agreement_doc
    assert Adoption.objects.get(member__party=ekero).document == answer
    # The periods' deadlines: 2014 met when compiled, 2015 still waiting.
    first_year, second_year = agreement.periods.order_by("start")
    assert (first_year.deadline.status, first_year.deadline.closed_on) == ("met",
                                                                            D(2015, 3, 16))
    assert second_year.deadline.status == "open"
    assert second_year.deadline.description.startswith("Uppföljningsrapporter 2015: ")
    assert case.events.filter(action="agreement.report").exists()


def test_ekero_keeps_its_record_with_its_own_kf_paragraph(client):
    import kansli.demo
    from kansli.diary import demo as diary_demo

    case = kansli.demo.load(cases=0)
    setup, users = diary_demo.ensure_organisation(), diary_demo.ensure_users()
    agreement = demo.load(setup, users, case)
    assert agreement.case == case
    assert agreement.coordinator.name == diary_demo.KSL_NAME
    (member,) = agreement.members.all()
    assert member.party is None  # Ekerö itself
    (adoption,) = member.adoptions.all()
    assert adoption.reference == "Kommunfullmäktige 2013-12-16 § 90"
    assert adoption.meeting_paragraph.case == case
    assert adoption.meeting_paragraph.citation == "Kommunfullmäktige 2013-12-16 § 90"
    assert adoption.document.doc_type == "extract"
    assert adoption.version.document == case.documents.get(doc_type="agreement")
    assert demo.load(setup, users, case) == agreement
    assert journal.verify()[1] is None

    client.force_login(users["registrator"])
    page = client.get(f"/arenden/{Case.objects.get(diary_number='KS13/250-133').pk}/")
    assert f"/overenskommelser/{agreement.pk}/" in page.content.decode()
    page = client.get(f"/overenskommelser/{agreement.pk}/").content.decode()
    assert "Ekerö kommun" in page and "Kommunförbundet Stockholms län" in page
    assert "vår paragraf" in page
