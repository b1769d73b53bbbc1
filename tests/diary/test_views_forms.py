"""The forms: each goes through one action, and says in Swedish what is wrong."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kansli.diary import actions
from kansli.diary.files import blob_path
from kansli.diary.models import Blob, Case, Document, DocumentFile, Event, Party
from tests.conftest import open_case, register


def upload(name="rekommendation.pdf", content=b"%PDF-1.4 rekommendation"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def errors_of(response) -> str:
    form = response.context["form"]
    return " ".join(str(e) for errors in form.errors.values() for e in errors)




@pytest.fixture
def case(rita, olle, ks, klass, unit):
    return open_case(rita, ks, klass, unit=unit, officer=olle)


# Opening a case --------------------------------------------------------------------------


def test_a_registrar_opens_a_case(client, rita, olle, ks, klass, unit):
    client.force_login(rita)
    assert client.get("/arenden/nytt/").status_code == 200
    response = client.post("/arenden/nytt/", {
        "series": ks.pk, "title": "Överenskommelse om samverkan", "classification": klass.pk,
        "unit": unit.pk, "officer": olle.pk})
    case = Case.objects.get()
    assert response.status_code == 302
    assert response.url == f"/arenden/{case.pk}/"
    assert case.officer == olle and case.unit == unit
    assert case.diary_number.startswith("KS")
    assert Event.objects.filter(action="open", case=case).exists()
    page = client.get(response.url).content.decode()
    assert f"Ärende {case.diary_number} har öppnats." in page


def test_opening_a_case_without_a_title_says_what_is_missing(client, rita, ks, klass):
    client.force_login(rita)
    response = client.post("/arenden/nytt/", {"series": ks.pk, "classification": klass.pk})
    assert response.status_code == 200
    assert "Detta fält måste fyllas i." in errors_of(response)
    assert 'aria-invalid="true"' in response.content.decode()
    assert 'aria-describedby="id_title_error"' in response.content.decode()
    assert not Case.objects.exists()


def test_an_action_s_refusal_is_shown_in_swedish_on_the_form(client, rita, ks):
    """Ekerö's diary numbers carry the classification; the action refuses without one."""
    client.force_login(rita)
    response = client.post("/arenden/nytt/", {"series": ks.pk, "title": "Utan klass"})
    assert response.status_code == 200
    assert "klassificering" in " ".join(response.context["form"].non_field_errors())
    assert not Case.objects.exists()


def test_a_secret_title_needs_a_public_title(client, rita, ks, klass):
    client.force_login(rita)
    response = client.post("/arenden/nytt/", {
        "series": ks.pk, "title": "Placering av Kalle", "classification": klass.pk,
        "secrecy_ground": "OSL 26 kap. 1 §"})
    assert "offentlig rubrik" in errors_of(response)
    assert not Case.objects.exists()


@pytest.mark.parametrize("data", [
    {}, {"series": "abc", "title": "x"}, {"series": "999999", "title": "x"},
    {"series": "1", "title": "x", "officer": "nobody"}, {"title": "x" * 600},
    {"series": "1", "title": "x", "classification": "99999999999999999999999"},
])
def test_bad_input_to_the_case_form_never_gives_a_500(client, rita, ks, klass, data):
    client.force_login(rita)
    response = client.post("/arenden/nytt/", data)
    assert response.status_code == 200
    assert response.context["form"].errors


# Registering documents ---------------------------------------------------------------------


def test_a_registrar_registers_a_document_with_files(client, rita, case, ksl):
    client.force_login(rita)
    assert client.get(f"/arenden/{case.pk}/ny-handling/").status_code == 200
    response = client.post(f"/arenden/{case.pk}/ny-handling/", {
        "direction": "incoming", "doc_type": "recommendation",
        "description": "Rekommendation om samverkan", "received_date": "2013-06-05",
        "document_date": "2013-06-04", "senders": [ksl.pk], "new_party_kind": "organisation",
        "new_party_role": "sender",
        "files": [upload(), upload("överenskommelse.pdf", b"%PDF avtal")]})
    assert response.status_code == 302, errors_of(response)
    document = Document.objects.get()
    assert document.number == 1
    assert document.received_date == datetime.date(2013, 6, 5)
    assert list(document.parties.all()) == [ksl]
    assert sorted(f.filename for f in document.files.all()) == [
        "rekommendation.pdf", "överenskommelse.pdf"]


def test_a_new_party_is_created_inline(client, rita, case):
    client.force_login(rita)
    response = client.post(f"/arenden/{case.pk}/ny-handling/", {
        "direction": "outgoing", "doc_type": "letter", "description": "Svar",
        "received_date": "2013-12-10", "new_party_name": "Socialkontoret",
        "new_party_kind": "organisation", "new_party_email": "social@ekero.se",
        "new_party_role": "recipient"})
    assert response.status_code == 302, errors_of(response)
    document = Document.objects.get()
    assert [p.name for p in document.parties.all()] == ["Socialkontoret"]


def test_an_empty_file_is_refused_with_a_message(client, rita, case):
    client.force_login(rita)
    response = client.post(f"/arenden/{case.pk}/ny-handling/", {
        "direction": "incoming", "doc_type": "letter", "description": "Brev",
        "received_date": "2013-06-05", "new_party_kind": "organisation",
        "new_party_role": "sender", "files": [upload("tom.pdf", b"")]})
    assert response.status_code == 200
    assert "Filen tom.pdf är tom." in errors_of(response)
    assert not Document.objects.exists()


def test_a_file_over_the_limit_is_refused_with_a_message(client, rita, case, settings):
    settings.KANSLI_MAX_UPLOAD_BYTES = 10
    client.force_login(rita)
    response = client.post(f"/arenden/{case.pk}/ny-handling/", {
        "direction": "incoming", "doc_type": "letter", "description": "Brev",
        "received_date": "2013-06-05", "new_party_kind": "organisation",
        "new_party_role": "sender", "files": [upload("stor.pdf", b"x" * 11)]})
    assert response.status_code == 200
    assert "Filen stor.pdf" in errors_of(response) and "gränsen" in errors_of(response)
    assert not Document.objects.exists()


def test_an_upload_far_over_the_limit_is_refused_before_it_is_read(client, rita, case,
                                                                    settings):
    settings.KANSLI_MAX_UPLOAD_BYTES = 1
    client.force_login(rita)
    response = client.post(f"/arenden/{case.pk}/ny-handling/", {
        "direction": "incoming", "doc_type": "letter", "description": "Brev",
        "received_date": "2013-06-05", "files": [upload("stor.pdf", b"x" * 2_000_000)]})
    assert response.status_code == 413
    assert "Inget registrerades" in response.content.decode()
    assert not Document.objects.exists()


def test_the_file_name_is_never_used_as_a_path(client, rita, case, file_store):
    client.force_login(rita)
    response = client.post(f"/arenden/{case.pk}/ny-handling/", {
        "direction": "incoming", "doc_type": "letter", "description": "Brev",
        "received_date": "2013-06-05", "new_party_kind": "organisation",
        "new_party_role": "sender", "files": [upload("../../etc/passwd", b"root")]})
    assert response.status_code == 302, errors_of(response)
    stored = DocumentFile.objects.get()
    assert "/" not in stored.filename and ".." not in stored.filename.split(".")[0]
    assert blob_path(stored.blob.sha256).read_bytes() == b"root"
    assert str(blob_path(stored.blob.sha256)).startswith(str(file_store))


def test_a_failed_registration_leaves_nothing(client, rita, case, monkeypatch, file_store):
    """The action fails after the new party, the number and the file: all are undone."""
    from kansli.diary import search

    def broken(document):
        raise RuntimeError("index down")

    monkeypatch.setattr(search, "index_document", broken)
    client.raise_request_exception = False
    client.force_login(rita)
    events = Event.objects.count()
    response = client.post(f"/arenden/{case.pk}/ny-handling/", {
        "direction": "incoming", "doc_type": "letter", "description": "Brev",
        "received_date": "2013-06-05", "new_party_name": "Ny avsändare",
        "new_party_kind": "person", "new_party_role": "sender",
        "files": [upload("brev.pdf", b"unique content 123")]})
    assert response.status_code == 500
    assert not Document.objects.exists()
    assert not Party.objects.filter(name="Ny avsändare").exists()
    assert not Blob.objects.exists()
    assert not [p for p in file_store.rglob("*") if p.is_file()]  # no orphan file
    assert Event.objects.count() == events
    case.refresh_from_db()
    assert case.last_document_number == 0


def test_a_refused_registration_leaves_no_new_party(client, rita, case):
    """The new party is created only with the document: a refusal undoes both."""
    actions.do_cancel_case  # noqa: B018 - the case is live; the document is refused below
    client.force_login(rita)
    response = client.post(f"/arenden/{case.pk}/ny-handling/", {
        "direction": "incoming", "doc_type": "letter", "description": "   ",
        "received_date": "2013-06-05", "new_party_name": "Ny avsändare",
        "new_party_kind": "person", "new_party_role": "sender"})
    assert response.status_code == 200
    assert not Party.objects.filter(name="Ny avsändare").exists()


def test_registering_in_a_cancelled_case_is_refused_with_a_message(client, rita, ks, klass):
    case = open_case(rita, ks, klass)
    actions.do_cancel_case(case, acting_user=rita, reason="Fel")
    client.force_login(rita)
    response = client.post(f"/arenden/{case.pk}/ny-handling/", {
        "direction": "incoming", "doc_type": "letter", "description": "Brev",
        "received_date": "2013-06-05", "new_party_name": "Ny avsändare",
        "new_party_kind": "person", "new_party_role": "sender"})
    assert response.status_code == 200
    assert "makulerad" in " ".join(response.context["form"].non_field_errors())
    assert not Party.objects.filter(name="Ny avsändare").exists()


@pytest.mark.parametrize("data", [
    {}, {"direction": "sideways", "doc_type": "letter", "description": "x",
         "received_date": "2013-06-05"},
    {"direction": "incoming", "doc_type": "letter", "description": "x",
     "received_date": "2013-02-30"},
    {"direction": "incoming", "doc_type": "letter", "description": "x",
     "received_date": "0001-01-01"},
    {"direction": "incoming", "doc_type": "letter", "description": "x",
     "received_date": "2013-06-05", "senders": ["abc"]},
    {"direction": "incoming", "doc_type": "letter", "description": "x",
     "received_date": "2013-06-05", "recipients": ["1"]},
    {"direction": "incoming", "doc_type": "letter", "description": "x",
     "received_date": "2013-06-05", "senders": ["99999999999999999999999"]},
    {"direction": "incoming", "doc_type": "letter", "description": "x",
     "received_date": "2013-06-05", "new_party_email": "not-an-address"},
])
def test_bad_input_to_the_document_form_never_gives_a_500(client, rita, case, ksl, data):
    client.force_login(rita)
    response = client.post(f"/arenden/{case.pk}/ny-handling/", data)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Document.objects.exists()


def test_adding_files_to_a_document(client, rita, case):
    document = register(case, rita)
    client.force_login(rita)
    response = client.post(f"/handlingar/{document.pk}/nya-filer/",
                           {"files": [upload("skanning.pdf", b"scan")]})
    assert response.status_code == 302
    assert [f.filename for f in document.files.all()] == ["skanning.pdf"]
    response = client.post(f"/handlingar/{document.pk}/nya-filer/", {})
    assert response.status_code == 200
    assert "Välj minst en fil." in errors_of(response)


# Permissions ------------------------------------------------------------------------------


def test_a_case_officer_registers_in_their_own_case_only(client, rita, olle, karin, case):
    data = {"direction": "drawn_up", "doc_type": "memo", "description": "Anteckning",
            "received_date": "2013-10-24", "new_party_kind": "person",
            "new_party_role": "sender"}
    client.force_login(olle)
    assert client.post(f"/arenden/{case.pk}/ny-handling/", data).status_code == 302
    client.force_login(karin)
    assert client.get(f"/arenden/{case.pk}/ny-handling/").status_code == 403
    assert client.post(f"/arenden/{case.pk}/ny-handling/", data).status_code == 403
    assert client.post(f"/arenden/{case.pk}/avsluta/").status_code == 403
    assert Document.objects.count() == 1


def test_a_case_officer_sees_no_change_buttons_on_another_case(client, karin, case):
    client.force_login(karin)
    html = client.get(f"/arenden/{case.pk}/").content.decode()
    assert f"/arenden/{case.pk}/ny-handling/" not in html


# Corrections, cancellations, secrecy, status ---------------------------------------------------


def test_a_case_is_corrected_with_a_reason(client, rita, case):
    client.force_login(rita)
    response = client.post(f"/arenden/{case.pk}/rattelse/",
                           {"title": "Ny rubrik", "public_title": "", "reason": ""})
    assert "Detta fält måste fyllas i." in errors_of(response)
    response = client.post(f"/arenden/{case.pk}/rattelse/",
                           {"title": case.title, "public_title": "", "reason": "Ingen"})
    assert "Rättelsen ändrar ingenting." in " ".join(response.context["form"].non_field_errors())
    response = client.post(f"/arenden/{case.pk}/rattelse/",
                           {"title": "Ny rubrik", "public_title": "", "reason": "Stavfel"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.title == "Ny rubrik"
    assert Event.objects.filter(action="correct", case=case).get().data["reason"] == "Stavfel"


def test_a_document_is_corrected_with_a_reason(client, rita, case, ksl):
    document = register(case, rita, senders=[ksl])
    client.force_login(rita)
    form = client.get(f"/handlingar/{document.pk}/rattelse/").context["form"]
    assert form.initial["description"] == "Rekommendation"
    response = client.post(f"/handlingar/{document.pk}/rattelse/", {
        "direction": "incoming", "doc_type": "recommendation",
        "description": "Rekommendation om samverkan", "received_date": "2013-06-06",
        "senders": [ksl.pk], "reason": "Fel datum"})
    assert response.status_code == 302, errors_of(response)
    document.refresh_from_db()
    assert document.received_date == datetime.date(2013, 6, 6)
    assert document.description == "Rekommendation om samverkan"


def test_a_case_and_a_document_are_cancelled_with_a_reason(client, rita, case):
    document = register(case, rita)
    client.force_login(rita)
    response = client.post(f"/arenden/{case.pk}/makulera/", {"reason": "Fel"})
    assert "Makulera ärendets handlingar först." in " ".join(
        response.context["form"].non_field_errors())
    response = client.post(f"/handlingar/{document.pk}/makulera/", {"reason": ""})
    assert response.status_code == 200
    response = client.post(f"/handlingar/{document.pk}/makulera/", {"reason": "Dubblett"})
    assert response.status_code == 302
    response = client.post(f"/arenden/{case.pk}/makulera/", {"reason": "Dubblett"})
    assert response.status_code == 302
    case.refresh_from_db()
    document.refresh_from_db()
    assert case.is_cancelled and document.is_cancelled
    html = client.get(f"/arenden/{case.pk}/").content.decode()
    assert "Dubblett" in html


def test_a_case_title_is_marked_secret_and_lifted(client, rita, case):
    client.force_login(rita)
    response = client.post(f"/arenden/{case.pk}/sekretess/",
                           {"ground": "OSL 26 kap. 1 §", "public_title": ""})
    assert response.status_code == 200
    response = client.post(f"/arenden/{case.pk}/sekretess/",
                           {"ground": "OSL 26 kap. 1 §", "public_title": "Samverkan"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.secrecy_ground == "OSL 26 kap. 1 §" and case.public_title == "Samverkan"
    response = client.post(f"/arenden/{case.pk}/hav-sekretess/", {"reason": "Prövat"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert not case.is_secret


def test_a_document_is_marked_secret_and_lifted(client, rita, case):
    document = register(case, rita)
    client.force_login(rita)
    response = client.post(f"/handlingar/{document.pk}/sekretess/", {"ground": ""})
    assert response.status_code == 200
    response = client.post(f"/handlingar/{document.pk}/sekretess/",
                           {"ground": "OSL 26 kap. 1 §"})
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.is_secret
    response = client.post(f"/handlingar/{document.pk}/hav-sekretess/", {"reason": "Prövat"})
    assert response.status_code == 302
    response = client.post(f"/handlingar/{document.pk}/hav-sekretess/", {"reason": "Igen"})
    assert "Detta är inte sekretessmarkerat." in " ".join(
        response.context["form"].non_field_errors())


def test_the_status_is_changed_and_the_case_closed(client, rita, case):
    client.force_login(rita)
    assert client.post(f"/arenden/{case.pk}/status/",
                       {"status": "in_progress"}).status_code == 302
    response = client.post(f"/arenden/{case.pk}/status/", {"status": "open"})
    assert "Ett skäl måste anges." in " ".join(response.context["form"].non_field_errors())
    response = client.post(f"/arenden/{case.pk}/status/", {"status": "closed"})
    assert response.context["form"].errors
    assert client.post(f"/arenden/{case.pk}/avsluta/").status_code == 302
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED
    response = client.post(f"/arenden/{case.pk}/avsluta/")
    assert "Ärendet är redan avslutat." in " ".join(response.context["form"].non_field_errors())


def test_a_case_is_assigned_classified_and_access_is_granted(client, rita, olle, karin, case,
                                                             klass):
    from kansli.diary.models import Classification

    other = Classification.objects.create(code="134", title="Annat")
    client.force_login(rita)
    assert client.post(f"/arenden/{case.pk}/tilldela/", {}).status_code == 200
    assert client.post(f"/arenden/{case.pk}/tilldela/",
                       {"officer": karin.pk}).status_code == 302
    case.refresh_from_db()
    assert case.officer == karin
    response = client.post(f"/arenden/{case.pk}/klassificera/", {"classification": other.pk})
    assert "Ett skäl måste anges." in " ".join(response.context["form"].non_field_errors())
    assert client.post(f"/arenden/{case.pk}/klassificera/",
                       {"classification": other.pk, "reason": "Fel kod"}).status_code == 302
    assert client.post(f"/arenden/{case.pk}/behorighet/", {"user": olle.pk}).status_code == 302
    response = client.post(f"/arenden/{case.pk}/behorighet/", {"user": olle.pk})
    assert "redan" in " ".join(response.context["form"].non_field_errors())


@pytest.mark.parametrize("url", ["rattelse", "makulera", "sekretess", "hav-sekretess",
                                 "status", "tilldela", "klassificera", "behorighet"])
def test_every_case_form_renders_and_survives_an_empty_post(client, rita, case, url):
    client.force_login(rita)
    assert client.get(f"/arenden/{case.pk}/{url}/").status_code == 200
    assert client.post(f"/arenden/{case.pk}/{url}/", {}).status_code == 200


@pytest.mark.parametrize("url", ["rattelse", "makulera", "sekretess", "hav-sekretess",
                                 "nya-filer"])
def test_every_document_form_renders_and_survives_an_empty_post(client, rita, case, url):
    document = register(case, rita)
    client.force_login(rita)
    assert client.get(f"/handlingar/{document.pk}/{url}/").status_code == 200
    assert client.post(f"/handlingar/{document.pk}/{url}/", {}).status_code == 200


def test_forms_need_the_csrf_token(rita, case):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(rita)
    response = client.post(f"/arenden/{case.pk}/avsluta/")
    assert response.status_code == 403
    html = client.get(f"/arenden/{case.pk}/avsluta/").content.decode()
    assert "csrfmiddlewaretoken" in html


def test_a_correction_by_a_case_officer_keeps_a_secret_party(client, rita, olle, case):
    protected = actions.do_create_party(acting_user=rita, kind="person", name="Skyddad",
                                        secrecy_ground="OSL 21 kap. 3 §")
    document = register(case, rita, senders=[protected])
    client.force_login(olle)
    form = client.get(f"/handlingar/{document.pk}/rattelse/").context["form"]
    assert protected in form.fields["senders"].queryset
    response = client.post(f"/handlingar/{document.pk}/rattelse/", {
        "direction": "incoming", "doc_type": "recommendation", "description": "Ny text",
        "received_date": "2013-06-05", "senders": [protected.pk], "reason": "Stavfel"})
    assert response.status_code == 302, errors_of(response)
    assert list(document.parties.all()) == [protected]


def test_a_case_officer_is_not_offered_secret_parties_for_a_new_document(client, rita, olle,
                                                                         case):
    actions.do_create_party(acting_user=rita, kind="person", name="Skyddad",
                            secrecy_ground="OSL 21 kap. 3 §")
    client.force_login(olle)
    form = client.get(f"/arenden/{case.pk}/ny-handling/").context["form"]
    assert not form.fields["senders"].queryset.filter(name="Skyddad").exists()
