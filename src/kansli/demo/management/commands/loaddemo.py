"""`kansli loaddemo`: load Ekerö kommun, the reference case KS13/250-133 and a few hundred
made-up cases, then print where to open Kansli and the demo logins.

Idempotent: when the demo is already loaded it only prints the logins.
"""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

import kansli.demo
from kansli.diary import demo


class Command(BaseCommand):
    help = "Load the demo: Ekerö kommun, case KS13/250-133 and made-up cases."

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, default=300,
                            help="how many made-up cases to add (default 300)")
        parser.add_argument("--seed", type=int, default=2013,
                            help="random seed of the made-up cases")

    def handle(self, *args, cases, seed, **options):
        if cases < 0:
            raise CommandError("--cases cannot be negative")
        if demo.is_loaded():
            self.stdout.write("The demo is already loaded; nothing to do.\n")
        else:
            bar = tqdm(total=cases, unit="case", desc="Made-up cases",
                       disable=options["verbosity"] == 0)
            try:
                case = kansli.demo.load(cases, seed=seed, progress=bar.update)
            except demo.DemoError as exc:
                raise CommandError(f"Nothing was loaded: {exc}") from exc
            finally:
                bar.close()
            self.stdout.write(f"Loaded Ekerö kommun, case {case.diary_number} with "
                              f"{case.documents.count()} documents, and {cases} made-up "
                              "cases.\n")
        self.stdout.write(demo.logins())
