"""Import speed: diary export rows per second (CSV, through ``diaryexport.import_rows``),
with the import's peak memory, and text documents per second.

    .venv/bin/python bench/import.py [--rows 1000000] [--batch 1000] [--again]
                                     [--text 200] [--profile]

1. A fresh database (``var/bench-import/``) with Ekerö kommun, the series KS, SN and BN,
   the classification codes the rows use, and a registrar.
2. A CSV of ``--rows`` made-up diary rows (``;``, UTF-8), written by the generator of
   ``kansli generate`` (``diary.generate.Vocabulary``): about 5 documents per case, cases
   in KS, SN and BN from 2010 to 2025 with Ekerö's numbers (``KS19/123-320``),
   directions I/U/upprättad, parties by name, about one case in seven secret
   (OSL 26 kap. 1 §) — and every 20,000th row bad (a date that does not exist).
3. The import in a **child process** (so writing the CSV does not count in its memory):
   the file stored as a source, then ``import_rows`` with a progress bar; it reports its
   time and its peak resident memory (``ru_maxrss``).
4. Afterwards: ``kansli verify`` over the journal, a search for a word of the rows, and
   with ``--again`` the same file imported a second time (everything already present).
5. ``bench_text_documents``: officer's reports as text files through the import's
   ``import_paths``, documents per second.

Goals (issue 7): ≥ 1,000 rows/s, 1,000,000 rows in under 20 minutes, under 300 MB.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _setup  # noqa: E402

NAME = "import"
HEADER = ["Diarienummer", "Handlingsnummer", "Datum", "Riktning", "Avsändare/Mottagare",
          "Ärendemening", "Handling", "Sekretess", "Klassificering"]
MAPPING = ["diary_number=Diarienummer", "document_number=Handlingsnummer", "date=Datum",
           "direction=Riktning", "party=Avsändare/Mottagare", "case_title=Ärendemening",
           "subject=Handling", "secrecy=Sekretess", "classification=Klassificering"]
CLASSES = {"101": "Budget", "104": "Motioner", "105": "Medborgarförslag", "133": "Samverkan",
           "134": "Remisser", "202": "Upphandling", "311": "Detaljplaner", "320": "Bygglov",
           "330": "Trafik", "610": "Skolskjuts", "700": "Socialtjänst",
           "710": "Barn och unga", "720": "Ekonomiskt bistånd", "730": "Nyanlända"}
SEED = _setup.ROOT.parent / "shared" / "seeds" / "000_37610ead6cee29d8.txt"


def prepare() -> None:
    from django.contrib.auth.models import User

    from kansli.diary.models import Classification, Series
    from kansli.org.models import Body, Organisation

    org = Organisation.objects.create(name="Ekerö kommun",
                                      diary_number_format="{series}{yy}/{serial}-{class}")
    for code, name, kind in (("KS", "Kommunstyrelsen", Body.Kind.EXECUTIVE),
                             ("SN", "Socialnämnden", Body.Kind.COMMITTEE),
                             ("BN", "Bygg- och miljönämnden", Body.Kind.COMMITTEE)):
        body = Body.objects.create(organisation=org, code=code, name=name, kind=kind)
        Series.objects.create(organisation=org, code=code, name=name, body=body)
    for code, title in CLASSES.items():
        Classification.objects.create(code=code, title=title)
    User.objects.create_user("rita")


def write_csv(path: Path, rows: int, seed: int = 20131105) -> dict:
    """``rows`` diary rows, case by case in date order; returns what was written."""
    from tqdm import tqdm

    from kansli.diary.generate import RARE_WORD, Vocabulary, rare_document

    assert RARE_WORD == "hembygdsgården"

    rng = random.Random(seed)
    vocabulary = Vocabulary(rng)
    directions = {"incoming": "I", "outgoing": "U", "drawn_up": "upprättad"}
    start = datetime.date(2010, 1, 1)
    span = (datetime.date(2025, 12, 31) - start).days
    # Cases in date order, as a diary holds them; serials per series and year.
    serials: dict[tuple[str, int], int] = {}
    written = cases = secret = bad = rare = 0
    # A rare word (as kansli generate has it) in about one row in 100,000, at least 3.
    rare_every = max(1, rows // max(3, rows // 100_000))
    with open(path, "w", encoding="utf-8", newline="") as f, \
            tqdm(total=rows, unit="row", desc="writing CSV", file=sys.stderr) as bar:
        out = csv.writer(f, delimiter=";")
        out.writerow(HEADER)
        day = 0
        while written < rows:
            day = min(span, day + rng.randint(0, 1))
            opened = start + datetime.timedelta(days=day)
            vocabulary.year = opened.year
            spec = vocabulary.case()
            series = "BN" if spec.classification == "320" else spec.series
            key = (series, opened.year)
            serial = serials[key] = serials.get(key, 0) + 1
            number = f"{series}{opened.year % 100:02d}/{serial}-{spec.classification}"
            count = min(rows - written, rng.randint(1, 9))
            cases += 1
            secret += bool(spec.secrecy_ground)
            when = opened
            for n, doc in enumerate(vocabulary.documents(spec, count), start=1):
                if n > 1:
                    when += datetime.timedelta(days=rng.randint(0, 20))
                written += 1
                date = when.isoformat()
                if written % 20_000 == 0:
                    date, bad = f"{when.year}-02-30", bad + 1
                ground = "OSL 26 kap. 1 §" if doc.secret or spec.secrecy_ground else ""
                description = doc.description
                if written % rare_every == rare_every // 2 and not ground:
                    description, rare = rare_document(spec).description, rare + 1
                out.writerow([number, n, date, directions[doc.direction],
                              doc.party[1] if doc.party else "", spec.title,
                              description, ground, spec.classification])
            bar.update(count)
    return {"rows": written, "cases": cases, "secret_cases": secret, "bad_rows": bad,
            "rare": rare}


def stored_source(path: Path, user):
    """The file as ``kansli import`` keeps it: a blob of the file store, and a source."""
    from django.db import transaction
    from django.utils import timezone

    from kansli.diary.files import staging
    from kansli.diary.models import Blob
    from kansli.ingest.models import Source

    def chunks():
        with open(path, "rb") as f:
            yield from iter(lambda: f.read(1 << 20), b"")

    with transaction.atomic(), staging() as stage:
        tmp, sha, size = stage.receive(chunks())
        blob, _created = Blob.objects.get_or_create(sha256=sha, defaults={"size": size})
        stage.settle(tmp, sha)
        source, _created = Source.objects.get_or_create(sha256=sha, defaults=dict(
            blob=blob, filename=path.name, media_type="text/csv", kind=Source.Kind.DIARY,
            status=Source.Status.PARTIAL, created_at=timezone.now(), created_by=user))
    return source


def worker(path: Path, batch: int, profile: bool) -> None:
    """Import the CSV; print one line of JSON with the figures."""
    _setup.attach(NAME)
    from django.contrib.auth.models import User
    from django.db import connection
    from django.utils import timezone
    from tqdm import tqdm

    from kansli.ingest.diaryexport import Mapping, import_rows
    from kansli.ingest.models import Run

    user = User.objects.get(username="rita")
    started, cpu = time.perf_counter(), time.process_time()
    source = stored_source(path, user)
    stored = time.perf_counter() - started
    run = Run.objects.create(started_at=timezone.now(), started_by=user)
    total = sum(1 for _line in open(path, "rb")) - 1

    def go():
        with tqdm(total=total, unit="row", desc="importing", file=sys.stderr,
                  smoothing=0.05) as bar:
            return import_rows(source, path, Mapping.from_pairs(MAPPING), acting_user=user,
                               run=run, progress=bar.update, batch_size=batch)

    if profile:
        import cProfile

        profiler = cProfile.Profile()
        result = profiler.runcall(go)
        profiler.dump_stats(str(_setup.data_dir(NAME) / "profile.pstats"))
    else:
        result = go()
    seconds = time.perf_counter() - started
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    print(json.dumps({
        "seconds": seconds, "store_seconds": stored, "cpu": time.process_time() - cpu,
        "rows": result.rows, "imported": result.imported,
        "already_present": result.already_present, "cases": result.cases_created,
        "parties": result.parties_created, "failed": len(result.failed),
        "first_failure": result.failed[0] if result.failed else None,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }), flush=True)


def run_worker(path: Path, batch: int, profile: bool) -> dict:
    cmd = [sys.executable, __file__, "--worker", str(path), "--batch", str(batch)]
    proc = subprocess.run(cmd + (["--profile"] if profile else []), stdout=subprocess.PIPE,
                          text=True, env=os.environ)
    if proc.returncode:
        sys.exit(f"the import failed (exit {proc.returncode})")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def bench_text_documents(count: int, *, year: int = 13, first_serial: int = 9000,
                         folder_name: str = "reports") -> dict | None:
    """Text documents per second through the import (``ingest.actions.import_paths``):
    ``count`` officer's reports made from the seed report, each with its own diary
    number, in a folder imported in one call. None when the import or the seed is not
    there."""
    try:
        from kansli.ingest.actions import import_paths
    except ImportError:
        return None
    if not count or not SEED.exists():
        return None
    from django.contrib.auth.models import User

    folder = _setup.data_dir(NAME) / folder_name
    folder.mkdir(exist_ok=True)
    text = SEED.read_text(encoding="utf-8")
    for n in range(count):
        (folder / f"rapport-{n:05d}.txt").write_text(
            text.replace("KS13/250-133", f"KS{year:02d}/{first_serial + n}-133"),
            encoding="utf-8")
    user = User.objects.get(username="rita")
    started = time.perf_counter()
    report = import_paths([folder], acting_user=user)
    seconds = time.perf_counter() - started
    counts = report.counts()
    return {"documents": count, "seconds": seconds, "counts": counts}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--batch", type=int, default=1000, help="rows per transaction")
    parser.add_argument("--again", action="store_true",
                        help="import the same file a second time (all already present)")
    parser.add_argument("--text", type=int, default=200,
                        help="text documents for bench_text_documents (0: none)")
    parser.add_argument("--profile", action="store_true",
                        help="profile the import with cProfile and print where time goes")
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker, args.batch, args.profile)
        return 0

    directory = _setup.fresh(NAME)
    from django.conf import settings

    prepare()
    backend = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    # Text documents into the empty diary first; again after the rows, below.
    # (Numbers of 1999, which the generated rows never use.)
    empty = bench_text_documents(args.text, year=99, first_serial=1,
                                 folder_name="reports-empty")
    if empty is not None:
        print(f"text documents:  {empty['documents']} in {empty['seconds']:.1f} s, "
              f"{empty['documents'] / empty['seconds']:.0f} documents/s into the empty diary "
              f"(goal ≥ 50/s; {empty['counts']})")
    path = directory / "diarium.csv"
    started = time.perf_counter()
    made = write_csv(path, args.rows)
    print(f"bench/import: {made['rows']:,} rows in {made['cases']:,} cases "
          f"({made['secret_cases']:,} secret, {made['bad_rows']} bad rows), "
          f"{path.stat().st_size / 1e6:.0f} MB CSV written in "
          f"{time.perf_counter() - started:.0f} s; {backend}, data in {directory}")

    first = run_worker(path, args.batch, args.profile)
    print(f"rows:            {first['rows']:,} read, {first['imported']:,} imported, "
          f"{first['failed']} failed ({first['first_failure']}), "
          f"{first['already_present']} already present")
    print(f"created:         {first['cases']:,} cases, {first['parties']:,} parties")
    print(f"time:            {first['seconds']:.0f} s ({first['seconds'] / 60:.1f} min; "
          f"storing the file {first['store_seconds']:.1f} s), CPU {first['cpu']:.0f} s")
    print(f"rows/s:          {first['rows'] / first['seconds']:,.0f}  (goal ≥ 1,000; "
          f"1,000,000 rows in under 20 min)")
    print(f"peak memory:     {first['peak_mb']:.0f} MB  (the importing process; "
          f"goal < 300 MB)")

    from kansli.diary import journal, search
    from kansli.diary.models import Document

    started = time.perf_counter()
    count, problem = journal.verify()
    print(f"journal:         {count:,} events, "
          f"{'verifies' if problem is None else f'BROKEN: {problem}'} "
          f"(verify took {time.perf_counter() - started:.0f} s)")
    found = search.search(search.Criteria(words="hembygdsgården"), documents=True)
    print(f"search:          'hembygdsgården' finds {found.total}"
          f"{'+' if found.more else ''} documents ({made['rare']} public rows have it); "
          f"{Document.objects.count():,} documents in the diary")
    ok = (problem is None and first["imported"] + first["failed"] == made["rows"]
          and found.total == made["rare"])
    if args.again:
        again = run_worker(path, args.batch, False)
        print(f"again:           {again['already_present']:,} already present, "
              f"{again['imported']} imported, in {again['seconds']:.0f} s "
              f"({again['rows'] / again['seconds']:,.0f} rows/s), "
              f"peak {again['peak_mb']:.0f} MB")
        ok = ok and again["imported"] == 0
    text = bench_text_documents(args.text)
    if text is None:
        print("text documents:  not measured (--text 0, or no import_paths or seed report)")
    else:
        print(f"text documents:  {text['documents']} in {text['seconds']:.1f} s, "
              f"{text['documents'] / text['seconds']:.0f} documents/s into the diary of "
              f"{args.rows:,} rows (goal ≥ 50/s; {text['counts']})")
    if args.profile:
        import pstats

        stats = pstats.Stats(str(directory / "profile.pstats"))
        stats.sort_stats("cumulative").print_stats(40)
        stats.sort_stats("tottime").print_stats(25)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
