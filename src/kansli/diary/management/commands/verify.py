"""`kansli verify`: walk the journal's hash chain and report the first broken link."""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from kansli.diary import journal
from kansli.diary.models import Event, JournalHead


class Command(BaseCommand):
    help = (
        "Walk the journal from its first event and check that every event links to the one "
        "before it and matches its hash. Exits non-zero at the first broken or missing link."
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-progress", action="store_true",
                            help="Do not show a progress bar.")

    def handle(self, *args, **options):
        total = Event.objects.count()
        show = not options["no_progress"] and options["verbosity"] > 0
        with tqdm(total=total, unit="event", disable=not show, file=self.stderr._out) as bar:
            count, problem = journal.verify(progress=bar.update)
        if problem is not None:
            raise CommandError(f"BROKEN: {problem} ({count} events verified before it)")
        head = JournalHead.objects.filter(pk=1).first()
        digest = head.hash if head else journal.GENESIS
        self.stdout.write(f"OK: {count} events, head {digest}")
