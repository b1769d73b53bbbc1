"""Run a command against a throwaway PostgreSQL cluster.

    python tests/pgcluster.py -- pytest ...

starts a cluster with the PostgreSQL binaries on this machine (initdb, pg_ctl) in a
temporary folder, listening only on a Unix socket there, sets DATABASE_URL for the
command, and removes the cluster afterwards. PostgreSQL refuses to run as root, so as
root the cluster runs as the ``postgres`` user (runuser).
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys
import tempfile

HOW_TO_GET = (
    "PostgreSQL server binaries (initdb, pg_ctl) were not found. Install them with "
    "`apt-get install postgresql` (Debian); the tests need PostgreSQL 15 or newer."
)


def find_bindir() -> str:
    for candidate in [os.environ.get("PG_BINDIR", "")] + sorted(
        glob.glob("/usr/lib/postgresql/*/bin"), reverse=True
    ):
        if candidate and os.path.exists(os.path.join(candidate, "initdb")):
            return candidate
    found = shutil.which("initdb")
    if found:
        return os.path.dirname(found)
    sys.exit(HOW_TO_GET)


def as_server_user(cmd: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--"] + cmd
    return cmd


def main(argv: list[str]) -> int:
    if "--" not in argv:
        sys.exit("usage: pgcluster.py -- COMMAND [ARGS...]")
    command = argv[argv.index("--") + 1 :]
    bindir = find_bindir()
    root = tempfile.mkdtemp(prefix="kansli-pg-")
    os.chmod(root, 0o755)
    data, sock = os.path.join(root, "data"), os.path.join(root, "sock")
    os.mkdir(sock)
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
        shutil.chown(sock, "postgres")
    log = os.path.join(root, "server.log")
    run = lambda cmd: subprocess.run(as_server_user(cmd), check=True,  # noqa: E731
                                     stdout=subprocess.DEVNULL)
    try:
        run([f"{bindir}/initdb", "-D", data, "-U", "postgres", "-A", "trust",
             "-E", "UTF8", "--locale=C.UTF-8"])
        run([f"{bindir}/pg_ctl", "-D", data, "-l", log, "-w", "start", "-o",
             f"-k {sock} -c listen_addresses='' -c fsync=off -c full_page_writes=off"])
        env = dict(os.environ, DATABASE_URL=f"postgres://postgres@/kansli?host={sock}")
        print(f"pgcluster: PostgreSQL running on {sock}", flush=True)
        return subprocess.call(command, env=env)
    finally:
        subprocess.run(as_server_user([f"{bindir}/pg_ctl", "-D", data, "-m", "immediate",
                                       "stop"]), stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
