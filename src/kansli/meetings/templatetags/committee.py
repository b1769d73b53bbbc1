"""Committee work shown on pages of other parts: on the diary's case page the handlings
of a case by bodies and its officer's reports (a fixed number of queries), with what
the reader may do there; on the document page the structure of an officer's report."""

from django import template
from django.db.models import Prefetch

register = template.Library()


@register.inclusion_tag("meetings/_case_handlings.html", takes_context=True)
def case_handlings(context, case):
    from kansli.meetings import access
    from kansli.meetings.views import can_refer, case_reports
    from kansli.meetings.views import case_handlings as handlings_of

    user = context.get("user")
    active = not case.is_cancelled
    reports = case_reports(case)
    can_read = getattr(case, "can_read", False)
    for report in reports:
        report.masked = report.document.is_secret and not can_read
    return {"handlings": handlings_of(case), "case": case, "reports": reports,
            "can_refer": active and bool(user) and can_refer(user, case),
            "can_register_delegation": active and bool(user) and access.can_manage(user)}


@register.inclusion_tag("meetings/_document_report.html", takes_context=True)
def officers_report(context, document):
    """The report's structure, or a link to write it, on an officer's report's page."""
    from kansli.diary.models import Document
    from kansli.meetings.models import BasisEntry, OfficersReport, Recipient
    from kansli.meetings.views import can_refer

    shown = (document.doc_type == Document.Type.OFFICERS_REPORT
             and not getattr(document, "masked", False))
    if not shown:
        return {"shown": False}
    report = (OfficersReport.objects.filter(document=document).select_related("body")
              .prefetch_related(
                  "sections", "signatories",
                  Prefetch("basis", queryset=BasisEntry.objects.select_related(
                      "document", "paragraph", "paragraph__body", "paragraph__meeting")),
                  Prefetch("recipients", queryset=Recipient.objects.select_related(
                      "party", "unit")))
              .first())
    user = context.get("user")
    can_write = bool(user) and not document.is_cancelled and not document.case.is_cancelled \
        and can_refer(user, document.case)
    return {"shown": True, "document": document, "report": report,
            "can_write": can_write and report is None}
