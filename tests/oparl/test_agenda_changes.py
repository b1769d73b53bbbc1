"""Changes to an agenda after the notice reach a client that syncs with modified_since:
a new item moves its meeting; a removed item (whose row is deleted) is served as a
deleted AgendaItem, and the items renumbered after it and the meeting move too."""

import pytest
from django.utils import timezone

from kansli.meetings import actions
from kansli.meetings.models import Meeting

from .conftest import path_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def noticed(demo):
    return Meeting.objects.get(status=Meeting.Status.NOTICE_SENT)


def ids(client, kind, mark):
    data = client.get(f"/oparl/v1.1/body/1/{kind}/",
                      {"modified_since": mark.isoformat()}).json()["data"]
    return {d["id"]: d for d in data}


def test_a_new_item_moves_its_meeting(noticed, client, registrar):
    mark = timezone.now()
    assert ids(client, "meeting", mark) == {}
    item = actions.do_add_agenda_item(noticed, acting_user=registrar, heading="Extra ärende")
    meetings = ids(client, "meeting", mark)
    assert list(meetings) == [f"http://127.0.0.1:8000/oparl/v1.1/meeting/{noticed.pk}/"]
    assert any(i["name"] == "Extra ärende" for i in meetings.popitem()[1]["agendaItem"])
    assert f"http://127.0.0.1:8000/oparl/v1.1/agendaitem/{item.pk}/" in ids(
        client, "agendaitem", mark)


def test_a_removed_item_is_deleted_and_moves_the_rest(noticed, client, registrar, validate):
    first = noticed.agenda.order_by("position").first()
    url = f"http://127.0.0.1:8000/oparl/v1.1/agendaitem/{first.pk}/"
    mark = timezone.now()
    actions.do_remove_agenda_item(first, acting_user=registrar, reason="Utgår")
    served = client.get(path_of(url)).json()
    assert served["deleted"] is True and served["order"] == 0
    validate(served)
    items = ids(client, "agendaitem", mark)
    assert items[url] == served
    assert set(items) - {url} == {
        f"http://127.0.0.1:8000/oparl/v1.1/agendaitem/{i.pk}/" for i in noticed.agenda.all()}
    assert [i["order"] for i in items.values() if not i.get("deleted")] == list(
        range(noticed.agenda.count()))
    assert list(ids(client, "meeting", mark)) == [
        f"http://127.0.0.1:8000/oparl/v1.1/meeting/{noticed.pk}/"]
