"""`kansli import-eval`: precision and recall per field over the annotated corpus, with a
floor for officer's reports and notices; and the evaluation itself can fail."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from kansli.ingest import evaluate

CORPUS = Path(__file__).resolve().parent / "corpus"
KINDS = ("report.", "notice.")
FLOOR = 0.9


@pytest.fixture(scope="module")
def corpus() -> evaluate.Result:
    return evaluate.evaluate(CORPUS)


def top_level(result: evaluate.Result, prefix: str) -> dict[str, evaluate.Score]:
    return {name: score for name, score in result.fields.items()
            if name.startswith(prefix) and name.count(".") == 1}


def test_the_corpus_holds_at_least_twelve_reports_and_notices(corpus):
    mine = [d for d in corpus.documents if d["kind"] in ("report", "notice")]
    assert len(mine) >= 12
    assert {d["file"].rsplit(".", 1)[1] for d in mine} == {"pdf", "txt"}


@pytest.mark.parametrize("prefix", KINDS)
def test_every_field_of_reports_and_notices_is_read_well(corpus, prefix):
    fields = top_level(corpus, prefix)
    assert fields, f"no {prefix} fields evaluated"
    low = {name: (s.precision, s.recall) for name, s in fields.items()
           if s.expected and ((s.precision or 0) < FLOOR or (s.recall or 0) < FLOOR)}
    assert not low, f"below {FLOOR}: {low}"


def test_no_report_or_notice_fails_to_read(corpus):
    errors = {d["file"]: d["error"] for d in corpus.documents
              if d["kind"] in ("report", "notice") and d["error"]}
    assert not errors


def copy(names: list[str], folder: Path) -> None:
    for name in names:
        for path in CORPUS.glob(f"{name}.*"):
            shutil.copy(path, folder / path.name)


def test_a_wrong_expected_file_lowers_the_score(tmp_path):
    """The evaluation can fail: an annotation the parser does not meet counts against it."""
    copy(["seed", "notice-sn-2013-09-25-text"], tmp_path)
    right = evaluate.evaluate(tmp_path)
    expected = tmp_path / "seed.expected.json"
    annotation = json.loads(expected.read_text(encoding="utf-8"))
    annotation["title"] = "Något helt annat"
    annotation["basis"][0]["date"] = "2013-11-06"
    expected.write_text(json.dumps(annotation, ensure_ascii=False), encoding="utf-8")
    wrong = evaluate.evaluate(tmp_path)
    assert right.fields["report.title"].precision == 1.0
    assert wrong.fields["report.title"].precision == 0.0
    assert wrong.fields["report.title"].recall == 0.0
    assert wrong.fields["report.basis"].recall == 5 / 6
    assert wrong.fields["report.basis.date"].precision == 5 / 6
    assert wrong.overall.precision < right.overall.precision
    assert [d["wrong"] for d in wrong.documents if d["file"] == "seed.txt"] == [
        ["report.basis", "report.title"]]


def test_an_unreadable_document_counts_as_nothing_found(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "empty.expected.json").write_text('{"kind": "report", "title": "Ny taxa"}')
    result = evaluate.evaluate(tmp_path)
    assert result.documents[0]["error"] == "Filen är tom."
    score = result.fields["report.title"]
    assert (score.true_positives, score.predicted, score.expected) == (0, 0, 1)
    assert score.precision is None and score.recall == 0.0


def test_scalars_compare_with_white_space_normalised():
    assert evaluate.compare_scalar("Ny  taxa\n", "Ny taxa").true_positives == 1
    assert evaluate.compare_scalar("Ett.\n\nTvå.", "Ett.\n \nTvå.").true_positives == 1
    assert evaluate.compare_scalar("Ett.\n\nTvå.", "Ett. Två.").true_positives == 0, \
        "a paragraph break counts"
    assert vars(evaluate.compare_scalar("", "Ny taxa")) == {
        "true_positives": 0, "predicted": 1, "expected": 0}
    assert vars(evaluate.compare_scalar(None, None)) == {
        "true_positives": 0, "predicted": 0, "expected": 0}


def test_list_items_compare_whole_and_each_key_alone():
    result = evaluate.Result()
    evaluate.compare({"kind": "notice", "items": [
        {"number": 1, "heading": "Val av justerare", "diary_number": ""},
        {"number": 2, "heading": "Budget", "diary_number": "KS 2015/1"}]},
        {"kind": "notice", "items": [
            {"number": 2, "heading": "Budget", "diary_number": "KS 2015/2"},
            {"number": 1, "heading": "Val  av justerare", "diary_number": ""}]}, result)
    assert vars(result.fields["notice.items"]) == {
        "true_positives": 1, "predicted": 2, "expected": 2}
    assert result.fields["notice.items.heading"].true_positives == 2
    assert vars(result.fields["notice.items.diary_number"]) == {
        "true_positives": 0, "predicted": 1, "expected": 1}


def run(*args) -> str:
    out = io.StringIO()
    call_command("import-eval", *args, stdout=out)
    return out.getvalue()


def test_the_command_prints_a_table_per_field_and_overall(tmp_path):
    copy(["seed"], tmp_path)
    output = run(str(tmp_path))
    assert "1 documents" in output
    assert "report.title" in output and "precision" in output
    # kind, body, diary number, title, proposal, summary; 6 basis entries, 2 recipients,
    # 2 signatories: 16 things, all found.
    assert output.rstrip().splitlines()[-1].split() == [
        "overall", "16", "16", "16", "1.000", "1.000"]


def test_the_command_gives_json(tmp_path):
    copy(["seed"], tmp_path)
    data = json.loads(run(str(tmp_path), "--json"))
    assert data["fields"]["report.diary_number"]["precision"] == 1.0
    assert data["documents"][0]["file"] == "seed.txt"


def test_low_scores_are_no_error_but_a_missing_folder_is(tmp_path):
    copy(["seed"], tmp_path)
    (tmp_path / "seed.expected.json").write_text('{"kind": "report", "title": "Fel"}')
    assert "report.title" in run(str(tmp_path))
    with pytest.raises(CommandError, match="is not a folder"):
        run(str(tmp_path / "nowhere"))
