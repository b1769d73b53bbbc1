"""An extract goes to external parties and to the organisation's own units."""

import datetime

import pytest

from kansli.diary.models import Document, Event
from kansli.meetings import actions
from kansli.org.models import Unit
from tests.conftest import open_case
from tests.meetings.conftest import approve, at, decide, drawn_up

pytestmark = pytest.mark.django_db


def test_an_extract_is_sent_to_an_external_party_and_an_internal_unit(
        ks, klass, kf, kf_board, ksl, org, rita):
    socialkontoret = Unit.objects.create(organisation=org, name="Socialkontoret")
    case = open_case(rita, ks, klass)
    meeting, (paragraph,) = drawn_up(kf, kf_board, rita, at(2013, 12, 16, 18), cases=[case])
    decide([paragraph], rita)
    approve(meeting, kf_board, on=datetime.date(2013, 12, 18))
    document = actions.do_issue_extract(paragraph, acting_user=rita,
                                        recipients=[ksl, socialkontoret],
                                        sent_on=datetime.date(2013, 12, 18))
    assert document.direction == Document.Direction.OUTGOING
    assert list(document.party_links.values_list("party__name", flat=True)) == [
        "Kommunförbundet Stockholms län"]
    assert [(link.unit, link.role) for link in document.unit_links.all()] == [
        (socialkontoret, "recipient")]
    event = Event.objects.get(action="register", object_id=document.pk)
    assert event.data["recipient_units"] == ["Socialkontoret"]
