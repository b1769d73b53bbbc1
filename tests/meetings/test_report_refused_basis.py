"""A report refused for a bad decision basis leaves nothing, and can be written again."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from kansli.meetings import actions
from tests.conftest import open_case, register

pytestmark = pytest.mark.django_db


def test_a_report_refused_for_its_basis_can_be_written_right_after(ks, klass, ks_body, rita):
    case = open_case(rita, ks, klass)
    document = register(case, rita, "Tjänsteutlåtande", direction="drawn_up",
                        doc_type="officers_report", received_date=datetime.date(2013, 11, 5))
    with pytest.raises(ValidationError, match="links a document or a paragraph"):
        actions.do_write_report(document, acting_user=rita, body=ks_body, title="T",
                                proposal="att", basis=[{"label": "Bara text"}])
    report = actions.do_write_report(document, acting_user=rita, body=ks_body, title="T",
                                     proposal="att", basis=[{"document": document}])
    assert report.basis.count() == 1


def test_a_basis_with_a_cancelled_document_is_refused(
        ks, klass, rita):
    from kansli.diary import actions as diary_actions
    from kansli.meetings.models import OfficersReport
    from kansli.org.models import Body

    body = Body.objects.create(organisation=ks.organisation, code="KSB", name="KS",
                               kind="executive")
    case = open_case(rita, ks, klass)
    letter = register(case, rita, "Skrivelse")
    report_doc = register(case, rita, "Tjänsteutlåtande", direction="drawn_up",
                          doc_type="officers_report")
    diary_actions.do_cancel_document(letter, acting_user=rita, reason="Fel ärende")
    with pytest.raises(ValidationError):
        actions.do_write_report(report_doc, acting_user=rita, body=body, title="T",
                                proposal="att", basis=[{"document": letter}])
    assert not OfficersReport.objects.exists()


def test_a_delegation_decision_cannot_be_dated_after_today(ks, klass, rita):
    from django.utils import timezone

    from kansli.meetings.models import DelegationRule
    from kansli.org.models import Body, Person

    body = Body.objects.create(organisation=ks.organisation, code="SNB", name="SN",
                               kind="committee")
    rule = DelegationRule.objects.create(body=body, code="3.1", text="Bistånd",
                                         delegate="Socialsekreterare")
    person = Person.objects.create(organisation=ks.organisation, name="Hanna Berg")
    case = open_case(rita, ks, klass)
    with pytest.raises(ValidationError):
        actions.do_register_delegation_decision(
            rule, case, acting_user=rita, decided_by=person,
            decided_on=timezone.localdate() + datetime.timedelta(days=1), description="Beslut")
