"""Mail to build, and a real Dovecot on loopback to fetch it from."""

import email.policy
import email.utils
import grp
import imaplib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from email.message import EmailMessage
from pathlib import Path

import pytest

from kansli.intake import actions
from kansli.intake.models import IncomingMessage

DOVECOT = "/usr/sbin/dovecot"


@pytest.fixture
def in_english():
    """Messages are matched by their msgid: these tests do not depend on the catalogue."""
    from django.utils import translation

    with translation.override("en"):
        yield


def letter(subject="Rekommendation om överenskommelse", *, sender="Kommunförbundet "
           "Stockholms län <registrator@ksl.se>", to="registrator@ekero.se",
           date="Wed, 05 Jun 2013 10:00:00 +0200", message_id="<rek-2013@ksl.se>",
           text="Hej!\n\nKSL rekommenderar medlemmarna att anta överenskommelsen.",
           attachments=(("overenskommelse.pdf", b"%PDF-1.4 avtal", "application/pdf"),),
           crlf=False):
    """A message as KSL would send it: text, perhaps attachments; as bytes, with the
    line ends of a file (LF) or of the wire (CRLF)."""
    msg = EmailMessage()
    for name, value in (("From", sender), ("To", to), ("Subject", subject), ("Date", date),
                        ("Message-ID", message_id)):
        if value is not None:
            msg[name] = value
    msg.set_content(text)
    for name, content, media_type in attachments:
        maintype, subtype = media_type.split("/")
        msg.add_attachment(content, maintype=maintype, subtype=subtype, filename=name)
    if msg.is_multipart():
        msg.set_boundary("==kansli-boundary==")  # the same bytes each time
    return msg.as_bytes(policy=email.policy.SMTP if crlf else None)


def receive(raw=None, *, user=None, source="eml", **kwargs) -> IncomingMessage:
    message, _created = actions.do_receive(raw or letter(), source=source, acting_user=user,
                                           **kwargs)
    return message


# Dovecot --------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


CONFIG = """\
protocols = imap
listen = 127.0.0.1
base_dir = {dir}/run
state_dir = {dir}/state
log_path = {dir}/dovecot.log
info_log_path = {dir}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain
default_internal_user = {internal}
default_internal_group = {internal_group}
default_login_user = {login}
mail_uid = {mail_user}
mail_gid = {mail_group}
first_valid_uid = {first_uid}
first_valid_gid = {first_gid}
mail_location = maildir:{dir}/mail/%u
passdb {{
  driver = passwd-file
  args = scheme=PLAIN {dir}/passwd
}}
userdb {{
  driver = passwd-file
  args = {dir}/passwd
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
"""
# Only root may chroot: as anyone else, the login and anvil processes stay put.
NO_CHROOT = """\
service anvil {
  chroot =
}
service imap-login {
  chroot =
}
"""


class Dovecot:
    user, password = "registrator", "hemligt losen"

    def __init__(self, folder: Path, port: int):
        self.folder, self.port = folder, port
        self.process = None

    @property
    def url(self) -> str:
        from urllib.parse import quote

        return f"imap://{self.user}:{quote(self.password)}@127.0.0.1:{self.port}/INBOX"

    def start(self):
        self.process = subprocess.Popen(
            [DOVECOT, "-F", "-c", str(self.folder / "dovecot.conf")],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"dovecot exited: {self.process.stderr.read().decode()}"
                                   f"\n{self.log()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as s:
                    if s.recv(100).startswith(b"* OK"):
                        return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"dovecot did not answer on port {self.port}\n{self.log()}")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def log(self) -> str:
        path = self.folder / "dovecot.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def client(self) -> imaplib.IMAP4:
        client = imaplib.IMAP4("127.0.0.1", self.port, timeout=10)
        client.login(self.user, self.password)
        client.select("INBOX")
        return client

    def deliver(self, *messages: bytes):
        """Put messages in the inbox (IMAP APPEND: the server owns its files)."""
        client = self.client()
        try:
            for raw in messages:
                status, data = client.append("INBOX", None, None, raw)
                assert status == "OK", data
        finally:
            client.logout()

    def unseen(self) -> list[int]:
        client = self.client()
        try:
            _status, data = client.uid("SEARCH", None, "UNSEEN")
            return [int(u) for u in data[0].split()]
        finally:
            client.logout()


def _users():
    """Who the Dovecot processes run as. As root (CI), Dovecot refuses to let root read
    mail and to run its login process as root: its own users do those. As anyone else,
    every process runs as that user."""
    if os.geteuid() != 0:
        me = pwd.getpwuid(os.getuid())
        group = grp.getgrgid(os.getgid()).gr_name
        return dict(internal=me.pw_name, internal_group=group, login=me.pw_name,
                    mail_user=me.pw_name, mail_group=group, first_uid=1, first_gid=1), None
    try:
        mail_user = pwd.getpwnam("dovecot")
        pwd.getpwnam("dovenull")
    except KeyError:
        pytest.fail("Dovecot's users are missing: apt-get install dovecot-imapd")
    group = grp.getgrgid(mail_user.pw_gid).gr_name
    return dict(internal="root", internal_group="root", login="dovenull",
                mail_user="dovecot", mail_group=group, first_uid=1, first_gid=1), mail_user


def require_dovecot(path: str = DOVECOT) -> None:
    """No Dovecot is a failure, not a skip: CI must not pass without the IMAP tests."""
    if not os.access(path, os.X_OK):
        pytest.fail(f"{path} is missing: apt-get install dovecot-imapd")


@pytest.fixture
def dovecot():
    require_dovecot()
    settings, mail_user = _users()
    # Not pytest's tmp_path: its folders are private to the test's user, and the mail
    # user of a root Dovecot must reach the maildir.
    folder = Path(tempfile.mkdtemp(prefix="kansli-dovecot-"))
    try:
        folder.chmod(0o755)
        (folder / "run").mkdir()
        (folder / "state").mkdir()
        (folder / "mail").mkdir()
        if mail_user is not None:
            os.chown(folder / "mail", mail_user.pw_uid, mail_user.pw_gid)
        (folder / "passwd").write_text(
            f"{Dovecot.user}:{{PLAIN}}{Dovecot.password}::::{folder}/mail/{Dovecot.user}\n")
        port = free_port()
        config = CONFIG.format(dir=folder, port=port, **settings)
        if mail_user is None:
            config += NO_CHROOT
        (folder / "dovecot.conf").write_text(config)
        server = Dovecot(folder, port)
        server.start()
        try:
            yield server
        finally:
            server.stop()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def message_id(n) -> str:
    return email.utils.make_msgid(idstring=str(n), domain="ksl.se")
