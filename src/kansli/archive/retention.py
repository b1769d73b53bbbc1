"""Retention and disposal (gallring): which closed cases are due under their
classification's retention rule, and disposing of them under a recorded decision.

Disposal goes only through ``do_dispose``. In one transaction it checks every case is
due under the decision's rule and that nothing elsewhere still relies on its documents,
then removes the documents' files, their senders and recipients and what they concern,
replaces a secret case title by its public title, leaves a ``Disposal`` stub (diary
number, title, dates, the decision) and writes a ``dispose`` event per case. The journal
is never changed: its events stay as they were. Files no longer referenced by anything
are deleted from the store after the commit. See docs/retention.md.

``add_due_arguments``/``handle_due`` and ``add_dispose_arguments``/``handle_dispose`` are
the subcommands ``kansli archive due`` and ``kansli archive dispose``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kansli.diary import journal, search
from kansli.diary.files import blob_path
from kansli.diary.models import (
    Blob,
    Case,
    Classification,
    Document,
    DocumentFile,
    DocumentParty,
    DocumentUnit,
)

from .models import Disposal, DisposalDecision, RetentionRule

# References to a case's documents or files that do not stop its disposal: records of
# where a document came from, which hold no content of their own.
NON_BLOCKING = {("ingest", "sourcerow")}


# Rules ----------------------------------------------------------------------------------


def effective_rules() -> dict[int, RetentionRule | None]:
    """Each classification's rule: its own, or its nearest parent's."""
    own = {rule.classification_id: rule
           for rule in RetentionRule.objects.select_related("classification")}
    parents = dict(Classification.objects.values_list("pk", "parent_id"))
    resolved: dict[int, RetentionRule | None] = {}
    for pk in parents:
        seen, node = [], pk
        rule = None
        while node is not None and node not in seen:
            if node in resolved:
                rule = resolved[node]
                break
            if node in own:
                rule = own[node]
                break
            seen.append(node)
            node = parents.get(node)
        resolved[pk] = rule
    return resolved


def rule_for(case: Case) -> RetentionRule | None:
    if case.classification_id is None:
        return None
    return effective_rules().get(case.classification_id)


def add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def due_date(case: Case, rule: RetentionRule) -> datetime.date | None:
    if rule.keep_forever or case.closed_at is None:
        return None
    return add_years(timezone.localtime(case.closed_at).date(), rule.years)


@dataclass
class Due:
    case: Case
    rule: RetentionRule
    due_on: datetime.date


def due_cases(on: datetime.date | None = None, *, rule: RetentionRule | None = None
              ) -> list[Due]:
    """Closed, not yet disposed cases whose retention ended on or before ``on``, by
    rule, oldest first."""
    on = on or timezone.localdate()
    by_rule: dict[int, list[int]] = {}
    rules = {}
    for classification_id, effective in effective_rules().items():
        if effective is None or effective.keep_forever:
            continue
        if rule is not None and effective.pk != rule.pk:
            continue
        by_rule.setdefault(effective.pk, []).append(classification_id)
        rules[effective.pk] = effective
    found = []
    zone = timezone.get_current_timezone()
    for pk, classification_ids in by_rule.items():
        effective = rules[pk]
        # Closed on or before the day that many years before ``on``.
        last_day = add_years(on, -effective.years)
        before = datetime.datetime.combine(last_day + datetime.timedelta(days=1),
                                           datetime.time(), tzinfo=zone)
        cases = (Case.objects.filter(classification_id__in=classification_ids,
                                     status=Case.Status.CLOSED, closed_at__lt=before,
                                     disposal__isnull=True)
                 .select_related("classification").order_by("closed_at", "pk"))
        found += [Due(case, effective, due_date(case, effective)) for case in cases]
    found.sort(key=lambda d: (d.due_on, d.case.diary_number))
    return found


# References from elsewhere ----------------------------------------------------------------


def _relations_to(*targets) -> list[tuple[type[models.Model], models.Field]]:
    """Every foreign key or one-to-one field outside the diary and the archive pointing
    to one of ``targets``."""
    found = []
    for model in apps.get_models():
        label = model._meta.app_label
        if label in ("diary", "archive") or (label, model._meta.model_name) in NON_BLOCKING:
            continue
        for f in model._meta.concrete_fields:
            if f.is_relation and f.related_model in targets:
                found.append((model, f))
    return found


def references(case: Case) -> list[str]:
    """Why the case cannot be disposed of: records elsewhere that rely on its documents
    or their files, each as "<what> refers to <document>"."""
    document_ids = list(case.documents.values_list("pk", flat=True))
    if not document_ids:
        return []
    file_ids = list(DocumentFile.objects.filter(document_id__in=document_ids)
                    .values_list("pk", flat=True))
    numbers = dict(Document.objects.filter(pk__in=document_ids).values_list("pk", "number"))
    file_documents = dict(DocumentFile.objects.filter(pk__in=file_ids)
                          .values_list("pk", "document_id"))
    reasons = []
    for model, f in _relations_to(Document, DocumentFile):
        ids = document_ids if f.related_model is Document else file_ids
        if not ids:
            continue
        for target in (model._default_manager.filter(**{f"{f.attname}__in": ids})
                       .values_list(f.attname, flat=True).distinct()):
            document_id = target if f.related_model is Document else file_documents[target]
            reasons.append(_("%(what)s refers to document %(reference)s") % {
                "what": str(model._meta.verbose_name).capitalize(),
                "reference": f"{case.diary_number}:{numbers[document_id]}"})
    return sorted(set(reasons))


def _blob_users(blob_ids: list[int]) -> set[int]:
    """The blobs among ``blob_ids`` that something other than a document file of the
    cases being disposed still refers to (checked after those links are removed)."""
    used = set()
    for related in Blob._meta.related_objects:
        if related.on_delete is models.CASCADE:
            continue  # goes with the blob (a derived copy, such as OParl's text)
        column = related.field.attname
        used |= set(related.related_model._default_manager.filter(
            **{f"{column}__in": blob_ids}).values_list(column, flat=True))
    return used


# Disposal -------------------------------------------------------------------------------


class DisposalRefused(ValidationError):
    """Some cases cannot be disposed of; ``refusals`` maps each to its reasons."""

    def __init__(self, refusals: dict[Case, list[str]]):
        self.refusals = refusals
        lines = [f"{case.diary_number}: {'; '.join(reasons)}"
                 for case, reasons in refusals.items()]
        super().__init__(lines)


def check_case(case: Case, rule: RetentionRule, on: datetime.date,
               effective: dict[int, RetentionRule | None]) -> list[str]:
    """The reasons ``case`` cannot be disposed of under ``rule`` on ``on``; none if it
    can."""
    if Disposal.objects.filter(case=case).exists():
        return [_("the case is already disposed of")]
    reasons = []
    if case.status != Case.Status.CLOSED or case.closed_at is None:
        reasons.append(_("the case is not closed"))
    case_rule = effective.get(case.classification_id) if case.classification_id else None
    if case_rule is None:
        reasons.append(_("the case's classification has no retention rule"))
    elif case_rule.pk != rule.pk:
        reasons.append(_("the case falls under another retention rule (%(rule)s)")
                       % {"rule": case_rule.reference})
    elif case.closed_at is not None:
        due_on = due_date(case, rule)
        if due_on is None:
            reasons.append(_("the rule keeps the case for ever"))
        elif due_on > on:
            reasons.append(_("not due until %(date)s") % {"date": due_on.isoformat()})
    reasons += references(case)
    return reasons


def _remove_stored(sha256s: list[str]) -> None:
    """Delete files no longer referenced, after the disposal committed. Each is
    claimed first by creating its Blob row again: a registration storing the same
    content at this moment waits on that row (the unique SHA-256), or has already
    created it, in which case the file stays."""
    for sha256 in sha256s:
        with transaction.atomic():
            blob, created = Blob.objects.get_or_create(sha256=sha256, defaults={"size": 0})
            if not created:
                continue
            blob_path(sha256).unlink(missing_ok=True)
            blob.delete()


@dataclass
class Result:
    disposals: list[Disposal] = field(default_factory=list)
    refused: dict[Case, list[str]] = field(default_factory=dict)
    files_removed: int = 0


def do_dispose(cases, *, acting_user, decision: DisposalDecision,
               on: datetime.date | None = None, skip_refused: bool = False) -> Result:
    """Dispose of ``cases`` under ``decision`` (saved here if it is new), in one
    transaction. A case that is not due under the decision's rule, or whose documents
    something elsewhere still relies on, is refused with its reasons: then nothing is
    disposed (``DisposalRefused``), or, with ``skip_refused``, the others are and the
    refusals are returned."""
    on = on or timezone.localdate()
    with transaction.atomic():
        rule = RetentionRule.objects.get(pk=decision.rule_id)
        if rule.keep_forever:
            raise ValidationError(_("The rule %(rule)s keeps its cases for ever.")
                                  % {"rule": rule.reference})
        if decision.pk is None:
            decision.reference = (decision.reference or "").strip()
            decision.decided_by = (decision.decided_by or "").strip()
            if not decision.reference or not decision.decided_by or not decision.decided_on:
                raise ValidationError(_("A disposal decision needs who decided, when, and "
                                        "its reference."))
            decision.recorded_at = timezone.now()
            decision.recorded_by = acting_user
            decision.save()
            journal.record("disposal_decision", decision, acting_user=acting_user,
                           rule=rule.pk, classification=rule.classification.code,
                           rule_reference=rule.reference, reference=decision.reference,
                           decided_by=decision.decided_by,
                           decided_on=decision.decided_on.isoformat())
        pks = sorted({case.pk for case in cases})
        if not pks:
            raise ValidationError(_("Name at least one case."))
        locked = list(Case.objects.select_for_update().filter(pk__in=pks).order_by("pk"))
        effective = effective_rules()
        result = Result()
        for case in locked:
            reasons = check_case(case, rule, on, effective)
            if reasons:
                result.refused[case] = reasons
        if result.refused and not skip_refused:
            raise DisposalRefused(result.refused)
        candidates: set[int] = set()
        for case in locked:
            if case in result.refused:
                continue
            disposal, blobs = _dispose_one(case, rule, decision, acting_user)
            result.disposals.append(disposal)
            candidates |= blobs
        if not result.disposals:
            raise DisposalRefused(result.refused)
        # Files nothing refers to any more go; their rows now, their content after commit.
        unused = sorted(candidates - _blob_users(sorted(candidates)))
        sha256s = list(Blob.objects.filter(pk__in=unused).values_list("sha256", flat=True))
        Blob.objects.filter(pk__in=unused).delete()
        result.files_removed = len(sha256s)
        transaction.on_commit(lambda: _remove_stored(sha256s))
    return result


def _dispose_one(case: Case, rule: RetentionRule, decision: DisposalDecision,
                 acting_user) -> tuple[Disposal, set[int]]:
    documents = list(case.documents.order_by("number"))
    files = list(DocumentFile.objects.filter(document__case=case).select_related("blob"))
    blob_ids = {f.blob_id for f in files}
    stub_title = case.shown_title
    DocumentParty.objects.filter(document__case=case).delete()
    DocumentUnit.objects.filter(document__case=case).delete()
    DocumentFile.objects.filter(pk__in=[f.pk for f in files]).delete()
    Document.objects.filter(case=case).update(description="", cancel_reason="")
    if case.title != stub_title:
        Case.objects.filter(pk=case.pk).update(title=stub_title)
        case.title = stub_title
    now = timezone.now()
    disposal = Disposal.objects.create(
        case=case, decision=decision, diary_number=case.diary_number, title=stub_title,
        opened_at=case.opened_at, closed_at=case.closed_at, disposed_at=now,
        documents=len(documents), files=len(files))
    journal.record(
        "dispose", case, acting_user=acting_user, case=case, decision=decision.pk,
        reference=decision.reference, rule=rule.pk, rule_reference=rule.reference,
        classification=rule.classification.code, documents=[d.number for d in documents],
        files=sorted({f.blob.sha256 for f in files}))
    for document in documents:
        document.description = ""
        search.index_document(document, parties=[], files=[], units=[])
    return disposal, blob_ids


# The case page -----------------------------------------------------------------------------


def case_disposal(context, case):
    """The case page's panel (kansli.diary.panels): a disposed case says so, with its
    decision and rule. One query."""
    disposal = (Disposal.objects.filter(case=case)
                .select_related("decision__rule__classification").first())
    if disposal is None:
        return None
    return "archive/_case_disposal.html", {"disposal": disposal}


# `kansli archive due` and `kansli archive dispose` ------------------------------------------


def _date(value: str) -> datetime.date:
    from django.core.management.base import CommandError

    try:
        return datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(_("Not a date (YYYY-MM-DD): %(value)s") % {"value": value}) from exc


def _rule(code: str) -> RetentionRule:
    from django.core.management.base import CommandError

    rule = RetentionRule.objects.filter(classification__code=code).select_related(
        "classification").first()
    if rule is None:
        raise CommandError(_("No retention rule for the classification %(code)s.")
                           % {"code": code})
    return rule


def add_due_arguments(parser):
    parser.add_argument("--on", type=_date, default=None, metavar="YYYY-MM-DD",
                        help="Due on this day (default: today).")
    parser.add_argument("--rule", default="", metavar="CLASSIFICATION",
                        help="Only cases under the rule of this classification code.")


def handle_due(command, options):
    rule = _rule(options["rule"]) if options.get("rule") else None
    due = due_cases(options.get("on"), rule=rule)
    current = None
    for item in due:
        if item.rule.pk != current:
            current = item.rule.pk
            command.stdout.write(_("%(code)s: dispose %(years)d years after closing (%(ref)s)")
                                 % {"code": item.rule.classification.code,
                                    "years": item.rule.years, "ref": item.rule.reference})
        command.stdout.write("  " + _("%(number)s  closed %(closed)s, due %(due)s  %(title)s")
                             % {"number": item.case.diary_number,
                                "closed": timezone.localtime(item.case.closed_at).date(),
                                "due": item.due_on, "title": item.case.shown_title})
    command.stdout.write(_("%(count)d cases due.") % {"count": len(due)})


def add_dispose_arguments(parser):
    parser.add_argument("cases", nargs="*", metavar="DIARY_NUMBER",
                        help="The cases to dispose of (or --all-due).")
    parser.add_argument("--rule", required=True, metavar="CLASSIFICATION",
                        help="The classification code whose retention rule applies.")
    parser.add_argument("--decision", required=True, metavar="REFERENCE",
                        help="Where the disposal decision is recorded (e.g. 'KS 2026/12 § 4').")
    parser.add_argument("--decided-by", required=True, metavar="WHO",
                        help="Who decided (a person or a body).")
    parser.add_argument("--decided-on", type=_date, required=True, metavar="YYYY-MM-DD",
                        help="The day of the decision.")
    parser.add_argument("--all-due", action="store_true",
                        help="Every case due under the rule; refused ones are listed and "
                             "left alone.")
    parser.add_argument("--on", type=_date, default=None, metavar="YYYY-MM-DD",
                        help="Due on this day (default: today).")
    parser.add_argument("--user", default="",
                        help="The user name the journal records as having disposed.")


def handle_dispose(command, options):
    from django.contrib.auth import get_user_model
    from django.core.management.base import CommandError

    rule = _rule(options["rule"])
    user = None
    if options.get("user"):
        user = get_user_model().objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(_("No user %(name)s.") % {"name": options["user"]})
    if options.get("all_due"):
        cases = [item.case for item in due_cases(options.get("on"), rule=rule)]
    else:
        numbers = options.get("cases") or []
        cases = list(Case.objects.filter(diary_number__in=numbers))
        unknown = sorted(set(numbers) - {c.diary_number for c in cases})
        if unknown:
            raise CommandError(_("No case %(numbers)s.") % {"numbers": ", ".join(unknown)})
    if not cases:
        raise CommandError(_("No cases to dispose of."))
    decision = DisposalDecision(rule=rule, reference=options["decision"],
                                decided_by=options["decided_by"],
                                decided_on=options["decided_on"])
    try:
        result = do_dispose(cases, acting_user=user, decision=decision, on=options.get("on"),
                            skip_refused=bool(options.get("all_due")))
    except DisposalRefused as exc:
        raise CommandError(_("Nothing was disposed of:") + "\n" + "\n".join(exc.messages)
                           ) from exc
    except ValidationError as exc:
        raise CommandError(" ".join(exc.messages)) from exc
    for case, reasons in result.refused.items():
        command.stderr.write(_("Refused %(number)s: %(reasons)s") % {
            "number": case.diary_number, "reasons": "; ".join(reasons)})
    for disposal in result.disposals:
        command.stdout.write(_("Disposed of %(number)s.") % {"number": disposal.diary_number})
    command.stdout.write(_("%(count)d cases disposed of under %(reference)s; %(files)d files "
                           "removed.") % {"count": len(result.disposals),
                                          "reference": decision.reference,
                                          "files": result.files_removed})
