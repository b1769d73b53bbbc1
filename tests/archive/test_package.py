"""The package around the ERMS XML: the E-ARK SIP layout, METS with every file's
checksum, size and media type, the manifest; the selection of cases; the command; and a
package is never left half written."""

from __future__ import annotations

import datetime
import hashlib
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from django.utils import timezone
from lxml import etree

from kansli.archive import package
from tests.archive.demo_package import closed_demo_fixture, store_fixture

archive_files, file_store = store_fixture()
closed_demo = closed_demo_fixture()

M = package.METS
XLINK_HREF = f"{{{package.XLINK}}}href"


@pytest.fixture(scope="module")
def exported(closed_demo, django_db_blocker, archive_files, tmp_path_factory):
    out = tmp_path_factory.mktemp("package-export")
    with django_db_blocker.unblock(), override_settings(KANSLI_FILES_DIR=archive_files):
        return package.export(out, package.select_cases(), check=False)


def package_files(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def test_the_layout(exported):
    root = exported.path
    assert root.name == exported.package_id.removeprefix("urn:uuid:")
    files = package_files(root)
    assert {"METS.xml", "metadata/descriptive/erms.xml", "manifest-sha256.txt"} <= files
    data = {f for f in files if f.startswith("representations/rep1/data/")}
    assert len(data) == exported.files > 0
    assert "representations/rep1/data/KS13_250-133/1/Rekommendation_KSL_2013-06-05.pdf" in data
    assert files == data | {"METS.xml", "metadata/descriptive/erms.xml", "manifest-sha256.txt",
                            "representations/rep1/METS.xml"}


def test_the_manifest_lists_every_file_with_its_sha256(exported):
    root = exported.path
    lines = (root / package.MANIFEST).read_text(encoding="utf-8").splitlines()
    listed = dict(reversed(line.split("  ", 1)) for line in lines)
    assert set(listed) == package_files(root) - {package.MANIFEST}
    for path, sha in listed.items():
        assert hashlib.sha256((root / path).read_bytes()).hexdigest() == sha


def test_mets_lists_every_file_with_checksum_size_and_media_type(exported):
    root = exported.path
    mets = etree.parse(str(root / "METS.xml")).getroot()
    assert mets.tag == f"{{{M}}}mets"
    assert mets.get("OBJID") == exported.package_id
    assert mets.find(f"{{{M}}}metsHdr").get("RECORDSTATUS") == "NEW"
    groups = {g.get("USE"): g for g in mets.iterfind(f"{{{M}}}fileSec/{{{M}}}fileGrp")}
    assert set(groups) == {"Representations/rep1", "Representations/rep1/Data"}
    entries = groups["Representations/rep1/Data"].findall(f"{{{M}}}file")
    assert len(entries) == exported.files
    for entry in entries:
        path = entry.find(f"{{{M}}}FLocat").get(XLINK_HREF)
        content = (root / path).read_bytes()
        assert entry.get("CHECKSUMTYPE") == "SHA-256"
        assert entry.get("CHECKSUM") == hashlib.sha256(content).hexdigest()
        assert int(entry.get("SIZE")) == len(content)
        assert entry.get("MIMETYPE") == "application/pdf"
    reference = mets.find(f"{{{M}}}dmdSec/{{{M}}}mdRef")
    assert reference.get(XLINK_HREF) == "metadata/descriptive/erms.xml"
    assert reference.get("CHECKSUM") == hashlib.sha256(
        (root / "metadata/descriptive/erms.xml").read_bytes()).hexdigest()
    representation = groups["Representations/rep1"].find(f"{{{M}}}file")
    assert representation.find(f"{{{M}}}FLocat").get(XLINK_HREF) == \
        "representations/rep1/METS.xml"
    assert representation.get("CHECKSUM") == hashlib.sha256(
        (root / "representations/rep1/METS.xml").read_bytes()).hexdigest()
    pointers = mets.findall(f".//{{{M}}}structMap//{{{M}}}fptr")
    assert {p.get("FILEID") for p in pointers} == \
        {e.get("ID") for e in entries} | {representation.get("ID")}


def test_the_representation_mets_lists_its_files_relative_to_itself(exported):
    folder = exported.path / "representations" / "rep1"
    mets = etree.parse(str(folder / "METS.xml")).getroot()
    assert mets.get("OBJID") == f"{exported.package_id}/rep1"
    entries = mets.findall(f"{{{M}}}fileSec/{{{M}}}fileGrp[@USE='Data']/{{{M}}}file")
    assert len(entries) == exported.files
    for entry in entries:
        path = entry.find(f"{{{M}}}FLocat").get(XLINK_HREF)
        assert path.startswith("data/")
        assert entry.get("CHECKSUM") == hashlib.sha256((folder / path).read_bytes()).hexdigest()


def test_only_closed_cases_and_the_selection(closed_demo, db):
    from kansli.diary import actions
    from kansli.diary.models import Case

    everything = package.select_cases()
    assert everything.count() == Case.objects.filter(status="closed").count()
    reopened = everything.exclude(pk=closed_demo.pk).first()
    actions.do_change_status(reopened, acting_user=reopened.officer, status="in_progress",
                             reason="Nytt underlag")
    assert not package.select_cases().filter(pk=reopened.pk).exists()

    assert set(package.select_cases(series=["SN"]).values_list("series__code", flat=True)) \
        == {"SN"}
    # A code takes its sub-codes along: 13 covers 133, the reference case's.
    assert package.select_cases(classification=["13"]).filter(pk=closed_demo.pk).exists()
    assert not package.select_cases(classification=["70"]).filter(pk=closed_demo.pk).exists()
    day = timezone.localtime(Case.objects.get(pk=closed_demo.pk).closed_at).date()
    assert package.select_cases(closed_from=day, closed_to=day).filter(
        pk=closed_demo.pk).exists()
    assert not package.select_cases(closed_to=day - datetime.timedelta(days=1)).filter(
        pk=closed_demo.pk).exists()


def test_the_command_prints_the_package_and_the_counts_and_journals_the_export(
        closed_demo, db, tmp_path):
    from kansli.diary.models import Document, DocumentFile, Event

    out = io.StringIO()
    call_command("archive", "export", "--series", "KS", "--classification", "133",
                 "--out", str(tmp_path), "--package-id", "urn:uuid:11111111-2222-4333-8444-"
                 "555555555555", "--no-progress", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == str(tmp_path / "11111111-2222-4333-8444-555555555555")
    chosen = package.select_cases(series=["KS"], classification=["133"])
    documents = Document.objects.filter(case__in=chosen)
    files = DocumentFile.objects.filter(document__in=documents)
    # The registrar reads it in Swedish.
    assert lines[1] == (f"{chosen.count()} ärenden, {documents.count()} handlingar, "
                        f"{files.count()} filer ({sum(f.blob.size for f in files)} byte).")
    event = Event.objects.filter(case=closed_demo, action="archive.export").get()
    assert event.data["package"] == "urn:uuid:11111111-2222-4333-8444-555555555555"
    # The command validates by default: the ERMS file passed both checks.
    with pytest.raises(CommandError, match="finns redan"):
        call_command("archive", "export", "--series", "KS", "--out", str(tmp_path),
                     "--package-id", "urn:uuid:11111111-2222-4333-8444-555555555555",
                     "--no-progress", stdout=io.StringIO())


def test_nothing_to_export_is_said(db, closed_demo, tmp_path):
    with pytest.raises(CommandError, match="Inga avslutade ärenden matchar urvalet"):
        call_command("archive", "export", "--series", "XX", "--out", str(tmp_path),
                     "--no-progress", stdout=io.StringIO())
    assert list(tmp_path.iterdir()) == []


def test_a_damaged_stored_file_stops_the_export_and_leaves_nothing(closed_demo, db,
                                                                   tmp_path):
    from kansli.diary.files import blob_path

    document = closed_demo.documents.get(number=1)
    blob = document.files.get().blob
    path = blob_path(blob.sha256)
    original = path.read_bytes()
    try:
        path.write_bytes(original.replace(b"KSL", b"XYZ", 1))
        with pytest.raises(package.ExportError) as refused:
            package.export(tmp_path, package.select_cases(series=["KS"]))
    finally:
        path.write_bytes(original)
    message = str(refused.value)
    assert "KS13/250-133:1" in message and blob.sha256 in message
    assert hashlib.sha256(original.replace(b"KSL", b"XYZ", 1)).hexdigest() in message
    assert list(tmp_path.iterdir()) == []


def test_an_invalid_erms_document_stops_the_export(closed_demo, db, tmp_path, monkeypatch):
    from kansli.archive import erms

    original = erms.DIRECTIONS
    monkeypatch.setattr(erms, "DIRECTIONS", {**original, "drawn_up": ("other", None)})
    with pytest.raises(package.ExportError, match="otherDirectionDefinition"):
        package.export(tmp_path, package.select_cases(series=["KS"]))
    assert list(tmp_path.iterdir()) == []
