"""Retention rules and disposal (docs/retention.md)."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, transaction

from kansli.archive import retention
from kansli.archive.models import Disposal, DisposalDecision, RetentionRule
from kansli.diary import actions, journal
from kansli.diary.files import blob_path
from kansli.diary.models import (
    Blob,
    Case,
    Classification,
    Document,
    DocumentFile,
    DocumentParty,
    Event,
)
from kansli.handling.models import Deadline
from tests.conftest import at, open_case, register

ON = datetime.date(2026, 6, 1)


@pytest.fixture
def rule(klass):
    """Cases of 1 (and so of 133) go two years after closing."""
    return RetentionRule.objects.create(
        classification=klass.parent, keep_forever=False, years=2,
        reference="Dokumenthanteringsplan KS, KS 2019-05-20 § 45")


def closed_case(rita, ks, klass, ksl, *, closed=None, title="Bidrag till förening",
                secret=False, content=b"%PDF-1.4 ansokan"):
    kwargs = {"secrecy_ground": "OSL 26 kap. 1 §", "public_title": "Ärende om bistånd"} \
        if secret else {}
    case = open_case(rita, ks, klass, title=title, **kwargs)
    register(case, rita, description="Ansökan från Anna Andersson", senders=[ksl],
             files=[actions.NewFile("ansokan.pdf", content)])
    register(case, rita, description="Beslut om bidrag", direction="outgoing",
             doc_type="decision", recipients=[ksl])
    return actions.do_close_case(case, acting_user=rita, closed_at=closed or at(2023, 3, 10))


def decision_for(rule, **kwargs):
    return DisposalDecision(rule=rule, decided_by=kwargs.get("decided_by", "Arkivansvarig"),
                            decided_on=datetime.date(2026, 5, 20),
                            reference=kwargs.get("reference", "KS 2026/12 § 4"))


def test_a_rule_keeps_for_ever_or_names_its_years(klass):
    RetentionRule.objects.create(classification=klass, reference="DHP")
    with pytest.raises(IntegrityError), transaction.atomic():
        RetentionRule.objects.create(classification=klass.parent, keep_forever=False,
                                     reference="DHP")
    with pytest.raises(IntegrityError), transaction.atomic():
        RetentionRule.objects.create(classification=klass.parent, keep_forever=True, years=3,
                                     reference="DHP")


def test_a_classification_follows_its_nearest_rule(klass, rule):
    other = Classification.objects.create(code="2", title="Annat")
    rules = retention.effective_rules()
    assert rules[klass.pk] == rule
    assert rules[klass.parent.pk] == rule
    assert rules[other.pk] is None
    own = RetentionRule.objects.create(classification=klass, reference="Bevaras")
    assert retention.effective_rules()[klass.pk] == own


def test_due_lists_closed_cases_past_their_retention(rita, ks, klass, ksl, rule):
    due = closed_case(rita, ks, klass, ksl, closed=at(2024, 5, 31))
    closed_case(rita, ks, klass, ksl, closed=at(2024, 6, 2), title="Inte ännu")
    open_case(rita, ks, klass, title="Pågående")
    listed = retention.due_cases(ON)
    assert [d.case for d in listed] == [due]
    assert listed[0].due_on == datetime.date(2026, 5, 31)
    assert listed[0].rule == rule
    assert len(retention.due_cases(datetime.date(2026, 6, 1))) == 1
    assert len(retention.due_cases(datetime.date(2026, 6, 2))) == 2
    kept = RetentionRule.objects.create(classification=klass, reference="Bevaras")
    assert retention.due_cases(datetime.date(2040, 1, 1)) == []
    assert kept.keep_forever


def test_archive_due_lists_by_rule(rita, ks, klass, ksl, rule):
    case = closed_case(rita, ks, klass, ksl)
    out = io.StringIO()
    call_command("archive", "due", "--on", "2026-06-01", stdout=out)
    text = out.getvalue()
    assert "Dokumenthanteringsplan KS" in text
    assert case.diary_number in text
    assert "1 " in text.splitlines()[-1]


def test_disposal_leaves_the_stub_and_the_journal(rita, ks, klass, ksl, rule,
                                                   django_capture_on_commit_callbacks):
    case = closed_case(rita, ks, klass, ksl)
    sha = DocumentFile.objects.get(document__case=case).blob.sha256
    assert blob_path(sha).exists()
    events_before = list(Event.objects.values_list("seq", "hash"))
    with django_capture_on_commit_callbacks(execute=True):
        result = retention.do_dispose([case], acting_user=rita, decision=decision_for(rule),
                                      on=ON)
    [stub] = result.disposals
    assert (stub.diary_number, stub.title) == (case.diary_number, "Bidrag till förening")
    assert stub.opened_at == case.opened_at and stub.closed_at == case.closed_at
    assert stub.decision.reference == "KS 2026/12 § 4"
    assert (stub.documents, stub.files) == (2, 1)
    assert Case.objects.get(pk=case.pk).disposal == stub
    # The documents remain as numbered entries, with nothing of what they held.
    assert list(Document.objects.filter(case=case).values_list("number", "description")) \
        == [(1, ""), (2, "")]
    assert not DocumentParty.objects.filter(document__case=case).exists()
    assert not DocumentFile.objects.filter(document__case=case).exists()
    assert not Blob.objects.filter(sha256=sha).exists()
    assert not blob_path(sha).exists()
    assert result.files_removed == 1
    # The journal: unchanged, plus the decision and a dispose event naming it.
    assert list(Event.objects.values_list("seq", "hash"))[:len(events_before)] == events_before
    decided, disposed = Event.objects.order_by("seq")[len(events_before):]
    assert decided.action == "disposal_decision"
    assert disposed.action == "dispose" and disposed.case_id == case.pk
    assert disposed.data["reference"] == "KS 2026/12 § 4"
    assert disposed.data["rule_reference"] == rule.reference
    assert disposed.data["files"] == [sha]
    assert journal.verify()[1] is None
    call_command("verify", "--no-progress", stdout=io.StringIO())


def test_a_secret_title_leaves_only_the_public_title(rita, ks, klass, ksl, rule):
    case = closed_case(rita, ks, klass, ksl, secret=True, title="Bistånd till Anna Andersson")
    [stub] = retention.do_dispose([case], acting_user=rita, decision=decision_for(rule),
                                  on=ON).disposals
    assert stub.title == "Ärende om bistånd"
    assert Case.objects.get(pk=case.pk).title == "Ärende om bistånd"


def test_a_file_shared_with_a_live_case_stays(rita, ks, klass, ksl, rule,
                                               django_capture_on_commit_callbacks):
    old = closed_case(rita, ks, klass, ksl, content=b"samma")
    live = open_case(rita, ks, klass, title="Levande")
    register(live, rita, files=[actions.NewFile("kopia.pdf", b"samma")])
    with django_capture_on_commit_callbacks(execute=True):
        result = retention.do_dispose([old], acting_user=rita, decision=decision_for(rule),
                                      on=ON)
    assert result.files_removed == 0
    blob = DocumentFile.objects.get(document__case=live).blob
    assert blob_path(blob.sha256).read_bytes() == b"samma"


@pytest.mark.parametrize(
    ("setup", "reason"),
    [
        (lambda c: actions.do_change_status(c, acting_user=c.opened_by, status="decided",
                                            reason="Åter"), "inte avslutat"),
        (lambda c: None, "ska inte gallras förrän 2026-12-10"),
    ],
)
def test_what_is_not_due_is_refused(rita, ks, klass, ksl, rule, setup, reason):
    case = closed_case(rita, ks, klass, ksl, closed=at(2024, 12, 10))
    setup(case)
    events = Event.objects.count()
    with pytest.raises(retention.DisposalRefused) as excinfo:
        retention.do_dispose([case], acting_user=rita, decision=decision_for(rule), on=ON)
    assert reason in " ".join(excinfo.value.messages)
    assert case.diary_number in excinfo.value.messages[0]
    assert not Disposal.objects.exists() and not DisposalDecision.objects.exists()
    assert Event.objects.count() == events


def test_another_rule_or_keeping_for_ever_is_refused(rita, ks, klass, ksl, rule):
    case = closed_case(rita, ks, klass, ksl)
    other = RetentionRule.objects.create(
        classification=Classification.objects.create(code="9", title="Annat"),
        keep_forever=False, years=1, reference="Annan regel")
    with pytest.raises(retention.DisposalRefused, match="en annan gallringsregel"):
        retention.do_dispose([case], acting_user=rita, decision=decision_for(other), on=ON)
    forever = RetentionRule.objects.create(classification=klass, reference="Bevaras")
    with pytest.raises(ValidationError, match="för alltid"):
        retention.do_dispose([case], acting_user=rita, decision=decision_for(forever), on=ON)


def test_disposing_twice_is_refused(rita, ks, klass, ksl, rule):
    case = closed_case(rita, ks, klass, ksl)
    retention.do_dispose([case], acting_user=rita, decision=decision_for(rule), on=ON)
    with pytest.raises(retention.DisposalRefused, match="redan gallrat"):
        retention.do_dispose([case], acting_user=rita, decision=decision_for(rule), on=ON)


def test_a_document_relied_on_elsewhere_refuses_the_case(rita, ks, klass, ksl, rule):
    """A record in another app that points to the case's document (PROTECT) refuses the
    disposal with its reason; the other cases of the call are not disposed either."""
    case = closed_case(rita, ks, klass, ksl)
    fine = closed_case(rita, ks, klass, ksl, title="Annat", content=b"annat")
    document = case.documents.get(number=2)
    Deadline.objects.create(kind="internal", case=case, document=document,
                            description="Svar", due=datetime.date(2023, 1, 1))
    with pytest.raises(retention.DisposalRefused) as excinfo:
        retention.do_dispose([case, fine], acting_user=rita, decision=decision_for(rule),
                             on=ON)
    message = " ".join(excinfo.value.messages)
    assert f"{case.diary_number}:2" in message
    assert "Bevakning" in message  # the deadline, by its name in Swedish
    assert not Disposal.objects.exists()
    # Asked to skip what is refused, the other case goes.
    result = retention.do_dispose([case, fine], acting_user=rita, decision=decision_for(rule),
                                  on=ON, skip_refused=True)
    assert [d.case_id for d in result.disposals] == [fine.pk]
    assert list(result.refused) == [case]


def test_a_decision_needs_who_when_and_reference(rita, ks, klass, ksl, rule):
    case = closed_case(rita, ks, klass, ksl)
    with pytest.raises(ValidationError):
        retention.do_dispose([case], acting_user=rita,
                             decision=decision_for(rule, reference=" "), on=ON)


def test_archive_dispose_command(rita, ks, klass, ksl, rule):
    case = closed_case(rita, ks, klass, ksl)
    later = closed_case(rita, ks, klass, ksl, closed=at(2025, 1, 1), title="Senare")
    out, err = io.StringIO(), io.StringIO()
    call_command("archive", "dispose", "--rule", "1", "--decision", "KS 2026/12 § 4",
                 "--decided-by", "Arkivansvarig", "--decided-on", "2026-05-20",
                 "--on", "2026-06-01", "--all-due", "--user", "rita", stdout=out, stderr=err)
    assert case.diary_number in out.getvalue()
    assert Disposal.objects.get().case == case
    assert Event.objects.filter(action="dispose").get().actor_name == "rita"
    with pytest.raises(CommandError, match="ska inte gallras förrän 2027-01-01"):
        call_command("archive", "dispose", later.diary_number, "--rule", "1",
                     "--decision", "KS 2026/13", "--decided-by", "Arkivansvarig",
                     "--decided-on", "2026-05-20", "--on", "2026-06-01",
                     stdout=io.StringIO())


def test_the_case_page_panel_shows_the_stub(rita, ks, klass, ksl, rule):
    from django.template.loader import render_to_string

    case = closed_case(rita, ks, klass, ksl)
    assert retention.case_disposal({}, case) is None
    retention.do_dispose([case], acting_user=rita, decision=decision_for(rule), on=ON)
    template, context = retention.case_disposal({}, case)
    html = render_to_string(template, context)
    assert "Gallrat" in html and "KS 2026/12 § 4" in html and rule.reference in html


def test_rules_are_kept_in_the_admin_and_disposals_only_shown(client, rita, ks, klass, ksl,
                                                               rule):
    from django.contrib.auth.models import User

    User.objects.create_superuser("admin", "admin@ekero.se", "test-password-123")
    client.login(username="admin", password="test-password-123")
    assert client.get("/admin/archive/retentionrule/").status_code == 200
    retention.do_dispose([closed_case(rita, ks, klass, ksl)], acting_user=rita,
                         decision=decision_for(rule), on=ON)
    stub = Disposal.objects.get()
    assert client.get(f"/admin/archive/disposal/{stub.pk}/change/").status_code == 200
    assert client.post(f"/admin/archive/disposal/{stub.pk}/delete/").status_code == 403


def test_the_staff_case_page_shows_the_stub(client, rita, ks, klass, ksl, rule):
    """The panel plugs into kansli.diary.panels (ArchiveConfig.ready registers it)."""
    from django.urls import reverse

    from kansli.diary import panels

    assert retention.case_disposal in panels.CASE_PANELS
    case = closed_case(rita, ks, klass, ksl)
    retention.do_dispose([case], acting_user=rita, decision=decision_for(rule), on=ON)
    client.force_login(rita)
    page = client.get(reverse("diary:case", args=[case.pk])).content.decode()
    assert "Gallrat" in page and "KS 2026/12 § 4" in page


def test_the_public_case_page_shows_the_stub_and_nothing_of_the_documents(client, rita, ks,
                                                                        klass, ksl, rule):
    case = closed_case(rita, ks, klass, ksl)
    descriptions = list(case.documents.values_list("description", flat=True))
    retention.do_dispose([case], acting_user=rita, decision=decision_for(rule), on=ON)
    page = client.get(f"/insyn/arenden/{case.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert case.diary_number in html and "gallrades" in html and "KS 2026/12 § 4" in html
    assert not any(d and d in html for d in descriptions)
