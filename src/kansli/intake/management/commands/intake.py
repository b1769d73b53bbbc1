"""``kansli intake fetch`` and ``kansli intake load FILE.eml…``: fill the intake queue
from the mailbox or from files. See docs/intake.md."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from tqdm import tqdm

from kansli.intake import actions, imap
from kansli.intake.models import IncomingMessage

# Below this many files a progress bar is more noise than help.
PROGRESS_FROM = 10


class Command(BaseCommand):
    help = "Fill the intake queue: fetch the IMAP mailbox, or load .eml files."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        fetch = sub.add_parser("fetch", help="Fetch new messages from KANSLI_INTAKE_IMAP_URL.")
        fetch.add_argument("--url", default="",
                           help="imap://user:password@host:port/folder (default: the "
                                "setting or environment variable KANSLI_INTAKE_IMAP_URL).")
        load = sub.add_parser("load", help="Queue messages from .eml files.")
        load.add_argument("files", nargs="+", metavar="FILE.eml")
        load.add_argument("--user", default="",
                          help="The user name the journal records as having loaded them.")
        load.add_argument("--no-progress", action="store_true",
                          help="Do not show a progress bar.")

    def handle(self, *args, subcommand, **options):
        if subcommand == "fetch":
            return self.fetch(options["url"])
        return self.load(options)

    def fetch(self, url):
        url = url or imap.configured_url()
        if not url:
            raise CommandError("No mailbox: set KANSLI_INTAKE_IMAP_URL or give --url.")
        try:
            count = imap.fetch(url, now=timezone.now())
        except imap.ImapError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"New messages queued: {count}.")

    def load(self, options):
        user = None
        if options["user"]:
            try:
                user = get_user_model().objects.get_by_natural_key(options["user"])
            except get_user_model().DoesNotExist as exc:
                raise CommandError(f"No user {options['user']!r}.") from exc
        paths = [Path(p) for p in options["files"]]
        show = (not options["no_progress"] and options["verbosity"] > 0
                and len(paths) >= PROGRESS_FROM)
        new = old = 0
        failed = []
        for path in tqdm(paths, unit="file", disable=not show, file=self.stderr._out):
            try:
                raw = path.read_bytes()
                _message, created = actions.do_receive(
                    raw, source=IncomingMessage.Source.EML, acting_user=user)
            except OSError as exc:
                failed.append(f"{path}: {exc.strerror or exc}")
                continue
            except ValidationError as exc:
                failed.append(f"{path}: {' '.join(exc.messages)}")
                continue
            new += created
            old += not created
        for line in failed:
            self.stderr.write(line)
        self.stdout.write(f"{new} queued, {old} already in the queue, "
                          f"{len(failed)} could not be read.")
        if failed:
            raise CommandError(f"{len(failed)} of {len(paths)} files could not be read.")
