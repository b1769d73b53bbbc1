"""Personnummer and samordningsnummer are masked in every public output."""

import datetime

import pytest
from django.urls import reverse

from kansli.lib.personnummer import MASK
from tests.conftest import open_case, register
from tests.public.conftest import PNR

pytestmark = pytest.mark.django_db

SAMORDNING = "701063-2391"  # day 63: born on the 3rd


def test_the_samordningsnummer_used_here_is_one():
    from kansli.lib.personnummer import kind

    assert kind(SAMORDNING) == "samordningsnummer" and kind(PNR) == "personnummer"


def test_numbers_are_masked_in_pages_and_feeds(client, diary, rita, ks, klass):
    case = open_case(rita, ks, klass, title=f"Ansökan om bistånd {SAMORDNING}")
    register(case, rita, description=f"Ansökan från {SAMORDNING}",
             received_date=datetime.date(2013, 10, 1))
    urls = [reverse("public:index"), reverse("public:diary"),
            reverse("public:case", args=[diary.case.pk]),
            reverse("public:case", args=[case.pk]),
            reverse("public:document", args=[diary.private_letter.pk]),
            reverse("public:diary_rss"), reverse("public:diary_atom"),
            reverse("public:diary_rss") + "?q=ansökan"]
    for url in urls:
        text = client.get(url).content.decode()
        assert PNR not in text and SAMORDNING not in text, url
        assert PNR.replace("-", "") not in text
    assert MASK in client.get(reverse("public:case", args=[case.pk])).content.decode()
    assert MASK in client.get(reverse("public:diary_atom")).content.decode()


def test_numbers_are_masked_in_meeting_pages(client, story, rita):
    from kansli.meetings.models import Meeting

    meeting = Meeting.objects.filter(approved_on__isnull=False).first()
    Meeting.objects.filter(pk=meeting.pk).update(place=f"Hos {PNR}",
                                                 minutes_kept_at=f"Hos {PNR}")
    for url in [reverse("public:meeting", args=[meeting.pk]), reverse("public:meetings")
                + f"?ar={meeting.start.year}", reverse("public:calendar"),
                reverse("public:board_archive"), reverse("public:board")]:
        text = client.get(url).content.decode()
        assert PNR not in text, url
