"""`kansli loaddemo`: load Ekerö kommun, the reference case KS13/250-133 and a few hundred
made-up cases, then print where to open Kansli and the demo logins.

`kansli loaddemo --federation` loads the other side of the story instead, KSL's own
installation (a database of its own): the federation, its 26 members, the 2013
recommendation and their answers, and the agreement with its follow-up.

Idempotent: when the demo is already loaded it only prints the logins.
"""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

import kansli.demo
from kansli.demo import federation as federation_demo
from kansli.diary import demo


class Command(BaseCommand):
    help = "Load the demo: Ekerö kommun, case KS13/250-133 and made-up cases."

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, default=300,
                            help="how many made-up cases to add (default 300)")
        parser.add_argument("--seed", type=int, default=2013,
                            help="random seed of the made-up cases")
        parser.add_argument("--federation", action="store_true",
                            help="load KSL's installation instead (in its own database)")

    def handle(self, *args, cases, seed, federation: bool, **options):
        if federation:
            return self.load_federation()
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

    def load_federation(self):
        if federation_demo.is_loaded():
            self.stdout.write("KSL's demo is already loaded; nothing to do.\n")
        else:
            try:
                case = kansli.demo.load_federation()
            except demo.DemoError as exc:
                raise CommandError(f"Nothing was loaded: {exc}") from exc
            self.stdout.write(f"Loaded Kommunförbundet Stockholms län, case "
                              f"{case.diary_number} and its referral to 26 members.\n")
        self.stdout.write(federation_demo.logins())
