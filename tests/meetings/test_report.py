"""The officer's report as structure: proposal, summary, sections, the decision basis
as links to documents and paragraphs, recipients and signatories."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from kansli.diary.models import Event
from kansli.meetings import actions
from kansli.org.models import Unit
from tests.conftest import open_case, register

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(ks, klass, rita):
    return open_case(rita, ks, klass)


def report_document(case, user):
    return register(case, user, "Tjänsteutlåtande kommunkansliet", direction="drawn_up",
                    doc_type="officers_report", received_date=datetime.date(2013, 11, 5),
                    document_date=datetime.date(2013, 11, 5))


def test_a_report_keeps_its_sections_basis_recipients_and_signatories_in_order(
        case, ks_body, ksl, org, rita):
    socialkontoret = Unit.objects.create(organisation=org, name="Socialkontoret")
    letter = register(case, rita, "Rekommendation", document_date=datetime.date(2013, 6, 5))
    document = report_document(case, rita)
    report = actions.do_write_report(
        document, acting_user=rita, body=ks_body, title=" Nyanlända ", proposal="att anta",
        summary="Sammanfattning.", sections=[("Ärendet", "Text."), ("Ekonomi", "Inga.")],
        basis=[{"document": document, "label": "Tjänsteutlåtande kommunkansliet"},
               {"document": letter}, {"document": letter, "label": "Bilaga",
                                      "show_date": False}],
        recipients=[ksl, socialkontoret], signatories=[("Ann-Cathrine Bergström",
                                                        "Kanslichef")])
    assert report.title == "Nyanlända"
    assert [(s.heading, s.text) for s in report.sections.all()] == [("Ärendet", "Text."),
                                                                    ("Ekonomi", "Inga.")]
    assert [b.text for b in report.basis.all()] == [
        "Tjänsteutlåtande kommunkansliet, 2013-11-05", "Rekommendation, 2013-06-05", "Bilaga"]
    assert [r.text for r in report.recipients.all()] == [
        "Kommunförbundet Stockholms län (registrator@ksl.se)", "Socialkontoret"]
    assert Event.objects.get(action="write_report").data == {"title": "Nyanlända", "basis": 3}


def test_only_an_officers_report_is_written_once_with_a_title_and_proposal(case, ks_body,
                                                                          rita):
    letter = register(case, rita, "Rekommendation")
    with pytest.raises(ValidationError, match="Only an officer's report"):
        actions.do_write_report(letter, acting_user=rita, body=ks_body, title="T",
                                proposal="att")
    document = report_document(case, rita)
    with pytest.raises(ValidationError, match="title and a proposed decision"):
        actions.do_write_report(document, acting_user=rita, body=ks_body, title="T",
                                proposal=" ")
    with pytest.raises(ValidationError, match="links a document or a paragraph"):
        actions.do_write_report(document, acting_user=rita, body=ks_body, title="T",
                                proposal="att", basis=[{"label": "Bara text"}])
    # Fetched anew: the refused call left its report cached on this instance
    # (tests/meetings/pending_report_refused_basis.py).
    document = type(document).objects.get(pk=document.pk)
    actions.do_write_report(document, acting_user=rita, body=ks_body, title="T", proposal="att")
    with pytest.raises(ValidationError, match="already written"):
        actions.do_write_report(document, acting_user=rita, body=ks_body, title="T",
                                proposal="att")
