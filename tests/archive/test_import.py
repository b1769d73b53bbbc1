"""Importing an exported package: into an empty database it gives back the same cases,
documents, files and hashes; a changed file, a missing file or an ERMS document that
does not validate is refused with the exact reason before anything is written."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from django.utils import translation

from kansli.archive import importer, package
from tests.archive.demo_package import closed_demo_fixture, store_fixture

archive_files, file_store = store_fixture()
closed_demo = closed_demo_fixture()

PACKAGE_ID = "urn:uuid:3c1a7e0e-1d2b-4c55-9a43-7d0f5b0e2a10"
FILE = "representations/rep1/data/KS13_250-133/1/Rekommendation_KSL_2013-06-05.pdf"


@pytest.fixture(scope="module")
def exported(closed_demo, django_db_blocker, archive_files, tmp_path_factory):
    out = tmp_path_factory.mktemp("import-export")
    with django_db_blocker.unblock(), override_settings(KANSLI_FILES_DIR=archive_files):
        return package.export(out, package.select_cases(), package_id=PACKAGE_ID)


@pytest.fixture
def copy(exported, tmp_path):
    """A copy of the package to damage."""
    target = tmp_path / "package"
    shutil.copytree(exported.path, target)
    return target


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def kansli(env, *args, check=True):
    return subprocess.run([sys.executable, "-m", "kansli", *args], env=env, text=True,
                          capture_output=True, check=check)


def shell(env, code: str) -> str:
    return kansli(env, "shell", "--no-imports", "-c", code).stdout


SNAPSHOT = ("import json; from kansli.archive.importer import snapshot; "
            "print(json.dumps(snapshot()))")


def test_an_import_into_an_empty_database_gives_back_the_same_records(
        exported, fresh_database, db):
    from kansli.diary.models import Case

    done = kansli(fresh_database, "archive", "import", str(exported.path), "--no-progress")
    assert f"Imported {exported.cases} cases" in done.stdout \
        or f"Importerade {exported.cases} ärenden" in done.stdout
    restored = json.loads(shell(fresh_database, SNAPSHOT))
    numbers = set(package.select_cases().values_list("diary_number", flat=True))
    original = {number: facts for number, facts in importer.snapshot().items()
                if number in numbers}
    assert restored == original
    # The test compares what matters, with secret titles and grounds among it.
    assert any(facts["secrecy"] and facts["public_title"] for facts in original.values())
    assert any(d["files"] for facts in original.values() for d in facts["documents"])
    assert Case.objects.filter(diary_number="KS13/250-133").exists()

    # The restored journal verifies, and says which package each case came from.
    verified = kansli(fresh_database, "verify", "--no-progress")
    assert verified.stdout.startswith("OK")
    events = json.loads(shell(fresh_database, (
        "import json; from kansli.diary.models import Event; print(json.dumps(list("
        "Event.objects.filter(action='archive.import').values_list('data', flat=True))))")))
    assert len(events) == exported.cases
    assert {e["package"] for e in events} == {PACKAGE_ID}


def test_a_database_with_cases_is_refused_with_the_reason(exported, closed_demo, db):
    from kansli.diary.models import Case

    before = Case.objects.count()
    with translation.override("sv"), pytest.raises(CommandError) as refused:
        call_command("archive", "import", str(exported.path), "--no-progress",
                     stdout=io.StringIO(), stderr=io.StringIO())
    assert str(refused.value) == (f"Databasen har redan {before} ärenden: ett paket kan "
                                  "bara importeras till en tom databas.")


def test_a_changed_file_is_refused_naming_it_and_both_hashes(copy):
    listed = (copy / package.MANIFEST).read_text()
    expected = next(line.split("  ")[0] for line in listed.splitlines()
                    if line.endswith(FILE))
    target = copy / FILE
    target.write_bytes(target.read_bytes() + b"\n% changed")
    found = hashlib.sha256(target.read_bytes()).hexdigest()
    with pytest.raises(importer.ImportRefused) as refused:
        importer.check_package(copy)
    assert str(refused.value) == (f"The file {FILE} has been changed: the manifest says "
                                  f"SHA-256 {expected}, the file has {found}.")


def test_a_missing_file_is_refused_naming_it(copy):
    (copy / FILE).unlink()
    with pytest.raises(importer.ImportRefused) as refused:
        importer.check_package(copy)
    assert str(refused.value) == (f"The file {FILE} listed in the manifest is missing "
                                  "from the package.")


def test_a_file_the_manifest_does_not_list_is_refused(copy):
    (copy / "representations/rep1/data/extra.txt").write_text("smuggled")
    with pytest.raises(importer.ImportRefused, match="extra.txt is in the package but not"):
        importer.check_package(copy)


def _rewrite_erms(copy, change) -> None:
    """Change erms.xml and make the manifest and METS agree with it, so that only its
    validity is in question."""
    erms_file = copy / package.ERMS_PATH
    old = hashlib.sha256(erms_file.read_bytes()).hexdigest()
    erms_file.write_text(change(erms_file.read_text(encoding="utf-8")), encoding="utf-8")
    new = hashlib.sha256(erms_file.read_bytes()).hexdigest()
    mets = copy / package.METS_PATH
    old_mets = hashlib.sha256(mets.read_bytes()).hexdigest()
    mets.write_text(mets.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    new_mets = hashlib.sha256(mets.read_bytes()).hexdigest()
    manifest = copy / package.MANIFEST
    manifest.write_text(manifest.read_text().replace(old, new).replace(old_mets, new_mets))


def test_an_erms_document_breaking_a_schematron_rule_is_refused_with_the_message(copy):
    _rewrite_erms(copy, lambda text: text.replace('otherDirectionDefinition="drawn_up"',
                                                  "", 1))
    with pytest.raises(importer.ImportRefused) as refused:
        importer.check_package(copy)
    message = str(refused.value)
    assert message.startswith("metadata/descriptive/erms.xml does not validate: schematron: ")
    assert "otherDirectionDefinition attribute must be used" in message


def test_an_erms_document_breaking_the_schema_is_refused_with_the_message(copy):
    _rewrite_erms(copy, lambda text: text.replace("<objectId>KS13/250-133</objectId>", "", 1))
    with pytest.raises(importer.ImportRefused) as refused:
        importer.check_package(copy)
    message = str(refused.value)
    assert message.startswith("metadata/descriptive/erms.xml does not validate: xsd: ")
    assert "objectId" in message


def test_a_changed_package_writes_nothing(exported, copy, fresh_database):
    target = copy / FILE
    target.write_bytes(b"%PDF-1.4 another")
    done = kansli(fresh_database, "archive", "import", str(copy), "--no-progress",
                  check=False)
    assert done.returncode != 0
    assert FILE in done.stderr
    count = shell(fresh_database, "from kansli.diary.models import Case, Party; "
                  "print(Case.objects.count(), Party.objects.count())")
    assert count.split() == ["0", "0"]


def test_a_round_trip_keeps_cancellations_secret_parties_units_and_same_named_files(
        org, rita, olle, unit, ksl, fresh_database, tmp_path):
    import datetime

    from kansli.diary import actions
    from kansli.diary.actions import NewFile
    from kansli.diary.models import Classification, Series

    # Codes of their own: the demo of the other tests of this module may be loaded.
    series = Series.objects.create(organisation=org, code="AR", name="Arkivprov")
    klass = Classification.objects.create(code="999", title="Arkivprov")
    case = actions.do_open_case(series, acting_user=rita, title="Bistånd till Anna Andersson",
                                public_title="Ansökan om bistånd", classification=klass,
                                secrecy_ground="OSL 26 kap. 1 §", unit=unit, officer=olle)
    anna = actions.do_create_party(acting_user=rita, kind="person", name="Anna Andersson",
                                   address="Storgatan 1\n178 30 Ekerö",
                                   secrecy_ground="OSL 26 kap. 1 §")
    day = datetime.date(2013, 6, 5)
    actions.do_register_document(
        case, acting_user=rita, direction="incoming", doc_type="application",
        description="Ansökan om bistånd", received_date=day, senders=[anna],
        secrecy_ground="OSL 26 kap. 1 §",
        files=[NewFile("ansökan.pdf", b"%PDF-1.4 first"), NewFile("ansökan.pdf",
                                                                 b"%PDF-1.4 second")])
    wrong = actions.do_register_document(
        case, acting_user=rita, direction="drawn_up", doc_type="memo",
        description="Anteckning i fel ärende", received_date=day, sender_units=[unit])
    actions.do_cancel_document(wrong, acting_user=rita, reason="Registrerad i fel ärende")
    actions.do_register_document(
        case, acting_user=olle, direction="outgoing", doc_type="decision",
        description="Beslut om bistånd", received_date=datetime.date(2013, 6, 20),
        document_date=datetime.date(2013, 6, 19), recipients=[anna, ksl],
        recipient_units=[unit])
    actions.do_close_case(case, acting_user=olle)

    result = package.export(tmp_path / "out", package.select_cases(series=["AR"]),
                            acting_user=rita)
    files = sorted(p.name for p in (result.path / "representations/rep1/data").rglob("*.pdf"))
    assert files == ["ansökan-2.pdf", "ansökan.pdf"]
    kansli(fresh_database, "archive", "import", str(result.path), "--no-progress")
    restored = json.loads(shell(fresh_database, SNAPSHOT))
    original = importer.snapshot()[case.diary_number]
    assert restored == {case.diary_number: original}
    assert original["documents"][1]["cancelled"] is True
    assert original["documents"][0]["parties"] == [["sender", "Anna Andersson",
                                                    "OSL 26 kap. 1 §"]]
    assert [f[0] for f in original["documents"][0]["files"]] == ["ansökan.pdf"] * 2
