"""The organisation's register has no timestamps of its own: the OParl app stamps every
save, so a changed member shows up for a client that syncs with modified_since."""

import pytest
from django.utils import timezone

from kansli.org.models import Membership, Person, Term

pytestmark = pytest.mark.django_db

PEOPLE = "/oparl/v1.1/body/1/person/"


def test_a_renamed_member_is_modified(demo, client):
    mark = timezone.now()
    assert client.get(PEOPLE, {"modified_since": mark.isoformat()}).json()["data"] == []
    person = Person.objects.filter(memberships__isnull=False).order_by("pk").first()
    person.name = "Göran Sjödin-Ek"
    person.save()
    changed = client.get(PEOPLE, {"modified_since": mark.isoformat()}).json()["data"]
    assert [p["name"] for p in changed] == ["Göran Sjödin-Ek"]
    assert changed[0]["created"] < changed[0]["modified"] or \
        changed[0]["created"] <= mark.isoformat()


def test_a_changed_seat_moves_its_person_too(demo, client):
    mark = timezone.now()
    seat = Membership.objects.order_by("pk").first()
    seat.role = Membership.Role.VICE_CHAIR
    seat.save()
    people = client.get(PEOPLE, {"modified_since": mark.isoformat()}).json()["data"]
    assert [p["id"].rstrip("/").rsplit("/", 1)[1] for p in people] == [str(seat.person_id)]
    seats = client.get("/oparl/v1.1/body/1/membership/",
                       {"modified_since": mark.isoformat()}).json()["data"]
    assert [(s["role"], s["votingRight"]) for s in seats] == [("vice ordförande", True)]


def test_a_changed_term_moves_the_body_that_embeds_it(demo, client):
    before = client.get("/oparl/v1.1/body/1/").json()
    term = Term.objects.order_by("pk").first()
    term.name = "Mandatperioden 2011–2014"
    term.save()
    after = client.get("/oparl/v1.1/body/1/").json()
    assert after["modified"] >= before["modified"]
    assert after["modified"] == max(t["modified"] for t in after["legislativeTerm"])
    assert "Mandatperioden 2011–2014" in {t["name"] for t in after["legislativeTerm"]}


@pytest.mark.parametrize("moment", ["0001-01-01T00:00:00", "0001-01-01",
                                    "9999-12-31T23:59:59-12:00", "9999-12-31"])
def test_extreme_moments_are_answered(demo, client, moment):
    response = client.get(PEOPLE, {"modified_since": moment})
    assert response.status_code in (200, 400)
