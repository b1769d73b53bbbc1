"""``kansli backup [--to DIR]``: a consistent copy of the database and the stored files,
with a checksum manifest, while the system runs (docs/integrity.md)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from kansli.archive import backup, integrity


class Command(BaseCommand):
    help = ("Back up the database (SQLite online backup, or pg_dump) and the stored files "
            "into a new folder with manifest.json and manifest-sha256.txt.")

    def add_arguments(self, parser):
        parser.add_argument("--to", default="", metavar="DIR",
                            help="The folder the backup is made in (default: KANSLI_BACKUP_DIR "
                                 "or backups/ in the data folder).")
        parser.add_argument("--no-progress", action="store_true",
                            help="Do not show a progress bar.")

    def handle(self, *args, **options):
        show = not options["no_progress"] and options["verbosity"] > 0
        with tqdm(total=integrity.total_file_bytes(), unit="B", unit_scale=True,
                  disable=not show, file=self.stderr._out, desc=_("files")) as bar:
            try:
                result = backup.make_backup(options["to"] or None, progress=bar.update)
            except backup.BackupError as exc:
                raise CommandError(str(exc)) from exc
        for problem in result.problems:
            self.stderr.write(_("WARNING: %(problem)s") % {"problem": problem})
        journal = result.manifest["journal"]
        self.stdout.write(str(result.path))
        self.stdout.write(_("Journal head: event %(seq)d, %(hash)s; %(files)d files, "
                            "%(bytes)d bytes.") % {
            "seq": journal["seq"], "hash": journal["hash"],
            "files": result.manifest["counts"]["files"], "bytes": result.manifest["bytes"]})
