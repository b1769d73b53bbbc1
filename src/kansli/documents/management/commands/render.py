"""`kansli render report|notice|minutes|extract <id> [-o FILE] [--html] [--store USER]`:
one document to PDF (PDF/A-2b) or HTML.

The id is the officer's report's, the meeting's or the paragraph's. Approved minutes
come out as stored, when stored. ``--store USER`` also stores the PDF as a file of the
registered document, acting as USER (an extract is then issued, i.e. registered).
"""

import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.management.base import BaseCommand, CommandError

from kansli.documents import render
from kansli.documents import store as storage


class Command(BaseCommand):
    help = "Render an officer's report, a notice, minutes or an extract to PDF or HTML."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(render.RENDERERS))
        parser.add_argument("id", type=int,
                            help="the id of the report, the meeting or the paragraph")
        parser.add_argument("-o", "--output", help="file to write (default: standard output)")
        parser.add_argument("--html", action="store_true", help="HTML instead of PDF")
        parser.add_argument("--store", metavar="USER", dest="store_as",
                            help="store the PDF as a file of the registered document, "
                                 "acting as this user")

    def handle(self, *args, kind, id, output, html, store_as, **options):
        loader, render_html = render.RENDERERS[kind]
        try:
            obj = loader(id)
        except ObjectDoesNotExist as exc:
            raise CommandError(f"no {kind} with id {id}") from exc
        if html:
            content = render_html(obj).encode()
        elif store_as:
            content = self._store(kind, obj, store_as)
        elif kind == "minutes":
            content, _rendering = storage.minutes_pdf(obj)
        else:
            content = render.to_pdf(render_html(obj))
        if output:
            Path(output).write_bytes(content)
            self.stderr.write(f"Wrote {output} ({len(content)} bytes).")
        else:
            sys.stdout.buffer.write(content)
            sys.stdout.buffer.flush()

    def _store(self, kind, obj, username) -> bytes:
        try:
            user = get_user_model().objects.get(username=username)
        except ObjectDoesNotExist as exc:
            raise CommandError(f"no user {username}") from exc
        functions = {"report": storage.store_report, "notice": storage.store_notice,
                     "minutes": storage.store_minutes, "extract": storage.issue_extract}
        try:
            rendering = functions[kind](obj, acting_user=user)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stderr.write(f"Stored as a file of {rendering.file.document.reference} "
                          f"(sha256 {rendering.file.blob.sha256}).")
        return storage.stored_bytes(rendering)

