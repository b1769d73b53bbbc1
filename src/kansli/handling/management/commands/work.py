"""``kansli work``: the worker. The database is the queue; see docs/deadlines.md."""

import time

from django.core.management.base import BaseCommand
from django.utils import timezone

from kansli.handling import work


class Command(BaseCommand):
    help = "Send deadline reminders and run the other scheduled work, in a loop."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run one round and stop.")
        parser.add_argument("--interval", type=float, default=60.0,
                            help="Seconds between rounds.")

    def handle(self, *args, once=False, interval=60.0, **options):
        while True:
            done = work.run_once(timezone.now())
            if options["verbosity"] > 1 or (once and options["verbosity"]):
                for name, count in done.items():
                    self.stdout.write(f"{name}: {count}")
            if once:
                return
            try:
                time.sleep(interval)
            except KeyboardInterrupt:
                return
