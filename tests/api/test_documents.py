"""Reading documents and their files: secret content only with secret:read, and each
read of it in the journal."""

import pytest

from kansli.diary import actions, files
from kansli.diary.models import Event
from tests.conftest import open_case, register


@pytest.fixture
def case(rita, ks, klass):
    return open_case(rita, ks, klass)


@pytest.fixture
def public(case, rita, ksl):
    return register(case, rita, senders=[ksl],
                    files=[actions.NewFile("rekommendation.pdf", b"%PDF-1.4 r")])


@pytest.fixture
def secret(case, rita):
    anna = actions.do_create_party(acting_user=rita, kind="person", name="Anna Andersson",
                                   secrecy_ground="OSL 26 kap. 1 §")
    return register(case, rita, description="Orosanmälan om Kalle", doc_type="letter",
                    senders=[anna], secrecy_ground="OSL 26 kap. 1 §",
                    files=[actions.NewFile("anmalan.pdf", b"%PDF-1.4 s")])


def test_a_public_document_shows_its_entry(etjanst, public):
    data = etjanst.get(f"/documents/{public.pk}/").json()
    assert data["description"] == "Rekommendation"
    assert data["masked"] is False
    assert data["senders"] == [{"id": public.parties.get().pk, "kind": "organisation",
                                "name": "Kommunförbundet Stockholms län",
                                "email": "registrator@ksl.se", "secret": False}]
    assert data["files"][0]["sha256"] == public.files.get().blob.sha256


def test_a_secret_document_is_masked_without_secret_read(etjanst, secret):
    data = etjanst.get(f"/documents/{secret.pk}/").json()
    assert data["masked"] is True
    assert data["description"] is None
    assert data["secrecy_ground"] == "OSL 26 kap. 1 §"
    assert data["senders"] == [] and data["files"] == []
    assert "Kalle" not in str(etjanst.get(f"/cases/{secret.case_id}/").json())
    assert not Event.objects.filter(action="read_secret").exists()


def test_secret_read_shows_it_and_the_journal_says_so(arkiv, secret):
    data = arkiv.get(f"/documents/{secret.pk}/").json()
    assert data["description"] == "Orosanmälan om Kalle"
    assert data["senders"][0]["name"] == "Anna Andersson"
    event = Event.objects.get(action="read_secret")
    assert event.actor_name == "api-arkiv"
    assert event.data == {"what": "document"}


def test_a_secret_party_on_a_public_document_is_hidden(etjanst, arkiv, case, rita):
    anna = actions.do_create_party(acting_user=rita, kind="person", name="Anna Andersson",
                                   secrecy_ground="OSL 21 kap. 3 §")
    document = register(case, rita, senders=[anna])
    shown = etjanst.get(f"/documents/{document.pk}/").json()["senders"]
    assert shown == [{"id": None, "kind": "person", "name": "Part som omfattas av sekretess",
                      "email": "", "secret": True}]
    assert arkiv.get(f"/documents/{document.pk}/").json()["senders"][0]["name"] == \
        "Anna Andersson"


def test_a_secret_file_needs_secret_read(etjanst, arkiv, secret):
    file = secret.files.get()
    response = etjanst.get(f"/documents/{secret.pk}/files/{file.pk}/")
    assert response.status_code == 403
    assert response.json()["error"]["scope"] == "secret:read"
    response = arkiv.get(f"/documents/{secret.pk}/files/{file.pk}/")
    assert response.content == b"%PDF-1.4 s"
    assert Event.objects.get(action="read_secret").data == {"what": f"file {file.pk}"}


def test_a_file_is_sent_as_an_attachment_that_never_runs(etjanst, public):
    file = public.files.get()
    response = etjanst.get(f"/documents/{public.pk}/files/{file.pk}/")
    assert response["Content-Disposition"].startswith("attachment")
    assert "sandbox" in response["Content-Security-Policy"]


def test_a_file_of_another_document_or_none_is_404(etjanst, public, secret):
    file = secret.files.get()
    assert etjanst.get(f"/documents/{public.pk}/files/{file.pk}/").status_code == 404
    assert etjanst.get(f"/documents/{public.pk}/files/99999/").status_code == 404
    assert etjanst.get(f"/documents/{2**63}/files/{2**63}/").status_code == 404
    assert etjanst.get("/documents/99999/").status_code == 404


def test_a_corrupt_file_is_409_not_served(etjanst, public):
    file = public.files.get()
    files.blob_path(file.blob.sha256).write_bytes(b"changed")
    response = etjanst.get(f"/documents/{public.pk}/files/{file.pk}/")
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "file_corrupt"


def test_documents_need_documents_read(make_api, public):
    reader = make_api("cases:read")
    response = reader.get(f"/documents/{public.pk}/")
    assert response.status_code == 403
    assert response.json()["error"]["scope"] == "documents:read"
