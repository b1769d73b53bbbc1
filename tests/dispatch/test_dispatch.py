"""docs/dispatch.md: the rules of do_dispatch."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from kansli.diary.actions import do_create_party
from kansli.diary.models import Document, Event
from kansli.dispatch.actions import do_dispatch
from kansli.dispatch.models import Dispatch
from tests.conftest import register


def dispatch(document, user, recipients, channel="email", **kwargs):
    return do_dispatch(document, acting_user=user, recipients=recipients, channel=channel,
                       **kwargs)


def test_an_email_dispatch_is_sent_after_commit_with_the_files_attached(
        decision, rita, ksl, mail_outbox, django_capture_on_commit_callbacks):
    """E-mail goes out after commit, to the party's address, with the stored files."""
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        [d] = dispatch(decision, rita, [ksl])
    assert d.status == Dispatch.Status.QUEUED
    assert mail.outbox == []
    for callback in callbacks:
        callback()
    d.refresh_from_db()
    assert d.status == Dispatch.Status.SENT and d.sent_at and d.attempts == 1
    [message] = mail.outbox
    assert message.to == ["registrator@ksl.se"]
    assert message.attachments[0][:2] == ("beslut.pdf", b"%PDF-1.4 beslut")
    assert "/kvitto/" in message.body


def test_a_dispatch_is_registered_as_an_outgoing_document(decision, rita, ksl, unit,
                                                           mail_outbox):
    """A drawn-up decision gets an outgoing registration naming recipients and channel."""
    unit.email = "kansliet@ekero.se"
    unit.save()
    dispatches = dispatch(decision, rita, [ksl, unit])
    registration = dispatches[0].registration
    assert {d.registration for d in dispatches} == {registration}
    assert registration != decision
    assert registration.direction == Document.Direction.OUTGOING
    assert registration.case == decision.case
    assert registration.description.startswith(f"Expediering av {decision.reference}")
    assert "(e-post)" in registration.description
    assert list(registration.parties.all()) == [ksl]
    assert [link.unit for link in registration.unit_links.all()] == [unit]
    assert Event.objects.filter(action="dispatch", object_id=decision.pk).exists()


def test_an_outgoing_registration_to_the_recipient_is_the_record_itself(
        case, rita, ksl, mail_outbox):
    """An extract registered as outgoing to KSL: its first dispatch to KSL links to it."""
    extract = register(case, rita, "Protokollsutdrag", direction="outgoing",
                       doc_type="extract", recipients=[ksl])
    count = Document.objects.count()
    [d] = dispatch(extract, rita, [ksl])
    assert d.registration == extract
    assert Document.objects.count() == count


def test_a_recipient_not_on_the_outgoing_registration_gets_a_registration(
        case, rita, ksl, mail_outbox):
    other = do_create_party(acting_user=rita, kind="organisation", name="Ekerö Bostäder",
                            email="info@ekerobostader.se")
    extract = register(case, rita, "Protokollsutdrag", direction="outgoing",
                       doc_type="extract", recipients=[ksl])
    [d] = dispatch(extract, rita, [other])
    assert d.registration != extract


def test_no_recipients_is_refused(decision, rita):
    with pytest.raises(ValidationError, match="at least one recipient"):
        dispatch(decision, rita, [])
    assert not Dispatch.objects.exists()


def test_email_to_a_recipient_without_an_address_is_refused(decision, rita, ksl, unit):
    """The unit has no e-mail: nothing is dispatched, not even to KSL."""
    with pytest.raises(ValidationError, match="No e-mail address for: Kommunkansliet"):
        dispatch(decision, rita, [ksl, unit])
    assert not Dispatch.objects.exists()
    assert not Document.objects.filter(description__startswith="Expediering").exists()


def test_post_to_a_recipient_without_email_is_sent_at_once(decision, rita, unit, mail_outbox):
    """Post and hand are recorded as sent by the acting user; no e-mail."""
    [d] = dispatch(decision, rita, [unit], channel="post")
    assert d.status == Dispatch.Status.SENT and d.sent_at and d.created_by == rita
    assert "(post)" in d.registration.description
    assert mail.outbox == []


def test_post_to_a_party_without_a_postal_address_is_refused(decision, rita, ksl, unit):
    from kansli.diary.actions import do_create_party

    petra = do_create_party(acting_user=rita, kind="person", name="Petra Person",
                            email="petra@example.se")
    with pytest.raises(ValidationError, match="No postal address for: Petra Person"):
        dispatch(decision, rita, [ksl, petra, unit], channel="post")
    assert not Dispatch.objects.exists()
    [d] = dispatch(decision, rita, [petra], channel="hand")
    assert d.status == Dispatch.Status.SENT


def test_the_same_document_again_to_the_same_recipient_needs_confirmation(
        decision, rita, ksl, mail_outbox):
    dispatch(decision, rita, [ksl])
    with pytest.raises(ValidationError, match="Already dispatched to: Kommunförbundet"):
        dispatch(decision, rita, [ksl], channel="hand")
    assert Dispatch.objects.count() == 1
    dispatch(decision, rita, [ksl], channel="hand", confirm_repeat=True)
    assert Dispatch.objects.count() == 2


def test_a_cancelled_document_is_not_dispatched(decision, rita, ksl):
    from kansli.diary.actions import do_cancel_document

    do_cancel_document(decision, acting_user=rita, reason="Fel handling")
    with pytest.raises(ValidationError, match="cancelled"):
        dispatch(decision, rita, [ksl])


def test_an_unknown_channel_is_refused(decision, rita, ksl):
    with pytest.raises(ValidationError, match="channel"):
        dispatch(decision, rita, [ksl], channel="fax")


def test_a_secret_document_is_not_sent_by_email(decision, rita, ksl, mail_outbox):
    """E-mail crosses open networks: a secret document goes by post or by hand, and the
    record of its dispatch is as secret as the document."""
    from kansli.diary.actions import do_mark_secret

    do_mark_secret(decision, acting_user=rita, ground="OSL 26 kap. 1 §")
    decision.refresh_from_db()
    with pytest.raises(ValidationError, match="secret is not sent by e-mail"):
        dispatch(decision, rita, [ksl])
    assert not Dispatch.objects.exists()
    [d] = dispatch(decision, rita, [ksl], channel="post")
    assert d.registration != decision
    assert d.registration.secrecy_ground == "OSL 26 kap. 1 §"
    assert mail.outbox == []
