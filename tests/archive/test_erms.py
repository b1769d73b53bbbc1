"""The ERMS XML of an export of the demo: valid under ERMS_v3.xsd and erms_v3.sch, and
holding what the issue asks for — identifiers, titles and public titles, secrecy with
its legal ground, classification, status, dates, agents, relations (decision basis,
renderings), the journal (each event's hash recomputable) and the files' checksums."""

from __future__ import annotations

import hashlib

import pytest
from django.test import override_settings
from django.utils import translation
from lxml import etree

from kansli.archive import erms, package, validate
from tests.archive.demo_package import closed_demo_fixture, store_fixture

archive_files, file_store = store_fixture()
closed_demo = closed_demo_fixture()

E = erms.e
K = erms.k


@pytest.fixture(scope="module")
def exported(closed_demo, django_db_blocker, archive_files, tmp_path_factory):
    out = tmp_path_factory.mktemp("erms-export")
    with django_db_blocker.unblock(), override_settings(KANSLI_FILES_DIR=archive_files):
        result = package.export(out, package.select_cases(), package_id="urn:uuid:"
                                "00000000-0000-4000-8000-000000000001", check=False)
    return result


@pytest.fixture(scope="module")
def tree(exported):
    return etree.parse(str(exported.path / package.ERMS_PATH))


def aggregation(tree, number):
    found = tree.xpath("//e:aggregation[e:objectId=$n]", namespaces={"e": erms.NS}, n=number)
    assert found, number
    return found[0]


def test_every_closed_case_of_the_demo_is_exported(tree, db):
    from kansli.diary.models import Case, Document

    numbers = tree.xpath("/e:erms/e:aggregations/e:aggregation/e:objectId/text()",
                         namespaces={"e": erms.NS})
    assert sorted(numbers) == sorted(Case.objects.filter(status="closed")
                                     .values_list("diary_number", flat=True))
    assert len(tree.findall(f".//{E('record')}")) == Document.objects.count()


def test_the_export_passes_the_schema_and_the_schematron_rules(exported):
    path = exported.path / package.ERMS_PATH
    assert validate.check_xsd(path) == []
    assert validate.run_schematron(path) == []


def test_the_reference_case(tree, closed_demo, db):
    case = aggregation(tree, "KS13/250-133")
    assert case.get("aggregationType") == "caseFile"
    assert case.findtext(E("title")).startswith("Överenskommelse om samverkan")
    assert case.find(E("classification")).get("classificationCode") == "133"
    assert case.find(E("status")).get("value") == "closed"
    types = [d.get("dateType") for d in case.iterfind(f"{E('dates')}/{E('date')}")]
    assert {"created", "opened", "decision", "closed"} <= set(types)
    officer = case.find(f"{E('agents')}/{E('agent')}[@agentType='responsible_person']")
    assert officer.findtext(E("role")) == "case_officer"
    facts = case.find(f".//{K('case')}")
    assert (facts.get("series"), facts.get("year"), facts.get("serial")) == \
        ("KS", "2013", "250")

    first = case.find(f"{E('record')}[{E('objectId')}='KS13/250-133:1']")
    assert first.find(E("direction")).get("directionDefinition") == "incoming"
    sender = first.find(f"{E('agents')}/{E('agent')}[@agentType='sender']")
    assert sender.findtext(E("name")) == "Kommunförbundet Stockholms län"
    assert [d.get("dateType") for d in first.iterfind(f"{E('dates')}/{E('date')}")][0] \
        == "received"

    report = case.find(f"{E('record')}[@recordType='officers_report']"
                       f"[{E('objectId')}='KS13/250-133:6']")
    basis = [r.text for r in report.iterfind(E("relation"))
             if (r.get("otherRelationType") or "").startswith("decision_basis")]
    assert "KS13/250-133:1" in basis
    assert "Socialnämnden 2013-09-25 § 130" in basis
    signatories = [(a.get("agentType"), a.findtext(E("role")))
                   for a in report.iterfind(f"{E('agents')}/{E('agent')}")
                   if a.get("agentType").endswith("signatory")]
    assert signatories == [("main_signatory", "Kanslichef"),
                           ("other_signatory", "Nämndsekreterare")]
    direction = report.find(E("direction"))
    assert (direction.get("directionDefinition"),
            direction.get("otherDirectionDefinition")) == ("other", "drawn_up")

    # KF's extract: its PDF is a rendering of § 90, a decision of that day.
    extract = case.find(f"{E('record')}[{E('objectId')}='KS13/250-133:7']")
    relations = {r.get("otherRelationType") or r.get("relationType"): r.text
                 for r in extract.iterfind(E("relation"))}
    assert relations["has_rendition_version"].endswith("/7/Protokollsutdrag_KF_2013-12-16_"
                                                       "paragraf-90.pdf")
    assert relations["extract_of"].endswith("2013-12-16 § 90")
    dates = {d.get("dateType"): d.text for d in extract.iterfind(f"{E('dates')}/{E('date')}")}
    assert dates["decision"] == "2013-12-16T00:00:00"


def test_files_carry_their_checksum_and_size(tree, exported, db):
    from kansli.diary.models import DocumentFile

    files = tree.findall(f".//{K('file')}")
    assert len(files) == DocumentFile.objects.count() == exported.files
    for item in files:
        content = (exported.path / item.get("path")).read_bytes()
        assert hashlib.sha256(content).hexdigest() == item.get("sha256")
        assert len(content) == int(item.get("size"))
    appendices = tree.findall(f".//{E('appendix')}")
    assert {a.get("path") for a in appendices} == {f"file:///{f.get('path')}" for f in files}


def test_a_secret_title_is_kept_with_its_ground_and_the_public_title_beside_it(tree, db):
    from kansli.diary.models import Case

    secret = Case.objects.filter(status="closed").exclude(secrecy_ground="").first()
    assert secret is not None, "the demo has closed cases with secret titles"
    node = aggregation(tree, secret.diary_number)
    assert node.findtext(E("title")) == secret.title
    assert node.findtext(f"{E('otherTitle')}[@titleType='public_title']") == \
        secret.public_title
    restriction = node.find(E("restriction"))
    assert restriction.get("restrictionType") == "confidential"
    assert restriction.findtext(E("regulation")) == secret.secrecy_ground


def test_the_journal_of_each_case_is_there_and_each_hash_can_be_recomputed(tree, db):
    from kansli.diary.models import Event

    case = aggregation(tree, "KS13/250-133")
    events = case.findall(f".//{K('journal')}/{K('event')}")
    seqs = [int(e.get("seq")) for e in events]
    expected = list(Event.objects.filter(case__diary_number="KS13/250-133")
                    .order_by("seq").values_list("seq", flat=True))
    # Events written after the export (its own archive.export) are not in it.
    assert seqs == expected[:len(seqs)] and len(seqs) > 5
    for event in events:
        digest = hashlib.sha256((event.get("prevHash") + event.text).encode()).hexdigest()
        assert digest == event.get("hash")
    lines = case.findall(f"{E('archivalHistory')}/{E('historyLine')}")
    assert len(lines) == len(events)
    assert lines[0].text.startswith(f"Journal event {seqs[0]},")


def _write(tmp_path, text: str):
    path = tmp_path / "erms.xml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_document_breaking_a_schematron_rule_fails_with_its_message(exported, tmp_path):
    text = (exported.path / package.ERMS_PATH).read_text(encoding="utf-8")
    # Valid for the schema (the value is in its list), wrong for the co-occurrence rule.
    broken = text.replace('otherDirectionDefinition="drawn_up"', "", 1)
    path = _write(tmp_path, broken)
    assert validate.check_xsd(path) == []
    messages = validate.run_schematron(path)
    assert len(messages) == 1
    assert "otherDirectionDefinition" in messages[0].text
    assert messages[0].location.endswith("direction[1]")
    assert validate.validate(path) == messages


def test_each_failed_assert_is_reported(exported, tmp_path):
    text = (exported.path / package.ERMS_PATH).read_text(encoding="utf-8")
    broken = text.replace('otherRelationType="decision_basis_document"', "") \
        .replace('otherAgentType="registrar"', "")
    path = _write(tmp_path, broken)
    messages = validate.run_schematron(path)
    texts = {m.text for m in messages}
    assert any("otherRelationType" in t for t in texts)
    assert any("otherAgentType" in t for t in texts)
    offending = etree.parse(str(path)).xpath(
        "count(//*[@relationType='own_relation_definition'][not(@otherRelationType)])"
        " + count(//*[@agentType='other'][not(@otherAgentType)])")
    assert len(messages) == int(offending) > 2


def test_a_document_breaking_the_schema_fails_with_the_schemas_message(exported, tmp_path):
    text = (exported.path / package.ERMS_PATH).read_text(encoding="utf-8")
    broken = text.replace('aggregationType="caseFile"', 'aggregationType="folder"', 1)
    messages = validate.validate(_write(tmp_path, broken))
    assert messages and messages[0].source == "xsd"
    assert "aggregationType" in messages[0].text


def test_the_compiler_refuses_what_it_does_not_handle():
    schema = etree.fromstring(
        f'<schema xmlns="{validate.SCH}"><pattern><rule abstract="true" id="r">'
        '<assert test="true()">x</assert></rule></pattern></schema>')
    with pytest.raises(validate.UnsupportedSchematron):
        validate.compile_schematron(schema)


def test_lets_and_reports_are_compiled(tmp_path):
    sch = tmp_path / "rules.sch"
    sch.write_text(
        f'<schema xmlns="{validate.SCH}" queryBinding="xslt2"><let name="limit" value="2"/>'
        '<pattern><rule context="item"><let name="n" value="number(@n)"/>'
        '<assert test="$n le $limit">item <value-of select="$n"/> is over '
        '<name/></assert><report test="$n = 1">one</report></rule></pattern></schema>')
    doc = _write(tmp_path, '<list><item n="1"/><item n="3"/></list>')
    messages = validate.run_schematron(doc, sch=sch)
    assert [m.text for m in messages] == ["one", "item 3 is over item"]


def test_missing_standard_files_are_named(exported, settings, tmp_path):
    settings.KANSLI_ERMS_SCHEMA_DIR = str(tmp_path)
    with translation.override("en"), pytest.raises(validate.SchemaMissing) as missing:
        validate.validate(exported.path / package.ERMS_PATH)
    assert str(missing.value).startswith(f"{tmp_path / 'ERMS_v3.xsd'} is missing")
