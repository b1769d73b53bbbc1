"""Writing the structure of an officer's report from its document page: the form with
sections, decision basis, recipients and signatories; who may; bad input on the form."""

import datetime

import pytest

from kansli.diary.models import Document
from kansli.meetings import actions
from kansli.meetings.models import OfficersReport
from tests.conftest import open_case, register
from tests.meetings.conftest import approve, at, decide, drawn_up

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def case(rita, ks, klass, olle):
    return open_case(rita, ks, klass, officer=olle)


@pytest.fixture
def recommendation(case, rita, ksl):
    return register(case, rita, "Rekommendation", senders=[ksl],
                    document_date=D(2013, 5, 6))


@pytest.fixture
def document(case, rita, recommendation):
    return register(case, rita, "Tjänsteutlåtande", direction="drawn_up",
                    doc_type=Document.Type.OFFICERS_REPORT, received_date=D(2013, 11, 5))


@pytest.fixture
def sn_paragraph(case, rita, sn_body, sn_board):
    meeting, paragraphs = drawn_up(sn_body, sn_board, rita, at(2013, 9, 25), cases=[case])
    decide(paragraphs, rita)
    approve(meeting, sn_board, on=D(2013, 9, 26))
    return paragraphs[0]


def url(document):
    return f"/sammantraden/handlingar/{document.pk}/tjansteutlatande/"


def management(prefix, total):
    return {f"{prefix}-TOTAL_FORMS": str(total), f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "20"}


def form_data(ks_body, **extra):
    data = {"body": ks_body.pk, "title": "Överenskommelse om samverkan",
            "proposal": "att anta överenskommelsen",
            **management("section", 3), **management("signatory", 2)}
    data.update(extra)
    return data


def errors_of(response) -> str:
    context = response.context
    texts = [str(e) for errors in context["form"].errors.values() for e in errors]
    for formset in (context["sections"], context["signatories"]):
        texts += [str(e) for e in formset.non_form_errors()]
        texts += [str(e) for errors in formset.errors for field in errors.values()
                  for e in field]
    return " ".join(texts)


def test_the_report_is_written_from_the_document_page(client, rita, case, document,
                                                      recommendation, sn_paragraph, ks_body,
                                                      ksl, unit):
    client.force_login(rita)
    page = client.get(f"/handlingar/{document.pk}/").content.decode()
    assert "Skriv tjänsteutlåtandet" in page and url(document) in page
    form = client.get(url(document))
    content = form.content.decode()
    assert form.status_code == 200
    assert "Protokollsutdrag Socialnämnden 2013-09-25 § 1" in content
    assert "Rekommendation, 2013-05-06" in content and "Beslutsunderlag" in content
    response = client.post(url(document), form_data(
        ks_body, summary="KSL har skickat en rekommendation.",
        **{"section-0-heading": "Ärendet", "section-0-text": "Bakgrund.",
           f"basis_d{recommendation.pk}": "on", f"basis_d{recommendation.pk}_date": "on",
           f"basis_d{recommendation.pk}_label": "Rekommendation från KSL",
           f"basis_p{sn_paragraph.pk}": "on", f"basis_p{sn_paragraph.pk}_order": "1",
           f"basis_d{document.pk}_label": "not chosen, left out",
           "parties": [ksl.pk], "units": [unit.pk],
           "signatory-0-name": "Kicki Hultin", "signatory-0-title": "Kanslichef",
           "signatory-1-name": "Anna Lidman", "signatory-1-title": "Nämndsekreterare"}))
    assert response.status_code == 302, errors_of(response)
    assert response["Location"] == f"/handlingar/{document.pk}/"
    report = OfficersReport.objects.get(document=document)
    assert (report.body, report.title, report.summary) == (
        ks_body, "Överenskommelse om samverkan", "KSL har skickat en rekommendation.")
    assert [(s.heading, s.text) for s in report.sections.all()] == [("Ärendet", "Bakgrund.")]
    assert [b.text for b in report.basis.all()] == [
        "Protokollsutdrag Socialnämnden 2013-09-25 § 1", "Rekommendation från KSL, 2013-05-06"]
    assert [r.text for r in report.recipients.all()] == [
        "Kommunförbundet Stockholms län (registrator@ksl.se)", "Kommunkansliet"]
    assert [(s.name, s.title) for s in report.signatories.all()] == [
        ("Kicki Hultin", "Kanslichef"), ("Anna Lidman", "Nämndsekreterare")]
    page = client.get(f"/handlingar/{document.pk}/").content.decode()
    assert "att anta överenskommelsen" in page and "Kicki Hultin, Kanslichef" in page
    assert f"/dokument/report/{report.pk}/" in page and f"/dokument/report/{report.pk}/pdf/" \
        in page and url(document) not in page
    case_page = client.get(f"/arenden/{case.pk}/").content.decode()
    assert f"/dokument/report/{report.pk}/" in case_page
    # Written once: the form sends back to the document.
    again = client.get(url(document))
    assert again.status_code == 302 and again["Location"] == f"/handlingar/{document.pk}/"


def test_the_case_officer_writes_the_report_of_their_own_case(client, olle, document,
                                                              ks_body):
    client.force_login(olle)
    response = client.post(url(document), form_data(ks_body))
    assert response.status_code == 302, errors_of(response)
    assert OfficersReport.objects.filter(document=document).exists()


def test_others_may_not_write_it(client, karin, document, ks_body):
    client.force_login(karin)
    assert url(document) not in client.get(f"/handlingar/{document.pk}/").content.decode()
    assert client.get(url(document)).status_code == 403
    assert client.post(url(document), form_data(ks_body)).status_code == 403
    assert not OfficersReport.objects.exists()


def test_only_an_officers_report_has_the_structure(client, rita, recommendation):
    client.force_login(rita)
    assert client.get(url(recommendation)).status_code == 404
    assert client.get("/sammantraden/handlingar/999999/tjansteutlatande/").status_code == 404
    page = client.get(f"/handlingar/{recommendation.pk}/").content.decode()
    assert "Skriv tjänsteutlåtandet" not in page


def test_a_report_written_meanwhile_is_not_written_twice(client, rita, document, ks_body):
    client.force_login(rita)
    actions.do_write_report(document, acting_user=rita, body=ks_body, title="T",
                            proposal="att")
    response = client.post(url(document), form_data(ks_body))
    assert response.status_code == 302
    assert OfficersReport.objects.get().title == "T"


@pytest.mark.parametrize("extra, message", [
    ({"title": ""}, "Detta fält måste fyllas i."),
    ({"proposal": "   "}, "Detta fält måste fyllas i."),
    ({"body": "KS"}, "Välj ett giltigt alternativ."),
    ({"section-0-heading": "Ärendet"}, "Ett avsnitt med rubrik behöver en text."),
    ({"section-1-text": "Text utan rubrik"}, "Ett avsnitt med text behöver en rubrik."),
    ({"signatory-0-name": "Kicki Hultin"}, "Ange undertecknarens titel."),
    ({"parties": ["99999"]}, "Välj ett giltigt alternativ."),
    ({"units": ["x"]}, "är inte ett giltigt värde"),
    ({"section-TOTAL_FORMS": "x"}, "ManagementForm"),
])
def test_bad_input_is_shown_on_the_form(client, rita, document, ks_body, extra, message):
    client.force_login(rita)
    response = client.post(url(document), form_data(ks_body, **extra))
    assert response.status_code == 200
    assert message in errors_of(response)
    assert not OfficersReport.objects.exists()


def test_a_bad_basis_order_is_shown_on_the_form(client, rita, document, recommendation,
                                                ks_body):
    client.force_login(rita)
    response = client.post(url(document), form_data(ks_body, **{
        f"basis_d{recommendation.pk}": "on", f"basis_d{recommendation.pk}_order": "först"}))
    assert response.status_code == 200 and "Fyll i ett heltal." in errors_of(response)
    assert not OfficersReport.objects.exists()
