"""A report refused for a bad decision basis leaves nothing, and can be written again."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from kansli.meetings import actions
from tests.conftest import open_case, register

pytestmark = pytest.mark.django_db


def test_a_report_refused_for_its_basis_can_be_written_right_after(ks, klass, ks_body, rita):
    case = open_case(rita, ks, klass)
    document = register(case, rita, "Tjänsteutlåtande", direction="drawn_up",
                        doc_type="officers_report", received_date=datetime.date(2013, 11, 5))
    with pytest.raises(ValidationError, match="links a document or a paragraph"):
        actions.do_write_report(document, acting_user=rita, body=ks_body, title="T",
                                proposal="att", basis=[{"label": "Bara text"}])
    report = actions.do_write_report(document, acting_user=rita, body=ks_body, title="T",
                                     proposal="att", basis=[{"document": document}])
    assert report.basis.count() == 1
