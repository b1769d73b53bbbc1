"""The demo shows the import and retention: one report from the old system waits for
review (its body is not one of Ekerö's), and the classification carries retention
rules."""

import datetime

import pytest

import kansli.demo
from kansli.archive import retention
from kansli.archive.models import RetentionRule
from kansli.diary.models import Case
from kansli.ingest import actions
from kansli.ingest.demo import FILENAME
from kansli.ingest.models import Source


@pytest.fixture
def demo(db):
    return kansli.demo.load(cases=30)


def test_the_demo_holds_a_report_for_review_and_the_registrar_can_register_it(demo):
    source = Source.objects.get(filename=FILENAME)
    assert source.status == Source.Status.REVIEW and source.kind == Source.Kind.REPORT
    assert "Kommunstyrelsens arbetsutskott" in source.problems[0]
    assert source.data["diary_number"] == "KS14/88-105"
    assert "Box 205" not in source.data["summary"]  # the footer repeated on each page
    registrar = source.created_by
    actions.do_register_reviewed(source, {**source.data, "body": "Kommunstyrelsen"},
                                 acting_user=registrar)
    case = Case.objects.get(diary_number="KS14/88-105")
    assert case.imported and case.title == "Medborgarförslag om en ny lekplats i Stenhamra"
    report = case.documents.get().report
    assert [s.name for s in report.signatories.all()] == ["Lena Ek"]


def test_the_demo_classification_carries_retention_rules(demo):
    rules = {r.classification.code: r for r in RetentionRule.objects.select_related(
        "classification")}
    assert rules["13"].keep_forever and rules["610"].years == 2
    # The reference case (133, under 13) is kept for ever.
    assert retention.rule_for(demo).keep_forever
    # Due in twenty years: the made-up cases closed under a two- or five-year rule.
    later = retention.due_cases(datetime.date.today() + datetime.timedelta(days=365 * 20))
    assert later, "the demo's made-up cases include some under a disposal rule"
    assert {due.rule.classification.code for due in later} <= {"610", "330", "720"}
    assert all(due.case.status == Case.Status.CLOSED for due in later)
