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
    return done
