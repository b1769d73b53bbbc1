"""The intake pages: who may see them, the forms, their errors (docs/intake.md)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kansli.diary.models import Case, Document, Party
from kansli.intake import actions
from kansli.intake.models import IncomingMessage
from tests.conftest import open_case
from tests.intake.conftest import letter, message_id, receive


@pytest.fixture
def message(db):
    return receive()


# Who may see the queue -----------------------------------------------------------------


@pytest.mark.parametrize("path", ["/inkommande/", "/inkommande/{pk}/",
                                  "/inkommande/{pk}/meddelande.eml",
                                  "/inkommande/{pk}/bilaga/1/",
                                  "/inkommande/{pk}/nytt-arende/",
                                  "/inkommande/{pk}/befintligt-arende/",
                                  "/inkommande/{pk}/avfarda/", "/inkommande/ladda-upp/"])
def test_only_registrars_and_administrators_see_the_intake(client, message, rita, ada, olle,
                                                            path):
    path = path.format(pk=message.pk)
    assert client.get(path).status_code == 302  # to the login page
    client.force_login(olle)
    assert client.get(path).status_code == 403
    client.force_login(rita)
    assert client.get(path).status_code == 200
    client.force_login(ada)
    assert client.get(path).status_code == 200


def test_a_case_officer_cannot_dismiss_by_posting(client, message, olle):
    client.force_login(olle)
    assert client.post(f"/inkommande/{message.pk}/avfarda/",
                       {"reason": "Skräp"}).status_code == 403
    message.refresh_from_db()
    assert message.status == "new"


# The queue ------------------------------------------------------------------------------


def test_the_queue_shows_new_messages_first_and_filters_by_status(client, rita, ks, klass):
    old = receive(letter("Gammalt ärende", message_id=message_id(1)))
    actions.do_register_new_case(old, acting_user=rita, series=ks, classification=klass)
    receive(letter("Reklam", message_id=message_id(2)))
    actions.do_dismiss(IncomingMessage.objects.get(subject="Reklam"), acting_user=rita,
                       reason="Reklam")
    receive(letter("Nytt brev", message_id=message_id(3)))
    client.force_login(rita)
    page = client.get("/inkommande/").content.decode()
    assert page.index("Nytt brev") < page.index("Gammalt ärende")
    assert page.index("Nytt brev") < page.index("Reklam")
    assert "1 väntar" in page
    assert 'scope="col"' in page and "<caption>" in page
    document = Document.objects.get()
    assert document.reference in page
    page = client.get("/inkommande/", {"status": "dismissed"}).content.decode()
    assert "Reklam" in page and "Nytt brev" not in page
    page = client.get("/inkommande/", {"status": "nonsense"})
    assert page.status_code == 200


def test_the_queue_takes_the_same_number_of_queries_however_long(client, rita, ks, klass):
    client.force_login(rita)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/inkommande/").status_code == 200
        return len(queries)

    for n in range(2):
        message = receive(letter(f"Brev {n}", message_id=message_id(n)))
        actions.do_register_new_case(message, acting_user=rita, series=ks,
                                     classification=klass)
    few = count()
    for n in range(2, 12):
        message = receive(letter(f"Brev {n}", message_id=message_id(n)))
        actions.do_register_new_case(message, acting_user=rita, series=ks,
                                     classification=klass)
    assert count() == few


# A message -------------------------------------------------------------------------------


def test_the_message_page_shows_headers_text_and_files(client, rita, message):
    client.force_login(rita)
    page = client.get(f"/inkommande/{message.pk}/").content.decode()
    assert "Rekommendation om överenskommelse" in page
    assert "Kommunförbundet Stockholms län &lt;registrator@ksl.se&gt;" in page
    assert "KSL rekommenderar medlemmarna" in page
    assert "2013-06-05" in page
    assert f"/inkommande/{message.pk}/bilaga/1/" in page and "overenskommelse.pdf" in page
    assert f"/inkommande/{message.pk}/meddelande.eml" in page
    assert "Registrera i nytt ärende" in page and "Avfärda" in page


def test_what_could_not_be_read_is_shown(client, rita):
    message = receive(b"To: registrator@ekero.se\r\n\r\nUtan avsandare\r\n")
    client.force_login(rita)
    page = client.get(f"/inkommande/{message.pk}/").content.decode()
    assert "Det som inte kunde läsas" in page
    assert "Meddelandet har ingen avsändare (From)." in page


def test_an_attachment_and_the_raw_message_are_downloaded_safely(client, rita, message):
    client.force_login(rita)
    response = client.get(f"/inkommande/{message.pk}/bilaga/1/")
    assert response.content == b"%PDF-1.4 avtal"
    assert response["Content-Type"] == "application/pdf"
    assert 'attachment; filename="overenskommelse.pdf"' == response["Content-Disposition"]
    assert "sandbox" in response["Content-Security-Policy"]
    response = client.get(f"/inkommande/{message.pk}/meddelande.eml")
    assert response.content == letter()
    assert response["Content-Type"] == "message/rfc822"
    assert client.get(f"/inkommande/{message.pk}/bilaga/2/").status_code == 404
    assert client.get(f"/inkommande/{message.pk}/bilaga/0/").status_code == 404
    assert client.get("/inkommande/999999/").status_code == 404


def test_a_damaged_file_is_refused_not_served(client, rita, message):
    from kansli.diary import files

    files.blob_path(message.raw.sha256).write_bytes(b"altered")
    client.force_login(rita)
    response = client.get(f"/inkommande/{message.pk}/meddelande.eml")
    assert response.status_code == 409 and b"altered" not in response.content


# Registering ---------------------------------------------------------------------------


def test_registering_into_a_new_case_through_the_form(client, rita, message, ks, klass):
    client.force_login(rita)
    form = client.get(f"/inkommande/{message.pk}/nytt-arende/").content.decode()
    assert 'value="Rekommendation om överenskommelse"' in form
    assert '<label for="id_series"' in form
    response = client.post(f"/inkommande/{message.pk}/nytt-arende/", {
        "series": ks.pk, "title": "Samverkan om nyanlända", "classification": klass.pk,
        "description": "Rekommendation", "doc_type": "recommendation"})
    document = Document.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/handlingar/{document.pk}/"
    assert document.case.title == "Samverkan om nyanlända"
    message.refresh_from_db()
    assert message.status == "registered"
    page = client.get(f"/inkommande/{message.pk}/").content.decode()
    assert document.reference in page and "Registrera i nytt ärende" not in page


def test_a_new_case_that_cannot_be_opened_is_a_form_error_and_nothing_is_written(
        client, rita, message, ks):
    client.force_login(rita)
    response = client.post(f"/inkommande/{message.pk}/nytt-arende/", {
        "series": ks.pk, "title": "Titel", "description": "Brev", "doc_type": "email"})
    assert response.status_code == 400
    assert "Organisationens diarienummer kräver en klassificering." in response.content.decode()
    assert not Case.objects.exists() and not Party.objects.exists()


def test_an_empty_form_is_a_form_error_in_swedish(client, rita, message):
    client.force_login(rita)
    for path in ("nytt-arende", "befintligt-arende", "avfarda"):
        response = client.post(f"/inkommande/{message.pk}/{path}/", {})
        assert response.status_code == 400
        assert "Detta fält måste fyllas i" in response.content.decode()
    message.refresh_from_db()
    assert message.status == "new"


def test_registering_into_an_existing_case_by_its_number(client, rita, message, ks, klass):
    case = open_case(rita, ks, klass)
    client.force_login(rita)
    response = client.post(f"/inkommande/{message.pk}/befintligt-arende/", {
        "diary_number": " " + case.diary_number.lower() + " ", "description": "Brev från KSL",
        "doc_type": "letter"})
    assert response.status_code == 302
    document = case.documents.get()
    assert document.description == "Brev från KSL" and document.doc_type == "letter"


def test_an_unknown_diary_number_is_a_form_error(client, rita, message, ks, klass):
    client.force_login(rita)
    for number in ("KS99/999-133", "x" * 60, "'; DROP TABLE diary_case; --"):
        response = client.post(f"/inkommande/{message.pk}/befintligt-arende/", {
            "diary_number": number, "description": "Brev", "doc_type": "letter"})
        assert response.status_code == 400
        assert not Document.objects.exists()


def test_a_registered_message_cannot_be_registered_again(client, rita, message, ks, klass):
    actions.do_register_new_case(message, acting_user=rita, series=ks, classification=klass)
    client.force_login(rita)
    response = client.post(f"/inkommande/{message.pk}/nytt-arende/", {
        "series": ks.pk, "title": "Igen", "classification": klass.pk, "description": "x",
        "doc_type": "email"}, follow=True)
    assert "Meddelandet är redan registrerat." in response.content.decode()
    assert Case.objects.count() == 1


# Dismissing ---------------------------------------------------------------------------


def test_dismissing_with_a_reason(client, rita, message):
    client.force_login(rita)
    response = client.post(f"/inkommande/{message.pk}/avfarda/", {"reason": "Reklam"})
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.status == "dismissed"
    page = client.get(f"/inkommande/{message.pk}/").content.decode()
    assert "Reklam" in page and "Meddelandet är avfärdat." in page


def test_dismissing_with_a_blank_reason_is_refused(client, rita, message):
    client.force_login(rita)
    response = client.post(f"/inkommande/{message.pk}/avfarda/", {"reason": "   "})
    assert response.status_code == 400
    message.refresh_from_db()
    assert message.status == "new"


# Uploading ------------------------------------------------------------------------------


def eml(name, content):
    return SimpleUploadedFile(name, content, content_type="message/rfc822")


def test_uploading_eml_files_queues_them(client, rita):
    client.force_login(rita)
    response = client.post("/inkommande/ladda-upp/", {"files": [
        eml("a.eml", letter("Första", message_id=message_id(1))),
        eml("b.eml", letter("Andra", message_id=message_id(2)))]})
    assert response.status_code == 302 and response["Location"] == "/inkommande/"
    assert set(IncomingMessage.objects.values_list("subject", "source", "received_by")) == {
        ("Första", "upload", rita.pk), ("Andra", "upload", rita.pk)}
    page = client.get("/inkommande/").content.decode()
    assert "2 meddelanden har lagts i kön." in page


def test_one_uploaded_file_leads_to_its_message_and_again_is_not_queued_twice(client, rita):
    client.force_login(rita)
    response = client.post("/inkommande/ladda-upp/", {"files": [eml("a.eml", letter())]})
    message = IncomingMessage.objects.get()
    assert response["Location"] == f"/inkommande/{message.pk}/"
    response = client.post("/inkommande/ladda-upp/", {"files": [eml("a.eml", letter())]},
                           follow=True)
    assert IncomingMessage.objects.count() == 1
    assert "1 meddelande fanns redan i kön." in response.content.decode()


def test_a_file_that_is_not_mail_is_refused_and_nothing_is_queued(client, rita):
    client.force_login(rita)
    response = client.post("/inkommande/ladda-upp/", {"files": [
        eml("bra.eml", letter()), eml("bild.png", b"\x89PNG\r\n\x1a\n\x00\x00")]})
    assert response.status_code == 400
    text = response.content.decode()
    assert "bild.png" in text and "Filen är inte ett e-postmeddelande." in text
    assert not IncomingMessage.objects.exists()


def test_an_empty_or_missing_upload_is_a_form_error(client, rita):
    client.force_login(rita)
    assert client.post("/inkommande/ladda-upp/", {}).status_code == 400
    assert client.post("/inkommande/ladda-upp/",
                       {"files": [eml("tom.eml", b"")]}).status_code == 400
    assert not IncomingMessage.objects.exists()


def test_the_case_journal_names_the_registration_in_swedish(client, rita, message, ks, klass):
    document = actions.do_register_new_case(message, acting_user=rita, series=ks,
                                            classification=klass)
    client.force_login(rita)
    page = client.get(f"/arenden/{document.case_id}/").content.decode()
    assert "E-post registrerad" in page


def test_a_fetched_message_shows_where_it_came_from(client, rita):
    message = receive(source="imap", mailbox="registrator@mail.ekero.se:993/INBOX",
                      uidvalidity=7, uid=42)
    client.force_login(rita)
    page = client.get(f"/inkommande/{message.pk}/").content.decode()
    assert "Brevlåda" in page and "registrator@mail.ekero.se:993/INBOX (UID 42)" in page
