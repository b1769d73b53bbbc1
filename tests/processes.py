"""Real processes for the concurrency tests: run a script to its JSON answer, or start
several at once behind a barrier.

A worker script waits at the barrier with ``WAIT_FOR_GO`` (it defines
``wait_for_go(barrier, name)``), then does its part and prints one JSON line last."""

import json
import subprocess
import sys
import time

WAIT_FOR_GO = '''
def wait_for_go(barrier, name):
    import os, time
    open(os.path.join(barrier, "ready-" + name), "w").close()
    started = time.monotonic()
    while not os.path.exists(os.path.join(barrier, "go")):
        if time.monotonic() - started > 60:
            raise SystemExit("no go")
        time.sleep(0.001)
'''


def python(script, *args, env, stdin=b"", timeout=120):
    """Run ``script`` in a new interpreter; its last line of output, as JSON."""
    done = subprocess.run([sys.executable, "-c", script, *map(str, args)], env=env,
                          input=stdin, capture_output=True, timeout=timeout)
    assert done.returncode == 0, done.stderr.decode()
    return json.loads(done.stdout.decode().strip().splitlines()[-1])


def together(script, args_for, names, env, barrier, start_timeout=120):
    """Start one process per name, let them go at once, and return their results (each
    one's last line of output, as JSON), in the order of ``names``."""
    barrier.mkdir()
    workers = [subprocess.Popen([sys.executable, "-c", script, *map(str, args_for(name))],
                                env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True)
               for name in names]
    try:
        deadline = time.monotonic() + start_timeout
        while not all((barrier / f"ready-{name}").exists() for name in names):
            assert time.monotonic() < deadline, "the workers did not start"
            for worker in workers:
                assert worker.poll() is None, worker.communicate()
            time.sleep(0.01)
        (barrier / "go").touch()
        results = []
        for worker in workers:
            out, err = worker.communicate(timeout=180)
            assert worker.returncode == 0, err
            results.append(json.loads(out.strip().splitlines()[-1]))
        return results
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.kill()
