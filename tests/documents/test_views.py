"""The staff pages: printable previews, PDF downloads, the button that stores the PDF;
who may do what."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kansli.diary import access
from kansli.documents import store
from kansli.documents.models import Rendering
from kansli.meetings import actions
from tests.conftest import make_user

from .conftest import approve_all, normalise, pdf_text


def url(name, kind, pk):
    return reverse(f"documents:{name}", args=[kind, pk])


@pytest.fixture
def secretary_client(client, registrar):
    client.force_login(registrar)
    return client


def test_report_preview_and_pdf(secretary_client, seed_report):
    response = secretary_client.get(url("preview", "report", seed_report.pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Förslag till beslut" in html and "Dnr KS13/250-133" in html
    assert url("pdf", "report", seed_report.pk) in html
    assert url("store", "report", seed_report.pk) in html
    assert reverse("diary:case", args=[seed_report.document.case_id]) in html
    response = secretary_client.get(url("pdf", "report", seed_report.pk))
    assert response["Content-Type"] == "application/pdf"
    assert "Tj%C3%A4nsteutl%C3%A5tande_KS13-250-133.pdf" in response["Content-Disposition"]
    assert "Beslutsunderlag" in normalise(pdf_text(response.content))


def test_the_button_stores_the_report(secretary_client, seed_report):
    response = secretary_client.post(url("store", "report", seed_report.pk))
    assert response.status_code == 302
    rendering = Rendering.objects.get(kind="report")
    assert rendering.file.document == seed_report.document
    page = secretary_client.get(response["Location"]).content.decode()
    assert seed_report.document.reference in page
    # The download is now the stored file.
    response = secretary_client.get(url("pdf", "report", seed_report.pk))
    assert response.content == store.stored_bytes(rendering)


def test_store_needs_a_post(secretary_client, seed_report):
    assert secretary_client.get(url("store", "report", seed_report.pk)).status_code == 405


def test_meeting_documents(secretary_client, kf_meeting):
    meeting, people, paragraphs = kf_meeting
    for kind, pk in (("notice", meeting.pk), ("minutes", meeting.pk),
                     ("extract", paragraphs[0].pk)):
        assert secretary_client.get(url("preview", kind, pk)).status_code == 200, kind
        response = secretary_client.get(url("pdf", kind, pk))
        assert response.status_code == 200 and response.content.startswith(b"%PDF"), kind
    # Draft minutes and an unapproved paragraph have no store button.
    assert url("store", "minutes", meeting.pk) not in secretary_client.get(
        url("preview", "minutes", meeting.pk)).content.decode()
    assert not Rendering.objects.exists()


def test_approved_minutes_download_is_the_stored_file(secretary_client, kf_meeting,
                                                      registrar):
    meeting, people, paragraphs = kf_meeting
    approve_all(meeting, people)
    first = secretary_client.get(url("pdf", "minutes", meeting.pk)).content
    rendering = Rendering.objects.get(kind="minutes")
    actions.do_correct_paragraph(paragraphs[0], acting_user=registrar, reason="Skrivfel",
                                 decision="Ändrad beslutstext.")
    second = secretary_client.get(url("pdf", "minutes", meeting.pk)).content
    assert first == second == store.stored_bytes(rendering)


def test_issue_extract_button(secretary_client, kf_meeting):
    meeting, people, paragraphs = kf_meeting
    approve_all(meeting, people)
    page = secretary_client.get(url("preview", "extract", paragraphs[0].pk)).content.decode()
    assert url("store", "extract", paragraphs[0].pk) in page
    response = secretary_client.post(url("store", "extract", paragraphs[0].pk))
    assert response.status_code == 302
    assert Rendering.objects.get(kind="extract").file.document.case == paragraphs[0].case


def test_store_refused_with_the_reason(secretary_client, kf_meeting):
    meeting, _people, _paragraphs = kf_meeting
    response = secretary_client.post(url("store", "minutes", meeting.pk), follow=True)
    assert response.status_code == 200
    assert not Rendering.objects.exists()
    assert len(list(response.context["messages"])) == 1


def test_anonymous_go_to_login(client, seed_report):
    response = client.get(url("preview", "report", seed_report.pk))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_not_staff_refused(client, seed_report, kf_meeting):
    meeting, _people, _paragraphs = kf_meeting
    client.force_login(make_user("petra"))
    assert client.get(url("preview", "report", seed_report.pk)).status_code == 403
    assert client.get(url("pdf", "minutes", meeting.pk)).status_code == 403


def test_an_approver_reads_the_minutes_but_stores_nothing(client, kf_meeting):
    meeting, people, _paragraphs = kf_meeting
    meeting = approve_all(meeting, people)
    client.force_login(people[1].user)
    assert client.get(url("preview", "minutes", meeting.pk)).status_code == 200
    assert client.post(url("store", "minutes", meeting.pk)).status_code == 403
    # Downloading approved minutes not yet stored: rendered, not stored by a reader.
    assert client.get(url("pdf", "minutes", meeting.pk)).status_code == 200
    assert not Rendering.objects.exists()


def test_case_officer_of_another_case_cannot_store_the_report(client, seed_report):
    client.force_login(make_user("karin", access.CASE_OFFICER))
    assert client.get(url("preview", "report", seed_report.pk)).status_code == 200
    assert client.post(url("store", "report", seed_report.pk)).status_code == 403


def test_unknown_object_is_404(secretary_client):
    assert secretary_client.get(url("preview", "minutes", 999999)).status_code == 404
