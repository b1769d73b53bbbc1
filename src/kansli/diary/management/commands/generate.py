"""`kansli generate N`: bulk-load N made-up documents (default 1,000,000) for the
benchmarks. Not for a live diary: the cases get no journal events of their own, only one
"generate" event per batch."""

import time

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from kansli.diary import demo
from kansli.diary.generate import COMMON_WORD, RARE_WORD, SECOND_COMMON_WORD, finish, generate


class Command(BaseCommand):
    help = "Bulk-load N made-up documents in cases, for the benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("documents", nargs="?", type=int, default=1_000_000)
        parser.add_argument("--per-case", type=float, default=5,
                            help="documents per case on average (default 5)")
        parser.add_argument("--batch", type=int, default=25_000,
                            help="documents per transaction (default 25,000)")
        parser.add_argument("--seed", type=int, default=20131105)
        parser.add_argument("--no-optimize", action="store_true",
                            help="skip merging the search index and ANALYZE at the end")

    def handle(self, *args, documents, per_case, batch, seed, no_optimize, **options):
        if documents < 1 or per_case < 1 or batch < 1:
            raise CommandError("N, --per-case and --batch must be at least 1")
        started = time.monotonic()
        bar = tqdm(total=documents, unit="doc", unit_scale=True, desc="Generating",
                   disable=options["verbosity"] == 0)
        try:
            totals = generate(documents, per_case=per_case, batch_size=batch, seed=seed,
                              progress=bar.update)
        except demo.DemoError as exc:
            raise CommandError(str(exc)) from exc
        finally:
            bar.close()
        loaded = time.monotonic() - started
        if not no_optimize:
            if options["verbosity"]:
                self.stdout.write("Merging the search index and analysing …")
            finish()
        total = time.monotonic() - started
        self.stdout.write(
            f"Generated {totals['documents']:,} documents in {totals['cases']:,} cases "
            f"({totals['events']} journal events) in {loaded:.0f} s"
            f"{'' if no_optimize else f', {total:.0f} s with the index merge'}. "
            f"Search words: rare {RARE_WORD!r}, common {COMMON_WORD!r} and "
            f"{SECOND_COMMON_WORD!r}.")
