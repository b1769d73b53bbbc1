"""Fetching from a real Dovecot on loopback (docs/intake.md, "Fetching the mailbox")."""

import pytest

from kansli.handling import work
from kansli.intake import imap
from kansli.intake.models import IncomingMessage, MailboxCursor
from tests.conftest import at
from tests.intake.conftest import letter, message_id, require_dovecot


def test_a_fetch_queues_every_new_message_and_marks_it_seen(db, dovecot):
    dovecot.deliver(letter("Första", message_id=message_id(1)),
                    letter("Andra", message_id=message_id(2), attachments=()))
    assert dovecot.unseen() == [1, 2]
    assert imap.fetch(dovecot.url) == 2
    messages = IncomingMessage.objects.order_by("uid")
    assert [(m.subject, m.source, m.uid) for m in messages] == [
        ("Första", "imap", 1), ("Andra", "imap", 2)]
    first = messages[0]
    assert first.mailbox == f"registrator@127.0.0.1:{dovecot.port}/INBOX"
    assert "losen" not in first.mailbox
    assert first.uidvalidity and first.attachments[0]["name"] == "overenskommelse.pdf"
    assert dovecot.unseen() == []
    cursor = MailboxCursor.objects.get()
    assert (cursor.uidvalidity, cursor.last_uid) == (first.uidvalidity, 2)


def test_a_second_fetch_queues_nothing_new_and_a_third_only_what_came(db, dovecot):
    dovecot.deliver(letter("Första", message_id=message_id(1)))
    assert imap.fetch(dovecot.url) == 1
    assert imap.fetch(dovecot.url) == 0
    dovecot.deliver(letter("Tredje", message_id=message_id(3)))
    assert imap.fetch(dovecot.url) == 1
    assert IncomingMessage.objects.count() == 2


def test_a_message_read_in_a_mail_client_first_is_still_queued(db, dovecot):
    dovecot.deliver(letter("Redan läst", message_id=message_id(1)))
    client = dovecot.client()
    client.uid("STORE", "1", "+FLAGS", r"(\Seen)")
    client.logout()
    assert imap.fetch(dovecot.url) == 1


def test_a_crash_between_storing_and_marking_seen_does_not_duplicate(
        db, dovecot, monkeypatch):
    dovecot.deliver(letter("Första", message_id=message_id(1)),
                    letter("Andra", message_id=message_id(2)))
    real = imap.mark_seen

    def crash(client, uid):
        raise ConnectionResetError("the connection dropped")

    monkeypatch.setattr(imap, "mark_seen", crash)
    with pytest.raises(ConnectionResetError):
        imap.fetch(dovecot.url)
    # The first message is stored, not marked, and the cursor did not pass it.
    assert IncomingMessage.objects.count() == 1
    assert dovecot.unseen() == [1, 2]
    assert MailboxCursor.objects.get().last_uid == 0

    monkeypatch.setattr(imap, "mark_seen", real)
    assert imap.fetch(dovecot.url) == 1  # only the second is new
    assert IncomingMessage.objects.count() == 2
    assert sorted(IncomingMessage.objects.values_list("uid", flat=True)) == [1, 2]
    assert dovecot.unseen() == []


def test_a_message_already_loaded_from_a_file_is_not_queued_again(db, dovecot):
    from kansli.intake import actions

    # An .eml file keeps the line ends it had on the wire; the same bytes are the same
    # message.
    raw = letter(message_id=message_id(9), crlf=True)
    actions.do_receive(raw, source="eml")
    dovecot.deliver(raw)
    assert imap.fetch(dovecot.url) == 0
    assert IncomingMessage.objects.count() == 1
    assert dovecot.unseen() == []


def test_a_message_too_large_is_passed_over_and_left_unseen(db, dovecot, settings):
    settings.KANSLI_MAX_UPLOAD_BYTES = 2000
    dovecot.deliver(letter("Stor", message_id=message_id(1), text="x" * 5000),
                    letter("Liten", message_id=message_id(2), attachments=()))
    assert imap.fetch(dovecot.url) == 1
    assert list(IncomingMessage.objects.values_list("subject", flat=True)) == ["Liten"]
    assert dovecot.unseen() == [1]
    assert imap.fetch(dovecot.url) == 0  # not tried again every round


def test_a_wrong_password_is_a_clear_error(db, dovecot):
    url = dovecot.url.replace("hemligt", "fel")
    with pytest.raises(imap.ImapError, match="could not log in"):
        imap.fetch(url)


def test_the_worker_job_fetches_when_a_mailbox_is_set(db, dovecot, settings, monkeypatch):
    monkeypatch.delenv("KANSLI_INTAKE_IMAP_URL", raising=False)
    settings.KANSLI_INTAKE_IMAP_URL = ""
    assert imap.fetch_job in work.JOBS
    dovecot.deliver(letter(message_id=message_id(1)))
    assert imap.fetch_job(at(2026, 11, 27)) == 0  # no mailbox set: nothing done
    assert not IncomingMessage.objects.exists()

    settings.KANSLI_INTAKE_IMAP_URL = dovecot.url
    done = work.run_once(at(2026, 11, 27, 9))
    assert done["fetch_job"] == 1
    assert IncomingMessage.objects.get().received_at == at(2026, 11, 27, 9)


def test_the_url_may_come_from_the_environment(db, dovecot, settings, monkeypatch):
    del settings.KANSLI_INTAKE_IMAP_URL
    monkeypatch.setenv("KANSLI_INTAKE_IMAP_URL", dovecot.url)
    dovecot.deliver(letter(message_id=message_id(1)))
    assert imap.fetch_job(at(2026, 11, 27)) == 1


@pytest.mark.parametrize("url, expected", [
    ("imap://user:p%40ss@mail.ekero.se/INBOX",
     imap.MailboxUrl(False, "mail.ekero.se", 143, "user", "p@ss", "INBOX")),
    ("imaps://reg%40ekero.se:x@mail.ekero.se:1993",
     imap.MailboxUrl(True, "mail.ekero.se", 1993, "reg@ekero.se", "x", "INBOX")),
    ("imap://u:p@127.0.0.1:1143/Registrator/Inkommande",
     imap.MailboxUrl(False, "127.0.0.1", 1143, "u", "p", "Registrator/Inkommande")),
])
def test_mailbox_urls_are_read(url, expected):
    assert imap.parse_url(url) == expected


@pytest.mark.parametrize("url", ["http://u:p@h/", "imap://h/INBOX", "imap://u:p@h:x/"])
def test_bad_mailbox_urls_are_refused(url):
    with pytest.raises(imap.ImapError):
        imap.parse_url(url)


def test_without_dovecot_the_imap_tests_fail_saying_what_to_install(tmp_path):
    with pytest.raises(pytest.fail.Exception, match="apt-get install dovecot-imapd"):
        require_dovecot(str(tmp_path / "dovecot"))
