"""Agreement set-up: KSL's agreement on newly arrived (kept in a case of the KS series),
its 2009 version and 2013 revision with the seed's four areas, and member
municipalities as parties.

Helpers (plain functions, importable as ``tests.agreements.conftest``):

- ``build(user, case, members)``: the agreement with ``members`` parties, all of whom
  adopt the 2013 version, and the period 2014 opened.
- ``entries(period, status="active")``: an answer for every area of the period.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.utils import translation

from kansli.agreements import actions
from kansli.agreements.demo import AREAS, TITLE
from kansli.diary import actions as diary_actions
from kansli.diary.models import Party
from kansli.org import stockholm
from tests.conftest import open_case, register

D = datetime.date


@pytest.fixture(autouse=True)
def english_messages(request):
    """Rule tests match refusals by their English message ids; view tests see Swedish."""
    if request.module.__name__.rpartition(".")[2].startswith("test_views_"):
        yield
        return
    with translation.override("en"):
        yield


@dataclass
class World:
    agreement: object
    first: object  # the 2009 version
    version: object  # the 2013 revision
    parties: list[Party]
    period: object
    case: object
    document: object


def members(user, count: int) -> list[Party]:
    return [diary_actions.do_create_party(acting_user=user, kind="organisation", name=name,
                                          email=email)
            for name, email in stockholm.MEMBERS[:count]]


def build(user, case, count: int, *, adopt: bool = True, period: bool = True) -> World:
    document = register(case, user, "Överenskommelse, justerat förslag 2013-05-06",
                        doc_type="agreement", document_date=D(2013, 5, 6))
    agreement = actions.do_create_agreement(acting_user=user, title=TITLE, case=case,
                                            follow_up="KSL:s kansli")
    first = actions.do_add_version(agreement, acting_user=user, label="2009")
    version = actions.do_add_version(agreement, acting_user=user,
                                     label="Justerat förslag 2013-05-06",
                                     date=D(2013, 5, 6), document=document, replaces=first,
                                     areas=AREAS)
    parties = members(user, count)
    for party in parties:
        actions.do_add_party(agreement, acting_user=user, party=party)
        if adopt:
            actions.do_record_adoption(version, party, acting_user=user, decision="adopted",
                                       body="Kommunfullmäktige", decided_on=D(2013, 10, 21),
                                       paragraph="§ 12")
    opened = None
    if period:
        opened = actions.do_open_period(agreement, acting_user=user, label="2014",
                                        start=D(2014, 1, 1), end=D(2014, 12, 31),
                                        reports_due=D(2015, 2, 27), version=version,
                                        responsible=user)
    return World(agreement, first, version, parties, opened, case, document)


def entries(period, status="active", text="Samverkan pågår"):
    return [(area, status, f"{text}: {area.name}")
            for area in period.version.areas.order_by("order", "pk")]


@pytest.fixture
def case(rita, ks, klass, olle):
    return open_case(rita, ks, klass, title=TITLE, officer=olle)


@pytest.fixture
def world(rita, case):
    return build(rita, case, 5)
