"""`kansli loaddemo`: Ekerö kommun, the reference case KS13/250-133 with its decision
basis, the demo users, KSL, and made-up cases, all with a journal that verifies."""

import datetime
import io

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from kansli.diary import access, journal
from kansli.diary.demo import simple_pdf
from kansli.diary.files import read_verified
from kansli.diary.models import Case, Document, DocumentParty, Event, Party
from kansli.org.models import Body, Organisation, Unit

pytestmark = pytest.mark.django_db


def loaddemo(cases=0):
    out = io.StringIO()
    call_command("loaddemo", cases=cases, verbosity=0, stdout=out)
    return out.getvalue()


def test_it_loads_ekero_with_its_bodies_series_and_units():
    loaddemo()
    org = Organisation.objects.get()
    assert org.name == "Ekerö kommun"
    assert org.diary_number_format == "{series}{yy}/{serial}-{class}"
    assert dict(Body.objects.values_list("code", "name")) == {
        "KF": "Kommunfullmäktige", "KS": "Kommunstyrelsen", "SN": "Socialnämnden"}
    assert set(org.series.values_list("code", flat=True)) == {"KS", "SN"}
    assert set(Unit.objects.values_list("name", flat=True)) == {"Kommunkansliet",
                                                                "Socialkontoret"}


def test_it_loads_the_reference_case_with_its_decision_basis_in_story_order():
    loaddemo()
    case = Case.objects.get(diary_number="KS13/250-133")
    assert (case.series.code, case.year, case.serial) == ("KS", 2013, 250)
    assert case.classification.code == "133"
    assert case.title == ("Överenskommelse om samverkan mellan kommuner i Stockholms län "
                          "gällande nyanlända")
    assert case.unit.name == "Kommunkansliet"
    assert case.opened_at.year == 2013
    # The decision basis; after it the extract of KF's decision sent to KSL
    # (kansli.meetings.demo, checked in tests/meetings/test_demo.py).
    documents = list(case.documents.order_by("number"))
    assert [(d.doc_type, d.direction) for d in documents[6:]] == [
        (Document.Type.EXTRACT, Document.Direction.OUTGOING)]
    documents = documents[:6]
    assert [(d.doc_type, d.document_date.isoformat()) for d in documents] == [
        (Document.Type.RECOMMENDATION, "2013-06-05"),
        (Document.Type.AGREEMENT, "2013-05-06"),
        (Document.Type.OFFICERS_REPORT, "2013-08-29"),
        (Document.Type.EXTRACT, "2013-09-25"),
        (Document.Type.MEMO, "2013-10-24"),
        (Document.Type.OFFICERS_REPORT, "2013-11-05"),
    ]
    assert documents[0].received_date == datetime.date(2013, 6, 5)
    assert documents[1].received_date == datetime.date(2013, 6, 5)
    assert "justerat förslag 2013-05-06" in documents[1].description
    assert "§ 130" in documents[3].description
    assert "2013-12-19" in documents[4].description
    assert all(d.registered_at.year == 2013 for d in documents)
    assert [d.registered_at for d in documents] == sorted(d.registered_at for d in documents)
    for document in documents:
        (file,) = document.files.all()
        assert read_verified(file.blob).startswith(b"%PDF-1.4")
    report = read_verified(documents[5].files.get().blob)
    assert b"KS13/250-133" in report
    assert "Sammanfattning av ärendet".encode("cp1252") in report


def test_the_reference_case_continues_the_ks_2013_numbering_after_it():
    loaddemo()
    case = Case.objects.get(diary_number="KS13/250-133")
    assert case.series.counters.get(year=2013).last_serial == 250


def test_ksl_is_an_external_organisation_and_sender_of_the_recommendation():
    loaddemo()
    ksl = Party.objects.get(name="Kommunförbundet Stockholms län")
    assert ksl.kind == Party.Kind.ORGANISATION
    assert ksl.email == "registrator@ksl.se"
    recommendation = Document.objects.get(doc_type=Document.Type.RECOMMENDATION,
                                           case__diary_number="KS13/250-133")
    assert recommendation.party_links.get().party == ksl
    assert recommendation.party_links.get().role == DocumentParty.Role.SENDER


def test_the_demo_users_are_in_their_groups_and_can_log_in():
    output = loaddemo()
    roles = {u.username: set(u.groups.values_list("name", flat=True))
             for u in User.objects.all()}
    assert roles["registrator"] == {access.REGISTRAR}
    assert roles["handlaggare"] == {access.CASE_OFFICER}
    assert roles["admin"] == {access.ADMINISTRATOR}
    bergstrom = User.objects.get(first_name="Ann-Cathrine", last_name="Bergström")
    halvarsson = User.objects.get(first_name="Andreas", last_name="Halvarsson")
    assert Case.objects.get(diary_number="KS13/250-133").officer == halvarsson
    for user in User.objects.all():
        assert f"{user.username} " in output
        assert user.check_password(f"kansli-{user.username}")
        assert f"kansli-{user.username}" in output
    assert "Kanslichef" in output and bergstrom.username in output
    assert "http://127.0.0.1:8000/" in output


def test_it_adds_a_few_hundred_made_up_cases_with_a_journal_that_verifies():
    """The default load, as `make demo` runs it."""
    out = io.StringIO()
    call_command("loaddemo", verbosity=0, stdout=out)
    made_up = Case.objects.exclude(diary_number="KS13/250-133")
    assert made_up.count() == 300
    assert made_up.filter(opened_at__year__gte=2023).count() == 300
    assert {c.series.code for c in made_up} == {"KS", "SN"}
    assert made_up.filter(status=Case.Status.CLOSED).exists()
    secret = made_up.exclude(secrecy_ground="")
    assert secret.exists()
    assert all(c.secrecy_ground == "OSL 26 kap. 1 §" and c.public_title for c in secret)
    assert Document.objects.exclude(secrecy_ground="").exists()
    counts = [c.documents.count() for c in made_up]
    assert min(counts) >= 1 and max(counts) <= 6
    # Diary numbers run per series and year, in the order the cases were opened.
    for code in ("KS", "SN"):
        for year in (2024, 2025):
            cases = list(made_up.filter(series__code=code, year=year).order_by("opened_at"))
            assert [c.serial for c in cases] == list(range(1, len(cases) + 1))
    # Every case and document has its event, and the chain holds.
    assert Event.objects.filter(action="open").count() == 301
    assert Event.objects.filter(action="register").count() == Document.objects.count()
    checked, problem = journal.verify()
    assert problem is None
    assert checked == Event.objects.count()


def test_running_it_twice_adds_nothing():
    loaddemo(cases=10)
    counts = [m.objects.count() for m in (Case, Document, Party, Event, User)]
    output = loaddemo(cases=10)
    assert "already loaded" in output
    assert "kansli-registrator" in output
    assert [m.objects.count() for m in (Case, Document, Party, Event, User)] == counts


def test_it_refuses_a_database_that_serves_another_organisation():
    Organisation.objects.create(name="Värmdö kommun")
    with pytest.raises(CommandError, match="Värmdö kommun"):
        loaddemo()
    assert not Case.objects.exists()
    assert not User.objects.exists()


def test_simple_pdf_has_a_correct_cross_reference_table():
    pdf = simple_pdf(["Rubrik", "Text med å, ä, ö – och (parenteser)."] * 40)
    assert pdf.startswith(b"%PDF-1.4") and pdf.endswith(b"%%EOF\n")
    start = int(pdf.rsplit(b"startxref\n", 1)[1].split(b"\n")[0])
    assert pdf[start:start + 4] == b"xref"
    rows = pdf[start:].split(b"\n")[3:]
    count = int(pdf[start:].split(b"\n")[1].split()[1])
    for number, row in enumerate(rows[:count - 1], start=1):
        offset = int(row.split()[0])
        assert pdf[offset:].startswith(f"{number} 0 obj".encode())
    assert b"\\(parenteser\\)" in pdf
