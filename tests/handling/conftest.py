"""Deadline tests reuse the committee set-up of tests/meetings (bodies, boards, helpers)."""

import datetime

import pytest

from kansli.handling import actions
from tests.conftest import open_case
from tests.meetings.conftest import (  # noqa: F401  (fixtures)
    boards,
    english_messages,
    kf,
    ks_board,
    ks_body,
    parties,
    sn_body,
    term,
)


@pytest.fixture(autouse=True)
def locmem_mail(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.KANSLI_REMIND_DAYS_BEFORE = 3


@pytest.fixture
def case(ks, klass, rita, olle, unit):
    return open_case(rita, ks, klass, officer=olle, unit=unit)


@pytest.fixture
def deadline(case, rita, olle):
    return actions.do_add_deadline(case, acting_user=rita, kind="external",
                                   due=datetime.date(2013, 11, 15), responsible=olle,
                                   description="Svar till KSL")
