"""Referral set-up: Ekerö's case KS13/250 handled by Olle, three member municipalities
as external parties, Socialkontoret as an internal unit and Socialnämnden as a body.

Helper: ``send(case, user, *targets, due=…, kind=…)`` sends a referral with one due date.
"""

from __future__ import annotations

import datetime

import pytest
from django.utils import translation

from kansli.diary import actions as diary
from kansli.org.models import Body, Unit
from kansli.referrals import actions
from tests.conftest import open_case

D = datetime.date
SENT, DUE = D(2013, 6, 5), D(2013, 11, 15)


@pytest.fixture(autouse=True)
def english_messages(request):
    """Rule tests match refusals by their English message ids; the view tests see the
    interface in Swedish, as users do."""
    if request.module.__name__.rpartition(".")[2].startswith("test_views"):
        yield
        return
    with translation.override("en"):
        yield


@pytest.fixture
def case(ks, klass, rita, olle, unit):
    return open_case(rita, ks, klass, officer=olle, unit=unit)


@pytest.fixture
def members(rita):
    return [diary.do_create_party(acting_user=rita, kind="organisation", name=name,
                                  email=email)
            for name, email in (("Ekerö kommun", "kommun@ekero.se"),
                                ("Nacka kommun", "registrator@nacka.se"),
                                ("Vaxholms stad", "kommunstyrelsen@vaxholm.se"))]


@pytest.fixture
def socialkontoret(org):
    return Unit.objects.create(organisation=org, name="Socialkontoret")


@pytest.fixture
def sn_body(org):
    return Body.objects.create(organisation=org, code="SN", name="Socialnämnden",
                               kind=Body.Kind.COMMITTEE)


def send(case, user, *targets, due=DUE, kind="decision", sent_on=SENT, **kwargs):
    return actions.do_send_referral(
        case, acting_user=user, question="Anta överenskommelsen om nyanlända", kind=kind,
        recipients=[(t, due) for t in targets], sent_on=sent_on, **kwargs)


@pytest.fixture
def referral(case, olle, members):
    return send(case, olle, *members)


def recipient(referral, name):
    return referral.recipients.get(party__name=name)
