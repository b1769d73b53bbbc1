"""Public answers, cached until anything is recorded.

Every change Kansli makes goes through an action that appends to the journal, so the
journal's head (its sequence number) names the state of everything public. A public
page is cached under its full path, its language, the day (what is current on the
notice board depends on it) and that sequence number: the next registration, secrecy
marking or approval gives every page a new key, and no one is ever served what a
change has since hidden. Asking costs one query for the head.

The organisation's own register — the organisation, its bodies, terms, people,
memberships and parties, kept in the Django admin — changes without journal events;
OParl stamps each such row when it is saved (``kansli.oparl.signals``), and the newest
stamp is part of the key too. Both come in one query. What changes neither (a row
deleted in the admin) shows when entries expire, after ``TIMEOUT`` seconds.

Only complete 200 answers without cookies are kept; files and PDFs are never wrapped
(they are not cached in memory).

The cache is Django's default (per process memory unless CACHES says otherwise).
"""

from __future__ import annotations

import hashlib
from functools import wraps

from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import get_language

from kansli.diary.models import JournalHead

TIMEOUT = 300


def generation() -> str:
    """The journal's head and the newest stamp of the organisation's register."""
    from django.db import connection

    from kansli.oparl.models import Stamp

    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT MAX(seq) FROM {JournalHead._meta.db_table}), "
            f"(SELECT MAX(modified) FROM {Stamp._meta.db_table})")
        seq, stamp = cursor.fetchone()
    return f"{seq or 0}/{stamp or ''}"


def key_for(request) -> str:
    raw = "|".join([request.method if request.method == "HEAD" else "GET",
                    request.get_full_path(), get_language() or "",
                    timezone.localdate().isoformat(), generation()])
    return "kansli-public:" + hashlib.sha256(raw.encode()).hexdigest()


def cached(view):
    """Serve ``view``'s answer from the cache while nothing has been recorded since."""
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        key = key_for(request)
        response = cache.get(key)
        if response is not None:
            return response
        response = view(request, *args, **kwargs)
        if (response.status_code == 200 and not response.streaming
                and not response.cookies):
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            cache.set(key, response, TIMEOUT)
        return response
    return wrapper
