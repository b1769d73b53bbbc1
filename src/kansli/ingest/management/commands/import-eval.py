"""``kansli import-eval FOLDER``: the import's per-field precision and recall over a folder
of annotated documents (each ``X.pdf`` or ``X.txt`` with its ``X.expected.json``); see
``kansli.ingest.evaluate``. Low scores are a result, not an error: the exit status is
non-zero only when the folder cannot be read."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kansli.ingest import evaluate


class Command(BaseCommand):
    help = "Per-field precision and recall of the import over a folder of annotated documents."

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path)
        parser.add_argument("--json", action="store_true", help="machine-readable output")

    def handle(self, *args, folder: Path, **options):
        try:
            result = evaluate.evaluate(folder)
        except (evaluate.FolderError, OSError, ValueError) as error:
            raise CommandError(str(error)) from error
        if options["json"]:
            self.stdout.write(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{len(result.documents)} documents in {folder}\n")
        self.stdout.write(evaluate.table(result))
        for document in result.documents:
            if document["error"] or document["wrong"]:
                wrong = ", ".join(document["wrong"])
                error = f" ({document['error']})" if document["error"] else ""
                self.stdout.write(f"{document['file']}: {wrong}{error}")
