"""``kansli selfcheck``: is this installation set up correctly now? One line per finding,
OK, WARNING or FAIL; exits non-zero on any FAIL (docs/integrity.md)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from kansli.archive import selfcheck


class Command(BaseCommand):
    help = ("Check production settings, secrets, the database, the file store, backups, the "
            "worker and the journal; one line each, OK, WARNING or FAIL.")

    def add_arguments(self, parser):
        parser.add_argument("--skip", action="append", default=[],
                            choices=[name for name, _check in selfcheck.CHECKS],
                            help="Leave out a check (may be repeated).")

    def handle(self, *args, **options):
        lines = selfcheck.run(set(options["skip"]))
        for line in lines:
            self.stdout.write(str(line))
        failed = sum(line.status == selfcheck.FAIL for line in lines)
        warned = sum(line.status == selfcheck.WARNING for line in lines)
        if failed:
            raise CommandError(_("%(failed)d checks failed, %(warned)d warnings.")
                               % {"failed": failed, "warned": warned})
        self.stdout.write(_("No check failed (%(warned)d warnings).") % {"warned": warned})
