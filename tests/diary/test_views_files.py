"""The document page and file downloads: secrecy, the read log, and damaged files."""

import datetime

import pytest

from kansli.diary import actions
from kansli.diary.actions import NewFile
from kansli.diary.files import blob_path
from kansli.diary.models import Event


def open_case(user, series, klass, **kwargs):
    return actions.do_open_case(series, acting_user=user, title="Orosanmälan",
                                classification=klass, **kwargs)


def register(case, user, **kwargs):
    kwargs.setdefault("description", "Anmälan om barn som far illa")
    return actions.do_register_document(
        case, acting_user=user, direction="incoming", doc_type="letter",
        received_date=datetime.date(2013, 6, 5), **kwargs)


@pytest.fixture
def case(rita, olle, ks, klass):
    return open_case(rita, ks, klass, officer=olle)


@pytest.fixture
def secret(case, rita):
    return register(case, rita, secrecy_ground="OSL 26 kap. 1 §",
                    files=[NewFile("anmälan.pdf", b"%PDF hemligt")])


@pytest.fixture
def public(case, rita):
    return register(case, rita, description="Rekommendation",
                    files=[NewFile("rekommendation.pdf", b"%PDF offentligt")])


def test_a_file_is_downloaded_as_an_attachment(client, rita, public):
    file = public.files.get()
    client.force_login(rita)
    response = client.get(f"/handlingar/{public.pk}/filer/{file.pk}/")
    assert response.status_code == 200
    assert response.content == b"%PDF offentligt"
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="rekommendation.pdf"'


def test_a_file_name_outside_ascii_is_encoded_for_the_header(client, rita, secret):
    file = secret.files.get()
    client.force_login(rita)
    response = client.get(f"/handlingar/{secret.pk}/filer/{file.pk}/")
    assert response["Content-Disposition"].startswith("attachment; filename*=utf-8''")
    assert "anm%C3%A4lan.pdf" in response["Content-Disposition"]


def test_the_document_page_shows_the_entry_and_its_files(client, rita, public):
    client.force_login(rita)
    html = client.get(f"/handlingar/{public.pk}/").content.decode()
    assert "Rekommendation" in html and "rekommendation.pdf" in html
    assert public.reference in html


def test_a_secret_read_is_journalled(client, olle, secret):
    file = secret.files.get()
    client.force_login(olle)
    assert client.get(f"/handlingar/{secret.pk}/").status_code == 200
    assert client.get(f"/handlingar/{secret.pk}/filer/{file.pk}/").status_code == 200
    reads = Event.objects.filter(action="read_secret", object_id=secret.pk)
    assert [(e.actor, e.data["what"]) for e in reads] == [
        (olle, "document"), (olle, f"file {file.pk}")]


def test_reading_a_public_document_is_not_journalled(client, olle, public):
    client.force_login(olle)
    client.get(f"/handlingar/{public.pk}/")
    client.get(f"/handlingar/{public.pk}/filer/{public.files.get().pk}/")
    assert not Event.objects.filter(action="read_secret").exists()


def test_a_case_officer_cannot_read_a_secret_document_of_another_case(client, karin, secret):
    file = secret.files.get()
    client.force_login(karin)
    response = client.get(f"/handlingar/{secret.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Sekretess enligt OSL 26 kap. 1 §" in html
    assert "far illa" not in html and "anmälan.pdf" not in html
    assert client.get(f"/handlingar/{secret.pk}/filer/{file.pk}/").status_code == 403
    assert not Event.objects.filter(action="read_secret").exists()


def test_a_file_is_found_only_under_its_own_document(client, rita, public, secret):
    client.force_login(rita)
    other = secret.files.get()
    assert client.get(f"/handlingar/{public.pk}/filer/{other.pk}/").status_code == 404


def test_a_damaged_file_gives_a_clear_message_and_is_logged(client, rita, public, caplog):
    file = public.files.get()
    blob_path(file.blob.sha256).write_bytes(b"%PDF altered")
    client.force_login(rita)
    response = client.get(f"/handlingar/{public.pk}/filer/{file.pk}/")
    assert response.status_code == 409
    html = response.content.decode()
    assert "Filen kan inte visas" in html
    assert "rekommendation.pdf" in html
    assert any("does not match" in r.getMessage() for r in caplog.records)


def test_a_missing_file_gives_a_clear_message(client, rita, public):
    file = public.files.get()
    blob_path(file.blob.sha256).unlink()
    client.force_login(rita)
    response = client.get(f"/handlingar/{public.pk}/filer/{file.pk}/")
    assert response.status_code == 409
    assert "Filen kan inte visas" in response.content.decode()


def test_an_uploaded_page_is_never_run_as_part_of_the_site(client, rita, case):
    document = register(case, rita, files=[NewFile("x.html", b"<script>alert(1)</script>")])
    client.force_login(rita)
    response = client.get(f"/handlingar/{document.pk}/filer/{document.files.get().pk}/")
    assert response["Content-Disposition"].startswith("attachment")
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
