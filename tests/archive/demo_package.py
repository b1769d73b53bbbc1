"""Shared set-up of the archive export tests (imported by tests/archive/test_erms.py,
test_package.py and test_import.py; not a test module itself).

``closed_demo_fixture()`` makes a module-scoped fixture: the Ekerö demo with 20 made-up
cases, every case closed through ``do_close_case``, loaded once in a transaction that is
rolled back at the end. ``store_fixture()`` keeps the demo's stored files readable in
every test of the module.
"""

from __future__ import annotations

import pytest
from django.test import TestCase, override_settings

from tests.conftest import rolled_back

FAST_HASHING = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def close_all(acting_user=None) -> int:
    from kansli.diary import actions
    from kansli.diary.models import Case

    count = 0
    for case in Case.objects.filter(cancelled_at=None).exclude(status=Case.Status.CLOSED):
        actions.do_close_case(case, acting_user=acting_user or case.officer)
        count += 1
    return count


def store_fixture():
    @pytest.fixture(scope="module")
    def archive_files(tmp_path_factory):
        return tmp_path_factory.mktemp("archive-files")

    @pytest.fixture(autouse=True)
    def file_store(settings, archive_files):
        settings.KANSLI_FILES_DIR = archive_files
        return archive_files

    return archive_files, file_store


def closed_demo_fixture():
    @pytest.fixture(scope="module")
    def closed_demo(django_db_setup, django_db_blocker, archive_files):
        """The demo, every case closed; yields the reference case KS13/250-133."""
        import kansli.demo

        with django_db_blocker.unblock(), rolled_back():
            with override_settings(KANSLI_FILES_DIR=archive_files,
                                   PASSWORD_HASHERS=FAST_HASHING):
                with TestCase.captureOnCommitCallbacks(execute=True):
                    case = kansli.demo.load(cases=20)
                close_all()
            yield case

    return closed_demo
