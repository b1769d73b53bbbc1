"""The demo holds the seed's deadline with its extension, and an overdue list with
content."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from kansli.diary import journal
from kansli.handling.models import Deadline

pytestmark = pytest.mark.django_db

D = datetime.date


def test_the_demo_holds_ksl_s_deadline_extended_on_the_memo_and_met_and_an_overdue_list(
        client):
    call_command("loaddemo", cases=40, verbosity=0, stdout=io.StringIO())
    answer = Deadline.objects.get(case__diary_number="KS13/250-133", kind="external")
    assert (answer.due, answer.status, answer.closed_on) == (
        D(2013, 12, 19), "met", D(2013, 12, 18))
    (extension,) = answer.extensions.all()
    assert extension.previous_due == D(2013, 11, 15)
    assert extension.granted_on == D(2013, 10, 24)
    assert extension.document.number == 5
    assert Deadline.objects.filter(rule__endswith=":appeal").exists()
    today = timezone.localdate()
    assert Deadline.objects.filter(status="open", due__lt=today).exists()
    assert journal.verify()[1] is None
    from django.contrib.auth.models import User

    client.force_login(User.objects.get(username="registrator"))
    page = client.get("/bevakningar/")
    assert page.status_code == 200 and "försenad" in page.content.decode()
