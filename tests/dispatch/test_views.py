"""The staff pages of dispatch. Asserts on ids and records, not on catalogue text."""

import pytest

from kansli.dispatch.models import Dispatch
from tests.conftest import make_user


@pytest.fixture
def page(decision):
    return f"/expediering/handling/{decision.pk}/"


def test_the_registrar_dispatches_from_the_page(client, rita, decision, ksl, unit, page,
                                                mail_outbox):
    from tests.conftest import register

    register(decision.case, rita, "Skrivelse", senders=[ksl])  # KSL becomes a case party
    client.force_login(rita)
    response = client.get(page)
    assert response.status_code == 200
    assert f'value="party-{ksl.pk}"'.encode() in response.content
    assert f'value="unit-{unit.pk}"'.encode() in response.content

    response = client.post(page, {"recipients": [f"party-{ksl.pk}", f"unit-{unit.pk}"],
                                  "channel": "post"})
    assert response.status_code == 302
    assert Dispatch.objects.filter(document=decision, status="sent").count() == 2
    assert b"dispatch-sent" in client.get(page).content


def test_a_refusal_is_shown_on_the_form(client, rita, decision, unit, page):
    client.force_login(rita)
    response = client.post(page, {"recipients": [f"unit-{unit.pk}"], "channel": "email"})
    assert response.status_code == 200
    assert b'id="form-errors"' in response.content
    assert not Dispatch.objects.exists()


def test_a_case_officer_of_another_case_sees_but_cannot_dispatch(client, olle, decision,
                                                                  unit, page):
    client.force_login(olle)
    response = client.get(page)
    assert response.status_code == 200 and b'name="channel"' not in response.content
    assert client.post(page, {"recipients": [f"unit-{unit.pk}"],
                              "channel": "post"}).status_code == 403


def test_the_public_is_kept_out(client, page, decision):
    assert client.get(page).status_code == 302
    client.force_login(make_user("petra"))
    assert client.get(page).status_code == 403
    assert client.get("/expediering/").status_code == 403


def test_the_list_shows_what_is_not_done(client, rita, decision, ksl, unit):
    from kansli.dispatch.actions import do_dispatch

    [queued] = do_dispatch(decision, acting_user=rita, recipients=[ksl], channel="email")
    do_dispatch(decision, acting_user=rita, recipients=[unit], channel="hand")
    client.force_login(rita)
    response = client.get("/expediering/")
    assert response.status_code == 200
    assert response.content.count(b"dispatch-queued") == 1
    assert b"dispatch-sent" not in response.content


def test_the_document_page_shows_its_dispatches_and_the_way_to_dispatch(
        client, rita, decision, ksl, page):
    from kansli.dispatch.actions import do_dispatch

    client.force_login(rita)
    html = client.get(f"/handlingar/{decision.pk}/").content.decode()
    assert 'id="dispatch-heading"' in html and f'href="{page}"' in html
    assert "dispatch-sent" not in html
    do_dispatch(decision, acting_user=rita, recipients=[ksl], channel="post")
    html = client.get(f"/handlingar/{decision.pk}/").content.decode()
    assert "dispatch-sent" in html and "Kommunförbundet" in html


def test_a_secret_document_shows_no_dispatches_to_who_may_not_read_it(
        client, rita, decision, ksl):
    from kansli.diary.actions import do_mark_secret
    from kansli.dispatch.actions import do_dispatch

    do_mark_secret(decision, acting_user=rita, ground="OSL 26 kap. 1 §")
    do_dispatch(decision, acting_user=rita, recipients=[ksl], channel="post")
    client.force_login(make_user("besokare", "case_officer"))
    html = client.get(f"/handlingar/{decision.pk}/").content.decode()
    assert 'id="dispatch-heading"' not in html and "dispatch-sent" not in html
