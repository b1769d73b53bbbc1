"""A page of any list costs the same number of queries with 4 objects on it as with 12.
(The organization list pages through the bodies, then the parties: a page that reaches
both costs the queries of both, so both page sizes here reach both.)"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kansli.oparl import views

pytestmark = pytest.mark.django_db


def counted(client, path):
    """What the page costs when it is built: the public cache is emptied first."""
    from django.core.cache import cache

    cache.clear()
    client.get(path)  # the first time computes and keeps file checksums
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(response.json()["data"]), len(queries)


@pytest.mark.parametrize("kind", ["organization", "person", "membership", "legislativeterm",
                                  "meeting", "location", "agendaitem", "paper",
                                  "consultation", "file"])
def test_a_page_costs_the_same_whatever_its_size(demo, publish_files, client, monkeypatch,
                                                  kind):
    path = f"/oparl/v1.1/body/1/{kind}/"
    monkeypatch.setattr(views, "PAGE_SIZE", 4)
    small, small_queries = counted(client, path)
    monkeypatch.setattr(views, "PAGE_SIZE", 12)
    large, large_queries = counted(client, path)
    # The demo has two terms of office and three handlings; every other list has more
    # than 12 objects, or (meetings, locations) 7.
    assert large > small or kind in ("legislativeterm", "consultation")
    assert large_queries == small_queries


def test_it_writes_nothing_but_the_checksums_it_keeps(demo, publish_files, crawl):
    """The first time a file is served its SHA-512 is computed and kept; after that a full
    crawl writes nothing at all."""
    with CaptureQueriesContext(connection) as first:
        crawl()
    with CaptureQueriesContext(connection) as second:
        crawl()

    def writes(queries):
        return [q["sql"] for q in queries
                if q["sql"].lstrip().split()[0].upper() in ("INSERT", "UPDATE", "DELETE")]

    assert writes(first) and all("oparl_digest" in sql for sql in writes(first))
    assert writes(second) == []
