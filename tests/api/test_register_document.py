"""Registering an incoming document: sender found or created, files in base64, the
journal naming the integration, and on any error nothing kept."""

import base64
import datetime

import pytest

from kansli.diary import actions
from kansli.diary.models import Blob, Document, DocumentFile, Event, Party
from tests.conftest import open_case

PDF = b"%PDF-1.4 rekommendation"


def b64(content: bytes) -> str:
    return base64.b64encode(content).decode()


@pytest.fixture
def case(rita, ks, klass):
    return open_case(rita, ks, klass)


def payload(**changes):
    data = {
        "description": "Rekommendation om överenskommelse",
        "received_date": "2013-06-05",
        "document_date": "2013-06-04",
        "doc_type": "recommendation",
        "sender": {"kind": "organisation", "name": "Kommunförbundet Stockholms län",
                   "email": "registrator@ksl.se"},
        "files": [{"name": "rekommendation.pdf", "media_type": "application/pdf",
                   "content_base64": b64(PDF)}],
    }
    data.update(changes)
    return data


def test_it_registers_an_incoming_document(etjanst, case):
    response = etjanst.post(f"/cases/{case.pk}/documents/", payload())
    assert response.status_code == 201
    data = response.json()
    document = Document.objects.get()
    assert data["reference"] == f"{case.diary_number}:1"
    assert document.direction == "incoming"
    assert document.received_date == datetime.date(2013, 6, 5)
    assert data["senders"][0]["name"] == "Kommunförbundet Stockholms län"
    assert data["files"][0]["name"] == "rekommendation.pdf"
    assert data["files"][0]["size"] == len(PDF)
    assert response["Location"] == f"/api/v1/documents/{document.pk}/"


def test_the_file_can_be_downloaded_again(etjanst, case):
    data = etjanst.post(f"/cases/{case.pk}/documents/", payload()).json()
    path = data["files"][0]["url"].split("/api/v1")[1]
    response = etjanst.get(path)
    assert response.content == PDF
    assert response["Content-Type"] == "application/pdf"


def test_the_journal_names_the_integration(etjanst, case):
    etjanst.post(f"/cases/{case.pk}/documents/", payload())
    for action in ("create", "register"):
        assert Event.objects.get(action=action).actor_name == "api-e-tjanst"


def test_the_journal_still_verifies(etjanst, case):
    from kansli.diary import journal

    etjanst.post(f"/cases/{case.pk}/documents/", payload())
    checked, problem = journal.verify()
    assert problem is None and checked == Event.objects.count()


def test_a_known_sender_is_reused(etjanst, case, ksl):
    etjanst.post(f"/cases/{case.pk}/documents/", payload())
    assert Party.objects.count() == 1
    assert Document.objects.get().parties.get() == ksl


def test_a_person_without_e_mail_is_a_new_party_each_time(etjanst, case):
    sender = {"kind": "person", "name": "Anna Andersson"}
    for _ in range(2):
        etjanst.post(f"/cases/{case.pk}/documents/", payload(sender=sender, files=[]))
    assert Party.objects.filter(name="Anna Andersson").count() == 2


def test_a_sender_and_files_are_optional(etjanst, case):
    response = etjanst.post(f"/cases/{case.pk}/documents/", {
        "description": "Synpunkt", "received_date": "2013-06-05"})
    assert response.status_code == 201
    assert response.json()["doc_type"] == "letter"


def test_a_secret_document_is_masked_in_the_answer_without_secret_read(etjanst, case):
    data = etjanst.post(f"/cases/{case.pk}/documents/",
                        payload(secrecy_ground="OSL 26 kap. 1 §")).json()
    assert data["masked"] is True and data["description"] is None
    assert data["files"] == [] and data["senders"] == []
    assert Document.objects.get().is_secret


def nothing_written():
    return not (Document.objects.exists() or Party.objects.exists() or Blob.objects.exists()
                or DocumentFile.objects.exists()
                or Event.objects.exclude(action="open").exists())


@pytest.mark.parametrize("changes,field", [
    ({"description": ""}, "description"),
    ({"received_date": "5 juni 2013"}, "received_date"),
    ({"received_date": "2013-02-30"}, "received_date"),
    ({"received_date": "0999-12-31"}, "received_date"),
    ({"doc_type": "poem"}, "doc_type"),
    ({"sender": {"kind": "robot", "name": "R2"}}, "sender.kind"),
    ({"sender": {"kind": "person", "name": "Anna", "email": "not-an-address"}},
     "sender.email"),
    ({"sender": "KSL"}, "sender"),
    ({"files": [{"name": "a.pdf", "content_base64": "***"}]}, "files[0].content_base64"),
    ({"files": [{"name": "a.pdf", "content_base64": ""}]}, "files[0].content_base64"),
    ({"files": [{"name": "a.pdf"}]}, "files[0].content_base64"),
    ({"files": [{"name": "", "content_base64": "YQ=="}]}, "files[0].name"),
    ({"files": "a.pdf"}, "files"),
    ({"files": [{"name": "a.pdf", "content_base64": "YQ=="}] * 21}, "files"),
    ({"description": "x" * 501}, "description"),
    ({"description": "nul\x00byte"}, "description"),
    ({"description": "\ud800"}, "description"),
    ({"direction": "outgoing"}, "direction"),
])
def test_bad_input_is_400_by_field_and_nothing_is_kept(etjanst, case, changes, field):
    response = etjanst.post(f"/cases/{case.pk}/documents/", payload(**changes))
    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]
    assert nothing_written()


def test_a_file_over_the_limit_is_refused(etjanst, case, settings):
    settings.KANSLI_MAX_UPLOAD_BYTES = 100
    big = [{"name": "big.pdf", "content_base64": b64(b"x" * 101)}]
    response = etjanst.post(f"/cases/{case.pk}/documents/", payload(files=big))
    assert response.status_code == 400
    assert "files[0].content_base64" in response.json()["error"]["fields"]
    two = [{"name": f"{n}.pdf", "content_base64": b64(b"x" * 60)} for n in range(2)]
    response = etjanst.post(f"/cases/{case.pk}/documents/", payload(files=two))
    assert response.status_code == 400
    assert "files" in response.json()["error"]["fields"]
    assert nothing_written()


def test_a_body_over_the_limit_is_413_before_it_is_read(etjanst, case, settings):
    settings.KANSLI_MAX_UPLOAD_BYTES = 100
    response = etjanst.post(f"/cases/{case.pk}/documents/",
                            payload(description="x" * (2 * 1024 * 1024)))
    assert response.status_code == 413
    assert nothing_written()


def test_a_cancelled_case_takes_no_documents(etjanst, case, rita):
    actions.do_cancel_case(case, acting_user=rita, reason="Fel serie")
    response = etjanst.post(f"/cases/{case.pk}/documents/", payload())
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["__all__"]
    assert not Document.objects.exists() and not Party.objects.exists()


def test_a_failure_after_the_sender_is_made_keeps_neither(etjanst, case, monkeypatch):
    """The party is created first; when the registration then fails, it goes too."""
    from django.core.exceptions import ValidationError

    def refuse(*args, **kwargs):
        raise ValidationError("Nej.")

    monkeypatch.setattr(actions, "do_register_document", refuse)
    response = etjanst.post(f"/cases/{case.pk}/documents/", payload())
    assert response.status_code == 400
    assert not Party.objects.exists()
    assert not Event.objects.filter(action="create").exists()


def test_an_unknown_case_is_404(etjanst, case):
    assert etjanst.post("/cases/999999/documents/", payload()).status_code == 404
