"""The review queue of imported documents (docs/ingest.md): who may see it, the queue,
uploading, correcting a held file and registering it, dismissing, bad input."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kansli.diary.models import Case, Document
from kansli.ingest import actions, forms
from kansli.ingest.models import Source
from kansli.meetings.models import OfficersReport

SEED = Path(__file__).resolve().parents[2].parent / "shared" / "seeds" / \
    "000_37610ead6cee29d8.txt"

TITLE = "Överenskommelse om samverkan mellan kommuner i Stockholms län gällande nyanlända"
SEED_REPORT = {
    "kind": "report", "organisation": "Ekerö kommun", "body": "", "diary_number":
    "KS13/250-133", "date": None, "officer": "", "officer_email": "", "title": TITLE,
    "proposal": "Kommunstyrelsen föreslår Kommunfullmäktige besluta att anta överenskommelse "
                "om samverkan mellan kommuner i Stockholms län gällande nyanlända",
    "summary": "Sedan 2009 finns en överenskommelse mellan länets kommuner.\n\n"
               "Ekerö kommuns ställningstagande skulle ursprungligen kommit KSL tillhanda.",
    "sections": [],
    "basis": [
        {"title": "Tjänsteutlåtande kommunkansliet", "date": "2013-11-05", "body": "",
         "paragraph": None},
        {"title": "Tjänsteanteckning kommunkansliet", "date": "2013-10-24", "body": "",
         "paragraph": None},
        {"title": "Protokollsutdrag Socialnämnden", "date": "2013-09-25",
         "body": "Socialnämnden", "paragraph": 130},
        {"title": "Tjänsteutlåtande socialkontoret", "date": "2013-08-29", "body": "",
         "paragraph": None},
        {"title": "Rekommendation – " + TITLE, "date": "2013-06-05", "body": "",
         "paragraph": None},
        {"title": "Överenskommelse om samverkan mellan kommuner i Stockholms län gällande "
                  "nyanlända, justerat förslag", "date": "2013-05-06", "body": "",
         "paragraph": None},
    ],
    "recipients": [{"name": "Kommunförbundet Stockholms län", "email": "registrator@ksl.se"},
                   {"name": "Socialkontoret", "email": ""}],
    "signatories": [{"name": "Ann-Cathrine Bergström", "title": "Kanslichef"},
                    {"name": "Andreas Halvarsson", "title": "Nämndsekreterare"}],
    "problems": ["The body the report is addressed to could not be read."],
}


def hold(user, *, data=None, filename="tjansteutlatande.txt", content=None, problems=None,
         text="Kommunstyrelsen\nÖverenskommelse om samverkan\nDnr KS13/250-133\n"):
    data = dict(SEED_REPORT if data is None else data)
    content = content if content is not None else (text + filename).encode()
    return actions.do_hold_for_review(content, filename, data,
                                      problems if problems is not None else data["problems"],
                                      acting_user=user, text=text)


def post_data(data: dict, kind: str = "report", **changes) -> dict:
    """What the review form posts for ``data``: each field as the form shows it."""
    form = forms.ReviewForm(kind, initial=forms.ReviewForm.initial_from(data, kind))
    posted = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, "")
        value = field.prepare_value(value) if value is not None else ""
        posted[name] = "" if value is None else str(value)
    posted.update(changes)
    return posted


@pytest.fixture
def held(rita, org, ks, klass):
    return hold(rita)


# Who may see it --------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/import/", "/import/{pk}/", "/import/{pk}/fil/"])
def test_only_registrars_and_administrators_see_the_queue(client, held, rita, ada, olle, path):
    path = path.format(pk=held.pk)
    response = client.get(path)
    assert response.status_code == 302 and "/logga-in/" in response["Location"]
    client.force_login(olle)
    assert client.get(path).status_code == 403
    client.force_login(rita)
    assert client.get(path).status_code == 200
    client.force_login(ada)
    assert client.get(path).status_code == 200


@pytest.mark.parametrize("path", ["/import/{pk}/", "/import/{pk}/avvisa/",
                                  "/import/ladda-upp/"])
def test_a_case_officer_changes_nothing_by_posting(client, held, olle, path):
    client.force_login(olle)
    response = client.post(path.format(pk=held.pk), {"reason": "Skräp", "kind": "report"})
    assert response.status_code == 403
    held.refresh_from_db()
    assert held.status == "review"


def test_changes_need_post_and_csrf(client, held, rita):
    client.force_login(rita)
    assert client.get(f"/import/{held.pk}/avvisa/").status_code == 405
    csrf_client = type(client)(enforce_csrf_checks=True)
    csrf_client.force_login(rita)
    assert csrf_client.post(f"/import/{held.pk}/avvisa/",
                            {"reason": "Dubblett"}).status_code == 403
    held.refresh_from_db()
    assert held.status == "review"


# The queue -----------------------------------------------------------------------------


def test_the_queue_lists_the_files_waiting_by_default_with_their_first_problem(
        client, rita, org, ks, klass):
    waiting = hold(rita, filename="vantar.txt")
    dismissed = hold(rita, filename="avvisad.txt")
    actions.do_dismiss(dismissed, acting_user=rita, reason="Dubblett")
    client.force_login(rita)
    page = client.get("/import/").content.decode()
    assert "vantar.txt" in page and "avvisad.txt" not in page
    assert f'href="/import/{waiting.pk}/"' in page
    assert waiting.problems[0] in page
    assert "tjänsteutlåtande" in page  # the kind, in Swedish
    assert "Rita" in page  # who imported it
    assert "<caption>" in page and 'scope="col"' in page
    page = client.get("/import/", {"status": "dismissed"}).content.decode()
    assert "avvisad.txt" in page and "vantar.txt" not in page
    page = client.get("/import/", {"status": ""}).content.decode()
    assert "avvisad.txt" in page and "vantar.txt" in page
    page = client.get("/import/", {"status": "", "kind": "minutes"}).content.decode()
    assert "avvisad.txt" not in page and "vantar.txt" not in page
    for nonsense in ({"status": "nonsense"}, {"kind": "<script>"}, {"offset": "-4"},
                     {"offset": "x"}, {"offset": "99999999999999999999"}):
        assert client.get("/import/", nonsense).status_code == 200


def test_the_queue_pages_newest_first(client, rita, org, ks, klass):
    for n in range(27):
        hold(rita, filename=f"fil-{n:02}.txt")
    client.force_login(rita)
    page = client.get("/import/").content.decode()
    assert page.index("fil-26.txt") < page.index("fil-25.txt")
    assert "fil-01.txt" not in page and "?offset=25" in page
    page = client.get("/import/", {"offset": 25}).content.decode()
    assert "fil-01.txt" in page and "fil-00.txt" in page and "fil-26.txt" not in page


def test_the_queue_takes_the_same_number_of_queries_however_long(
        client, rita, org, ks, klass, django_assert_max_num_queries):
    client.force_login(rita)
    hold(rita, filename="en.txt")
    with django_assert_max_num_queries(20) as few:
        assert client.get("/import/", {"status": ""}).status_code == 200
    for n in range(12):
        source = hold(rita, filename=f"fler-{n}.txt")
        if n % 3 == 0:
            actions.do_dismiss(source, acting_user=rita, reason="Dubblett")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get("/import/", {"status": ""}).status_code == 200


# Uploading -----------------------------------------------------------------------------


def upload(client, *files):
    return client.post("/import/ladda-upp/", {"files": list(files)})


def test_an_empty_file_is_reported_with_its_reason_and_nothing_is_stored(client, rita, org):
    client.force_login(rita)
    response = upload(client, SimpleUploadedFile("tom.txt", b""))
    page = response.content.decode()
    assert response.status_code == 200
    assert "tom.txt" in page and "Misslyckades" in page and "Filen är tom." in page
    assert not Source.objects.exists()


def test_a_file_over_the_limit_is_refused(client, rita, org, settings):
    settings.KANSLI_IMPORT_MAX_BYTES = 10
    client.force_login(rita)
    page = upload(client, SimpleUploadedFile("stor.txt", b"x" * 11)).content.decode()
    assert "stor.txt" in page and "Misslyckades" in page and "för stor" in page
    assert not Source.objects.exists()


def test_uploading_nothing_says_so(client, rita, org):
    client.force_login(rita)
    response = client.post("/import/ladda-upp/", {})
    assert response.status_code == 400
    assert "Välj minst en fil" in response.content.decode()
    assert client.get("/import/ladda-upp/").status_code == 302


def test_a_diary_export_is_left_to_the_command(client, rita, org):
    client.force_login(rita)
    page = upload(client, SimpleUploadedFile("diarium.csv", b"Dnr;Datum\nKS13/1;2013-01-01"))\
        .content.decode()
    assert "diarium.csv" in page and "kansli import" in page
    assert not Source.objects.exists()


def test_a_fault_in_one_file_stops_neither_the_page_nor_the_others(client, rita, org,
                                                                   monkeypatch):
    real = actions.import_document_file

    def faulty(path, **kwargs):
        if path.name == "trasig.txt":
            raise RuntimeError("a parser fault")
        return real(path, **kwargs)

    monkeypatch.setattr(actions, "import_document_file", faulty)
    client.force_login(rita)
    response = upload(client, SimpleUploadedFile("trasig.txt", b"text"),
                      SimpleUploadedFile("tom.txt", b""))
    page = response.content.decode()
    assert response.status_code == 200
    assert "ett fel i Kansli" in page and "Filen är tom." in page
    assert not Source.objects.exists()


def test_a_long_or_odd_file_name_is_kept_safely(client, rita, org):
    client.force_login(rita)
    name = "ö" * 300 + ".txt"
    page = upload(client, SimpleUploadedFile(name, b"")).content.decode()
    assert "Filen är tom." in page
    from kansli.ingest.views import _shown_name

    class Named:
        def __init__(self, name):
            self.name = name
    assert _shown_name(Named(name)).endswith(".txt")
    assert len(_shown_name(Named(name)).encode()) <= 200
    assert _shown_name(Named("../../etc/passwd")) == "passwd"
    assert _shown_name(Named("..")) == "fil"
    assert _shown_name(Named("a\x00b\nc.pdf")) == "abc.pdf"


def test_a_binary_file_is_reported_with_its_reason(client, rita, org):
    client.force_login(rita)
    page = upload(client, SimpleUploadedFile("bild.bin", bytes(range(256)) * 40)).content \
        .decode()
    assert "bild.bin" in page and "Misslyckades" in page
    assert not Source.objects.exists()


def test_uploading_the_seed_registers_the_report(client, rita, org, ks, klass, ksl):
    client.force_login(rita)
    empty = SimpleUploadedFile("tom.txt", b"")
    seed = SimpleUploadedFile(SEED.name, SEED.read_bytes())
    page = upload(client, seed, empty).content.decode()
    document = Document.objects.get(doc_type=Document.Type.OFFICERS_REPORT)
    assert document.case.diary_number == "KS13/250-133"
    assert f'href="/handlingar/{document.pk}/"' in page
    assert "Importerad" in page and "Filen är tom." in page
    report = OfficersReport.objects.get(document=document)
    assert report.title == TITLE and report.body.name == "Kommunstyrelsen"
    assert report.basis.count() == 6 and report.signatories.count() == 2
    # The same file again: already present, nothing new.
    seed = SimpleUploadedFile(SEED.name, SEED.read_bytes())
    page = upload(client, seed).content.decode()
    assert "Fanns redan" in page
    assert Document.objects.filter(doc_type=Document.Type.OFFICERS_REPORT).count() == 1


# Reviewing -------------------------------------------------------------------------------


def test_the_review_page_shows_the_text_beside_the_fields_and_the_problems(client, held,
                                                                           rita):
    client.force_login(rita)
    page = client.get(f"/import/{held.pk}/").content.decode()
    assert held.problems[0] in page
    assert 'class="source-text"' in page and "Dnr KS13/250-133" in page
    assert 'name="title"' in page and TITLE in page
    assert "Tjänsteutlåtande kommunkansliet | 2013-11-05" in page
    assert "Protokollsutdrag Socialnämnden | 2013-09-25 | Socialnämnden | 130" in page
    assert "Kommunförbundet Stockholms län | registrator@ksl.se" in page
    assert "Ann-Cathrine Bergström | Kanslichef" in page
    assert '<option value="Kommunstyrelsen">' in page  # the organisation's bodies
    assert f'href="/import/{held.pk}/fil/"' in page


def test_the_stored_file_downloads_as_it_was_imported(client, rita, org):
    source = hold(rita, content=b"Tjanstes\xe4krivelse", filename="t.txt")
    client.force_login(rita)
    response = client.get(f"/import/{source.pk}/fil/")
    assert b"".join(response) == b"Tjanstes\xe4krivelse"
    assert "attachment" in response["Content-Disposition"]
    assert "sandbox" in response["Content-Security-Policy"]


def test_an_altered_stored_file_is_not_handed_out(client, rita, org):
    from kansli.diary.files import blob_path

    source = hold(rita, content=b"Tjanstes\xe4krivelse", filename="t.txt")
    blob_path(source.sha256).write_bytes(b"altered")
    client.force_login(rita)
    response = client.get(f"/import/{source.pk}/fil/")
    assert response.status_code == 409
    page = response.content.decode()
    assert "t.txt" in page and f'href="/import/{source.pk}/"' in page
    assert "altered" not in page


def test_correcting_the_missing_body_registers_the_report(client, held, rita, ksl):
    client.force_login(rita)
    missing = client.post(f"/import/{held.pk}/", post_data(SEED_REPORT))
    assert missing.status_code == 400
    assert "Detta fält måste fyllas i." in missing.content.decode()
    assert not Document.objects.exists()

    response = client.post(f"/import/{held.pk}/", post_data(SEED_REPORT,
                                                            body="Kommunstyrelsen"))
    document = Document.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/handlingar/{document.pk}/"
    assert document.case.diary_number == "KS13/250-133"
    assert document.doc_type == Document.Type.OFFICERS_REPORT
    assert document.files.get().filename == "tjansteutlatande.txt"
    report = OfficersReport.objects.get(document=document)
    assert report.body.name == "Kommunstyrelsen" and report.title == TITLE
    assert report.proposal == SEED_REPORT["proposal"]
    assert report.summary == SEED_REPORT["summary"]
    labels = [entry.label for entry in report.basis.all()]
    assert labels[0] == "Tjänsteutlåtande kommunkansliet"
    assert labels[2] == "Protokollsutdrag Socialnämnden 2013-09-25 § 130"
    assert len(labels) == 6
    assert [r.text for r in report.recipients.all()] == [
        "Kommunförbundet Stockholms län (registrator@ksl.se)", "Socialkontoret"]
    assert [(s.name, s.title) for s in report.signatories.all()] == [
        ("Ann-Cathrine Bergström", "Kanslichef"), ("Andreas Halvarsson", "Nämndsekreterare")]
    held.refresh_from_db()
    assert held.status == "imported" and held.document == document
    assert held.data["body"] == "Kommunstyrelsen" and held.data["problems"] == []

    # The registered file's page: its fields read-only, the document, who imported it.
    page = client.get(f"/import/{held.pk}/").content.decode()
    assert f'href="/handlingar/{document.pk}/"' in page and document.reference in page
    assert "Kommunstyrelsen" in page and "Rita" in page
    assert 'name="title"' not in page
    # Registering again is refused, and changes nothing.
    again = client.post(f"/import/{held.pk}/", post_data(SEED_REPORT, body="Kommunstyrelsen"))
    assert again.status_code == 302 and Document.objects.count() == 1


def test_bad_lines_are_shown_on_their_field_and_nothing_is_registered(client, held, rita):
    client.force_login(rita)
    bad = post_data(SEED_REPORT, body="Kommunstyrelsen",
                    basis="Tjänsteutlåtande | 2013-13-45\n | 2013-01-01",
                    recipients="KSL | inte-en-adress",
                    date="igår")
    response = client.post(f"/import/{held.pk}/", bad)
    page = response.content.decode()
    assert response.status_code == 400
    assert "Rad 1: ”2013-13-45” är inte ett datum (ÅÅÅÅ-MM-DD)." in page
    assert "Rad 2: rubriken saknas." in page
    assert "Rad 1: ”inte-en-adress” är inte en e-postadress." in page
    assert "Ange ett datum som ÅÅÅÅ-MM-DD." in page
    assert not Document.objects.exists() and not Case.objects.exists()
    held.refresh_from_db()
    assert held.status == "review"


def test_an_action_error_shows_on_the_form_and_nothing_is_half_written(client, held, rita):
    client.force_login(rita)
    # A diary number of a series the organisation does not have.
    response = client.post(f"/import/{held.pk}/", post_data(
        SEED_REPORT, body="Kommunstyrelsen", diary_number="XY13/1-133"))
    assert response.status_code == 400
    assert "XY" in response.content.decode()
    assert not Document.objects.exists() and not Case.objects.exists()


def test_the_reviewer_sets_the_kind_of_an_unrecognised_file(client, rita, org, ks, klass):
    source = hold(rita, data={"kind": "unknown", "problems": ["Inte igenkänd."]},
                  filename="okand.txt")
    client.force_login(rita)
    page = client.get(f"/import/{source.pk}/").content.decode()
    assert 'name="kind"' in page and 'name="title"' not in page
    page = client.get(f"/import/{source.pk}/", {"kind": "report"}).content.decode()
    assert 'name="title"' in page and 'name="basis"' in page
    page = client.get(f"/import/{source.pk}/", {"kind": "minutes"}).content.decode()
    assert 'name="paragraphs"' in page and 'name="title"' not in page
    assert client.get(f"/import/{source.pk}/", {"kind": "nonsense"}).status_code == 200
    data = {**SEED_REPORT, "body": "Kommunstyrelsen"}
    response = client.post(f"/import/{source.pk}/", post_data(data))
    assert response.status_code == 302
    source.refresh_from_db()
    assert source.kind == "report" and source.status == "imported"


def test_minutes_paragraphs_are_read_from_their_blocks(db):
    form = forms.ReviewForm("minutes", {
        "kind": "minutes", "body": "", "meeting_date": "2013-09-25",
        "paragraphs": "§ 130 | SN13/45-133 | Överenskommelse\nSocialnämnden beslutar\n\natt anta"
                      "\n\n§ 131 | SN13/46 | | hemlig\n§ x | | Fel"})
    assert not form.is_valid()
    assert form.errors["paragraphs"] == ["Rad 7: ”x” är inte ett paragrafnummer."]
    paragraphs = forms.parse_paragraphs(
        "§ 130 | SN13/45-133 | Överenskommelse\nSocialnämnden beslutar\n\natt anta\n\n"
        "§ 131 | SN13/46 | | hemlig")
    assert paragraphs == [
        {"number": 130, "diary_number": "SN13/45-133", "heading": "Överenskommelse",
         "decision": "Socialnämnden beslutar\n\natt anta", "secret": False},
        {"number": 131, "diary_number": "SN13/46", "heading": "", "decision": "",
         "secret": True}]
    assert forms.parse_paragraphs(forms.render_paragraphs(paragraphs)) == paragraphs
    sections = [{"heading": "Bakgrund", "text": "Ett.\n\nTvå."}]
    assert forms.parse_sections(forms.render_sections(sections)) == sections
    assert forms.parse_basis(forms.render_basis(SEED_REPORT["basis"])) == SEED_REPORT["basis"]


MINUTES = {
    "kind": "minutes", "organisation": "Ekerö kommun", "body": "Kommunstyrelsens AU",
    "meeting_date": "2013-11-18", "place": "Ekerö kommunhus", "time": "13.00",
    "deciding": ["Peter Carpelan"], "others": [], "approvers": ["Ove Wallin"],
    "approval_place_time": "", "approved_on": "2013-11-20", "paragraph_range": [180, 181],
    "paragraphs": [{"number": 180, "diary_number": "KS13/250-133", "heading": TITLE,
                    "decision": "Kommunstyrelsen beslutar\n\natt anta överenskommelsen",
                    "secret": False},
                   {"number": 181, "diary_number": "", "heading": "", "decision": "",
                    "secret": True}],
    "posted_on": None, "taken_down_on": None, "appeal_last_day": None, "kept_at": "",
    "chair": "Peter Carpelan", "secretary": "Andreas Halvarsson",
    "problems": ["The body “Kommunstyrelsens AU” is not one of the organisation's bodies."],
}


def test_correcting_minutes_registers_them_in_the_meetings_case(client, rita, org, ks,
                                                                 klass, settings):
    settings.KANSLI_DOCUMENT_MEETINGS_CLASSIFICATION = "9.9.9"
    source = hold(rita, data=MINUTES, filename="protokoll.txt")
    client.force_login(rita)
    page = client.get(f"/import/{source.pk}/").content.decode()
    assert "§ 180 | KS13/250-133 | " + TITLE in page
    assert "§ 181 |  |  | hemlig" in page
    assert "Peter Carpelan" in page
    assert "Läst ur filen: ”Kommunstyrelsens AU”" in page
    posted = post_data(MINUTES, "minutes", body="Kommunstyrelsen",
                       paragraphs="§ 180 | KS13/250-133 | Överenskommelse\natt anta\n\n"
                                  "§ 181 | | | hemlig\n§ 182 | KS13/9 | Information")
    # The meetings case cannot be opened: the action's reason shows, nothing is written.
    response = client.post(f"/import/{source.pk}/", posted)
    assert response.status_code == 400
    assert "KANSLI_DOCUMENT_MEETINGS_CLASSIFICATION" in response.content.decode()
    assert not Case.objects.exists() and not Document.objects.exists()
    settings.KANSLI_DOCUMENT_MEETINGS_CLASSIFICATION = "133"
    response = client.post(f"/import/{source.pk}/", posted)
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.doc_type == Document.Type.MINUTES
    assert document.document_date.isoformat() == "2013-11-18"
    source.refresh_from_db()
    assert source.status == "imported" and source.data["paragraph_range"] == [180, 182]
    assert source.data["paragraphs"][1] == {"number": 181, "diary_number": "", "heading": "",
                                            "decision": "", "secret": True}
    assert source.data["deciding"] == ["Peter Carpelan"]
    assert source.data["approved_on"] == "2013-11-20"
    page = client.get(f"/import/{source.pk}/").content.decode()
    assert "Peter Carpelan" in page and document.reference in page


def test_an_extract_holds_one_paragraph(client, rita, org, ks, klass):
    data = {"kind": "extract", "body": "Socialnämnden", "meeting_date": "2013-09-25",
            "paragraphs": [], "problems": ["Ingen paragraf kunde läsas."]}
    source = hold(rita, data=data, filename="utdrag.txt")
    client.force_login(rita)
    response = client.post(f"/import/{source.pk}/", post_data(data, "extract", paragraphs=""))
    assert response.status_code == 400
    assert "Ett protokollsutdrag innehåller exakt en paragraf." in response.content.decode()
    response = client.post(f"/import/{source.pk}/", post_data(
        data, "extract", paragraphs="§ 130 | KS13/250-133 | Överenskommelse\natt tillstyrka"))
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.doc_type == Document.Type.EXTRACT
    assert document.case.diary_number == "KS13/250-133"
    assert document.description == "Protokollsutdrag Socialnämnden 2013-09-25 § 130"


# Dismissing -----------------------------------------------------------------------------


def test_dismissing_needs_a_reason(client, held, rita):
    client.force_login(rita)
    response = client.post(f"/import/{held.pk}/avvisa/", {"reason": "   "})
    assert response.status_code == 400
    assert "Detta fält måste fyllas i." in response.content.decode()
    held.refresh_from_db()
    assert held.status == "review"
    response = client.post(f"/import/{held.pk}/avvisa/", {"reason": "Dubblett av KS13/250"})
    assert response.status_code == 302 and response["Location"] == "/import/"
    held.refresh_from_db()
    assert held.status == "dismissed" and held.dismiss_reason == "Dubblett av KS13/250"
    page = client.get(f"/import/{held.pk}/").content.decode()
    assert "Dubblett av KS13/250" in page and 'name="reason"' not in page
    # Dismissing again changes nothing.
    assert client.post(f"/import/{held.pk}/avvisa/", {"reason": "Igen"}).status_code == 302
    held.refresh_from_db()
    assert held.dismiss_reason == "Dubblett av KS13/250"


# Bad input -----------------------------------------------------------------------------


def test_bad_input_never_gives_a_server_error(client, held, rita):
    client.force_login(rita)
    assert client.get("/import/999999/").status_code == 404
    assert client.post("/import/999999/avvisa/", {"reason": "x"}).status_code == 404
    assert client.get("/import/999999/fil/").status_code == 404
    assert client.get("/import/99999999999999999999999/").status_code == 404
    for posted in ({}, {"kind": "report"}, {"kind": "nonsense"}, {"kind": "minutes"},
                   {"kind": "report", "title": "x" * 600, "proposal": "y" * 300_000},
                   {"kind": "report", "body": "Ingen nämnd", "date": "2013-02-30"},
                   {"kind": "report", "sections": "text utan rubrik\n# \n#" + "x" * 300},
                   {"kind": "report", "basis": "|||||", "recipients": "|",
                    "signatories": "a|b|c"},
                   {"kind": "report", "basis": "a | 2013-01-01 | KS | 0 "},
                   {"kind": "extract", "paragraphs": "§ 1\n§ 2", "body": "KS",
                    "meeting_date": "2013-01-01"},
                   {"kind": "notice", "items": "a | | b"}):
        response = client.post(f"/import/{held.pk}/", posted)
        assert response.status_code in (200, 302, 400), posted
    held.refresh_from_db()
    assert held.status == "review" and not Document.objects.exists()
    assert client.post(f"/import/{held.pk}/avvisa/", {"reason": "x" * 3000}).status_code == 400


def test_an_extract_printing_a_secret_paragraph_is_registered_secret_with_its_ground(
        client, rita, org, ks, klass):
    """The file prints § 131's text; marking it secret in the form takes the text out of
    the fields, not out of the file: the ground is asked for, and the document is secret."""
    data = {"kind": "extract", "body": "Socialnämnden", "meeting_date": "2013-09-25",
            "paragraphs": [{"number": 131, "diary_number": "KS13/250-133",
                            "heading": "Placering enligt LVU", "decision": "att placera",
                            "secret": True}],
            "problems": ["§ 131 är hemlig."]}
    source = hold(rita, data=data, filename="utdrag.txt")
    client.force_login(rita)
    assert "Sekretessgrund" in client.get(f"/import/{source.pk}/").content.decode()
    posted = post_data(data, "extract", paragraphs="§ 131 | KS13/250-133 | | hemlig")
    response = client.post(f"/import/{source.pk}/", posted)
    assert response.status_code == 400
    assert "sekretessgrunden" in response.content.decode()
    assert not Document.objects.exists()
    response = client.post(f"/import/{source.pk}/", {**posted,
                                                     "secrecy_ground": "OSL 26 kap. 1 §"})
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.is_secret and document.secrecy_ground == "OSL 26 kap. 1 §"
    # The case it brought in takes its title from the secret paragraph: secret too.
    assert document.case.is_secret and document.case.public_title == "Ärende KS13/250-133"
