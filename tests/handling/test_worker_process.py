"""The worker as a real process against a committed database: run, stop, start again —
each reminder goes out once."""

import subprocess
import sys

import pytest

from tests.conftest import separate_database

SETUP = """
from django.contrib.auth.models import User
from django.utils import timezone
from kansli.handling import actions
from kansli.diary import actions as diary
from kansli.diary.models import Series
from kansli.org.models import Organisation
olle = User.objects.create_user("olle", "olle@ekero.se")
org = Organisation.objects.create(name="Ekerö kommun", diary_number_format="{series}{yy}/{serial}")
series = Series.objects.create(organisation=org, code="KS", name="Kommunstyrelsen")
case = diary.do_open_case(series, acting_user=olle, title="Ett ärende")
actions.do_add_deadline(case, acting_user=olle, kind="internal", responsible=olle,
                        due=timezone.localdate(), description="Skriv svaret")
"""


@pytest.mark.slow
def test_a_restarted_worker_process_sends_each_reminder_once(tmp_path):
    with separate_database(tmp_path) as env:
        env = dict(env, EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend")
        run = [sys.executable, "-m", "kansli"]
        subprocess.run([*run, "shell", "-c", SETUP], env=env, check=True)
        outputs = [subprocess.run([*run, "work", "--once", "-v0"], env=env, check=True,
                                  capture_output=True, text=True).stdout for _ in range(2)]
    assert outputs[0].count("To: olle@ekero.se") == 1
    assert "To: olle@ekero.se" not in outputs[1]
