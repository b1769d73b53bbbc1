"""Browser tests: a real Kansli server process on a database of its own with the demo
data, driven through Debian's Chromium with Playwright (never a downloaded browser)."""

import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.conftest import separate_database

CHROMIUM = os.environ.get("KANSLI_CHROMIUM", "/usr/bin/chromium")
# Chromium as root needs --no-sandbox; the rest keeps it off the (closed) network.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
PASSWORD_OF = {}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The URL of a running Kansli with the demo data."""
    folder = tmp_path_factory.mktemp("server")
    with separate_database(folder) as env:
        env = dict(env, DEBUG="0")
        subprocess.run([sys.executable, "-m", "kansli", "loaddemo", "--cases", "20"],
                       env=env, check=True, stdout=subprocess.DEVNULL)
        port = free_port()
        process = subprocess.Popen(
            [sys.executable, "-m", "kansli", "runserver", "--noreload", "--insecure",
             f"127.0.0.1:{port}"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    urllib.request.urlopen(url + "/logga-in/", timeout=2)
                    break
                except OSError:
                    if process.poll() is not None or time.monotonic() > deadline:
                        raise RuntimeError("the server did not start: "
                                           + process.stderr.read().decode()) from None
                    time.sleep(0.2)
            yield url
        finally:
            process.terminate()
            process.wait(timeout=10)


@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium is needed for the browser tests and was not found at "
                    f"{CHROMIUM}: install it with `apt-get install chromium`.")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("Playwright is needed for the browser tests: `pip install -e '.[dev]'`.")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="sv-SE")
    yield context.new_page()
    context.close()
