"""Public answers, cached until anything is recorded.

Every change Kansli makes goes through an action that appends to the journal, so the
journal's head (its sequence number) names the state of everything public. A public
page is cached under its full path, its language, the day (what is current on the
notice board depends on it) and that sequence number: the next registration, secrecy
marking or approval gives every page a new key, and no one is ever served what a
change has since hidden. Asking costs one query for the head.

A few things change without a journal event — settings in the Django admin such as the
organisation's choice to publish files, and people and memberships kept there — so
entries also expire after ``TIMEOUT`` seconds. Only complete 200 answers without
cookies are kept; files and PDFs are never wrapped (they are not cached in memory).

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


def journal_seq() -> int:
    return JournalHead.objects.values_list("seq", flat=True).first() or 0


def key_for(request) -> str:
    raw = "|".join([request.method if request.method == "HEAD" else "GET",
                    request.get_full_path(), get_language() or "",
                    timezone.localdate().isoformat(), str(journal_seq())])
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
