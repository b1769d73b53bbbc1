"""Shared set-up for benchmarks: a data directory of their own, migrated fresh.

Call ``fresh(name)`` before anything imports Django models: it points KANSLI_DATA_DIR,
KANSLI_FILES_DIR and DATABASE_URL at ``var/bench-<name>/``, wipes it, migrates and calls
django.setup(). A PostgreSQL DATABASE_URL already set is kept (and must name an empty
database: the journal's guards make a used one impossible to empty).
Worker processes call ``attach(name)`` instead, which only sets the environment.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def data_dir(name: str) -> Path:
    return ROOT / "var" / f"bench-{name}"


def attach(name: str) -> Path:
    """Point this process at the benchmark's data and set Django up."""
    directory = data_dir(name)
    os.environ["KANSLI_DATA_DIR"] = str(directory)
    os.environ["KANSLI_FILES_DIR"] = str(directory / "files")
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        os.environ["DATABASE_URL"] = f"sqlite:///{directory / 'kansli.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kansli.settings")
    import django

    django.setup()
    return directory


def fresh(name: str) -> Path:
    """Wipe and migrate the benchmark's data directory, then set Django up."""
    directory = data_dir(name)
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    env = dict(os.environ, KANSLI_DATA_DIR=str(directory),
               KANSLI_FILES_DIR=str(directory / "files"))
    if not env.get("DATABASE_URL", "").startswith("postgres"):
        env["DATABASE_URL"] = f"sqlite:///{directory / 'kansli.sqlite3'}"
    subprocess.run([sys.executable, "-m", "kansli", "migrate", "-v0"], env=env, check=True)
    return attach(name)
