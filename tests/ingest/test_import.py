"""`kansli import` end to end: files read, parsed and registered, recognised when seen
again, held for review when incomplete, refused with a reason when unreadable — and the
seed, registered field by field (docs/ingest.md)."""

import datetime
import io
import json
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from pypdf import PdfWriter

from kansli.diary import actions as diary_actions
from kansli.diary import demo, journal
from kansli.diary.files import read_verified
from kansli.diary.models import Case, Document, Event
from kansli.ingest import actions
from kansli.ingest.models import Source
from kansli.meetings.models import Meeting, OfficersReport, Paragraph
from kansli.org.models import Body
from tests.conftest import at

SEED = Path(__file__).resolve().parents[3] / "shared" / "seeds" / "000_37610ead6cee29d8.txt"
TITLE = "Överenskommelse om samverkan mellan kommuner i Stockholms län gällande nyanlända"


@pytest.fixture
def ekero(db):
    """Ekerö's organisation as the demo sets it up (bodies, series, classification,
    units), with nothing registered."""
    setup = demo.ensure_organisation()
    users = demo.ensure_users()
    demo._parties.clear()
    return setup, users["registrator"]


@pytest.fixture
def registrar(ekero):
    return ekero[1]


@pytest.fixture
def folder(tmp_path):
    path = tmp_path / "in"
    path.mkdir()
    return path


def seed_copy(folder: Path, name="tjansteutlatande.txt") -> Path:
    target = folder / name
    shutil.copy(SEED, target)
    return target


def sn_paragraph_130(registrar):
    """Socialnämnden 2013-09-25 § 130 in the diary (as Kansli's own minutes would hold
    it)."""
    body = Body.objects.get(name="Socialnämnden")
    meeting = Meeting.objects.create(body=body, start=at(2013, 9, 25, 13),
                                     place="Ekerö kommunhus",
                                     minutes_kept_at="Kommunkansliet",
                                     status=Meeting.Status.POSTED,
                                     approved_on=datetime.date(2013, 9, 30))
    return Paragraph.objects.create(meeting=meeting, body=body, year=2013, number=130,
                                    heading=TITLE, approved_on=datetime.date(2013, 9, 30))


def import_(paths, registrar, **kwargs):
    return actions.import_paths([Path(p) for p in paths], acting_user=registrar, **kwargs)


def test_the_seed_is_registered_field_by_field(registrar, folder):
    paragraph = sn_paragraph_130(registrar)
    report = import_([seed_copy(folder)], registrar)
    assert report.counts() == {"imported": 1, "present": 0, "review": 0, "failed": 0}

    case = Case.objects.get(diary_number="KS13/250-133")
    assert case.imported and case.title == TITLE
    assert (case.series.code, case.year, case.serial, case.classification.code) == \
        ("KS", 2013, 250, "133")
    document = case.documents.get()
    assert document.doc_type == Document.Type.OFFICERS_REPORT
    assert document.direction == Document.Direction.DRAWN_UP
    # No date is printed on it: drawn up on (or after) its newest basis document.
    assert document.document_date is None
    assert document.received_date == datetime.date(2013, 11, 5)

    structure = OfficersReport.objects.get(document=document)
    assert structure.body.name == "Kommunstyrelsen"
    assert structure.title == TITLE
    assert structure.proposal == ("Kommunstyrelsen föreslår Kommunfullmäktige besluta att "
                                  "anta överenskommelse om samverkan mellan kommuner i "
                                  "Stockholms län gällande nyanlända")
    summary = structure.summary.split("\n\n")
    assert len(summary) == 4
    assert summary[0].startswith("Sedan 2009 finns en överenskommelse")
    assert "integrationen av nyanlända i länet." in summary[0]
    assert "vissa tidigare kommunala åtaganden flyttades över" in summary[1]
    assert "bl a modersmålsundervisning" in summary[2]
    assert summary[3] == ("Ekerö kommuns ställningstagande skulle ursprungligen kommit KSL "
                          "tillhanda senast den 15 november 2013, men anstånd har beviljats "
                          "till den 19 december 2013.")

    basis = list(structure.basis.select_related("paragraph__body", "paragraph__meeting"))
    assert [entry.text for entry in basis] == [
        "Tjänsteutlåtande kommunkansliet, 2013-11-05",
        "Tjänsteanteckning kommunkansliet, 2013-10-24",
        "Protokollsutdrag Socialnämnden 2013-09-25 § 130",
        "Tjänsteutlåtande socialkontoret, 2013-08-29",
        "Rekommendation – Överenskommelse om samverkan mellan kommuner i Stockholms län "
        "gällande nyanlända, 2013-06-05",
        "Överenskommelse om samverkan mellan kommuner i Stockholms län gällande nyanlända, "
        "justerat förslag 2013-05-06",
    ]
    assert basis[2].paragraph == paragraph
    assert [entry.date for entry in basis if not entry.paragraph_id] == [
        datetime.date(2013, 11, 5), datetime.date(2013, 10, 24), datetime.date(2013, 8, 29),
        datetime.date(2013, 6, 5), datetime.date(2013, 5, 6)]

    recipients = list(structure.recipients.select_related("party", "unit"))
    assert recipients[0].party.name == "Kommunförbundet Stockholms län"
    assert recipients[0].party.email == "registrator@ksl.se"
    assert recipients[1].unit.name == "Socialkontoret"
    assert [(s.name, s.title) for s in structure.signatories.all()] == [
        ("Ann-Cathrine Bergström", "Kanslichef"), ("Andreas Halvarsson", "Nämndsekreterare")]

    # The source file is the document's file, stored whole; the journal names it.
    file = document.files.get()
    assert read_verified(file.blob) == SEED.read_bytes()
    source = Source.objects.get()
    assert (source.document, source.status, source.sha256) == \
        (document, Source.Status.IMPORTED, file.blob.sha256)
    events = {e.action: e for e in Event.objects.filter(case=case)}
    assert events["import"].actor == registrar
    imported = Event.objects.get(action="import", object_type="document")
    assert imported.data["source"]["sha256"] == source.sha256
    assert imported.data["source"]["name"] == "tjansteutlatande.txt"
    assert Event.objects.get(action="import", object_type="case").data["source"]["sha256"] \
        == source.sha256
    assert journal.verify()[1] is None


def test_basis_lines_link_documents_already_in_the_case(registrar, folder):
    case = diary_actions.do_import_case(
        demo_series("KS"), acting_user=registrar, diary_number="KS13/250-133", year=2013,
        serial=250, title=TITLE, opened_at=at(2013, 6, 10))
    memo = diary_actions.do_register_document(
        case, acting_user=registrar, direction="incoming", doc_type="officers_report",
        description="Tjänsteutlåtande socialkontoret", document_date=datetime.date(2013, 8, 29),
        received_date=datetime.date(2013, 8, 30))
    import_([seed_copy(folder)], registrar)
    structure = OfficersReport.objects.get(document__case=case)
    linked = [entry for entry in structure.basis.all() if entry.document_id]
    assert [entry.document for entry in linked] == [memo]
    assert linked[0].text == "Tjänsteutlåtande socialkontoret, 2013-08-29"
    # Without SN § 130 in the diary, the line stays as written.
    assert structure.basis.get(order=3).text == "Protokollsutdrag Socialnämnden 2013-09-25 § 130"


def demo_series(code):
    from kansli.diary.models import Series

    return Series.objects.get(code=code)


def test_the_same_file_twice_registers_nothing_new(registrar, folder):
    seed = seed_copy(folder)
    import_([seed], registrar)
    counts = (Case.objects.count(), Document.objects.count(), Event.objects.count())
    again = import_([seed, seed_copy(folder, "kopia.txt")], registrar)
    assert again.counts()["present"] == 2
    assert again.outcomes[0].document == "KS13/250-133:1"
    assert (Case.objects.count(), Document.objects.count()) == counts[:2]
    # The copy under another name is the same bytes: nothing at all is written for it.
    assert Event.objects.count() == counts[2]


def test_the_same_document_in_other_bytes_is_already_present(registrar, folder):
    import_([seed_copy(folder)], registrar)
    retyped = folder / "omskriven.txt"
    retyped.write_text(SEED.read_text(encoding="utf-8").replace("\n\n", "\n\n\n"),
                       encoding="utf-8")
    again = import_([retyped], registrar)
    assert again.counts()["present"] == 1
    assert Document.objects.count() == 1
    # Known now by its own hash too.
    assert Source.objects.filter(document__isnull=False).count() == 2


def test_a_dry_run_writes_nothing(registrar, folder):
    before = (Case.objects.count(), Event.objects.count(), Source.objects.count())
    report = import_([seed_copy(folder)], registrar, dry_run=True)
    assert report.counts()["would_import"] == 1
    assert report.outcomes[0].diary_number == "KS13/250-133"
    assert (Case.objects.count(), Event.objects.count(), Source.objects.count()) == before


def test_what_cannot_be_registered_waits_for_review(registrar, folder):
    text = SEED.read_text(encoding="utf-8").replace(" Kommunstyrelsen\n", " Byggnämnden\n", 1)
    path = folder / "okand-namnd.txt"
    path.write_text(text, encoding="utf-8")
    report = import_([path], registrar)
    outcome = report.outcomes[0]
    assert outcome.status == "review"
    assert "Byggnämnden" in outcome.problems[0]
    assert not Case.objects.exists() and not Document.objects.exists()
    source = Source.objects.get()
    assert source.status == Source.Status.REVIEW and source.text and source.data["title"]
    # The reviewer corrects the body and registers.
    data = {**source.data, "body": "Kommunstyrelsen"}
    actions.do_register_reviewed(source, data, acting_user=registrar)
    source.refresh_from_db()
    assert source.status == Source.Status.IMPORTED
    assert source.document.report.body.name == "Kommunstyrelsen"
    assert Event.objects.filter(action="ingest.review").count() == 1
    # Imported again, the file is known.
    assert import_([path], registrar).counts()["present"] == 1


def test_dismissing_needs_a_reason_and_is_journalled(registrar, folder):
    path = folder / "brev.txt"
    path.write_text("Hej!\n\nTack för senast.\n", encoding="utf-8")
    report = import_([path], registrar)
    assert report.outcomes[0].status == "review"
    source = Source.objects.get()
    with pytest.raises(Exception, match="reason|skäl"):
        actions.do_dismiss(source, acting_user=registrar, reason=" ")
    actions.do_dismiss(source, acting_user=registrar, reason="Inte en allmän handling")
    assert Source.objects.get().status == Source.Status.DISMISSED
    assert import_([path], registrar).outcomes[0].status == "present"


def encrypted_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.encrypt("hemligt")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_bad_files_are_reported_and_skipped_and_the_batch_goes_on(registrar, folder,
                                                                   settings):
    settings.KANSLI_IMPORT_MAX_BYTES = 100_000
    (folder / "a-tom.txt").write_bytes(b"")
    (folder / "b-trasig.pdf").write_bytes(b"%PDF-1.7\n1 0 obj <<\ntrasig")
    (folder / "c-krypterad.pdf").write_bytes(encrypted_pdf())
    (folder / "d-binar.txt").write_bytes(bytes(range(256)) * 4)
    (folder / "e-stor.txt").write_bytes(b"a" * 100_001)
    seed_copy(folder, "f-seed.txt")
    report = import_([folder], registrar)
    statuses = {Path(o.path).name: (o.status, o.reason) for o in report.outcomes}
    assert {name: s for name, (s, _r) in statuses.items()} == {
        "a-tom.txt": "failed", "b-trasig.pdf": "failed", "c-krypterad.pdf": "failed",
        "d-binar.txt": "failed", "e-stor.txt": "failed", "f-seed.txt": "imported"}
    assert all(reason for status, reason in statuses.values() if status == "failed")
    assert "krypterad" in statuses["c-krypterad.pdf"][1]
    # Nothing is kept of a failed file.
    assert Source.objects.count() == 1 and Document.objects.count() == 1


def test_the_command_prints_a_summary_and_writes_a_json_report(registrar, folder, capsys):
    seed_copy(folder)
    (folder / "tom.txt").write_bytes(b"")
    target = folder.parent / "rapport.json"
    call_command("import", str(folder), "--user", registrar.username, "--report",
                 str(target), "--no-progress")
    out = capsys.readouterr().out
    assert "misslyckad: " in out and "importerad 1" in out
    report = json.loads(target.read_text(encoding="utf-8"))
    assert report["counts"] == {"imported": 1, "present": 0, "review": 0, "failed": 1}
    assert report["by"] == registrar.username and not report["dry_run"]
    failed = [f for f in report["files"] if f["status"] == "failed"]
    assert failed[0]["path"].endswith("tom.txt") and failed[0]["reason"]


def test_the_command_needs_a_known_user(registrar, folder):
    with pytest.raises(CommandError, match="nobody"):
        call_command("import", str(folder), "--user", "nobody")


def test_a_diary_export_without_a_mapping_is_refused(registrar, folder):
    path = folder / "diarium.csv"
    path.write_text("Dnr;Datum\nKS13/250-133;2013-06-05\n", encoding="utf-8")
    outcome = import_([path], registrar).outcomes[0]
    assert outcome.status == "failed" and "mappning" in outcome.reason


def test_the_document_page_names_the_source_file(registrar, folder, client):
    import_([seed_copy(folder)], registrar)
    document = Document.objects.get()
    client.force_login(registrar)
    page = client.get(f"/handlingar/{document.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "tjansteutlatande.txt" in html and Source.objects.get().sha256 in html


CORPUS = Path(__file__).parent / "corpus"


def test_an_extract_goes_to_its_case_and_a_later_report_links_it(registrar, folder):
    extract = CORPUS / "extract-rendered-SN-2013-09-25-130.pdf"
    report = import_([extract], registrar)
    assert report.outcomes[0].status == "imported", report.as_dict()
    document = Document.objects.get()
    assert document.case.diary_number == "KS13/250-133" and document.case.imported
    assert document.case.title == TITLE
    assert (document.doc_type, document.direction) == (Document.Type.EXTRACT,
                                                       Document.Direction.DRAWN_UP)
    assert document.description == "Protokollsutdrag Socialnämnden 2013-09-25 § 130"
    assert (document.document_date, document.received_date) == \
        (datetime.date(2013, 9, 25), datetime.date(2013, 9, 30))

    # The report names SN 2013-09-25 § 130: the imported extract holds it.
    import_([seed_copy(folder)], registrar)
    entry = OfficersReport.objects.get().basis.get(order=3)
    assert entry.document == document
    assert entry.text == "Protokollsutdrag Socialnämnden 2013-09-25 § 130"


def test_minutes_and_notices_go_to_the_bodys_meetings_case(registrar):
    report = import_([CORPUS / "minutes-rendered-KF-2013-12-16.pdf",
                      CORPUS / "notice-rendered-KF-2013-12-16.pdf"], registrar)
    assert [o.status for o in report.outcomes] == ["imported", "imported"], report.as_dict()
    minutes, notice = Document.objects.order_by("number")
    assert minutes.case == notice.case
    assert minutes.case.title == "Sammanträden Kommunfullmäktige 2013"
    assert minutes.doc_type == Document.Type.MINUTES
    assert minutes.description.startswith("Protokoll Kommunfullmäktige 2013-12-16 §")
    assert (minutes.document_date, minutes.received_date) == \
        (datetime.date(2013, 12, 16), datetime.date(2013, 12, 18))
    assert notice.description == "Kallelse Kommunfullmäktige 2013-12-16"
    # The paragraphs read are kept with the source, for linking and for review.
    source = Source.objects.get(document=minutes)
    assert source.kind == Source.Kind.MINUTES and source.data["paragraphs"]
    assert import_([CORPUS / "minutes-rendered-KF-2013-12-16.pdf"],
                   registrar).counts()["present"] == 1


def test_minutes_that_keep_secret_paragraphs_to_themselves_are_registered(registrar):
    report = import_([CORPUS / "minutes-sn-2015-04-22-secret.txt"], registrar)
    assert report.outcomes[0].status == "imported", report.as_dict()
    assert not Document.objects.get().is_secret


def test_minutes_that_print_a_secret_paragraph_wait_for_a_secrecy_ground(registrar, folder):
    from kansli.diary import public

    text = (CORPUS / "minutes-sn-2015-04-22-secret.txt").read_text(encoding="utf-8").replace(
        "§ 47\nParagrafen omfattas av sekretess.\n",
        "§ 47\nDnr SN15/12-700\nPlacering enligt LVU\nSekretess enligt OSL 26 kap. 1 §.\n"
        "Beslut\natt placera barnet i familjehem.\n")
    path = folder / "protokoll.txt"
    path.write_text(text, encoding="utf-8")
    outcome = import_([path], registrar).outcomes[0]
    assert outcome.status == "review"
    assert "§ 47" in outcome.problems[0] and "sekretessgrund" in outcome.problems[0]
    assert not Document.objects.exists()
    source = Source.objects.get()
    # Taking the secret text out of the fields does not take it out of the file.
    blanked = [{**p, "heading": "", "decision": ""} if p["secret"] else p
               for p in source.data["paragraphs"]]
    with pytest.raises(Exception, match="sekretessgrund"):
        actions.do_register_reviewed(source, {**source.data, "paragraphs": blanked},
                                     acting_user=registrar)
    assert not Document.objects.exists()
    actions.do_register_reviewed(source, {**source.data,
                                          "secrecy_ground": "OSL 26 kap. 1 §"},
                                 acting_user=registrar)
    document = Document.objects.get()
    assert document.is_secret and document.secrecy_ground == "OSL 26 kap. 1 §"
    file = document.files.get()
    assert public.public_file(document, file.pk, publish_files=True) is None
    assert public.document_entry(document, publish_files=True).description is None


def test_the_report_goes_to_the_data_folder_by_default(registrar, folder, settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"
    seed_copy(folder)
    call_command("import", str(folder), "--user", registrar.username, "--dry-run",
                 "--no-progress")
    reports = list((tmp_path / "data" / "import-reports").glob("import-report-*.json"))
    assert len(reports) == 1
    assert json.loads(reports[0].read_text(encoding="utf-8"))["counts"]["would_import"] == 1
    assert sorted(p.name for p in folder.iterdir()) == ["tjansteutlatande.txt"]


def test_registering_a_report_costs_the_same_queries_however_many_documents_its_case_has(
        registrar, folder):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries_with(documents: int, number: str) -> int:
        serial = int(number.split("/")[1].split("-")[0])
        case = diary_actions.do_import_case(
            demo_series("KS"), acting_user=registrar, diary_number=number, year=2013,
            serial=serial, title=TITLE, opened_at=at(2013, 6, 10))
        for n in range(documents):
            diary_actions.do_register_document(
                case, acting_user=registrar, direction="incoming", doc_type="letter",
                description=f"Skrivelse {n}", received_date=datetime.date(2013, 7, 1))
        path = folder / f"{serial}.txt"
        path.write_text(SEED.read_text(encoding="utf-8").replace("KS13/250-133", number),
                        encoding="utf-8")
        with CaptureQueriesContext(connection) as captured:
            assert import_([path], registrar).outcomes[0].status == "imported"
        return len(captured)

    queries_with(0, "KS13/300-133")  # the first import creates KSL as a party
    assert queries_with(2, "KS13/301-133") == queries_with(12, "KS13/302-133")


def test_the_bytes_of_a_diary_export_being_imported_are_not_a_document(registrar, folder):
    from django.utils import timezone

    from kansli.diary.files import staging

    content = b"Dnr;Datum\nKS13/250-133;2013-06-05\n"
    with staging() as stage:
        blob = stage.store([content])
    Source.objects.create(blob=blob, sha256=blob.sha256, filename="diarium.csv",
                          media_type="text/csv", kind=Source.Kind.DIARY,
                          status=Source.Status.PARTIAL, created_at=timezone.now(),
                          created_by=registrar)
    path = folder / "diarium.txt"
    path.write_bytes(content)
    outcome = import_([path], registrar).outcomes[0]
    assert outcome.status == "failed" and "mappning" in outcome.reason
    assert not Document.objects.exists()
