"""The public face's set-up: a small diary with what must never reach the public.

Rita registers, in Ekerö's KS series:
- a public case (the reference case) with KSL's recommendation and its file, a letter
  from a private person, Sven Svensson, whose description holds his personnummer, and a
  secret document (a secret description, a secret party, a file);
- a case whose title is secret, shown by its public title;
- a cancelled case.
Petra, a member of the public, uses the Django test client without logging in.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest

from kansli.diary import actions
from kansli.diary.actions import NewFile
from kansli.diary.models import Case, Document
from tests.conftest import open_case, register

PNR = "811228-9874"
SECRET_WORDS = ["Hemlighetsfullt", "Skyddad Person", "hemlig-bilaga.pdf",
                "Orosanmälan Kalle Kula"]


@dataclass
class Diary:
    case: Case
    recommendation: Document
    private_letter: Document
    secret: Document
    secret_case: Case
    cancelled: Case


@pytest.fixture
def diary(org, ks, klass, rita, ksl) -> Diary:
    case = open_case(rita, ks, klass, title="Överenskommelse om samverkan gällande nyanlända")
    recommendation = register(case, rita, description="Rekommendation om samverkan",
                              senders=[ksl],
                              files=[NewFile("rekommendation.pdf", b"%PDF-1.4 public",
                                             "application/pdf")])
    sven = actions.do_create_party(acting_user=rita, kind="person", name="Sven Svensson")
    private_letter = register(case, rita, description=f"Synpunkter från {PNR}",
                              doc_type="letter", senders=[sven],
                              received_date=datetime.date(2013, 7, 1))
    hidden = actions.do_create_party(acting_user=rita, kind="person", name="Skyddad Person",
                                     secrecy_ground="OSL 21 kap. 3 §")
    secret = register(case, rita, description="Hemlighetsfullt intyg", doc_type="letter",
                      senders=[hidden], secrecy_ground="OSL 26 kap. 1 §",
                      received_date=datetime.date(2013, 8, 1),
                      files=[NewFile("hemlig-bilaga.pdf", b"%PDF-1.4 secret",
                                     "application/pdf")])
    secret_case = open_case(rita, ks, klass, title="Orosanmälan Kalle Kula")
    actions.do_mark_secret(secret_case, acting_user=rita, ground="OSL 26 kap. 1 §",
                           public_title="Orosanmälan")
    register(secret_case, rita, description="Anmälan", doc_type="letter",
             secrecy_ground="OSL 26 kap. 1 §", received_date=datetime.date(2013, 9, 1))
    cancelled = open_case(rita, ks, klass, title="Felregistrerat ärende Makulerat")
    actions.do_cancel_case(cancelled, acting_user=rita, reason="Fel serie")
    return Diary(case, recommendation, private_letter, secret,
                 Case.objects.get(pk=secret_case.pk), cancelled)


def publish_files(org, on=True):
    org.publish_files = on
    org.save(update_fields=["publish_files"])


@pytest.fixture
def story(db):
    """The whole Ekerö story (kansli.demo): slower, used sparingly."""
    import kansli.demo

    return kansli.demo.load(cases=0)


# Committee work: the boards of KF, KS and SN (tests/meetings/conftest.py).
from tests.meetings.conftest import (  # noqa: E402, F401
    boards,
    kf,
    kf_board,
    ks_board,
    ks_body,
    parties,
    sn_body,
)


@pytest.fixture
def term(org):
    """A term of office around today: the public pages show what is current."""
    from kansli.org.models import Term

    return Term.objects.create(organisation=org, name="2022–2030",
                               start=datetime.date(2022, 10, 15),
                               end=datetime.date(2030, 10, 14))


def approved_and_posted(board, user, headings, *, days_ago=2, case=None):
    """A meeting of ``board`` held ``days_ago`` days ago, its paragraphs decided, its
    minutes approved and posted today."""
    from django.utils import timezone

    from kansli.meetings import actions as meeting_actions
    from tests.meetings.conftest import approve, decide, drawn_up

    start = timezone.now().replace(hour=13, minute=0, second=0, microsecond=0) \
        - datetime.timedelta(days=days_ago)
    cases = [case] if case is not None else ()
    meeting, paragraphs = drawn_up(board.body, board, user, start, headings, cases=cases)
    decide(paragraphs, user)
    meeting = approve(meeting, board, on=timezone.localdate())
    posting = meeting_actions.do_post_minutes(meeting, acting_user=user)
    return meeting, paragraphs, posting
