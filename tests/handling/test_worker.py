import datetime
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from kansli.handling import actions, work
from kansli.handling.models import Deadline

D = datetime.date


def now_on(day):
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, 8))


def test_two_runs_send_one_reminder_before_the_due_date(deadline):
    assert actions.reminder_job(now_on(D(2013, 11, 13))) == 1
    assert actions.reminder_job(now_on(D(2013, 11, 13))) == 0
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["olle@ekero.se"]
    assert "2013-11-15" in mail.outbox[0].subject


def test_no_reminder_is_sent_earlier_than_the_configured_days(deadline):
    assert actions.reminder_job(now_on(D(2013, 11, 1))) == 0


def test_on_the_due_date_a_second_reminder_is_sent_once(deadline):
    actions.reminder_job(now_on(D(2013, 11, 13)))
    actions.reminder_job(now_on(D(2013, 11, 15)))
    actions.reminder_job(now_on(D(2013, 11, 16)))
    assert len(mail.outbox) == 2


def test_an_overdue_deadline_stays_open(deadline):
    actions.reminder_job(now_on(D(2013, 12, 1)))
    deadline.refresh_from_db()
    assert deadline.status == "open"
    assert len(mail.outbox) == 1


def test_an_extension_makes_its_reminders_due_again(deadline, rita):
    actions.reminder_job(now_on(D(2013, 11, 13)))
    actions.do_extend(deadline, acting_user=rita, new_due=D(2013, 12, 19), granted_by="KSL",
                      granted_on=D(2013, 10, 24), reason="Anstånd")
    actions.reminder_job(now_on(D(2013, 12, 17)))
    assert len(mail.outbox) == 2


def test_a_run_killed_between_claim_and_send_releases_the_claim_and_the_next_sends_once(
        deadline):
    with mock.patch("kansli.handling.actions.send_mail", side_effect=SystemExit("killed")):
        with pytest.raises(SystemExit):
            actions.reminder_job(now_on(D(2013, 11, 13)))
    assert Deadline.objects.get(pk=deadline.pk).reminded_before_at is None
    assert len(mail.outbox) == 0
    actions.reminder_job(now_on(D(2013, 11, 13)))
    actions.reminder_job(now_on(D(2013, 11, 13)))
    assert len(mail.outbox) == 1


def test_a_claim_already_taken_by_another_worker_sends_nothing(deadline):
    Deadline.objects.filter(pk=deadline.pk).update(reminded_before_at=timezone.now())
    assert actions.send_reminder(deadline.pk, timezone.now(), on_due=False) is False
    assert len(mail.outbox) == 0


def test_the_work_command_runs_every_registered_job_once(deadline):
    calls = []

    def job(now):
        calls.append(now)
        return 1

    work.register(job)
    try:
        call_command("work", "--once", verbosity=0)
    finally:
        work.JOBS.remove(job)
    assert len(calls) == 1


def test_a_failing_job_does_not_stop_the_others():
    def broken(now):
        raise RuntimeError("boom")

    work.register(broken)
    try:
        done = work.run_once(timezone.now())
    finally:
        work.JOBS.remove(broken)
    assert done[broken.__qualname__] == -1


def test_an_overdue_deadline_s_reminder_says_when_it_passed(deadline):
    actions.reminder_job(now_on(D(2013, 12, 1)))
    assert "2013-11-15" in mail.outbox[0].subject
