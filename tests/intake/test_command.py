"""``kansli intake load`` and ``kansli intake fetch`` (docs/intake.md)."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from kansli.diary.models import Event
from kansli.intake.models import IncomingMessage
from tests.intake.conftest import letter, message_id

pytestmark = pytest.mark.usefixtures("in_english")


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("intake", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_load_queues_eml_files_and_says_how_many(db, tmp_path):
    paths = []
    for n in range(12):  # enough for a progress bar
        path = tmp_path / f"{n}.eml"
        path.write_bytes(letter(f"Brev {n}", message_id=message_id(n)))
        paths.append(str(path))
    out, err = run("load", *paths)
    assert out.strip() == "12 queued, 0 already in the queue, 0 could not be read."
    assert "12/12" in err  # the progress bar
    assert IncomingMessage.objects.filter(source="eml").count() == 12
    out, _err = run("load", "--no-progress", *paths[:3])
    assert out.strip() == "0 queued, 3 already in the queue, 0 could not be read."


def test_load_records_the_user_given(db, tmp_path, rita):
    path = tmp_path / "a.eml"
    path.write_bytes(letter())
    run("load", "--user", "rita", str(path))
    assert IncomingMessage.objects.get().received_by == rita
    assert Event.objects.get(action="intake.receive").actor == rita
    with pytest.raises(CommandError, match="No user"):
        run("load", "--user", "nobody", str(path))


def test_load_goes_on_past_a_bad_file_and_fails_at_the_end(db, tmp_path):
    good, bad = tmp_path / "bra.eml", tmp_path / "trasig.eml"
    good.write_bytes(letter())
    bad.write_bytes(b"\x00\x01\x02")
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError, match="2 of 3 files could not be read"):
        call_command("intake", "load", str(good), str(bad), str(tmp_path / "saknas.eml"),
                     stdout=out, stderr=err)
    assert out.getvalue().strip() == "1 queued, 0 already in the queue, 2 could not be read."
    assert "trasig.eml: The file is not an e-mail message." in err.getvalue()
    assert "saknas.eml" in err.getvalue()
    assert IncomingMessage.objects.count() == 1


def test_fetch_without_a_mailbox_says_so(db, settings, monkeypatch):
    settings.KANSLI_INTAKE_IMAP_URL = ""
    monkeypatch.delenv("KANSLI_INTAKE_IMAP_URL", raising=False)
    with pytest.raises(CommandError, match="No mailbox"):
        run("fetch")


def test_fetch_from_a_mailbox(db, dovecot):
    dovecot.deliver(letter(message_id=message_id(1)))
    out, _err = run("fetch", "--url", dovecot.url)
    assert out.strip() == "New messages queued: 1."
    assert IncomingMessage.objects.get().source == "imap"


def test_fetch_from_a_mailbox_that_does_not_answer_is_a_clear_error(db):
    from tests.intake.conftest import free_port

    with pytest.raises(CommandError, match="could not log in"):
        run("fetch", "--url", f"imap://u:p@127.0.0.1:{free_port()}/INBOX")
