"""Scheduled work: a tiny registry of jobs the worker (``kansli work``) runs each round.

A job is a callable ``job(now) -> int`` returning how many things it did. Apps register
theirs in ``AppConfig.ready`` with ``register(job)``; registering twice is a no-op.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

logger = logging.getLogger(__name__)

JOBS: list[Callable] = []


def register(job: Callable) -> Callable:
    if job not in JOBS:
        JOBS.append(job)
    return job


def run_once(now) -> dict[str, int]:
    """Run every job once; a failing job is logged and does not stop the others."""
    done = {}
    for job in list(JOBS):
        name = getattr(job, "__qualname__", repr(job))
        try:
            done[name] = job(now)
        except Exception:
            logger.exception("job %s failed", name)
            done[name] = -1
    beat()
    return done


def beat() -> None:
    """Record that the worker finished a round (``kansli selfcheck`` reads it)."""
    import os
    import socket

    from django.apps import apps
    from django.utils import timezone

    try:
        apps.get_model("archive", "Heartbeat").objects.update_or_create(
            name="worker", defaults={"at": timezone.now(), "pid": os.getpid(),
                                     "host": socket.gethostname()[:200]})
    except Exception:
        logger.exception("could not record the worker's heartbeat")
