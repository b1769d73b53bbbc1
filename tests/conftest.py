"""Shared test set-up: the people of the tests and a small organisation.

- Rita is a registrar, Olle and Karin are case officers, Ada an administrator,
  and Petra a member of the public (no account).
"""

import contextlib
import datetime
import os
import subprocess
import sys
import uuid

import dj_database_url
import psycopg
import pytest
from django.contrib.auth.models import Group, User
from django.db import connection
from django.utils import timezone

from kansli.diary import access
from kansli.diary.models import Classification, Series
from kansli.org.models import Body, Organisation, Unit


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Real hashing costs half a second a user by design; tests need it fast."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def file_store(settings, tmp_path):
    settings.KANSLI_FILES_DIR = tmp_path / "files"
    return settings.KANSLI_FILES_DIR


def make_user(username, *roles):
    user = User.objects.create_user(username, f"{username}@ekero.se", "test-password-123",
                                    first_name=username.capitalize())
    for role in roles:
        user.groups.add(Group.objects.get_or_create(name=role)[0])
    return user


@pytest.fixture
def org(db):
    return Organisation.objects.create(
        name="Ekerö kommun", diary_number_format="{series}{yy}/{serial}-{class}"
    )


@pytest.fixture
def ks(org):
    body = Body.objects.create(organisation=org, code="KS", name="Kommunstyrelsen",
                               kind=Body.Kind.EXECUTIVE)
    return Series.objects.create(organisation=org, code="KS", name="Kommunstyrelsen", body=body)


@pytest.fixture
def sn(org):
    return Series.objects.create(organisation=org, code="SN", name="Socialnämnden")


@pytest.fixture
def klass(db):
    parent = Classification.objects.create(code="1", title="Styra verksamheten")
    return Classification.objects.create(code="133", title="Samverkan", parent=parent)


@pytest.fixture
def unit(org):
    return Unit.objects.create(organisation=org, name="Kommunkansliet")


@pytest.fixture
def rita(db):
    return make_user("rita", access.REGISTRAR)


@pytest.fixture
def olle(db):
    return make_user("olle", access.CASE_OFFICER)


@pytest.fixture
def karin(db):
    return make_user("karin", access.CASE_OFFICER)


@pytest.fixture
def ada(db):
    return make_user("ada", access.ADMINISTRATOR)


@pytest.fixture
def ksl(rita):
    """Kommunförbundet Stockholms län, the external party of the reference case."""
    from kansli.diary import actions

    return actions.do_create_party(acting_user=rita, kind="organisation",
                                   name="Kommunförbundet Stockholms län",
                                   email="registrator@ksl.se",
                                   address="Box 38145\n100 64 Stockholm")


def open_case(user, series, klass, title="Överenskommelse om samverkan", **kwargs):
    from kansli.diary import actions

    return actions.do_open_case(series, acting_user=user, title=title, classification=klass,
                                **kwargs)


def register(case, user, description="Rekommendation", **kwargs):
    """Register a document with the reference case's first document as defaults."""
    from kansli.diary import actions

    kwargs.setdefault("direction", "incoming")
    kwargs.setdefault("doc_type", "recommendation")
    kwargs.setdefault("received_date", datetime.date(2013, 6, 5))
    return actions.do_register_document(case, acting_user=user, description=description,
                                        **kwargs)


def at(year, month, day, hour=12):
    return timezone.make_aware(datetime.datetime(year, month, day, hour))


@contextlib.contextmanager
def separate_database(folder):
    """A database of its own, migrated, for tests that start real processes: they need
    committed data, which the test database's per-test transaction never has. Yields
    the environment for those processes (SQLite file, or a new PostgreSQL database in
    the cluster DATABASE_URL points to)."""
    env = dict(os.environ, KANSLI_DATA_DIR=str(folder), KANSLI_FILES_DIR=str(folder / "f"))
    url = os.environ.get("DATABASE_URL", "")
    dbname = None
    if url.startswith("postgres"):
        config = dj_database_url.parse(url)
        dbname = f"kansli_procs_{uuid.uuid4().hex[:8]}"
        # The throwaway cluster's socket folder comes as ?host=…, which ends up in OPTIONS.
        admin = dict(dbname="postgres", user=config["USER"],
                     host=config["HOST"] or config["OPTIONS"].get("host"))
        with psycopg.connect(**admin, autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {dbname}")
        env["DATABASE_URL"] = url.replace("/kansli?", f"/{dbname}?")
    else:
        env["DATABASE_URL"] = f"sqlite:///{folder / 'kansli.sqlite3'}"
    try:
        subprocess.run([sys.executable, "-m", "kansli", "migrate", "-v0"], env=env, check=True)
        yield env
    finally:
        if dbname:
            with psycopg.connect(**admin, autocommit=True) as conn:
                conn.execute(f"DROP DATABASE {dbname} WITH (FORCE)")


@pytest.fixture
def fresh_database(tmp_path):
    with separate_database(tmp_path) as env:
        yield env


def set_journal_guards(enabled: bool) -> None:
    """Lift or restore the journal's append-only triggers. Tests that tamper with the
    journal call this inside their test transaction, which rolls the change back."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # PostgreSQL alters no table with deferred foreign key checks pending (from
            # the events just written): have them checked now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            state = "ENABLE" if enabled else "DISABLE"
            cursor.execute(f"ALTER TABLE diary_event {state} TRIGGER diary_event_append_only")
        elif enabled:
            cursor.execute(
                "CREATE TRIGGER IF NOT EXISTS diary_event_no_update BEFORE UPDATE ON diary_event "
                "BEGIN SELECT RAISE(ABORT, 'journal events are append-only'); END")
            cursor.execute(
                "CREATE TRIGGER IF NOT EXISTS diary_event_no_delete BEFORE DELETE ON diary_event "
                "BEGIN SELECT RAISE(ABORT, 'journal events are append-only'); END")
        else:
            cursor.execute("DROP TRIGGER IF EXISTS diary_event_no_update")
            cursor.execute("DROP TRIGGER IF EXISTS diary_event_no_delete")


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: the public pages' keys name the journal's
    head, which starts again from the same numbers in every test's rolled-back data."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@contextlib.contextmanager
def rolled_back():
    """Data shared by many tests (a module- or package-scoped fixture), built inside one
    real transaction that is rolled back at the end — as Django's TestCase does for
    setUpTestData. (Switching autocommit off is not enough on SQLite: the first atomic
    block's savepoint then opens the transaction and its release commits it.)"""
    from django.db import transaction

    atomic = transaction.atomic()
    atomic.__enter__()
    try:
        yield
    finally:
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)
