"""docs/dispatch.md: retries are claimed, so no dispatch is sent twice."""

import datetime

from django.core import mail
from django.db.models import Q
from django.utils import timezone

from kansli.dispatch import actions
from kansli.dispatch.actions import do_dispatch, retry_failed
from kansli.dispatch.models import Dispatch


def queued(decision, rita, ksl):
    [d] = do_dispatch(decision, acting_user=rita, recipients=[ksl], channel="email")
    return d


def later(minutes):
    return timezone.now() + datetime.timedelta(minutes=minutes)


def test_only_one_claim_wins(decision, rita, ksl):
    """Two workers claiming the same dispatch: the second's UPDATE matches nothing."""
    d = queued(decision, rita, ksl)
    assert actions._claim(d.pk, timezone.now(), Q(status=Dispatch.Status.QUEUED))
    assert not actions._claim(d.pk, timezone.now(), Q(status=Dispatch.Status.QUEUED))


def test_a_queued_dispatch_whose_send_never_ran_is_sent_by_the_job(
        decision, rita, ksl, mail_outbox):
    """The process died before its after-commit send: the job sends it, once."""
    d = queued(decision, rita, ksl)  # on_commit never runs inside the test transaction
    assert retry_failed(timezone.now()) == 0  # still within the grace period
    assert retry_failed(later(5)) == 1
    assert retry_failed(later(10)) == 0
    assert len(mail.outbox) == 1
    d.refresh_from_db()
    assert d.status == Dispatch.Status.SENT


def test_a_dispatch_cut_off_while_sending_is_not_sent_again(decision, rita, ksl, mail_outbox):
    """A worker killed mid-conversation leaves "sending"; it is shown, never resent."""
    d = queued(decision, rita, ksl)
    Dispatch.objects.filter(pk=d.pk).update(status=Dispatch.Status.SENDING,
                                            claimed_at=timezone.now(), attempts=1)
    assert retry_failed(later(24 * 60)) == 0
    assert mail.outbox == []


def test_retries_stop_after_the_last_attempt(decision, rita, ksl, mail_outbox):
    d = queued(decision, rita, ksl)
    Dispatch.objects.filter(pk=d.pk).update(status=Dispatch.Status.FAILED,
                                            attempts=actions.MAX_ATTEMPTS,
                                            claimed_at=timezone.now())
    assert retry_failed(later(24 * 60)) == 0
    assert mail.outbox == []


def test_failed_post_or_hand_is_never_retried_by_email(decision, rita, unit, mail_outbox):
    [d] = do_dispatch(decision, acting_user=rita, recipients=[unit], channel="hand")
    assert retry_failed(later(60)) == 0
    assert d.status == Dispatch.Status.SENT and mail.outbox == []


def test_the_wait_after_a_failure_grows(decision):
    assert [actions.backoff(n).total_seconds() / 60 for n in (1, 2, 3, 8)] == [1, 2, 4, 60]


def test_the_worker_runs_the_retry_job():
    from django.apps import apps

    if not apps.is_installed("kansli.handling"):
        return
    from kansli.handling import work

    assert retry_failed in work.JOBS
