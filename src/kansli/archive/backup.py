"""Backup and restore while the system runs (docs/integrity.md, "Backup and restore").

A backup is one folder::

    kansli-20261127T101500Z/
      database.sqlite3 | database.pgdump   the database, consistent at one moment
      files/ab/cd/abcd…                    every stored file the database names
      manifest.json                        when, the journal's head, counts
      manifest-sha256.txt                  "<sha256>  <path>" of every file above

The database is copied first — SQLite by its online backup API (a consistent copy page
by page while others write), PostgreSQL by ``pg_dump --format=custom`` inside an
exported snapshot — and what the manifest says (the blobs to copy, the journal's head,
the counts) is read from that same moment: the SQLite copy itself, or the snapshot
``pg_dump`` used. Stored files never change (their name is their SHA-256), so copying
them after the database is safe; a file already in the previous backup in the same
folder is hard-linked, not copied again.

``restore`` checks every file of the backup against ``manifest-sha256.txt`` first, and
refuses a changed, missing or unlisted file by name; then it fills an empty
installation (refused when it has cases, documents, events or stored files).
"""

from __future__ import annotations

import datetime
import glob
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from kansli.diary.files import CHUNK, blob_path, hash_file

MANIFEST = "manifest.json"
CHECKSUMS = "manifest-sha256.txt"
SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.pgdump"
FILES = "files"
FORMAT = 1
COUNTED = {"cases": "diary_case", "documents": "diary_document", "parties": "diary_party",
           "events": "diary_event", "files": "diary_blob"}


class BackupError(Exception):
    """The backup could not be made or restored; the message says why."""


def backup_root() -> Path:
    """Where backups go unless told otherwise: KANSLI_BACKUP_DIR, or backups/ in the
    data folder."""
    configured = getattr(settings, "KANSLI_BACKUP_DIR", "") or os.environ.get(
        "KANSLI_BACKUP_DIR", "")
    return Path(configured) if configured else Path(settings.DATA_DIR) / "backups"


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def pg_bindir() -> str:
    """Where pg_dump and pg_restore are: KANSLI_PG_BINDIR, else the newest
    /usr/lib/postgresql/*/bin (Debian), else the PATH."""
    candidates = [os.environ.get("KANSLI_PG_BINDIR", "")]
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"),
                         key=lambda p: int(Path(p).parent.name) if Path(p).parent.name.isdigit()
                         else 0, reverse=True)
    for candidate in candidates:
        if candidate and os.path.exists(os.path.join(candidate, "pg_dump")):
            return candidate
    found = shutil.which("pg_dump")
    if found:
        return os.path.dirname(found)
    raise BackupError(_("pg_dump was not found; install the PostgreSQL client or set "
                        "KANSLI_PG_BINDIR."))


def pg_environment() -> dict[str, str]:
    """libpq's variables for the default database, so no password is on a command line."""
    db = settings.DATABASES["default"]
    env = dict(os.environ)
    host = db.get("HOST") or db.get("OPTIONS", {}).get("host", "")
    for key, value in (("PGHOST", host), ("PGPORT", str(db.get("PORT") or "")),
                       ("PGUSER", db.get("USER") or ""), ("PGPASSWORD", db.get("PASSWORD") or ""),
                       ("PGDATABASE", db["NAME"])):
        if value:
            env[key] = value
        else:
            env.pop(key, None)
    return env


@dataclass
class Snapshot:
    """What the backup's database holds, read at the moment it was copied."""

    blobs: list[tuple[str, int]]
    head: tuple[int, str]
    counts: dict[str, int]


def _read_snapshot(cursor) -> Snapshot:
    cursor.execute("SELECT sha256, size FROM diary_blob ORDER BY id")
    blobs = [(row[0], int(row[1])) for row in cursor.fetchall()]
    cursor.execute("SELECT seq, hash FROM diary_journalhead WHERE id = 1")
    row = cursor.fetchone()
    head = (int(row[0]), row[1]) if row else (0, "0" * 64)
    counts = {}
    for name, table in COUNTED.items():
        cursor.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608 - fixed names
        counts[name] = int(cursor.fetchone()[0])
    return Snapshot(blobs, head, counts)


def _backup_sqlite(target: Path) -> Snapshot:
    connection.ensure_connection()
    source = connection.connection  # Django's own sqlite3 connection
    destination = sqlite3.connect(target)
    try:
        # In one step: a read transaction over the whole copy, so the copy is one
        # consistent state. In WAL mode (settings.py) readers do not block writers, so
        # registrations go on meanwhile. (Copying in steps would restart at every write
        # made by another connection, and might never finish on a busy system.)
        source.backup(destination)
        destination.execute("PRAGMA journal_mode=DELETE")
        return _read_snapshot(destination.cursor())
    finally:
        destination.close()


def _backup_postgres(target: Path) -> Snapshot:
    import psycopg

    env = pg_environment()
    # A snapshot exported by a transaction that stays open while pg_dump runs: the dump
    # and the manifest's facts are of the same moment.
    params = {key: env[var] for key, var in (("host", "PGHOST"), ("port", "PGPORT"),
                                             ("user", "PGUSER"), ("password", "PGPASSWORD"),
                                             ("dbname", "PGDATABASE")) if env.get(var)}
    with psycopg.connect(**params, autocommit=True) as conn:
        conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        snapshot_id = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]
        snapshot = _read_snapshot(conn.cursor())
        done = subprocess.run(
            [os.path.join(pg_bindir(), "pg_dump"), "--format=custom", "--no-owner",
             f"--snapshot={snapshot_id}", "--file", str(target)],
            env=env, capture_output=True, text=True)
        conn.execute("ROLLBACK")
    if done.returncode != 0:
        raise BackupError(_("pg_dump failed: %(error)s") % {"error": done.stderr.strip()})
    return snapshot


@dataclass
class BackupResult:
    path: Path
    manifest: dict
    problems: list[str] = field(default_factory=list)


def _copy_checked(source: Path, target: Path, sha256: str) -> str:
    """Copy a stored file, hashing it on the way; a problem in words, or ""."""
    digest = hashlib.sha256()
    try:
        with open(source, "rb") as src, open(target, "wb") as dst:
            while chunk := src.read(CHUNK):
                digest.update(chunk)
                dst.write(chunk)
    except FileNotFoundError:
        target.unlink(missing_ok=True)
        return _("file %(sha256)s is missing from the file store") % {"sha256": sha256}
    if digest.hexdigest() != sha256:
        target.unlink()
        return _("file %(sha256)s does not match its SHA-256") % {"sha256": sha256}
    return ""


def latest_backup(root: Path | None = None) -> tuple[Path, dict] | None:
    """The newest complete backup under ``root`` (one with a manifest), and its manifest."""
    root = root or backup_root()
    found = []
    for manifest in Path(root).glob(f"*/{MANIFEST}"):
        try:
            data = json.loads(manifest.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if (manifest.parent / CHECKSUMS).exists() and data.get("created_at"):
            found.append((data["created_at"], manifest.parent, data))
    if not found:
        return None
    _at, path, data = max(found)
    return path, data


def make_backup(to: Path | None = None, *, progress: Callable[[int], None] | None = None
                ) -> BackupResult:
    root = Path(to) if to else backup_root()
    root.mkdir(parents=True, exist_ok=True)
    previous = latest_backup(root)
    now = timezone.now()
    name = "kansli-" + now.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    work = Path(tempfile.mkdtemp(prefix=".incomplete-", dir=root))
    try:
        if is_postgres():
            database = PG_FILE
            snapshot = _backup_postgres(work / PG_FILE)
        else:
            database = SQLITE_FILE
            snapshot = _backup_sqlite(work / SQLITE_FILE)
        problems = []
        total = 0
        for sha256, size in snapshot.blobs:
            relative = Path(FILES) / sha256[:2] / sha256[2:4] / sha256
            target = work / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            earlier = previous[0] / relative if previous else None
            if earlier is not None and earlier.exists() and earlier.stat().st_size == size:
                try:
                    os.link(earlier, target)
                except OSError:
                    shutil.copyfile(earlier, target)
            else:
                problem = _copy_checked(blob_path(sha256), target, sha256)
                if problem:
                    problems.append(problem)
                    continue
            total += size
            if progress:
                progress(size)
        manifest = {
            "format": FORMAT,
            "created_at": now.astimezone(datetime.UTC).isoformat(timespec="microseconds"),
            "engine": "postgresql" if is_postgres() else "sqlite",
            "database": database,
            "journal": {"seq": snapshot.head[0], "hash": snapshot.head[1]},
            "counts": snapshot.counts,
            "bytes": total,
            "problems": problems,
        }
        (work / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n",
                                     encoding="utf-8")
        lines = []
        for path in sorted(p for p in work.rglob("*") if p.is_file()):
            relative = path.relative_to(work).as_posix()
            # A stored file's name is its hash: checked when it was copied from the store.
            name_is_hash = relative.startswith(FILES + "/")
            digest = path.name if name_is_hash else hash_file(path)[0]
            lines.append(f"{digest}  {relative}")
        (work / CHECKSUMS).write_text("\n".join(lines) + "\n", encoding="utf-8")
        final = root / name
        os.replace(work, final)
        final.chmod(0o750)
        return BackupResult(final, manifest, problems)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise


# Restore ----------------------------------------------------------------------------------


def check_backup(folder: Path, *, progress: Callable[[int], None] | None = None) -> dict:
    """Every file of the backup against manifest-sha256.txt; the manifest if all match."""
    folder = Path(folder)
    listing = folder / CHECKSUMS
    if not listing.is_file() or not (folder / MANIFEST).is_file():
        raise BackupError(_("%(folder)s is not a Kansli backup (no %(manifest)s).")
                          % {"folder": folder, "manifest": CHECKSUMS})
    listed = {}
    for number, line in enumerate(listing.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        digest, sep, relative = line.partition("  ")
        if not sep or len(digest) != 64 or relative.startswith("/") or ".." in relative:
            raise BackupError(_("%(manifest)s line %(line)d is not “<sha256>  <path>”.")
                              % {"manifest": CHECKSUMS, "line": number})
        listed[relative] = digest
    present = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    present.discard(CHECKSUMS)
    for relative in sorted(present - set(listed)):
        raise BackupError(_("The file %(path)s is not in the manifest.") % {"path": relative})
    for relative, digest in sorted(listed.items()):
        path = folder / relative
        if not path.is_file():
            raise BackupError(_("The file %(path)s is missing.") % {"path": relative})
        if hash_file(path)[0] != digest:
            raise BackupError(_("The file %(path)s has changed: its SHA-256 does not match "
                                "the manifest.") % {"path": relative})
        if progress:
            progress(path.stat().st_size)
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    if manifest.get("format") != FORMAT:
        raise BackupError(_("Unknown backup format %(format)s.") % {
            "format": manifest.get("format")})
    return manifest


def installation_is_empty() -> list[str]:
    """What the installation already holds (empty list: nothing)."""
    held = []
    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor))
        for what, table in ((_("%(count)d cases"), "diary_case"),
                            (_("%(count)d documents"), "diary_document"),
                            (_("%(count)d events"), "diary_event"),
                            (_("%(count)d parties"), "diary_party")):
            if table in tables:
                cursor.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608 - fixed names
                count = cursor.fetchone()[0]
                if count:
                    held.append(what % {"count": count})
    store = Path(settings.KANSLI_FILES_DIR)
    if store.exists() and any(p.is_file() and not p.name.startswith(".")
                              for p in store.rglob("*")):
        held.append(_("stored files in %(folder)s") % {"folder": store})
    return held


def _restore_sqlite(source: Path) -> None:
    target = settings.DATABASES["default"]["NAME"]
    connection.close()
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()


def _restore_postgres(source: Path) -> None:
    connection.close()
    done = subprocess.run(
        [os.path.join(pg_bindir(), "pg_restore"), "--clean", "--if-exists", "--no-owner",
         "--single-transaction", "--exit-on-error", "--dbname", settings.DATABASES["default"][
             "NAME"], str(source)],
        env=pg_environment(), capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(_("pg_restore failed: %(error)s") % {"error": done.stderr.strip()})


def restore(folder: Path, *, progress: Callable[[int], None] | None = None) -> dict:
    """Restore the backup in ``folder`` into this (empty) installation."""
    folder = Path(folder)
    manifest = check_backup(folder, progress=progress)
    engine = "postgresql" if is_postgres() else "sqlite"
    if manifest.get("engine") != engine:
        raise BackupError(_("The backup is of a %(backup)s database; this installation uses "
                            "%(here)s.") % {"backup": manifest.get("engine"), "here": engine})
    held = installation_is_empty()
    if held:
        raise BackupError(_("The installation is not empty (%(held)s); restore only into an "
                            "empty one.") % {"held": ", ".join(held)})
    if engine == "postgresql":
        _restore_postgres(folder / manifest["database"])
    else:
        _restore_sqlite(folder / manifest["database"])
    files = folder / FILES
    if files.exists():
        for path in sorted(p for p in files.rglob("*") if p.is_file()):
            target = blob_path(path.name)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    return manifest
