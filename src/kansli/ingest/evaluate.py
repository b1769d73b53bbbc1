"""The accuracy of the import's parsers over a folder of annotated documents
(``kansli import-eval FOLDER``).

Each ``X.pdf`` or ``X.txt`` with an ``X.expected.json`` beside it is read and parsed as
the import does, and every field of the expected result is compared with what came out
(``problems`` aside: they are words for people):

- a scalar field is a true positive when both are non-empty and equal, white space
  normalised (a paragraph break, a blank line, still counts); it counts as predicted
  when the parser gave a non-empty value, as expected when the annotation has one;
- a list field counts per item: items are compared as normalised JSON, so an item is
  right only when all of it is; for lists of objects each key is also scored on its own
  (``report.basis.date``), the items paired by their ``number`` where they have one, else
  by position.

Precision is true positives over predicted, recall true positives over expected; the
overall figures add up the top-level fields. Fields are named by kind
(``report.title``) because the same name means different things in different kinds.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from . import recognise, text

SOURCES = (".pdf", ".txt")
PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
SKIPPED = {"problems"}


@dataclass
class Score:
    true_positives: int = 0
    predicted: int = 0
    expected: int = 0

    def add(self, other: Score) -> None:
        self.true_positives += other.true_positives
        self.predicted += other.predicted
        self.expected += other.expected

    @property
    def precision(self) -> float | None:
        return self.true_positives / self.predicted if self.predicted else None

    @property
    def recall(self) -> float | None:
        return self.true_positives / self.expected if self.expected else None

    def to_dict(self) -> dict:
        return {"true_positives": self.true_positives, "predicted": self.predicted,
                "expected": self.expected, "precision": self.precision,
                "recall": self.recall}


@dataclass
class Result:
    fields: dict[str, Score] = field(default_factory=dict)
    documents: list[dict] = field(default_factory=list)

    def score(self, name: str) -> Score:
        return self.fields.setdefault(name, Score())

    @property
    def overall(self) -> Score:
        total = Score()
        for name, score in self.fields.items():
            if name.count(".") <= 1:  # top-level fields only: sub-keys would count twice
                total.add(score)
        return total

    def to_dict(self) -> dict:
        return {"fields": {name: s.to_dict() for name, s in sorted(self.fields.items())},
                "overall": self.overall.to_dict(), "documents": self.documents}


class FolderError(Exception):
    """The folder cannot be evaluated (missing, not a folder, unreadable)."""


def annotated(folder: Path) -> list[tuple[Path, Path]]:
    """(source, expected) pairs in the folder, by name."""
    if not folder.is_dir():
        raise FolderError(f"{folder} is not a folder")
    try:
        expected_files = sorted(folder.glob("*.expected.json"))
    except OSError as error:
        raise FolderError(f"{folder} cannot be read: {error}") from error
    pairs = []
    for expected in expected_files:
        stem = expected.name[: -len(".expected.json")]
        for suffix in SOURCES:
            source = folder / f"{stem}{suffix}"
            if source.exists():
                pairs.append((source, expected))
                break
    return pairs


def extract(source: Path) -> tuple[dict, str]:
    """The parsed fields of a file as the import reads them, and the error if any."""
    try:
        read = text.read(source.read_bytes(), source.name)
        return recognise.parse(read.text), ""
    except text.Unreadable as error:
        return {}, str(error)
    except Exception as error:  # a parser's fault is a result to report, not a crash
        return {}, f"{type(error).__name__}: {error}"


def evaluate(folder: Path) -> Result:
    result = Result()
    for source, expected_path in annotated(Path(folder)):
        expected = json.loads(expected_path.read_text(encoding="utf-8"))
        predicted, error = extract(source)
        before = {name: Score(**vars(s)) for name, s in result.fields.items()}
        compare(expected, predicted, result)
        result.documents.append({"file": source.name, "kind": expected.get("kind"),
                                 "recognised": predicted.get("kind"), "error": error,
                                 "wrong": _wrong_fields(before, result)})
    return result


def _wrong_fields(before: dict[str, Score], after: Result) -> list[str]:
    wrong = []
    for name, score in after.fields.items():
        old = before.get(name, Score())
        tp = score.true_positives - old.true_positives
        if name.count(".") <= 1 and (score.predicted - old.predicted > tp
                                     or score.expected - old.expected > tp):
            wrong.append(name)
    return sorted(wrong)


def compare(expected: dict, predicted: dict, result: Result) -> None:
    kind = expected.get("kind", "unknown")
    for name, value in expected.items():
        if name in SKIPPED:
            continue
        got = predicted.get(name)
        key = f"{kind}.{name}"
        if isinstance(value, list):
            result.score(key).add(compare_list(value, got if isinstance(got, list) else []))
            compare_sub_keys(key, value, got if isinstance(got, list) else [], result)
        else:
            result.score(key).add(compare_scalar(value, got))


def normalised(value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        # Spaces and line breaks within a paragraph do not count; paragraph breaks do.
        return "\n\n".join(" ".join(p.split()) for p in PARAGRAPH_BREAK.split(value)
                             if p.strip())
    if isinstance(value, bool):
        return "true" if value else ""
    if isinstance(value, dict):
        return json.dumps({k: normalised(v) for k, v in sorted(value.items())},
                          ensure_ascii=False)
    if isinstance(value, list):
        return json.dumps([normalised(v) for v in value], ensure_ascii=False)
    return str(value)


def compare_scalar(expected, predicted) -> Score:
    want, got = normalised(expected), normalised(predicted)
    return Score(true_positives=int(bool(want) and want == got), predicted=int(bool(got)),
                 expected=int(bool(want)))


def compare_list(expected: list, predicted: list) -> Score:
    """Items compared whole — on the keys the annotation has: a key the parser adds for
    the importer's use (a basis line's ``text``) is not scored."""
    keys = {k for item in expected if isinstance(item, dict) for k in item}
    if keys:
        predicted = [{k: v for k, v in item.items() if k in keys}
                     if isinstance(item, dict) else item for item in predicted]
    want = Counter(normalised(item) for item in expected)
    got = Counter(normalised(item) for item in predicted)
    return Score(true_positives=sum((want & got).values()), predicted=sum(got.values()),
                 expected=sum(want.values()))


def compare_sub_keys(name: str, expected: list, predicted: list, result: Result) -> None:
    """Each key of a list of objects scored alone, items paired by number or position."""
    if not expected or not all(isinstance(item, dict) for item in expected):
        return
    pairs = _pairs(expected, [p for p in predicted if isinstance(p, dict)])
    keys = sorted({k for item in expected for k in item})
    for want, got in pairs:
        for key in keys:
            result.score(f"{name}.{key}").add(
                compare_scalar(want.get(key) if want else None, got.get(key) if got else None))


def _pairs(expected: list[dict], predicted: list[dict]) -> list[tuple[dict | None, dict | None]]:
    if all("number" in item for item in expected):
        by_number = {normalised(p.get("number")): p for p in predicted}
        pairs = [(item, by_number.pop(normalised(item["number"]), None)) for item in expected]
        return pairs + [(None, p) for p in by_number.values()]
    length = max(len(expected), len(predicted))
    return [(expected[i] if i < len(expected) else None,
             predicted[i] if i < len(predicted) else None) for i in range(length)]


def table(result: Result) -> str:
    """The per-field table, and the overall line, as text."""
    rows = [("field", "TP", "pred", "exp", "precision", "recall")]
    for name, score in sorted(result.fields.items()):
        rows.append(_row(name, score))
    rows.append(_row("overall", result.overall))
    width = max(len(r[0]) for r in rows)
    lines = [f"{r[0]:<{width}}  {r[1]:>5} {r[2]:>5} {r[3]:>5}  {r[4]:>9}  {r[5]:>6}"
             for r in rows]
    lines.insert(1, "-" * len(lines[0]))
    lines.insert(len(lines) - 1, "-" * len(lines[0]))
    return "\n".join(lines)


def _row(name: str, score: Score) -> tuple:
    def percent(value):
        return "–" if value is None else f"{value:.3f}"

    return (name, score.true_positives, score.predicted, score.expected,
            percent(score.precision), percent(score.recall))
