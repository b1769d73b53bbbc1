"""Set-up for the OParl tests.

- ``demo``: the Ekerö demo (``kansli.demo.load(cases=20)``), loaded once for the
  package and rolled back after; each test runs in its own transaction on top of it.
- ``validate``: checks an object against the OParl 1.1 schema of its type, read from
  ``../shared/standards/oparl-1.1/schema/`` beside the repository.
- ``crawl``: follows every URL of this API from the System object, validating each
  object it meets, and returns what it saw.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field
from pathlib import Path

import jsonschema
import pytest
from django.conf import settings as django_settings
from django.test import TestCase, override_settings

from tests.conftest import rolled_back

SCHEMA_DIR = Path(__file__).resolve().parents[3] / "shared" / "standards" / "oparl-1.1" / "schema"
ROOT = "/oparl/v1.1/"
TYPE_PREFIX = "https://schema.oparl.org/1.1/"


@pytest.fixture(scope="session")
def schemas() -> dict[str, dict]:
    """The schemas by file name ("Paper.json")."""
    if not SCHEMA_DIR.is_dir():
        pytest.fail(f"The OParl 1.1 schemas {SCHEMA_DIR} are missing: these tests validate "
                    "against them. Run them from a clone that has the project's shared/ "
                    "folder beside it.")
    return {p.name: json.loads(p.read_text()) for p in SCHEMA_DIR.glob("*.json")}


def _formats() -> jsonschema.FormatChecker:
    checker = jsonschema.FormatChecker()

    @checker.checks("url")
    def is_url(value):
        return not isinstance(value, str) or value.startswith(("http://", "https://"))

    @checker.checks("date", raises=ValueError)
    def is_date(value):
        return not isinstance(value, str) or bool(datetime.date.fromisoformat(value))

    @checker.checks("date-time", raises=ValueError)
    def is_date_time(value):
        if not isinstance(value, str):
            return True
        return datetime.datetime.fromisoformat(value).tzinfo is not None

    return checker


@pytest.fixture(scope="session")
def validate(schemas):
    """``validate(obj)``: raises unless ``obj`` is valid under the schema of its type.

    The OParl schemas have no $schema and no $ref: an embedded object names its schema
    with the keyword ``schema`` ("File.json"). That keyword is taught to a Draft 4
    validator here, so embedded objects are checked against their own schema too."""

    def schema_keyword(validator, name, instance, schema):
        if validator.is_type(instance, "object") and name in schemas:
            yield from validator.descend(instance, schemas[name])

    Validator = jsonschema.validators.extend(jsonschema.Draft4Validator,
                                             {"schema": schema_keyword})
    checker = _formats()

    def check(obj: dict) -> str:
        kind = obj["type"].removeprefix(TYPE_PREFIX)
        Validator(schemas[f"{kind}.json"], format_checker=checker).validate(obj)
        return kind

    return check


@pytest.fixture(scope="package")
def oparl_files(tmp_path_factory):
    return tmp_path_factory.mktemp("oparl-files")


@pytest.fixture(autouse=True)
def file_store(settings, oparl_files):
    """The demo's stored PDFs stay readable in every test (the root conftest gives each
    test an empty store)."""
    settings.KANSLI_FILES_DIR = oparl_files
    return oparl_files


@pytest.fixture(scope="package")
def demo(django_db_setup, django_db_blocker, oparl_files):
    """The Ekerö demo with 20 made-up cases, loaded once for the package."""
    import kansli.demo

    with django_db_blocker.unblock(), rolled_back():
        # The tests name the Body /oparl/v1.1/body/1/: the demo's organisation gets id 1
        # even where earlier tests advanced PostgreSQL's sequence (SQLite reuses ids
        # after a rollback by itself). No organisation exists here: each test's own rolled
        # back.
        from django.db import connection

        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT setval(pg_get_serial_sequence('org_organisation', "
                               "'id'), 1, false)")
        with override_settings(KANSLI_FILES_DIR=oparl_files,
                               PASSWORD_HASHERS=[
                                   "django.contrib.auth.hashers.MD5PasswordHasher"]):
            # Approved minutes are stored after commit; this transaction never
            # commits, so the callbacks are run here.
            with TestCase.captureOnCommitCallbacks(execute=True):
                case = kansli.demo.load(cases=20)
        yield case


@pytest.fixture
def publish_files(demo, db):
    from kansli.org.models import Organisation

    Organisation.objects.update(publish_files=True)


@pytest.fixture
def registrar(demo, db):
    from django.contrib.auth.models import User

    return User.objects.get(username="registrator")


def path_of(url: str) -> str:
    base = django_settings.KANSLI_SITE_URL.rstrip("/")
    assert url.startswith(base + ROOT), url
    return url[len(base):]


@dataclass
class Crawl:
    objects: dict[str, dict] = field(default_factory=dict)  # by id, as served
    lists: dict[str, dict] = field(default_factory=dict)  # by URL, each page
    files: dict[str, bytes] = field(default_factory=dict)  # accessUrl/downloadUrl bytes
    bodies: list[str] = field(default_factory=list)  # every response as text
    kinds: set[str] = field(default_factory=set)

    def of_kind(self, kind: str) -> list[dict]:
        return [o for o in self.objects.values() if o["type"] == TYPE_PREFIX + kind]

    @property
    def text(self) -> str:
        return "\n".join(self.bodies)


def _urls(value, base):
    if isinstance(value, str):
        if value.startswith(base + ROOT):
            yield value
    elif isinstance(value, list):
        for item in value:
            yield from _urls(item, base)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _urls(item, base)


def _embedded(value):
    """Every OParl object in ``value``, nested ones included."""
    if isinstance(value, dict):
        if "type" in value and str(value["type"]).startswith(TYPE_PREFIX):
            yield value
        for item in value.values():
            yield from _embedded(item)
    elif isinstance(value, list):
        for item in value:
            yield from _embedded(item)


@pytest.fixture
def crawl(client, validate):
    """``crawl()``: everything reachable from the System object, each object validated
    (embedded ones too). Bounded: at most ``limit`` requests."""

    def run(limit: int = 3000) -> Crawl:
        base = django_settings.KANSLI_SITE_URL.rstrip("/")
        seen = Crawl()
        queue, queued = [base + ROOT], {base + ROOT}
        while queue:
            assert len(queued) <= limit, "the crawl did not end"
            url = queue.pop(0)
            response = client.get(path_of(url))
            assert response.status_code == 200, (url, response.content[:300])
            assert response["Access-Control-Allow-Origin"] == "*"
            if not response["Content-Type"].startswith("application/json"):
                seen.files[url] = response.content
                continue
            assert response["Content-Type"] == "application/json; charset=utf-8"
            text = response.content.decode()
            seen.bodies.append(text)
            data = json.loads(text)
            if "data" in data and "pagination" in data:
                seen.lists[url] = data
                assert len(data["data"]) <= data["pagination"]["elementsPerPage"]
            for obj in _embedded(data):
                seen.kinds.add(validate(obj))
                if obj["id"] == url or obj["id"] not in seen.objects:
                    seen.objects[obj["id"]] = obj
            for found in _urls(data, base):
                if found not in queued:
                    queued.add(found)
                    queue.append(found)
        return seen

    return run
