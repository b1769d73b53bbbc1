"""``kansli archive SUBCOMMAND``: the archive's operations, one small function pair per
subcommand.

Each subcommand is registered in ``SUBCOMMANDS``: its name maps to a pair
``(add_arguments(parser), handle(command, options))``. The export and the import live here
(their work is in ``kansli.archive.package`` and ``kansli.archive.importer``); retention
(``due``, ``dispose``) lives in ``kansli.archive.retention`` and is registered when that
module is there, by ``_retention_subcommands`` below. To add a subcommand, write the two
functions and add an entry; ``handle`` raises ``CommandError`` for what the user must read.
See docs/archive-export.md.
"""

import importlib
import importlib.util
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _


def _date(value):
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(_("Not a date (YYYY-MM-DD): %(value)s") % {"value": value}) from exc


# --- export ----------------------------------------------------------------------------

def add_export_arguments(parser):
    parser.add_argument("--closed-from", type=_date, default=None, metavar="YYYY-MM-DD",
                        help="Only cases closed on or after this day.")
    parser.add_argument("--closed-to", type=_date, default=None, metavar="YYYY-MM-DD",
                        help="Only cases closed on or before this day.")
    parser.add_argument("--series", action="append", default=[], metavar="CODE",
                        help="Only cases of this diary series (may be repeated).")
    parser.add_argument("--classification", action="append", default=[], metavar="CODE",
                        help="Only cases under this classification code, its sub-codes "
                             "included (may be repeated).")
    parser.add_argument("--out", default=".", metavar="DIR",
                        help="The folder the package is written into (default: here).")
    parser.add_argument("--package-id", default="", metavar="ID",
                        help="The package's identifier (default: a new UUID).")
    parser.add_argument("--user", default="",
                        help="The user name the journal records as having exported.")
    parser.add_argument("--no-validate", action="store_true",
                        help="Do not validate the ERMS document against the schema and "
                             "the Schematron rules (faster for very large packages).")
    parser.add_argument("--no-progress", action="store_true",
                        help="Do not show a progress bar.")


def handle_export(command, options):
    from kansli.archive import package

    try:
        result = package.export_command(command, options)
    except package.ExportError as exc:
        raise CommandError(str(exc)) from exc
    command.stdout.write(str(result.path))
    command.stdout.write(
        _("%(cases)d cases, %(documents)d documents, %(files)d files (%(bytes)d bytes).") % {
            "cases": result.cases, "documents": result.documents, "files": result.files,
            "bytes": result.bytes})


# --- import ----------------------------------------------------------------------------

def add_import_arguments(parser):
    parser.add_argument("package", metavar="PACKAGE",
                        help="The package folder (the one holding METS.xml).")
    parser.add_argument("--user", default="",
                        help="The user name the journal records as having imported it.")
    parser.add_argument("--no-progress", action="store_true",
                        help="Do not show a progress bar.")


def handle_import(command, options):
    from kansli.archive import importer

    try:
        result = importer.import_command(command, options)
    except importer.ImportRefused as exc:
        raise CommandError(str(exc)) from exc
    command.stdout.write(
        _("Imported %(cases)d cases, %(documents)d documents, %(files)d files.") % {
            "cases": result.cases, "documents": result.documents, "files": result.files})


SUBCOMMANDS = {
    "export": (add_export_arguments, handle_export,
               "Write closed cases as a CITS ERMS v3 package (E-ARK SIP)."),
    "import": (add_import_arguments, handle_import,
               "Import an exported package into an empty database."),
}


def _retention_subcommands():
    """``due`` and ``dispose`` from ``kansli.archive.retention``, when that module exists."""
    if importlib.util.find_spec("kansli.archive.retention") is None:
        return {}
    retention = importlib.import_module("kansli.archive.retention")
    found = {}
    for name, help_text in (("due", "List what is due for disposal."),
                            ("dispose", "Dispose of what is due, under a recorded decision.")):
        add = getattr(retention, f"add_{name}_arguments", None)
        handle = getattr(retention, f"handle_{name}", None)
        if add is not None and handle is not None:
            found[name] = (add, handle, help_text)
    return found


def subcommands():
    return {**SUBCOMMANDS, **_retention_subcommands()}


class Command(BaseCommand):
    help = "The archive: export to and import from the e-archive, retention and disposal."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        self._handlers = {}
        for name, (add, handle, help_text) in subcommands().items():
            add(sub.add_parser(name, help=help_text))
            self._handlers[name] = handle

    def handle(self, *args, subcommand, **options):
        handlers = getattr(self, "_handlers", None) or {
            name: entry[1] for name, entry in subcommands().items()}
        return handlers[subcommand](self, options)
