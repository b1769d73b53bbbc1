"""``kansli selfcheck``: is this installation set up correctly, now?

Each check gives one or more ``Line``s: OK, WARNING or FAIL with an explanation in
Swedish (the interface's language). See docs/integrity.md, "Self-check".
"""

from __future__ import annotations

import datetime
import os
import stat
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

OK, WARNING, FAIL = "OK", "WARNING", "FAIL"
# Django's own development key (settings.py): never in production.
DEVELOPMENT_KEY_MARK = "django-insecure"
BACKUP_MAX_AGE = datetime.timedelta(days=1)
WORKER_MAX_AGE = datetime.timedelta(minutes=10)
# Variables naming a file that holds a secret (settings.env reads NAME_FILE for NAME).
SECRET_FILES = ("SECRET_KEY_FILE", "DATABASE_URL_FILE", "EMAIL_HOST_PASSWORD_FILE",
                "KANSLI_INTAKE_IMAP_URL_FILE")
# Django's deployment checks this module makes itself (SECRET_KEY, DEBUG, ALLOWED_HOSTS).
OWN_CHECKS = {"security.W009", "security.W018", "security.W020"}


def deploy_advice() -> dict[str, str]:
    """Django's deployment warnings in words for whoever runs Kansli."""
    return {
        "security.W004": _("HSTS is off: set KANSLI_PRODUCTION=1 (SECURE_HSTS_SECONDS) once "
                           "the site is served only over HTTPS."),
        "security.W008": _("HTTP is not redirected to HTTPS: set KANSLI_PRODUCTION=1, or let "
                           "the web server in front redirect."),
        "security.W012": _("The session cookie may be sent without HTTPS: set "
                           "KANSLI_PRODUCTION=1."),
        "security.W016": _("The CSRF cookie may be sent without HTTPS: set "
                           "KANSLI_PRODUCTION=1."),
    }


@dataclass
class Line:
    status: str
    text: str

    def __str__(self):
        return f"{self.status:<8} {self.text}"


def check_settings() -> list[Line]:
    lines = []
    if settings.DEBUG:
        lines.append(Line(FAIL, _("DEBUG is on: error pages show settings and code to "
                                  "anyone. Set DEBUG=0.")))
    else:
        lines.append(Line(OK, _("DEBUG is off.")))
    hosts = [h for h in settings.ALLOWED_HOSTS if h]
    if not hosts or "*" in hosts:
        lines.append(Line(FAIL, _("ALLOWED_HOSTS is empty or \"*\": name the host names "
                                  "the site is reached by.")))
    elif set(hosts) <= {"127.0.0.1", "localhost", "testserver", "::1"}:
        lines.append(Line(WARNING, _("ALLOWED_HOSTS names only this machine (%(hosts)s); "
                                     "set the site's host name.") % {"hosts": ", ".join(hosts)}))
    else:
        lines.append(Line(OK, _("ALLOWED_HOSTS: %(hosts)s.") % {"hosts": ", ".join(hosts)}))
    lines += deploy_checks()
    return lines


def deploy_checks() -> list[Line]:
    """What ``kansli check --deploy`` says, each as a line of its own."""
    from django.core import checks

    try:
        messages = checks.run_checks(include_deployment_checks=True)
    except Exception as exc:  # noqa: BLE001 - a broken check is itself a finding
        return [Line(FAIL, _("Django's checks could not run: %(error)s") % {"error": exc})]
    found = [m for m in messages if m.level >= checks.WARNING and not m.is_silenced()
             and m.id not in OWN_CHECKS]
    if not found:
        return [Line(OK, _("`kansli check --deploy` finds nothing to remark on."))]
    advice = deploy_advice()
    return [Line(FAIL if m.level >= checks.ERROR else WARNING,
                 _("`kansli check --deploy` %(id)s: %(message)s") % {
                     "id": m.id, "message": advice.get(m.id, str(m.msg).splitlines()[0])})
            for m in found]


def check_secrets() -> list[Line]:
    lines = []
    key = settings.SECRET_KEY or ""
    if DEVELOPMENT_KEY_MARK in key:
        lines.append(Line(FAIL, _("SECRET_KEY is the development key: set a long random "
                                  "SECRET_KEY (or SECRET_KEY_FILE).")))
    elif len(key) < 50 or len(set(key)) < 5:
        lines.append(Line(FAIL, _("SECRET_KEY is too short or too simple: use at least 50 "
                                  "random characters.")))
    else:
        lines.append(Line(OK, _("SECRET_KEY is set.")))
    for name in SECRET_FILES:
        path = os.environ.get(name, "")
        if not path:
            continue
        file = Path(path)
        if not file.is_file():
            lines.append(Line(FAIL, _("%(name)s names %(path)s, which is not a file.")
                              % {"name": name, "path": path}))
        elif file.stat().st_mode & (stat.S_IROTH | stat.S_IWOTH):
            lines.append(Line(WARNING, _("%(name)s: anyone on this machine can read %(path)s; "
                                         "make it readable by Kansli only (chmod 600).")
                              % {"name": name, "path": path}))
        else:
            lines.append(Line(OK, _("%(name)s: the secret is in %(path)s.")
                              % {"name": name, "path": path}))
    return lines


def check_database() -> list[Line]:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    try:
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception as exc:  # noqa: BLE001
        return [Line(FAIL, _("The database cannot be reached: %(error)s") % {"error": exc})]
    if pending:
        return [Line(FAIL, _("%(count)d database migrations are not applied: run `kansli "
                             "migrate`.") % {"count": len(pending)})]
    return [Line(OK, _("The database (%(vendor)s) is reachable and migrated.")
                 % {"vendor": connection.vendor})]


def check_file_store() -> list[Line]:
    store = Path(settings.KANSLI_FILES_DIR)
    try:
        store.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(dir=store, prefix=".selfcheck-")
        try:
            with os.fdopen(fd, "wb") as stream:
                stream.write(b"kansli selfcheck")
                stream.flush()
                os.fsync(stream.fileno())
            if Path(probe).read_bytes() != b"kansli selfcheck":
                raise OSError("the probe read back differently")
        finally:
            Path(probe).unlink(missing_ok=True)
    except OSError as exc:
        return [Line(FAIL, _("The file store %(path)s is not writable: %(error)s")
                     % {"path": store, "error": exc})]
    usage = os.statvfs(store)
    free = usage.f_bavail * usage.f_frsize
    total = usage.f_blocks * usage.f_frsize
    if total and free / total < 0.05:
        return [Line(WARNING, _("The file store %(path)s is writable, but its disk is almost "
                                "full (%(free)d MB free).") % {"path": store,
                                                               "free": free // 2**20})]
    return [Line(OK, _("The file store %(path)s is writable.") % {"path": store})]


def check_backups(now: datetime.datetime | None = None, root: Path | None = None
                  ) -> list[Line]:
    from . import backup

    now = now or timezone.now()
    root = root or backup.backup_root()
    latest = backup.latest_backup(root)
    if latest is None:
        return [Line(WARNING, _("No backup in %(path)s: run `kansli backup` (daily, from "
                                "cron or a systemd timer).") % {"path": root})]
    path, manifest = latest
    made = datetime.datetime.fromisoformat(manifest["created_at"])
    age = now - made
    facts = {"path": path, "when": timezone.localtime(made).strftime("%Y-%m-%d %H:%M"),
             "hours": int(age.total_seconds() // 3600)}
    lines = []
    if age > BACKUP_MAX_AGE:
        lines.append(Line(WARNING, _("The latest backup is %(hours)d hours old (%(when)s, "
                                     "%(path)s).") % facts))
    else:
        lines.append(Line(OK, _("The latest backup was made %(when)s (%(path)s).") % facts))
    if manifest.get("problems"):
        lines.append(Line(WARNING, _("The latest backup noted problems: %(problems)s") % {
            "problems": "; ".join(manifest["problems"])}))
    return lines


def check_worker(now: datetime.datetime | None = None) -> list[Line]:
    from .models import Heartbeat

    now = now or timezone.now()
    beat = Heartbeat.objects.filter(name="worker").first()
    if beat is None:
        return [Line(FAIL, _("The worker (`kansli work`) has never run: reminders, "
                             "postings and e-mail fetching wait for it."))]
    age = now - beat.at
    facts = {"when": timezone.localtime(beat.at).strftime("%Y-%m-%d %H:%M:%S"),
             "minutes": int(age.total_seconds() // 60), "host": beat.host, "pid": beat.pid}
    if age > WORKER_MAX_AGE:
        return [Line(FAIL, _("The worker last ran %(minutes)d minutes ago (%(when)s, "
                             "%(host)s, process %(pid)s): is `kansli work` running?") % facts)]
    return [Line(OK, _("The worker is running (last round %(when)s, %(host)s, process "
                       "%(pid)s).") % facts)]


def check_journal() -> list[Line]:
    from kansli.diary import journal

    count, problem = journal.verify()
    if problem is not None:
        return [Line(FAIL, _("The journal does not verify: %(problem)s. Run `kansli verify` "
                             "for the records affected.") % {"problem": problem})]
    from kansli.diary.models import JournalHead

    head = JournalHead.objects.filter(pk=1).first()
    return [Line(OK, _("The journal verifies: %(count)d events, head %(hash)s.") % {
        "count": count, "hash": head.hash if head else journal.GENESIS})]


CHECKS: list[tuple[str, Callable[[], list[Line]]]] = [
    ("settings", check_settings),
    ("secrets", check_secrets),
    ("database", check_database),
    ("files", check_file_store),
    ("backups", check_backups),
    ("worker", check_worker),
    ("journal", check_journal),
]


def run(skip: set[str] = frozenset()) -> list[Line]:
    lines = []
    for name, check in CHECKS:
        if name in skip:
            continue
        try:
            lines += check()
        except Exception as exc:  # noqa: BLE001 - one broken check must not hide the rest
            lines.append(Line(FAIL, _("The check %(name)s failed: %(error)s")
                              % {"name": name, "error": exc}))
    return lines
