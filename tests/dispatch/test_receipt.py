"""docs/dispatch.md: the one-time receipt link."""

from django.core import mail

from kansli.diary.models import Event
from kansli.dispatch.actions import do_dispatch, receipt_token
from kansli.dispatch.models import Dispatch


def test_the_link_records_the_receipt_once(client, decision, rita, ksl, mail_outbox,
                                           django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        [d] = do_dispatch(decision, acting_user=rita, recipients=[ksl], channel="email")
    path = next(w for w in mail.outbox[0].body.split() if "/kvitto/" in w)
    path = path[path.index("/kvitto/"):]

    # Opening the link (as a mail scanner would) only asks.
    opened = client.get(path)
    assert opened.status_code == 200 and b'id="receipt-form"' in opened.content
    d.refresh_from_db()
    assert d.receipt_at is None
    assert not Event.objects.filter(action="dispatch_receipt").exists()

    first = client.post(path)
    assert first.status_code == 200 and b'id="receipt-recorded"' in first.content
    d.refresh_from_db()
    receipt_at = d.receipt_at
    assert receipt_at
    assert Event.objects.filter(action="dispatch_receipt", object_id=d.pk).count() == 1

    second = client.post(path)
    assert second.status_code == 200 and b'id="receipt-already"' in second.content
    assert b'id="receipt-already"' in client.get(path).content
    d.refresh_from_db()
    assert d.receipt_at == receipt_at


def test_a_bad_token_is_a_clear_404(client, decision, rita, ksl):
    [d] = do_dispatch(decision, acting_user=rita, recipients=[ksl], channel="post")
    tampered = receipt_token(d)[:-2] + "xx"
    response = client.get(f"/kvitto/{tampered}/")
    assert response.status_code == 404 and b'id="receipt-unknown"' in response.content
    response = client.post(f"/kvitto/{tampered}/")
    assert response.status_code == 404 and b'id="receipt-unknown"' in response.content
    assert not Dispatch.objects.filter(receipt_at__isnull=False).exists()
