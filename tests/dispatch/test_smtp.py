"""A real SMTP server on loopback: refused, then down, then accepting (docs/dispatch.md)."""

import datetime
import email
import socket

import pytest
from aiosmtpd.controller import Controller
from django.utils import timezone

from kansli.dispatch.actions import do_dispatch, retry_failed
from kansli.dispatch.models import Dispatch


class Mailbox:
    """Answers 451 while ``refuse`` is set; keeps what it accepts."""

    def __init__(self):
        self.refuse = True
        self.accepted = []

    async def handle_DATA(self, server, session, envelope):
        if self.refuse:
            return "451 4.3.0 Try again later"
        self.accepted.append(envelope)
        return "250 2.0.0 OK"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """The loopback server; stopped and started again on the same port."""

    def __init__(self, mailbox, port):
        self.mailbox, self.port, self.controller = mailbox, port, None

    def start(self):
        self.controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp(settings):
    mailbox = Mailbox()
    port = free_port()
    controller = Server(mailbox, port)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    settings.KANSLI_SITE_URL = "https://kansli.ekero.se"
    controller.start()
    try:
        yield controller, mailbox
    finally:
        controller.stop()


def later(hours):
    return timezone.now() + datetime.timedelta(hours=hours)


def test_a_refusing_server_fails_the_dispatch_until_it_accepts(
        smtp, decision, rita, ksl, django_capture_on_commit_callbacks):
    controller, mailbox = smtp
    with django_capture_on_commit_callbacks(execute=True):
        [d] = do_dispatch(decision, acting_user=rita, recipients=[ksl], channel="email")
    d.refresh_from_db()
    assert d.status == Dispatch.Status.FAILED and d.sent_at is None
    assert "451" in d.last_error and d.attempts == 1
    assert mailbox.accepted == []

    # Not due yet: the wait after a failure is not over.
    assert retry_failed(timezone.now()) == 0

    # The server is down altogether: still failed, nothing sent.
    controller.stop()
    assert retry_failed(later(1)) == 0
    d.refresh_from_db()
    assert d.status == Dispatch.Status.FAILED and d.attempts == 2 and d.sent_at is None

    controller.start()
    mailbox.refuse = False
    assert retry_failed(later(2)) == 1
    assert retry_failed(later(3)) == 0  # once
    d.refresh_from_db()
    assert d.status == Dispatch.Status.SENT and d.attempts == 3 and d.sent_at
    [envelope] = mailbox.accepted
    assert envelope.rcpt_tos == ["registrator@ksl.se"]
    message = email.message_from_bytes(envelope.original_content)
    attachments = [(p.get_filename(), p.get_payload(decode=True))
                   for p in message.walk() if p.get_filename()]
    assert attachments == [("beslut.pdf", b"%PDF-1.4 beslut")]
    text = next(p for p in message.walk() if p.get_content_type() == "text/plain")
    assert "https://kansli.ekero.se/kvitto/" in text.get_payload(decode=True).decode()


def test_an_accepting_server_sends_at_once(smtp, decision, rita, ksl,
                                           django_capture_on_commit_callbacks):
    _controller, mailbox = smtp
    mailbox.refuse = False
    with django_capture_on_commit_callbacks(execute=True):
        [d] = do_dispatch(decision, acting_user=rita, recipients=[ksl], channel="email")
    d.refresh_from_db()
    assert d.status == Dispatch.Status.SENT
    assert len(mailbox.accepted) == 1
