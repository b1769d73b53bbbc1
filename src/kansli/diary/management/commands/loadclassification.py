"""`kansli loadclassification [FILE]`: load a classification structure from a file.

The file is JSON (``{"nodes": [{"code", "title", "parent"?, "description"?}, ...]}``) or
CSV with the columns ``code,title,parent,description``. A dotted code (``1.1.2``) has the
code before its last dot as parent; a flat code (``133``) names its parent, if any, in
``parent``. Loading is idempotent: titles are updated, missing nodes created, parents
set by code. The whole file is checked before anything is written, and written in one
transaction, so a bad file loads nothing.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from kansli.diary.models import Classification

DEFAULT_FILE = Path(__file__).resolve().parents[2] / "data" / "classification.json"
CODE_MAX = Classification._meta.get_field("code").max_length
TITLE_MAX = Classification._meta.get_field("title").max_length


class ClassificationFileError(ValueError):
    """The file is not a usable classification structure."""


@dataclass(frozen=True)
class Node:
    code: str
    title: str
    parent: str | None
    description: str = ""


def read_file(path: Path | str) -> list[Node]:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ClassificationFileError(f"cannot read {path}: {exc}") from exc
    if path.suffix.lower() == ".csv":
        rows = list(csv.DictReader(text.splitlines()))
        if rows and not {"code", "title"} <= set(rows[0]):
            raise ClassificationFileError(f"{path}: a CSV file needs the columns code and title")
    else:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ClassificationFileError(f"{path} is not valid JSON: {exc}") from exc
        rows = data.get("nodes") if isinstance(data, dict) else data
        if not isinstance(rows, list):
            raise ClassificationFileError(f"{path}: expected a list of nodes under 'nodes'")
    return parse_nodes(rows)


def parse_nodes(rows: list) -> list[Node]:
    """Check every row and return the nodes, parents before their children."""
    nodes: dict[str, Node] = {}
    for index, row in enumerate(rows, start=1):
        where = f"node {index}"
        if not isinstance(row, dict):
            raise ClassificationFileError(f"{where}: expected an object with code and title")
        code = str(row.get("code") or "").strip()
        title = str(row.get("title") or "").strip()
        parent = str(row.get("parent") or "").strip() or None
        if not code:
            raise ClassificationFileError(f"{where}: the code is missing")
        where = f"node {index} ({code})"
        if len(code) > CODE_MAX or any(c.isspace() for c in code) or code.strip(".") != code \
                or ".." in code:
            raise ClassificationFileError(f"{where}: not a usable code")
        if not title:
            raise ClassificationFileError(f"{where}: the title is missing")
        if len(title) > TITLE_MAX:
            raise ClassificationFileError(f"{where}: the title is longer than {TITLE_MAX}")
        if "." in code:
            implied = code.rsplit(".", 1)[0]
            if parent not in (None, implied):
                raise ClassificationFileError(
                    f"{where}: a dotted code's parent is {implied}, not {parent}")
            parent = implied
        if parent == code:
            raise ClassificationFileError(f"{where}: a node cannot be its own parent")
        if code in nodes:
            raise ClassificationFileError(f"{where}: the code appears twice")
        nodes[code] = Node(code, title, parent, str(row.get("description") or "").strip())
    known = set(Classification.objects.values_list("code", flat=True))
    ordered: list[Node] = []
    placed: set[str] = set()

    def place(node: Node, trail: tuple[str, ...] = ()) -> None:
        if node.code in placed:
            return
        if node.code in trail:
            raise ClassificationFileError(f"node {node.code}: its parents form a loop")
        if node.parent is not None:
            if node.parent in nodes:
                place(nodes[node.parent], trail + (node.code,))
            elif node.parent not in known:
                raise ClassificationFileError(
                    f"node {node.code}: the parent {node.parent} is neither in the file "
                    "nor loaded")
        placed.add(node.code)
        ordered.append(node)

    for node in nodes.values():
        place(node)
    return ordered


@transaction.atomic
def load(nodes: list[Node]) -> dict[str, int]:
    """Create or update the nodes (parents first). Returns counts by outcome."""
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    existing = {c.code: c for c in Classification.objects.select_for_update()}
    for node in nodes:
        parent = existing[node.parent] if node.parent else None
        current = existing.get(node.code)
        if current is None:
            existing[node.code] = Classification.objects.create(
                code=node.code, title=node.title, parent=parent, description=node.description)
            counts["created"] += 1
            continue
        wanted = {"title": node.title, "parent_id": parent.pk if parent else None,
                  "description": node.description}
        changed = [name for name, value in wanted.items() if getattr(current, name) != value]
        if changed:
            for name in changed:
                setattr(current, name, wanted[name])
            current.save(update_fields=[name.removesuffix("_id") for name in changed])
            counts["updated"] += 1
        else:
            counts["unchanged"] += 1
    return counts


def load_file(path: Path | str = DEFAULT_FILE) -> dict[str, int]:
    with transaction.atomic():
        return load(read_file(path))


class Command(BaseCommand):
    help = "Load a classification structure (KLASSA-shaped JSON or CSV) idempotently."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", default=str(DEFAULT_FILE),
                            help="JSON or CSV file; default: Kansli's sample structure")

    def handle(self, *args, file, **options):
        try:
            counts = load_file(file)
        except ClassificationFileError as exc:
            raise CommandError(f"Nothing was loaded: {exc}") from exc
        self.stdout.write(
            f"Classification from {file}: {counts['created']} created, "
            f"{counts['updated']} updated, {counts['unchanged']} unchanged.")
