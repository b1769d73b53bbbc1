"""`kansli backup` and `kansli restore` (docs/integrity.md), in real processes on
databases of their own: SQLite files, or PostgreSQL databases in the cluster
DATABASE_URL names (then with pg_dump/pg_restore of that cluster's version)."""

import contextlib
import json
import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import dj_database_url
import psycopg
import pytest

from tests.conftest import separate_database
from tests.pgcluster import find_bindir
from tests.processes import python

PRELUDE = """
import datetime, json, os, sys, time
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kansli.settings")
django.setup()
from django.contrib.auth.models import User
from kansli.diary import actions
from kansli.diary.models import Blob, Case, Document, Event, Party, Series
from kansli.org.models import Organisation
"""

SETUP = PRELUDE + """
org = Organisation.objects.create(name="Ekerö kommun",
                                  diary_number_format="{series} {yyyy}/{serial:4}")
ks = Series.objects.create(organisation=org, code="KS", name="Kommunstyrelsen")
rita = User.objects.create_user("rita")
ksl = actions.do_create_party(acting_user=rita, kind="organisation", name="KSL")
case = actions.do_open_case(ks, acting_user=rita, title="Samverkan om hemtjänst")
for i in range(3):
    actions.do_register_document(
        case, acting_user=rita, direction="incoming", doc_type="letter",
        description=f"Skrivelse {i}", received_date=datetime.date(2025, 6, 2), senders=[ksl],
        files=[actions.NewFile(f"skrivelse-{i}.pdf", f"%PDF-1.4 skrivelse {i}".encode())])
print(json.dumps({"case": case.pk, "party": ksl.pk}))
"""

# Registers documents one after another until the file named by argv[2] exists.
REGISTRAR = PRELUDE + """
ids, stop, started = json.loads(sys.argv[1]), sys.argv[2], sys.argv[3]
case = Case.objects.get(pk=ids["case"])
ksl = Party.objects.get(pk=ids["party"])
rita = User.objects.get(username="rita")
n = 0
while not os.path.exists(stop) and n < 2000:
    actions.do_register_document(
        case, acting_user=rita, direction="incoming", doc_type="letter",
        description=f"Under säkerhetskopieringen {n}", received_date=datetime.date(2025, 6, 3),
        senders=[ksl], files=[actions.NewFile(f"under-{n}.txt", f"under {n}".encode())])
    n += 1
    if n == 5:
        open(started, "w").close()
    time.sleep(0.002)
print(json.dumps({"registered": n}))
"""

STATE = PRELUDE + """
print(json.dumps({"cases": Case.objects.count(), "documents": Document.objects.count(),
                  "events": Event.objects.count(), "blobs": Blob.objects.count()}))
"""


def kansli(*args, env, check=True):
    done = subprocess.run([sys.executable, "-m", "kansli", *args], env=env,
                          capture_output=True, text=True, timeout=300)
    if check:
        assert done.returncode == 0, done.stderr
    return done


def only_backup(folder: Path) -> Path:
    [made] = [p for p in folder.iterdir() if p.is_dir()]
    return made


@contextlib.contextmanager
def empty_installation(folder: Path):
    """An installation with nothing in it, not even tables (restore needs no more): a
    SQLite file still to be made, or a new, empty PostgreSQL database."""
    folder.mkdir(parents=True)
    env = dict(os.environ, KANSLI_DATA_DIR=str(folder), KANSLI_FILES_DIR=str(folder / "f"),
               KANSLI_PG_BINDIR=find_bindir())
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        env["DATABASE_URL"] = f"sqlite:///{folder / 'kansli.sqlite3'}"
        yield env
        return
    config = dj_database_url.parse(url)
    dbname = f"kansli_restore_{uuid.uuid4().hex[:8]}"
    admin = dict(dbname="postgres", user=config["USER"],
                 host=config["HOST"] or config["OPTIONS"].get("host"))
    with psycopg.connect(**admin, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {dbname}")
    env["DATABASE_URL"] = url.replace("/kansli?", f"/{dbname}?")
    try:
        yield env
    finally:
        with psycopg.connect(**admin, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE {dbname} WITH (FORCE)")


@pytest.fixture(scope="module")
def backed_up(tmp_path_factory):
    """A migrated installation with a case, three documents and their files, and one
    backup of it: (its environment, the backup's folder)."""
    folder = tmp_path_factory.mktemp("source")
    with separate_database(folder / "db") as env:
        env["KANSLI_PG_BINDIR"] = find_bindir()
        python(SETUP, env=env)
        kansli("backup", "--to", str(folder / "backups"), "--no-progress", env=env)
        yield env, only_backup(folder / "backups")


@pytest.fixture(scope="module")
def untouched(tmp_path_factory):
    """An empty installation that refused restores leave empty."""
    with empty_installation(tmp_path_factory.mktemp("untouched") / "db") as env:
        yield env


@pytest.fixture
def target(tmp_path):
    with empty_installation(tmp_path / "target") as env:
        yield env


def test_backup_and_restore_give_back_a_verifying_installation(backed_up, target):
    source, made = backed_up
    before = python(STATE, env=source)
    manifest = json.loads((made / "manifest.json").read_text())
    assert manifest["journal"]["seq"] == before["events"]
    assert manifest["counts"]["documents"] == 3 and manifest["counts"]["files"] == 3
    listed = (made / "manifest-sha256.txt").read_text().splitlines()
    assert any(line.endswith("  manifest.json") for line in listed)
    assert sum("  files/" in line for line in listed) == 3
    assert any(line.endswith(manifest["database"]) for line in listed)

    restored = kansli("restore", str(made), env=target).stdout
    assert f"händelse {before['events']}" in restored
    assert python(STATE, env=target) == before
    done = kansli("verify", "--no-progress", env=target)
    assert done.stdout.startswith(f"OK: {before['events']} events, head "
                                  f"{manifest['journal']['hash']}")


def test_a_second_backup_links_the_files_it_already_has(backed_up):
    source, first = backed_up
    out = kansli("backup", "--to", str(first.parent), "--no-progress", env=source).stdout
    second = Path(out.splitlines()[0])
    assert second != first and second.parent == first.parent
    a = next(p for p in (first / "files").rglob("*") if p.is_file())
    b = second / a.relative_to(first)
    assert os.path.samefile(a, b)


def test_a_backup_taken_during_registrations_restores_to_a_verifying_state(target, tmp_path):
    with separate_database(tmp_path / "busy") as source:
        busy(source, target, tmp_path)


def busy(source, target, tmp_path):
    source["KANSLI_PG_BINDIR"] = find_bindir()
    ids = python(SETUP, env=source)
    stop, started = tmp_path / "stop", tmp_path / "started"
    registrar = subprocess.Popen([sys.executable, "-c", REGISTRAR, json.dumps(ids), str(stop),
                                  str(started)], env=source, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while not started.exists():
            assert registrar.poll() is None, registrar.communicate()
            assert time.monotonic() < deadline
            time.sleep(0.01)
        kansli("backup", "--to", str(tmp_path / "backups"), "--no-progress", env=source)
        stop.touch()
        out, err = registrar.communicate(timeout=120)
        assert registrar.returncode == 0, err
    finally:
        if registrar.poll() is None:
            registrar.kill()
    made = only_backup(tmp_path / "backups")
    manifest = json.loads((made / "manifest.json").read_text())
    after = python(STATE, env=source)
    # The registrations went on: the backup is of a moment in the middle of them.
    assert 3 + 5 <= manifest["counts"]["documents"] < after["documents"]
    kansli("restore", str(made), env=target)
    state = python(STATE, env=target)
    assert state["events"] == manifest["journal"]["seq"] == manifest["counts"]["events"]
    assert state["documents"] == manifest["counts"]["documents"]
    assert kansli("verify", "--no-progress", env=target).stdout.startswith(
        f"OK: {state['events']} events")


@pytest.mark.parametrize("tamper", ["file", "manifest", "database", "extra", "missing"])
def test_a_tampered_backup_is_refused_naming_the_file(backed_up, untouched, tmp_path, tamper):
    made = tmp_path / "copy"
    shutil.copytree(backed_up[1], made)
    stored = next(p for p in (made / "files").rglob("*") if p.is_file())
    name = {
        "file": stored.relative_to(made).as_posix(),
        "manifest": "manifest.json",
        "database": json.loads((made / "manifest.json").read_text())["database"],
        "extra": "files/ex/tr/extra",
        "missing": stored.relative_to(made).as_posix(),
    }[tamper]
    path = made / name
    if tamper == "extra":
        path.parent.mkdir(parents=True)
        path.write_bytes(b"extra")
    elif tamper == "missing":
        path.unlink()
    else:
        content = bytearray(path.read_bytes())
        content[len(content) // 2] ^= 0x01
        path.write_bytes(bytes(content))
    done = kansli("restore", str(made), env=untouched, check=False)
    assert done.returncode != 0
    assert name in done.stderr
    assert "kansli" not in " ".join(os.listdir(untouched["KANSLI_DATA_DIR"])) or \
        untouched["DATABASE_URL"].startswith("postgres")  # nothing was restored


def test_restore_refuses_an_installation_that_is_not_empty(backed_up):
    source, made = backed_up
    done = kansli("restore", str(made), env=source, check=False)
    assert done.returncode != 0
    assert "inte tom" in done.stderr


def test_a_freshly_migrated_installation_counts_as_empty(backed_up, tmp_path):
    """`kansli migrate` then `kansli restore`, as an administrator sets up a new machine."""
    source, made = backed_up
    with separate_database(tmp_path / "migrated") as target:
        target["KANSLI_PG_BINDIR"] = find_bindir()
        kansli("restore", str(made), env=target)
        manifest = json.loads((made / "manifest.json").read_text())
        assert kansli("verify", "--no-progress", env=target).stdout.startswith(
            f"OK: {manifest['journal']['seq']} events")
