"""Secrecy holds everywhere: with the demo loaded and things marked secret — a document,
a case title, a party, a paragraph — and personnummer written into public texts, a crawl
of every public page, feed, calendar, PDF and OParl object reachable from /insyn/ and
/oparl/v1.1/ finds none of the secret texts and no valid personnummer or
samordningsnummer."""

import io
import re
from urllib.parse import urljoin, urlsplit

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from pypdf import PdfReader

import kansli.demo
from kansli.diary.actions import do_correct_document, do_create_party, do_mark_secret
from kansli.diary.models import Document
from kansli.lib.personnummer import find
from kansli.meetings.models import Paragraph
from kansli.org.models import Organisation
from tests.conftest import register

pytestmark = pytest.mark.django_db
PERSONNUMMER, SAMORDNINGSNUMMER = "811228-9874", "701063-2391"
LIMIT = 3000  # pages and objects; the demo with 20 made-up cases has far fewer


def plant_secrets():
    """Mark things secret in the demo and return the texts that must never be public."""
    case = kansli.demo.load(cases=20)
    rita = User.objects.get(username="registrator")
    Organisation.objects.update(publish_files=True)
    secrets = []

    letter = register(case, rita, description="HEMLIGBESKRIVNING om barnets hälsa",
                      senders=[do_create_party(acting_user=rita, kind="organisation",
                                               name="HEMLIGAVSÄNDAREN AB")])
    do_mark_secret(letter, acting_user=rita, ground="OSL 26 kap. 1 §")
    secrets += ["HEMLIGBESKRIVNING", "HEMLIGAVSÄNDAREN"]

    other = (Document.objects.filter(case__secrecy_ground="", secrecy_ground="")
             .exclude(case=case).select_related("case").first())
    do_mark_secret(other.case, acting_user=rita, ground="OSL 21 kap. 1 §",
                   public_title="Ärende om enskild")
    secrets.append(other.case.title)

    party = do_create_party(acting_user=rita, kind="organisation", name="SKYDDADPART AB")
    register(case, rita, description="Skrivelse från en skyddad part", senders=[party])
    do_mark_secret(party, acting_user=rita, ground="OSL 21 kap. 3 §")
    secrets.append("SKYDDADPART")

    paragraph = Paragraph.objects.filter(approved_on__isnull=False).exclude(
        case=case).first()
    if paragraph is not None:  # rows of approved paragraphs cannot change; set directly
        Paragraph.objects.filter(pk=paragraph.pk).update(
            secrecy_ground="OSL 39 kap. 3 §", decision="HEMLIGTBESLUT om personalärende")
        secrets.append("HEMLIGTBESLUT")

    # A public text the crawl must find (it shows the crawl reaches what it checks).
    register(case, rita, description="SYNLIGMARKÖR i en offentlig handling")
    # Personnummer in texts that are public.
    public_doc = register(case, rita, description=f"Ansökan från {PERSONNUMMER}")
    do_correct_document(public_doc, acting_user=rita, reason="Komplettering",
                        description=f"Ansökan från {PERSONNUMMER} och {SAMORDNINGSNUMMER}")
    return secrets


def bodies(client):
    """(url, text) of everything reachable, breadth first."""
    queue = ["/insyn/", "/oparl/v1.1/", "/insyn/diarium/?q=ansökan",
             "/insyn/diarium/rss/", "/insyn/diarium/atom/", "/insyn/anslagstavla/rss/",
             "/insyn/sammantraden/kalender.ics", "/insyn/anslagstavla/arkiv/"]
    seen = set(queue)
    # OParl's ids are absolute URLs on the site's address (KANSLI_SITE_URL).
    hosts = {"testserver", "", urlsplit(settings.KANSLI_SITE_URL).netloc}
    while queue:
        assert len(seen) < LIMIT, "the crawl did not end"
        url = queue.pop(0)
        response = client.get(url)
        assert response.status_code < 500, url
        if response.status_code != 200:
            continue
        kind = response.get("Content-Type", "")
        if kind.startswith("application/pdf"):
            content = response.getvalue() if response.streaming else response.content
            text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
            yield url, text
            continue
        if response.streaming:
            continue
        text = response.content.decode("utf-8", "replace")
        yield url, text
        if "json" in kind:
            links = re.findall(r'"(https?://[^"]+)"', text)
        else:
            links = re.findall(r'(?:href|src)="([^"#]+)"', text)
        for link in links:
            parts = urlsplit(urljoin("http://testserver" + url, link.replace("&amp;", "&")))
            if parts.netloc not in hosts or not (
                    parts.path.startswith("/insyn/") or parts.path.startswith("/oparl/")):
                continue
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            if path not in seen:
                seen.add(path)
                queue.append(path)


def test_a_crawl_of_every_public_surface_finds_no_secret_and_no_personnummer(client):
    secrets = plant_secrets()
    pages = 0
    found = []
    seen_public = False
    for url, text in bodies(client):
        pages += 1
        seen_public = seen_public or "SYNLIGMARKÖR" in text
        for secret in secrets:
            if secret in text:
                found.append(f"{url}: {secret}")
        for number in find(text):
            found.append(f"{url}: personnummer {number}")
        for raw in (PERSONNUMMER, SAMORDNINGSNUMMER):
            if raw in text or raw.replace("-", "") in text:
                found.append(f"{url}: {raw}")
    assert pages > 50, pages  # the crawl really went through the site
    assert seen_public, "the crawl never reached the public document it should find"
    assert not found, "\n".join(found[:50])


def test_the_crawl_would_see_a_personnummer():
    assert find(f"x {PERSONNUMMER} y") == [PERSONNUMMER]
    assert find(f"x {SAMORDNINGSNUMMER} y") == [SAMORDNINGSNUMMER]
