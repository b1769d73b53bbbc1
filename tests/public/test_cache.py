"""kansli.public.cache: public pages are served from the cache until the journal moves,
so a change — a secrecy marking above all — is public at once."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from kansli.diary.actions import do_mark_secret
from tests.conftest import open_case, register


def test_a_page_is_built_once_and_again_after_any_recorded_change(client, ks, klass, rita):
    case = open_case(rita, ks, klass, title="Detaljplan för Tappström")
    document = register(case, rita, description="Yttrande om barnets situation")
    url = f"/insyn/arenden/{case.pk}/"
    first = client.get(url)
    assert "Yttrande om barnets situation" in first.content.decode()
    with CaptureQueriesContext(connection) as queries:
        again = client.get(url)
    assert again.content == first.content and len(queries) == 1  # the journal's head

    do_mark_secret(document, acting_user=rita, ground="OSL 26 kap. 1 §")
    after = client.get(url).content.decode()
    assert "Yttrande om barnets situation" not in after and "OSL 26 kap. 1 §" in after


def test_only_complete_answers_are_kept(client, ks, klass, rita):
    assert client.get("/insyn/arenden/999999/").status_code == 404
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/insyn/arenden/999999/").status_code == 404
    assert len(queries) > 1  # built again, not served from the cache
