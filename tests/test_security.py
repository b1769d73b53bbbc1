"""Security headers and deployment checks: a Content-Security-Policy without inline
scripts on every response, templates that need no inline script or style, and
`kansli check --deploy` clean with production settings."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from kansli import security

TEMPLATES = Path(__file__).resolve().parent.parent / "src" / "kansli" / "templates"


def directives(header: str) -> dict[str, str]:
    return dict(part.strip().split(" ", 1) for part in header.split(";"))


@pytest.mark.django_db
def test_every_response_carries_the_policy(client, rita):
    for path in ("/logga-in/", "/finns-inte/"):
        response = client.get(path)
        policy = directives(response["Content-Security-Policy"])
        assert policy["script-src"] == "'self'" and policy["style-src"] == "'self'"
        assert policy["object-src"] == "'none'" and policy["frame-ancestors"] == "'none'"
        assert "camera=()" in response["Permissions-Policy"]
    client.force_login(rita)
    policy = directives(client.get("/")["Content-Security-Policy"])
    assert "unsafe" not in policy["script-src"]


def test_the_document_previews_allow_inline_styles_and_still_no_scripts():
    from django.http import HttpResponse

    response = security.allow_inline_styles(lambda request: HttpResponse("x"))(None)
    policy = directives(response["Content-Security-Policy"])
    assert policy["style-src"] == "'self' 'unsafe-inline'"
    assert policy["script-src"] == "'self'"


INLINE = [(re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "an inline <script>"),
          (re.compile(r"\son[a-z]+\s*=", re.I), "an event handler attribute"),
          (re.compile(r"\sstyle\s*=", re.I), "a style attribute"),
          (re.compile(r"<style", re.I), "a <style> element")]


def test_no_page_template_needs_inline_script_or_style():
    """The rendered documents (templates/documents: the self-contained HTML of the PDFs)
    keep their CSS inline; nothing has inline scripts."""
    found = []
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for pattern, what in INLINE:
            if path.parent.name == "documents" and "style" in what:
                continue
            if pattern.search(text):
                found.append(f"{path.relative_to(TEMPLATES)}: {what}")
    assert not found, found


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    env = {**os.environ, "KANSLI_PRODUCTION": "1", "DEBUG": "0",
           "SECRET_KEY": secrets.token_urlsafe(60), "ALLOWED_HOSTS": "kansli.ekero.se",
           "KANSLI_DATA_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    done = subprocess.run([sys.executable, "-m", "kansli", "check", "--deploy",
                           "--fail-level", "WARNING"], env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = {**os.environ, "KANSLI_PRODUCTION": "1", "DEBUG": "0",
           "KANSLI_DATA_DIR": str(tmp_path)}
    env.pop("SECRET_KEY", None)
    done = subprocess.run([sys.executable, "-m", "kansli", "check"], env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode != 0 and "SECRET_KEY must be set" in done.stderr
