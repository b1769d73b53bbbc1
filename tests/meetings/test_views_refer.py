"""Referring a case to a body from the case page: the form, who may, bad input."""

import pytest

from kansli.meetings.models import Handling
from tests.conftest import make_user, open_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(rita, ks, klass, olle):
    return open_case(rita, ks, klass, officer=olle)


def errors_of(response) -> str:
    form = response.context["form"]
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


def url(case):
    return f"/sammantraden/arenden/{case.pk}/lamna-till-organ/"


def test_the_case_page_offers_to_refer_and_the_case_is_referred(client, rita, case,
                                                                 sn_body):
    client.force_login(rita)
    page = client.get(f"/arenden/{case.pk}/").content.decode()
    assert "Lämna ärendet till ett organ" in page and url(case) in page
    form = client.get(url(case))
    assert form.status_code == 200 and "Socialnämnden" in form.content.decode()
    response = client.post(url(case), {"body": sn_body.pk, "role": "opinion"})
    assert response.status_code == 302 and response["Location"] == f"/arenden/{case.pk}/"
    handling = Handling.objects.get()
    assert (handling.case, handling.body, handling.role) == (case, sn_body, "opinion")
    page = client.get(f"/arenden/{case.pk}/").content.decode()
    assert "Socialnämnden" in page and "Ännu inte på en dagordning" in page


def test_the_case_officer_refers_their_own_case(client, olle, case, ks_body):
    client.force_login(olle)
    response = client.post(url(case), {"body": ks_body.pk, "role": "decision"})
    assert response.status_code == 302
    assert Handling.objects.get().role == "decision"


def test_a_secretary_refers_any_case(client, case, ks_body):
    client.force_login(make_user("sara", "secretary"))
    assert client.post(url(case), {"body": ks_body.pk, "role": "preparation"}
                       ).status_code == 302


def test_others_may_not_refer(client, karin, case, ks_body):
    client.force_login(karin)
    page = client.get(f"/arenden/{case.pk}/").content.decode()
    assert url(case) not in page
    assert client.get(url(case)).status_code == 403
    assert client.post(url(case), {"body": ks_body.pk, "role": "opinion"}).status_code == 403
    client.force_login(make_user("nobody"))
    assert client.post(url(case), {"body": ks_body.pk, "role": "opinion"}).status_code == 403
    client.logout()
    assert client.post(url(case), {"body": ks_body.pk, "role": "opinion"}).status_code == 302
    assert not Handling.objects.exists()
    assert client.get("/sammantraden/arenden/999999/lamna-till-organ/").status_code == 302


@pytest.mark.parametrize("data, message", [
    ({}, "Detta fält måste fyllas i."),
    ({"body": "KS", "role": "opinion"}, "Välj ett giltigt alternativ."),
    ({"body": "99999999999999999999999", "role": "opinion"}, "Välj ett giltigt alternativ."),
    ({"role": "vote"}, "Välj ett giltigt alternativ."),
])
def test_bad_input_is_shown_on_the_form(client, rita, case, ks_body, data, message):
    data = {"body": ks_body.pk, **data} if data else data
    client.force_login(rita)
    response = client.post(url(case), data)
    assert response.status_code == 200 and message in errors_of(response)
    assert not Handling.objects.exists()


def test_a_case_already_with_the_body_is_refused_on_the_form(client, rita, case, ks_body):
    client.force_login(rita)
    client.post(url(case), {"body": ks_body.pk, "role": "preparation"})
    response = client.post(url(case), {"body": ks_body.pk, "role": "decision"})
    assert response.status_code == 200
    assert "Kommunstyrelsen" in " ".join(response.context["form"].non_field_errors())
    assert Handling.objects.count() == 1


def test_an_unknown_case_is_404_for_staff(client, rita):
    client.force_login(rita)
    assert client.get("/sammantraden/arenden/999999/lamna-till-organ/").status_code == 404
