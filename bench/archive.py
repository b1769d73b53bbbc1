"""The e-archive export and the journal's verification, at the size of a municipality's
decade (issue 8):

    .venv/bin/python bench/archive.py [--cases 10000] [--documents-per-case 5]
                                      [--validate] [--keep]

1. Generates ``--cases`` closed cases with ``--documents-per-case`` documents each, one
   small file per document (about 0.6 KB, each different), in batches of 500 cases
   written with bulk inserts; each case's journal events (open, one register per
   document, close — chained as ``journal.record`` chains them, through
   ``journal.record_many``). One case in seven has a secret title.
2. Exports them all (``kansli.archive.package.export``) in a child process and prints
   cases per second and the child's peak memory (``resource.getrusage``). The ERMS file
   is then checked in two more children, with the XML Schema (streaming) and with the
   Schematron rules (Saxon, the whole document in memory), each timed with its memory;
   ``--validate`` has the export itself check (the command's default).
3. Times ``kansli.diary.journal.verify`` over the whole journal in a child process:
   events per second (goal: at least 50,000/s) and its peak memory.

The database is ``var/bench-archive/`` (SQLite) unless DATABASE_URL names PostgreSQL
(an empty database). The package is written under it and removed unless ``--keep``.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _setup  # noqa: E402

NAME = "archive"
BATCH = 500


def generate(cases: int, per_case: int) -> dict:
    from django.contrib.auth.models import User
    from django.db import transaction
    from django.utils import timezone

    from kansli.diary import journal
    from kansli.diary.files import blob_path
    from kansli.diary.models import Blob, Case, Classification, Document, DocumentFile, Series
    from kansli.lib.diarynumber import normalise
    from kansli.org.models import Organisation

    org = Organisation.objects.create(name="Ekerö kommun",
                                      diary_number_format="{series}{yy}/{serial}-{class}")
    ks = Series.objects.create(organisation=org, code="KS", name="Kommunstyrelsen")
    parent = Classification.objects.create(code="13", title="Samverkan och externa kontakter")
    klass = Classification.objects.create(code="133", parent=parent,
                                          title="Samverkan med andra kommuner")
    rita = User.objects.create_user("rita", first_name="Rita", last_name="Registrator")
    start = timezone.make_aware(datetime.datetime(2015, 1, 5, 9))
    made = 0
    for first in range(0, cases, BATCH):
        with transaction.atomic():
            batch = []
            for n in range(first, min(first + BATCH, cases)):
                opened = start + datetime.timedelta(hours=3 * n)
                year = timezone.localtime(opened).year
                serial = n + 1
                number = f"KS{year % 100:02d}/{serial}-133"
                secret = n % 7 == 3
                batch.append(Case(
                    series=ks, year=year, serial=serial, diary_number=number,
                    number_key=normalise(number), title=f"Samverkan om nyanlända {n}",
                    public_title="Ärende om enskild" if secret else "",
                    secrecy_ground="OSL 26 kap. 1 §" if secret else "",
                    secrecy_marked_at=opened if secret else None,
                    classification=klass, officer=rita, status=Case.Status.CLOSED,
                    opened_at=opened, opened_by=rita,
                    closed_at=opened + datetime.timedelta(days=40),
                    last_document_number=per_case))
            Case.objects.bulk_create(batch)
            documents, blobs, contents = [], [], {}
            for case in batch:
                for number in range(1, per_case + 1):
                    day = (case.opened_at + datetime.timedelta(days=number)).date()
                    documents.append(Document(
                        case=case, number=number,
                        direction="incoming" if number == 1 else "drawn_up",
                        doc_type="letter" if number == 1 else "memo",
                        description=f"Skrivelse {number} i {case.diary_number}",
                        document_date=day, received_date=day,
                        registered_at=case.opened_at + datetime.timedelta(days=number),
                        registered_by=rita))
            Document.objects.bulk_create(documents)
            for document in documents:
                content = (f"Skrivelse {document.number} i ärende {document.case.diary_number}"
                           "\n").encode() * 12
                sha = hashlib.sha256(content).hexdigest()
                contents[document.pk] = (sha, content)
                path = blob_path(sha)
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(content)
                blobs.append(Blob(sha256=sha, size=len(content)))
            Blob.objects.bulk_create(blobs)
            blob_ids = dict(Blob.objects.filter(sha256__in=[b.sha256 for b in blobs])
                            .values_list("sha256", "pk"))
            DocumentFile.objects.bulk_create([
                DocumentFile(document=d, blob_id=blob_ids[contents[d.pk][0]],
                             filename=f"skrivelse-{d.number}.txt", media_type="text/plain",
                             added_at=d.registered_at, added_by=rita)
                for d in documents])
            entries = []
            by_case: dict[int, list] = {}
            for document in documents:
                by_case.setdefault(document.case_id, []).append(document)
            for case in batch:
                entries.append(("open", case, case, {"title": case.title}))
                for document in by_case[case.pk]:
                    sha, content = contents[document.pk]
                    entries.append(("register", document, case, {
                        "number": document.number, "files": [{
                            "name": f"skrivelse-{document.number}.txt", "sha256": sha,
                            "size": len(content)}]}))
                entries.append(("close", case, case, {"status": "closed"}))
            journal.record_many(entries, acting_user=rita)
        made += len(batch)
        print(f"\r  generated {made}/{cases} cases", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    return {"cases": cases, "documents": cases * per_case}


def peak_kb() -> int:
    # Linux reports ru_maxrss in kilobytes.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def child_export(out: str, check: bool) -> dict:
    _setup.attach(NAME)
    from kansli.archive import package

    cases = package.select_cases()
    started = time.perf_counter()
    result = package.export(out, cases, check=check, record_events=False)
    seconds = time.perf_counter() - started
    erms = result.path / package.ERMS_PATH
    return {"seconds": seconds, "cases": result.cases, "documents": result.documents,
            "files": result.files, "path": str(result.path),
            "erms_bytes": erms.stat().st_size, "peak_kb": peak_kb()}


def child_check(path: str, which: str) -> dict:
    _setup.attach(NAME)
    from kansli.archive import validate

    started = time.perf_counter()
    messages = validate.check_xsd(path) if which == "xsd" else validate.run_schematron(path)
    return {"seconds": time.perf_counter() - started, "messages": len(messages),
            "peak_kb": peak_kb()}


def child_verify() -> dict:
    _setup.attach(NAME)
    from kansli.diary import journal

    started = time.perf_counter()
    count, problem = journal.verify()
    return {"seconds": time.perf_counter() - started, "events": count,
            "problem": str(problem) if problem else None, "peak_kb": peak_kb()}


def run_child(*args: str) -> dict:
    done = subprocess.run([sys.executable, __file__, "--child", *args], check=True,
                          capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--documents-per-case", type=int, default=5)
    parser.add_argument("--validate", action="store_true",
                        help="let the export validate its ERMS file (as the command does)")
    parser.add_argument("--keep", action="store_true", help="keep the package")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, *rest = args.child
        if kind == "export":
            result = child_export(rest[0], rest[1] == "check")
        elif kind == "verify":
            result = child_verify()
        else:
            result = child_check(rest[0], kind)
        print(json.dumps(result))
        return 0

    directory = _setup.fresh(NAME)
    started = time.perf_counter()
    made = generate(args.cases, args.documents_per_case)
    print(f"generated {made['cases']} closed cases, {made['documents']} documents and files "
          f"in {time.perf_counter() - started:.0f} s")

    out = directory / "export"
    export = run_child("export", str(out), "check" if args.validate else "no-check")
    print(f"export{' (validated)' if args.validate else ''}: {export['cases']} cases, "
          f"{export['documents']} documents, {export['files']} files in "
          f"{export['seconds']:.1f} s = {export['cases'] / export['seconds']:.0f} cases/s; "
          f"ERMS file {export['erms_bytes'] / 1e6:.0f} MB; "
          f"peak memory {export['peak_kb'] / 1024:.0f} MB")
    erms = str(Path(export["path"]) / "metadata" / "descriptive" / "erms.xml")
    for which in ("xsd", "schematron"):
        checked = run_child(which, erms)
        print(f"  {which}: {checked['seconds']:.1f} s, {checked['messages']} messages, "
              f"peak memory {checked['peak_kb'] / 1024:.0f} MB")

    verified = run_child("verify")
    rate = verified["events"] / verified["seconds"]
    print(f"verify: {verified['events']} events in {verified['seconds']:.2f} s = "
          f"{rate:,.0f} events/s (goal 50,000/s: "
          f"{'met' if rate >= 50_000 else 'NOT met'}); peak memory "
          f"{verified['peak_kb'] / 1024:.0f} MB"
          + (f"; BROKEN: {verified['problem']}" if verified["problem"] else ""))
    if not args.keep:
        import shutil

        shutil.rmtree(out, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
