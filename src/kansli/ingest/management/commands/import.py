"""`kansli import FILE_OR_FOLDER…`: bring in reports, minutes, extracts, notices and diary
exports (docs/ingest.md)."""

import json
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from tqdm import tqdm

from kansli.ingest import actions

STATUS_WORDS = {
    "imported": gettext_lazy("imported"),
    "present": gettext_lazy("already present"),
    "review": gettext_lazy("needs review"),
    "failed": gettext_lazy("failed"),
    "would_import": gettext_lazy("would be imported"),
}

ROW_WORDS = {
    "rows": gettext_lazy("rows"),
    "imported": gettext_lazy("imported"),
    "already_present": gettext_lazy("already present"),
    "cases_created": gettext_lazy("cases created"),
    "parties_created": gettext_lazy("parties created"),
}


class Command(BaseCommand):
    help = ("Import officer's reports, minutes, extracts and notices (PDF or text) and diary "
            "exports (CSV, postlista XML). Files already imported are recognised and skipped.")

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path, metavar="FILE_OR_FOLDER")
        parser.add_argument("--user", required=True,
                            help="The user name the journal records as having imported.")
        parser.add_argument("--dry-run", action="store_true",
                            help="Show what would be registered; register nothing.")
        parser.add_argument("--map", action="append", default=[], metavar="FIELD=COLUMN",
                            help="Column mapping of a diary export, e.g. diary_number=Dnr.")
        parser.add_argument("--mapping", type=Path, metavar="FILE",
                            help="Column mapping of a diary export as a JSON file.")
        parser.add_argument("--report", type=Path, metavar="FILE",
                            help="Where to write the JSON report (default: "
                                 "DATA_DIR/import-reports/).")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, **options):
        try:
            user = get_user_model().objects.get_by_natural_key(options["user"])
        except get_user_model().DoesNotExist as exc:
            raise CommandError(_("There is no user %(name)s.") % {"name": options["user"]}) \
                from exc
        mapping = self._mapping(options)
        files = actions.files_in(options["paths"])
        show = not options["no_progress"] and options["verbosity"] > 0
        with tqdm(total=len(files), unit=_("file"), disable=not show, position=0,
                  file=self.stderr._out) as bar, \
                tqdm(unit=_("row"), disable=not show or mapping is None, position=1,
                     file=self.stderr._out) as rows:
            report = actions.import_paths(options["paths"], acting_user=user,
                                          dry_run=options["dry_run"], mapping=mapping,
                                          progress=lambda outcome: bar.update(1),
                                          row_progress=rows.update)
        self._summary(report)
        target = options["report"] or self._default_report()
        target.write_text(json.dumps(report.as_dict(), ensure_ascii=False, indent=2) + "\n",
                          encoding="utf-8")
        self.stdout.write(_("Report: %(path)s") % {"path": target})

    def _mapping(self, options):
        if not options["map"] and not options["mapping"]:
            return None
        from kansli.ingest.diaryexport import Mapping

        try:
            if options["mapping"]:
                return Mapping.from_file(options["mapping"])
            return Mapping.from_pairs(options["map"])
        except (ValidationError, OSError, ValueError) as error:
            messages = getattr(error, "messages", None) or [str(error)]
            raise CommandError(" ".join(messages)) from error

    @staticmethod
    def _default_report() -> Path:
        """Under the installation's data folder, never among the files imported."""
        folder = Path(settings.DATA_DIR) / "import-reports"
        folder.mkdir(parents=True, exist_ok=True)
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S-%f")
        return folder / f"import-report-{stamp}.json"

    def _summary(self, report):
        for outcome in report.outcomes:
            if outcome.status == "imported" and not outcome.rows:
                continue
            line = f"{STATUS_WORDS.get(outcome.status, outcome.status)}: {outcome.path}"
            details = [outcome.document or outcome.diary_number, outcome.reason,
                       *outcome.problems]
            if outcome.rows:
                details.append(", ".join(f"{ROW_WORDS[key]} {outcome.rows[key]}"
                                         for key in ROW_WORDS if key in outcome.rows))
                details += [_("row %(row)s: %(reason)s") % failure
                            for failure in outcome.rows.get("failed", [])[:20]]
            self.stdout.write(" — ".join([line, *filter(None, details)]))
        counts = report.counts()
        self.stdout.write(", ".join(f"{STATUS_WORDS.get(key, key)} {value}"
                                    for key, value in counts.items()))
