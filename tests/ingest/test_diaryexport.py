"""Diary exports (docs/ingest.md, "Diary exports" and "Idempotent, resumable"): CSV and
postlista XML, the mapping, bad rows, secrecy, numbers, idempotence, resumption, the
journal, search, and the batch's bounded number of queries."""

import datetime
import hashlib
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from kansli.diary import actions, journal, public, search
from kansli.diary.models import (
    Blob,
    Case,
    Document,
    DocumentParty,
    Event,
    Party,
    SerialCounter,
)
from kansli.ingest import diaryexport
from kansli.ingest.diaryexport import ExportError, Mapping, MappingError, import_rows
from kansli.ingest.models import Run, Source, SourceRow

HEADER = "Dnr;Handlingsnr;Datum;Riktning;Avsändare/mottagare;Ärendemening;Handling;Sekretess"
ROWS = [
    "KS13/250-133;1;2013-06-05;I;Kommunförbundet Stockholms län;Överenskommelse om "
    "samverkan;Rekommendation om hembygdsgården;",
    "KS13/250-133;2;2013-09-25;U;Kommunförbundet Stockholms län;Överenskommelse om "
    "samverkan;Expediering av beslut;",
    "KS 2014/7;1;2014-02-03;Inkommande;Anna Andersson;Placering i familjehem;Ansökan om "
    "placering i familjehem;OSL 26 kap. 1 §",
    "SN 2014/12;1;20140304;upprättad;;Riktlinjer för hemtjänst;Tjänsteutlåtande om "
    "riktlinjer;",
]
PAIRS = ["diary_number=Dnr", "document_number=Handlingsnr", "date=Datum",
         "direction=Riktning", "party=Avsändare/mottagare", "case_title=Ärendemening",
         "subject=Handling", "secrecy=Sekretess"]


def write(tmp_path, name, lines, *, encoding="utf-8", bom=False, delimiter=";"):
    text = "\n".join(line.replace(";", delimiter) for line in lines) + "\n"
    data = text.encode(encoding)
    path = tmp_path / name
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    return path


def source_for(path, rita):
    data = path.read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    blob, _created = Blob.objects.get_or_create(sha256=sha, defaults={"size": len(data)})
    source, _created = Source.objects.get_or_create(sha256=sha, defaults=dict(
        blob=blob, filename=path.name, media_type="text/csv", kind=Source.Kind.DIARY,
        status=Source.Status.PARTIAL, created_at=timezone.now(), created_by=rita))
    return source


@pytest.fixture
def run(rita):
    return Run.objects.create(started_at=timezone.now(), started_by=rita)


@pytest.fixture
def setup(org, ks, sn, klass, rita):
    return org


def do_import(path, rita, run, mapping=None, **kwargs):
    mapping = mapping or Mapping.from_pairs(PAIRS)
    with translation.override("sv"):
        return import_rows(source_for(path, rita), path, mapping, acting_user=rita, run=run,
                           **kwargs)


def verifies():
    count, problem = journal.verify()
    return problem is None and count == Event.objects.count()


# Reading and mapping -----------------------------------------------------------------------


@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
def test_a_csv_with_any_delimiter(setup, rita, run, tmp_path, delimiter):
    lines = [HEADER] + [r.replace(",", "") for r in ROWS]
    path = write(tmp_path, "diarium.csv", lines, delimiter=delimiter)
    result = do_import(path, rita, run)
    assert result.failed == []
    assert (result.imported, result.cases_created) == (4, 3)
    assert result.file["delimiter"] == delimiter
    case = Case.objects.get(diary_number="KS13/250-133")
    assert case.imported and (case.year, case.serial) == (2013, 250)
    assert case.title == "Överenskommelse om samverkan"
    assert case.last_document_number == 2
    first = case.documents.get(number=1)
    assert (first.direction, first.doc_type, first.description) == (
        "incoming", "letter", "Rekommendation om hembygdsgården")
    assert first.document_date == first.received_date == datetime.date(2013, 6, 5)
    assert [link.party.name for link in first.party_links.all()] == [
        "Kommunförbundet Stockholms län"]
    assert first.party_links.get().role == DocumentParty.Role.SENDER
    second = case.documents.get(number=2)
    assert second.direction == "outgoing" and second.party_links.get().role == "recipient"
    # The party is found, not created twice; an authority is an organisation.
    assert Party.objects.filter(name="Kommunförbundet Stockholms län").count() == 1
    assert Party.objects.get(name="Kommunförbundet Stockholms län").kind == "organisation"
    assert Party.objects.get(name="Anna Andersson").kind == "person"
    sn = Document.objects.get(case__diary_number="SN 2014/12")
    assert (sn.direction, sn.doc_type, sn.received_date) == (
        "drawn_up", "other", datetime.date(2014, 3, 4))
    assert verifies()


def test_utf8_with_bom_and_windows_1252(setup, rita, run, tmp_path):
    bom = write(tmp_path, "bom.csv", [HEADER, ROWS[0]], bom=True)
    result = do_import(bom, rita, run)
    assert result.file["encoding"] == "utf-8-sig" and result.imported == 1
    cp = write(tmp_path, "ansi.csv", [HEADER, ROWS[3]], encoding="cp1252")
    result = do_import(cp, rita, run)
    assert result.file["encoding"] == "cp1252" and result.imported == 1
    assert Case.objects.get(diary_number="SN 2014/12").title == "Riktlinjer för hemtjänst"
    assert Party.objects.filter(name="Kommunförbundet Stockholms län").exists()


def test_mapping_from_a_file(setup, rita, run, tmp_path):
    mapping_file = tmp_path / "mapping.json"
    mapping_file.write_text(json.dumps({"diary_number": "Dnr", "date": "Datum",
                                        "subject": "Handling", "direction": "Riktning",
                                        "date_format": "%d/%m/%Y"}), encoding="utf-8")
    mapping = Mapping.from_file(mapping_file)
    assert mapping.date_format == "%d/%m/%Y"
    path = write(tmp_path, "d.csv", ["Dnr,Datum,Handling,Riktning",
                                     "KS 2015/3,05/03/2015,Skrivelse om vägen,I"])
    result = do_import(path, rita, run, mapping)
    assert result.imported == 1
    assert Document.objects.get().received_date == datetime.date(2015, 3, 5)


def test_a_wrong_mapping_is_refused_before_anything_is_registered(setup, rita, run,
                                                                   tmp_path):
    path = write(tmp_path, "d.csv", [HEADER] + ROWS)
    events = Event.objects.count()
    wrong = Mapping.from_pairs(["diary_number=Diarienr", "date=Datum", "subject=Rubrik"])
    with translation.override("sv"), pytest.raises(MappingError) as error:
        import_rows(source_for(path, rita), path, wrong, acting_user=rita, run=run)
    message = str(error.value)
    assert "Diarienr" in message and "Rubrik" in message  # the missing ones
    assert "Handlingsnr" in message and "Ärendemening" in message  # the ones present
    assert Case.objects.count() == 0 and Event.objects.count() == events


def test_mappings_that_cannot_be_used():
    with pytest.raises(MappingError, match="subject"):
        Mapping.from_pairs(["diary_number=Dnr", "date=Datum"])
    with pytest.raises(MappingError, match="colour"):
        Mapping.from_pairs(["diary_number=Dnr", "date=Datum", "subject=S", "colour=Färg"])
    with pytest.raises(MappingError):
        Mapping.from_pairs(["diary_number"])


def test_column_names_match_whatever_their_letter_case(setup, rita, run, tmp_path):
    path = write(tmp_path, "d.csv", ["DNR;DATUM;HANDLING", "KS 2015/3;2015-03-05;Skrivelse"])
    mapping = Mapping.from_pairs(["diary_number=Dnr", "date=Datum", "subject=Handling"])
    assert do_import(path, rita, run, mapping).imported == 1


# Bad rows ----------------------------------------------------------------------------------


def test_bad_rows_are_reported_and_skipped_the_rest_continues(setup, rita, run, tmp_path):
    lines = [HEADER, ROWS[0],
             "KS 2014/8;1;2014-13-45;I;Erik Holm;Bygglov;Ansökan om bygglov;",
             ";1;2014-02-03;I;Erik Holm;Bygglov;Ansökan om bygglov;",
             "BN 2014/3;1;2014-02-03;I;Erik Holm;Bygglov;Ansökan om bygglov;",
             "KS 2014/9;1;2014-02-03;Sidled;Erik Holm;Bygglov;Ansökan om bygglov;",
             "KS 2014/10;;2014-02-03;I;Erik Holm;Bygglov;Ansökan om bygglov;",
             "KS 2014/11;1;2014-02-03;I;Erik Holm;Bygglov;;",
             "inget nummer;1;2014-02-03;I;Erik Holm;Bygglov;Ansökan;",
             ROWS[3]]
    path = write(tmp_path, "d.csv", lines)
    result = do_import(path, rita, run)
    assert result.imported == 2
    reasons = {f["row"]: f["reason"] for f in result.failed}
    assert sorted(reasons) == [3, 4, 5, 6, 7, 8, 9]
    assert "2014-13-45 är inte ett datum" in reasons[3]
    assert reasons[4] == "Diarienummer saknas."
    assert "Okänd serie BN" in reasons[5]
    assert "Sidled" in reasons[6]
    assert reasons[7] == "Handlingsnummer saknas."
    assert reasons[8] == "Uppgift om vad handlingen gäller saknas."
    assert "inget nummer" in reasons[9]
    # Nothing partial from a bad row: no case, no party, no counter.
    assert set(Case.objects.values_list("diary_number", flat=True)) == {
        "KS13/250-133", "SN 2014/12"}
    assert not Party.objects.filter(name="Erik Holm").exists()
    assert not SerialCounter.objects.filter(year=2014, series__code="KS").exists()
    assert verifies()


# Secrecy and numbers -------------------------------------------------------------------------


def test_secret_rows_stay_secret(setup, rita, run, tmp_path):
    path = write(tmp_path, "d.csv", [HEADER, ROWS[2],
                                     "KS 2014/7;2;2014-02-10;upprättad;;Placering;Utredning;ja"])
    do_import(path, rita, run)
    case = Case.objects.get(diary_number="KS 2014/7")
    assert case.is_secret and case.public_title == "Ärende som omfattas av sekretess"
    assert public.case_title(case) == "Ärende som omfattas av sekretess"
    first, second = case.documents.order_by("number")
    assert first.secrecy_ground == "OSL 26 kap. 1 §"
    assert second.secrecy_ground == "Sekretessmarkerad i tidigare diarium"
    entry = public.document_entry(first, publish_files=False)
    assert entry.secret and entry.description is None and entry.senders == []
    # The party first met on a secret row is secret too.
    assert Party.objects.get(name="Anna Andersson").is_secret
    # Nothing secret is in the search index.
    words = search.Criteria(words="familjehem")
    assert search.search(words, documents=True).ids == []
    assert search.search(words, documents=False).ids == []
    assert search.search(search.Criteria(words="sekretess"), documents=False).ids == [case.pk]


def test_original_numbers_kept_and_new_numbers_do_not_collide(setup, ks, klass, rita, run,
                                                              tmp_path):
    path = write(tmp_path, "d.csv", [HEADER, ROWS[0],
                                     "KS13/257-133;1;2013-10-01;I;;Motion;Motion om "
                                     "parkbänkar;"])
    do_import(path, rita, run)
    assert SerialCounter.objects.get(series=ks, year=2013).last_serial == 257
    assert Case.objects.get(serial=250).classification == klass  # from the number
    opened = timezone.make_aware(datetime.datetime(2013, 11, 1, 10))
    new = actions.do_open_case(ks, acting_user=rita, title="Ny", classification=klass,
                               opened_at=opened)
    assert new.serial == 258 and new.diary_number == "KS13/258-133"
    # A counter already past the imported serials is left where it is.
    path = write(tmp_path, "e.csv", [HEADER, "KS13/100-133;1;2013-01-05;I;;Äldre;Skrivelse;"])
    do_import(path, rita, run)
    assert SerialCounter.objects.get(series=ks, year=2013).last_serial == 258


def test_rows_without_document_numbers_are_numbered_in_their_case(setup, rita, run,
                                                                  tmp_path):
    mapping = Mapping.from_pairs(["diary_number=Dnr", "date=Datum", "subject=Handling"])
    lines = ["Dnr;Datum;Handling", "KS 2016/4;2016-01-04;Ansökan",
             "KS 2016/4;2016-01-09;Komplettering", "KS 2016/4;2016-01-20;Beslut"]
    path = write(tmp_path, "d.csv", lines)
    do_import(path, rita, run, mapping, batch_size=2)
    case = Case.objects.get(diary_number="KS 2016/4")
    assert list(case.documents.order_by("number").values_list("number", "description")) == [
        (1, "Ansökan"), (2, "Komplettering"), (3, "Beslut")]
    assert case.last_document_number == 3
    # A document registered afterwards takes the next number.
    doc = actions.do_register_document(case, acting_user=rita, direction="drawn_up",
                                       doc_type="memo", description="Anteckning",
                                       received_date=datetime.date(2016, 2, 1))
    assert doc.number == 4


def test_a_batch_the_database_refuses_is_tried_row_by_row(setup, ks, rita, run, tmp_path):
    # A case that holds the number text of a row under another serial (a hand edit, an
    # earlier import under another format): the plan cannot see it, the database refuses.
    Case.objects.create(series=ks, year=2014, serial=99, diary_number="KS 2014/7",
                        number_key="KS2014/7", title="Annat", opened_at=timezone.now())
    path = write(tmp_path, "d.csv", [HEADER] + ROWS)
    result = do_import(path, rita, run)
    assert [f["row"] for f in result.failed] == [4]
    assert "kunde inte registreras" in result.failed[0]["reason"]
    assert (result.imported, result.cases_created, result.parties_created) == (3, 2, 1)
    assert Document.objects.count() == 3 and SourceRow.objects.count() == 3
    assert not Party.objects.filter(name="Anna Andersson").exists()
    assert verifies()


# Idempotent and resumable ----------------------------------------------------------------------


def test_importing_twice_registers_nothing_new(setup, rita, run, tmp_path):
    path = write(tmp_path, "d.csv", [HEADER] + ROWS)
    first = do_import(path, rita, run)
    events = Event.objects.count()
    again = do_import(path, rita, run)
    assert (again.imported, again.already_present, again.cases_created) == (0, 4, 0)
    assert Event.objects.count() == events and Document.objects.count() == first.imported
    assert Source.objects.get().status == Source.Status.IMPORTED
    # The same rows in another file, written another way: recognised by their keys.
    other = write(tmp_path, "annan.csv", [
        "Diarienummer,Nr,Datum,Rubrik",
        "KS 13/250-133,1,20130605,Något annat",
        "ks  2014/7,1,2014-02-03 09:12,Ansökan om placering",
        "SN 2014/12,1,2014-03-04,Tjänsteutlåtande om riktlinjer"])
    mapping = Mapping.from_pairs(["diary_number=Diarienummer", "document_number=Nr",
                                  "date=Datum", "subject=Rubrik"])
    result = do_import(other, rita, run, mapping)
    assert result.failed == []
    assert (result.imported, result.already_present) == (0, 3)
    assert Event.objects.count() == events


def test_without_document_numbers_the_key_is_date_and_subject(setup, rita, run, tmp_path):
    mapping = Mapping.from_pairs(["diary_number=Dnr", "date=Datum", "subject=Handling"])
    path = write(tmp_path, "d.csv", ["Dnr;Datum;Handling", "KS 2016/4;2016-01-04;Ansökan",
                                     "KS 2016/4;2016-01-04;Ansökan"])
    result = do_import(path, rita, run, mapping)
    assert (result.imported, result.already_present) == (1, 1)
    other = write(tmp_path, "e.csv", ["Dnr;Datum;Handling",
                                      "KS2016/4;2016-01-04;  ansökan ",
                                      "KS 2016/4;2016-01-05;Ansökan"])
    result = do_import(other, rita, run, mapping)
    assert (result.imported, result.already_present) == (1, 1)


def test_an_interrupted_import_resumes(setup, rita, run, tmp_path, monkeypatch):
    lines = [HEADER] + [f"KS 2017/{n};1;2017-03-{n:02d};I;;Ärende {n};Skrivelse {n};"
                        for n in range(1, 11)]
    path = write(tmp_path, "d.csv", lines)
    real = diaryexport._Importer.write
    calls = []

    def failing(self, planned):
        calls.append(len(planned))
        if len(calls) == 3:
            raise RuntimeError("the power went out")
        return real(self, planned)

    monkeypatch.setattr(diaryexport._Importer, "write", failing)
    with pytest.raises(RuntimeError):
        do_import(path, rita, run, batch_size=3)
    assert Case.objects.count() == 6  # two batches committed, the third rolled back
    source = Source.objects.get()
    assert source.status == Source.Status.PARTIAL
    assert verifies()
    monkeypatch.setattr(diaryexport._Importer, "write", real)
    result = do_import(path, rita, run, batch_size=3)
    assert (result.imported, result.already_present) == (4, 6)
    assert Case.objects.count() == 10 and SourceRow.objects.count() == 10
    assert Source.objects.get().status == Source.Status.IMPORTED
    assert verifies()


def test_a_dry_run_writes_nothing_and_counts_the_same(setup, rita, run, tmp_path):
    lines = [HEADER] + ROWS + [ROWS[0], "KS 2014/8;1;fel;I;;Bygglov;Ansökan;"]
    path = write(tmp_path, "d.csv", lines)
    source = source_for(path, rita)
    tables = [Case, Document, Party, DocumentParty, Event, SerialCounter, SourceRow]
    before = [m.objects.count() for m in tables]
    with CaptureQueriesContext(connection) as queries:
        dry = do_import(path, rita, run, dry_run=True, batch_size=2)
    writes = [q["sql"] for q in queries.captured_queries
              if q["sql"].split()[0].upper() in ("INSERT", "UPDATE", "DELETE")]
    assert writes == []
    assert [m.objects.count() for m in tables] == before
    assert Source.objects.get(pk=source.pk).status == Source.Status.PARTIAL
    real = do_import(path, rita, run, batch_size=2)
    assert (dry.imported, dry.already_present, dry.cases_created, len(dry.failed)) == (
        real.imported, real.already_present, real.cases_created, len(real.failed)) == (
        4, 1, 3, 1)
    assert dry.parties_created == real.parties_created == 2


# The journal and search ----------------------------------------------------------------------


def test_the_journal_says_what_was_imported_from_where(setup, rita, run, tmp_path):
    path = write(tmp_path, "d.csv", [HEADER] + ROWS)
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    actions.do_create_party(acting_user=rita, kind="person", name="Före importen")
    do_import(path, rita, run)
    assert verifies()
    events = Event.objects.filter(action="import")
    # One per case, per document and per party created.
    assert events.filter(object_type="case").count() == 3
    assert events.filter(object_type="document").count() == 4
    assert events.filter(object_type="party").count() == 2
    document = Document.objects.get(case__diary_number="KS13/250-133", number=1)
    event = events.get(object_type="document", object_id=document.pk)
    assert event.actor == rita and event.case_id == document.case_id
    assert event.data["source"] == {"name": "d.csv", "sha256": sha, "run": run.pk}
    assert event.data["row"] == 2
    assert event.data["after"] == actions._snapshot(document, actions.DOCUMENT_FIELDS)
    case_event = events.get(object_type="case", object_id=document.case_id)
    assert case_event.data["after"] == actions._snapshot(document.case, actions.CASE_FIELDS)
    # Chained on to what was there, and later changes chain on after it.
    actions.do_correct_document(document, acting_user=rita, reason="Stavning",
                                description="Rekommendation om hembygdsgården i Skå")
    assert verifies()


def test_search_finds_imported_rows(setup, rita, run, tmp_path):
    path = write(tmp_path, "d.csv", [HEADER] + ROWS)
    do_import(path, rita, run)
    document = Document.objects.get(case__diary_number="KS13/250-133", number=1)
    found = search.search(search.Criteria(words="hembygdsgården"), documents=True)
    assert found.ids == [document.pk]
    by_party = search.search(search.Criteria(words="kommunförbundet stockholms"),
                             documents=True)
    assert set(by_party.ids) == set(Document.objects.filter(
        case__diary_number="KS13/250-133").values_list("pk", flat=True))
    cases = search.search(search.Criteria(words="riktlinjer hemtjänst"), documents=False)
    assert cases.ids == [Case.objects.get(diary_number="SN 2014/12").pk]
    assert search.search(search.Criteria(number="KS13/250"), documents=False).ids == [
        document.case_id]


def test_the_bulk_index_is_what_single_indexing_writes(setup, rita, run, tmp_path):
    path = write(tmp_path, "d.csv", [HEADER] + ROWS)
    do_import(path, rita, run)
    # SQLite keeps the stems; PostgreSQL the tsvector (compared as its text).
    key, value = ("id", "tsv::text") if search.is_postgres() else ("rowid", "stems")

    def stored():
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {key}, {value} FROM diary_document_fts ORDER BY {key}")
            documents = cursor.fetchall()
            cursor.execute(f"SELECT {key}, {value} FROM diary_case_fts ORDER BY {key}")
            return documents, cursor.fetchall()

    bulk = stored()
    search.rebuild()
    assert stored() == bulk


# XML -----------------------------------------------------------------------------------------

POSTLISTA = """<?xml version="1.0" encoding="UTF-8"?>
<postlista organisation="Ekerö kommun" fran="2014-02-01" till="2014-03-31">
  <post id="1">
    <diarienummer>KS 2014/7</diarienummer>
    <handlingsnummer>1</handlingsnummer>
    <datum>2014-02-03</datum>
    <riktning>Inkommande</riktning>
    <avsandare_mottagare>Länsstyrelsen i Stockholms län</avsandare_mottagare>
    <arendemening>Tillsyn av hemtjänsten</arendemening>
    <handling>Beslut om tillsyn &amp; uppföljning</handling>
    <sekretess/>
  </post>
  <post id="2">
    <diarienummer>KS 2014/7</diarienummer>
    <handlingsnummer>2</handlingsnummer>
    <datum>2014-02-20</datum>
    <riktning>Utgående</riktning>
    <avsandare_mottagare>Länsstyrelsen i Stockholms län</avsandare_mottagare>
    <arendemening>Tillsyn av hemtjänsten</arendemening>
    <handling>Yttrande</handling>
    <sekretess>OSL 26 kap. 1 §</sekretess>
  </post>
</postlista>
"""
XML_PAIRS = ["diary_number=diarienummer", "document_number=handlingsnummer", "date=datum",
             "direction=riktning", "party=avsandare_mottagare", "case_title=arendemening",
             "subject=handling", "secrecy=sekretess"]


def test_a_postlista_in_xml(setup, rita, run, tmp_path):
    path = tmp_path / "postlista.xml"
    path.write_text(POSTLISTA, encoding="utf-8")
    result = do_import(path, rita, run, Mapping.from_pairs(XML_PAIRS))
    assert result.failed == [] and result.imported == 2 and result.file["format"] == "xml"
    case = Case.objects.get(diary_number="KS 2014/7")
    assert case.title == "Tillsyn av hemtjänsten" and not case.is_secret
    first, second = case.documents.order_by("number")
    assert first.description == "Beslut om tillsyn & uppföljning"
    assert first.direction == "incoming" and not first.is_secret
    assert second.direction == "outgoing" and second.secrecy_ground == "OSL 26 kap. 1 §"
    assert verifies()
    # A mapping naming an element the posts do not have is refused.
    wrong = Mapping.from_pairs(["diary_number=dnr", "date=datum", "subject=handling"])
    with pytest.raises(MappingError, match="dnr"):
        do_import(path, rita, run, wrong)


@pytest.mark.parametrize("hostile", [
    # Billion laughs.
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    "<postlista><post><diarienummer>KS 2014/1</diarienummer><datum>2014-01-01</datum>"
    "<handling>&lol2;</handling></post></postlista>",
    # An external entity.
    '<?xml version="1.0"?><!DOCTYPE p [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    "<postlista><post><diarienummer>KS 2014/1</diarienummer><datum>2014-01-01</datum>"
    "<handling>&xxe;</handling></post></postlista>",
    # Any DTD at all.
    '<!DOCTYPE postlista SYSTEM "http://example.org/postlista.dtd"><postlista/>',
])
def test_hostile_xml_is_refused(setup, rita, run, tmp_path, hostile):
    path = tmp_path / "postlista.xml"
    path.write_text(hostile, encoding="utf-8")
    mapping = Mapping.from_pairs(["diary_number=diarienummer", "date=datum",
                                  "subject=handling"])
    with pytest.raises(ExportError, match="DTD"):
        do_import(path, rita, run, mapping)
    assert Case.objects.count() == 0


def test_a_broken_file_is_refused(setup, rita, run, tmp_path):
    path = tmp_path / "postlista.xml"
    path.write_text("<postlista><post><diarienummer>KS", encoding="utf-8")
    with pytest.raises(ExportError):
        do_import(path, rita, run, Mapping.from_pairs(XML_PAIRS))
    empty = tmp_path / "tom.csv"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(ExportError):
        do_import(empty, rita, run)


def test_an_xml_file_broken_part_way_keeps_what_came_before(setup, rita, run, tmp_path,
                                                             monkeypatch):
    # Broken among the first posts, the file is refused whole; further on, what came
    # before the break stays registered.
    monkeypatch.setattr(diaryexport, "XML_LOOKAHEAD", 2)
    posts = "".join(f"<post><dnr>KS 2014/{n}</dnr><datum>2014-01-0{n}</datum>"
                    f"<rubrik>Skrivelse {n}</rubrik></post>" for n in range(1, 6))
    path = tmp_path / "postlista.xml"
    path.write_text(f"<postlista>{posts}<post><dnr>KS 2014/9</dnr><datum>", encoding="utf-8")
    mapping = Mapping.from_pairs(["diary_number=dnr", "date=datum", "subject=rubrik"])
    result = do_import(path, rita, run, mapping, batch_size=2)
    assert result.imported == 5 and Case.objects.count() == 5
    assert [f["row"] for f in result.failed] == [6]
    assert "ingen diarieexport" in result.failed[0]["reason"]
    assert Source.objects.get().status == Source.Status.PARTIAL
    assert verifies()
    # Broken by a wrong closing tag rather than cut off: the same.
    path.write_text(f"<postlista>{posts}<post><dnr>KS 2014/9</fel></post></postlista>",
                    encoding="utf-8")
    result = do_import(path, rita, run, mapping, batch_size=2)
    assert (result.imported, result.already_present) == (0, 5)
    assert [f["row"] for f in result.failed] == [6]


def test_a_damaged_csv_line_is_a_bad_row(setup, rita, run, tmp_path):
    import csv

    damaged = "KS 2014/9;1;2014-01-01;I;;x;y;" + "z" * 80
    path = write(tmp_path, "d.csv", [HEADER, ROWS[0], damaged, ROWS[3]])
    limit = csv.field_size_limit(60)
    try:
        result = do_import(path, rita, run)
    finally:
        csv.field_size_limit(limit)
    assert result.imported == 2
    assert [f["row"] for f in result.failed] == [3]


def test_the_check_the_import_command_makes(setup, rita, run, tmp_path):
    from django.core.exceptions import ValidationError

    path = write(tmp_path, "d.csv", [HEADER] + ROWS)
    Mapping.from_pairs(PAIRS).check(path)
    with pytest.raises(ValidationError):
        Mapping.from_pairs(["diary_number=Dnr", "date=När", "subject=Handling"]).check(path)
    # A dry run of a file not stored yet has no source.
    with translation.override("sv"):
        result = import_rows(None, path, Mapping.from_pairs(PAIRS), acting_user=rita,
                             dry_run=True)
    assert result.imported == 4 and Case.objects.count() == 0


# Speed ---------------------------------------------------------------------------------------


def test_queries_per_batch_do_not_grow_with_its_rows(setup, rita, run, tmp_path,
                                                    django_assert_max_num_queries):
    def lines(n, year):
        return [HEADER] + [
            f"KS {year}/{i // 3 + 1};{i % 3 + 1};{year}-05-0{i % 9 + 1};{'IU'[i % 2]};"
            f"Part {year} {i % 7} AB;Ärende {i // 3};Handling {i};"
            f"{'OSL 26 kap. 1 §' if i % 5 == 0 else ''}"
            for i in range(n)]

    # Each import makes cases, documents, parties and counters: the same kinds of work.

    counts = []
    for n, year in ((12, 2018), (120, 2019)):
        path = write(tmp_path, f"d{n}.csv", lines(n, year))
        with CaptureQueriesContext(connection) as queries:
            result = do_import(path, rita, run, batch_size=1000)
        assert result.imported == n
        counts.append(len(queries))
    assert counts[0] == counts[1]
    path = write(tmp_path, "d.csv", lines(300, 2020))
    source = source_for(path, rita)
    with translation.override("sv"), django_assert_max_num_queries(counts[0]):
        import_rows(source, path, Mapping.from_pairs(PAIRS), acting_user=rita, run=run,
                    batch_size=1000)
    assert verifies()


# Through `kansli import` ------------------------------------------------------------------


def test_kansli_import_with_a_mapping(setup, rita, tmp_path, capsys):
    from django.core.management import call_command

    path = write(tmp_path, "diarium.csv", [HEADER] + ROWS + [
        "KS 2014/8;1;2014-13-45;I;;Bygglov;Ansökan;"])
    maps = [arg for pair in PAIRS for arg in ("--map", pair)]
    target = tmp_path / "rapport.json"

    def run_command(*extra):
        call_command("import", str(path), "--user", "rita", *maps, "--report", str(target),
                     "--no-progress", *extra)
        return json.loads(target.read_text(encoding="utf-8"))

    with translation.override("sv"):
        dry = run_command("--dry-run")
        assert Case.objects.count() == 0 and Source.objects.count() == 0
        report = run_command()
    rows = report["files"][0]["rows"]
    assert (rows["imported"], rows["cases_created"], len(rows["failed"])) == (4, 3, 1)
    assert dry["files"][0]["rows"]["imported"] == 4
    assert Source.objects.get().status == Source.Status.IMPORTED
    assert SourceRow.objects.count() == 4 and verifies()
    # kansli verify: the chain, and every case, document and party has its creation event.
    call_command("verify", "--no-progress")
    assert capsys.readouterr().out.splitlines()[-1].startswith("OK: 9 events")
    # The same file again is known by its SHA-256.
    with translation.override("sv"):
        again = run_command()
    assert again["files"][0]["status"] == "present"
    assert Document.objects.count() == 4
