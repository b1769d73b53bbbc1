"""`kansli verify`: the journal's hash chain, the stored files against their SHA-256, and
every registered record against its creation event (docs/integrity.md)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from kansli.diary.models import Event


class Command(BaseCommand):
    help = (
        "Walk the journal from its first event and check that every event links to the one "
        "before it and matches its hash; check every stored file against its SHA-256, and "
        "that every case, document and party has its creation event. Exits non-zero, "
        "naming the first broken link and the records affected."
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-progress", action="store_true",
                            help="Do not show a progress bar.")
        parser.add_argument("--chain-only", action="store_true",
                            help="Check only the journal's hash chain.")
        parser.add_argument("--no-files", action="store_true",
                            help="Do not read the stored files.")

    def handle(self, *args, **options):
        from kansli.archive import integrity

        show = not options["no_progress"] and options["verbosity"] > 0
        out = self.stderr._out
        files = not (options["chain_only"] or options["no_files"])
        with tqdm(total=Event.objects.count(), unit="event", disable=not show,
                  file=out) as chain_bar:
            report = integrity.Report()
            integrity.check_chain(report, chain_bar.update)
        if files:
            with tqdm(total=integrity.total_file_bytes(), unit="B", unit_scale=True,
                      disable=not show, file=out, desc=_("files")) as file_bar:
                integrity.check_files(report, file_bar.update)
        if not options["chain_only"]:
            integrity.check_records(report)
        if options["verbosity"] > 1:
            if files:
                self.stdout.write(_("Files: %(files)d checked, %(bytes)d bytes.") % {
                    "files": report.files, "bytes": report.bytes})
            if report.records:
                self.stdout.write(_(
                    "Records: %(case)d cases, %(document)d documents, %(party)d parties "
                    "checked for their creation event.") % report.records)
        if not report.ok:
            lines = [str(finding) for finding in report.findings]
            for check, more in report.more.items():
                lines.append(_("… and %(count)d more of the same kind (%(check)s).") % {
                    "count": more, "check": check})
            raise CommandError("\n".join(lines))
        self.stdout.write(f"OK: {report.events} events, head {report.head}")
