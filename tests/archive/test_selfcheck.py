"""`kansli selfcheck` (docs/integrity.md): one line per finding, OK/WARNING/FAIL, exit
status non-zero on any FAIL."""

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from kansli.archive import selfcheck
from kansli.archive.models import Heartbeat
from kansli.diary.models import Event
from kansli.handling import work
from tests.conftest import open_case, set_journal_guards

KEY = "x7#Qm2!vR9$kLp4@Zt8^Wn3&Hs6*Jd1(Fb5)Gc0-Yv2+Ue7=Ai9Ko4Pl"


def backup_made(folder, at):
    made = folder / "kansli-x"
    made.mkdir(parents=True)
    (made / "manifest.json").write_text(json.dumps({
        "format": 1, "created_at": at.isoformat(), "journal": {"seq": 1, "hash": "0" * 64},
        "problems": []}))
    (made / "manifest-sha256.txt").write_text("")


@pytest.fixture
def production(settings, tmp_path, rita, ks, klass, monkeypatch):
    """An installation set up as it should be: production settings, a backup of this
    morning, the worker alive, a journal that verifies."""
    settings.DEBUG = False
    settings.SECRET_KEY = KEY
    settings.ALLOWED_HOSTS = ["kansli.ekero.se"]
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    settings.KANSLI_BACKUP_DIR = str(tmp_path / "backups")
    for name in selfcheck.SECRET_FILES:
        monkeypatch.delenv(name, raising=False)
    backup_made(tmp_path / "backups", timezone.now() - datetime.timedelta(hours=3))
    work.beat()
    open_case(rita, ks, klass)
    return settings


def run(*args):
    out = io.StringIO()
    call_command("selfcheck", *args, stdout=out)
    return out.getvalue()


def failing(*args):
    out = io.StringIO()
    with pytest.raises(CommandError) as excinfo:
        call_command("selfcheck", *args, stdout=out)
    return out.getvalue(), str(excinfo.value)


def test_a_well_set_up_installation_passes(production):
    out = run()
    lines = out.splitlines()
    assert all(line.startswith("OK ") for line in lines[:-1]), out
    assert "Händelseloggen håller" in out
    assert "Arbetsprocessen är igång" in out
    assert "Senaste säkerhetskopian gjordes" in out
    assert lines[-1] == "Ingen kontroll misslyckades (0 varningar)."


def test_debug_on_fails(production):
    production.DEBUG = True
    out, message = failing()
    assert "FAIL     DEBUG är påslaget" in out
    assert "1 kontroller misslyckades" in message


def test_the_development_key_fails(production):
    production.SECRET_KEY = "django-insecure-kansli-development-key-not-for-production"
    out, _message = failing()
    assert "FAIL     SECRET_KEY är utvecklingsnyckeln" in out


def test_hosts_of_this_machine_only_warn(production):
    production.ALLOWED_HOSTS = ["localhost", "127.0.0.1"]
    assert "WARNING  ALLOWED_HOSTS" in run()
    production.ALLOWED_HOSTS = ["*"]
    assert "FAIL     ALLOWED_HOSTS" in failing()[0]


def test_deploy_check_warnings_are_reported(production):
    production.SESSION_COOKIE_SECURE = False
    out = run()
    assert "WARNING  `kansli check --deploy` security.W012" in out


def test_secret_files_are_checked(production, monkeypatch, tmp_path):
    secret = tmp_path / "secret_key"
    secret.write_text(KEY)
    secret.chmod(0o644)
    monkeypatch.setenv("SECRET_KEY_FILE", str(secret))
    assert "WARNING  SECRET_KEY_FILE" in run()
    secret.chmod(0o600)
    assert "OK       SECRET_KEY_FILE" in run()
    monkeypatch.setenv("SECRET_KEY_FILE", str(tmp_path / "gone"))
    assert "FAIL     SECRET_KEY_FILE" in failing()[0]


def test_a_file_store_that_cannot_be_written_fails(production, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    production.KANSLI_FILES_DIR = blocker / "files"
    out, _message = failing()
    assert "FAIL     Fillagret" in out


def test_old_or_missing_backups_warn(production, tmp_path):
    now = timezone.now()
    lines = selfcheck.check_backups(now + datetime.timedelta(days=2))
    assert lines[0].status == selfcheck.WARNING
    assert "51 timmar" in lines[0].text
    empty = selfcheck.check_backups(root=tmp_path / "none")
    assert empty[0].status == selfcheck.WARNING and "kansli backup" in empty[0].text


def test_a_worker_that_stopped_fails(production):
    Heartbeat.objects.update(at=timezone.now() - datetime.timedelta(hours=2))
    out, _message = failing()
    assert "FAIL     Arbetsprocessen körde senast för 120 minuter sedan" in out
    work.run_once(timezone.now())  # a round of the worker beats
    assert "OK       Arbetsprocessen är igång" in run()
    Heartbeat.objects.all().delete()
    assert "har aldrig körts" in failing()[0]


def test_a_broken_journal_fails(production):
    set_journal_guards(False)
    Event.objects.filter(seq=1).update(actor_name="mallory")
    out, _message = failing()
    assert "FAIL     Händelseloggen håller inte" in out
    assert "event 1: its content does not match its hash" in out


def test_checks_can_be_skipped(production):
    production.DEBUG = True
    out = run("--skip", "settings")
    assert "DEBUG" not in out
