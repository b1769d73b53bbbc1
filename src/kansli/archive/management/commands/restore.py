"""``kansli restore DIR``: check a backup against its manifest, then restore it into this
empty installation and verify the journal (docs/integrity.md)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from kansli.archive import backup


class Command(BaseCommand):
    help = ("Restore a backup made by `kansli backup` into an empty installation, after "
            "checking every file against manifest-sha256.txt.")

    def add_arguments(self, parser):
        parser.add_argument("folder", metavar="DIR", help="The backup's folder.")
        parser.add_argument("--check-only", action="store_true",
                            help="Only check the backup against its manifest.")

    def handle(self, *args, folder, check_only=False, **options):
        try:
            if check_only:
                manifest = backup.check_backup(folder)
                self.stdout.write(_("The backup is whole: every file matches its manifest."))
                return
            manifest = backup.restore(folder)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        from kansli.diary import journal

        count, problem = journal.verify()
        head = manifest["journal"]
        if problem is not None:
            raise CommandError(_("Restored, but the journal does not verify: %(problem)s")
                               % {"problem": problem})
        if count != head["seq"]:
            raise CommandError(_("Restored, but the journal has %(count)d events where the "
                                 "backup says %(seq)d.") % {"count": count, "seq": head["seq"]})
        self.stdout.write(_("Restored the backup of %(at)s: journal verified to event %(seq)d, "
                            "head %(hash)s.") % {"at": manifest["created_at"],
                                                 "seq": head["seq"], "hash": head["hash"]})
