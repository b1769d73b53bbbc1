"""The deadlines of the demo: KSL's answer due 2013-11-15 on KS13/250-133, extended to
2013-12-19 on 2013-10-24 (the tjänsteanteckning shows it) and met when the extract was
sent on 2013-12-18; the legal deadlines of the demo's meetings; and a few open and
overdue deadlines on made-up cases so the overdue list has content.

Called by ``kansli.demo.load`` after the committee work, inside its transaction."""

from __future__ import annotations

import datetime

from django.utils import timezone

from kansli.diary.models import Case
from kansli.meetings.models import Meeting

from . import actions
from .models import Deadline


def load(setup, users, case: Case, *, today: datetime.date | None = None) -> None:
    today = today or timezone.localdate()
    registrar = users["registrator"]
    officer = users["ahalvarsson"]
    docs = {d.number: d for d in case.documents.all()}
    answer = actions.do_add_deadline(
        case, acting_user=registrar, kind=Deadline.Kind.EXTERNAL,
        due=datetime.date(2013, 11, 15), responsible=officer, document=docs.get(1),
        description="Svar till KSL om överenskommelsen om nyanlända")
    actions.do_extend(answer, acting_user=officer, new_due=datetime.date(2013, 12, 19),
                      granted_by="Kommunförbundet Stockholms län",
                      granted_on=datetime.date(2013, 10, 24), document=docs.get(5),
                      reason="Kommunfullmäktige sammanträder först den 18 december")
    actions.do_meet_deadline(answer, acting_user=officer, on=datetime.date(2013, 12, 18))

    for meeting in Meeting.objects.filter(minutes_drawn_up_at__isnull=False):
        actions.legal_deadlines_for_meeting(meeting)

    made_up = list(Case.objects.filter(year__gte=2023, secrecy_ground="")
                   .exclude(status=Case.Status.CLOSED).exclude(pk=case.pk)
                   .order_by("-opened_at")[:8])
    plan = [(-20, Deadline.Kind.EXTERNAL, "Yttrande till Länsstyrelsen"),
            (-6, Deadline.Kind.INTERNAL, "Tjänsteutlåtande till nämnden"),
            (-1, Deadline.Kind.EXTERNAL, "Svar på remiss från Region Stockholm"),
            (0, Deadline.Kind.INTERNAL, "Komplettering från sökanden"),
            (2, Deadline.Kind.EXTERNAL, "Svar till Skolverket"),
            (5, Deadline.Kind.INTERNAL, "Beredning inför arbetsutskottet"),
            (12, Deadline.Kind.EXTERNAL, "Yttrande till förvaltningsrätten"),
            (30, Deadline.Kind.INTERNAL, "Uppföljning av beslut")]
    people = [users["handlaggare"], officer]
    for n, (made_case, (days, kind, text)) in enumerate(zip(made_up, plan, strict=False)):
        actions.do_add_deadline(made_case, acting_user=registrar, kind=kind,
                                due=today + datetime.timedelta(days=days),
                                responsible=made_case.officer or people[n % 2],
                                description=text)
