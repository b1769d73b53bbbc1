"""An agenda item made from an officer's report takes its case and heading from it."""

import datetime

import pytest

from kansli.meetings import actions
from tests.conftest import open_case, register
from tests.meetings.conftest import at, plan

pytestmark = pytest.mark.django_db


def test_an_item_given_only_a_report_takes_its_case_and_heading_from_it(ks, ks_body, klass,
                                                                        rita):
    case = open_case(rita, ks, klass, title="Ärendets titel")
    document = register(case, rita, "Tjänsteutlåtande", direction="drawn_up",
                        doc_type="officers_report", received_date=datetime.date(2013, 11, 5))
    report = actions.do_write_report(document, acting_user=rita, body=ks_body,
                                     title="Rapportens titel", proposal="att anta")
    meeting = plan(ks_body, rita, at(2013, 11, 26))
    item = actions.do_add_agenda_item(meeting, acting_user=rita, heading="", report=report)
    assert (item.case, item.heading) == (case, "Rapportens titel")
