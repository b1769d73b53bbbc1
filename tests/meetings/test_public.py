"""kansli.meetings.public: what the public sees of meetings, agendas and minutes."""

import pytest

from kansli.diary.actions import do_mark_secret
from kansli.lib.personnummer import MASK
from kansli.meetings import public
from kansli.meetings.models import Paragraph

pytestmark = pytest.mark.django_db


def test_the_story_paragraph_is_public_once_approved_and_a_secret_one_is_not_shown():
    import kansli.demo

    case = kansli.demo.load(cases=0)
    kf = (Paragraph.objects.select_related("meeting", "body", "case__series")
          .get(case=case, body__code="KF"))
    shown = public.paragraph_entry(kf)
    assert shown.citation == "KF 2013-12-16 § 90" and shown.diary_number == "KS13/250-133"
    assert shown.decision.startswith("att anta överenskommelse")
    assert public.agenda_is_public(kf.meeting) and public.minutes_are_public(kf.meeting)

    kf.secrecy_ground = "OSL 21 kap. 1 §"  # in memory: how a secret paragraph shows
    shown = public.paragraph_entry(kf)
    assert shown.secret and shown.heading is None and shown.decision is None
    assert shown.secrecy_ground == "OSL 21 kap. 1 §"

    kf.approved_on = None
    assert public.paragraph_entry(kf) is None


def test_an_item_of_a_case_with_a_secret_title_shows_the_public_title(rita):
    import kansli.demo

    case = kansli.demo.load(cases=0)
    item = case.agenda_items.select_related("case__series").first()
    assert public.agenda_item_heading(item) == item.heading
    do_mark_secret(case, acting_user=rita, ground="OSL 26 kap. 1 §",
                   public_title="Överenskommelse om samverkan")
    item.case.refresh_from_db()
    assert public.agenda_item_heading(item) == "Överenskommelse om samverkan"
    item.case.secrecy_ground = ""
    item.heading = "Ansökan från 811228-9874"
    assert public.agenda_item_heading(item) == f"Ansökan från {MASK}"
