"""Loading a classification structure: a KLASSA-shaped sample plus Ekerö's flat codes,
idempotent, all or nothing."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from kansli.diary.management.commands.loadclassification import DEFAULT_FILE
from kansli.diary.models import Classification

pytestmark = pytest.mark.django_db


def load(*args):
    out = io.StringIO()
    call_command("loadclassification", *args, stdout=out)
    return out.getvalue()


def write(tmp_path, nodes, name="plan.json"):
    path = tmp_path / name
    path.write_text(json.dumps({"nodes": nodes}, ensure_ascii=False), encoding="utf-8")
    return str(path)


def test_it_loads_the_sample_in_three_levels_and_flat_codes():
    load()
    assert Classification.objects.get(code="1").title == "Styra och leda verksamheten"
    assert Classification.objects.get(code="1.1.1").parent.code == "1.1"
    assert Classification.objects.get(code="1.1").parent.code == "1"
    ekero = Classification.objects.get(code="133")
    assert ekero.title == "Samverkan med andra kommuner och organisationer"
    assert ekero.parent.code == "13"
    assert Classification.objects.filter(code__contains=".").count() >= 30


def test_loading_twice_changes_nothing():
    load()
    before = list(Classification.objects.values_list("pk", "code", "title", "parent_id"))
    output = load()
    assert "0 created, 0 updated" in output
    assert list(Classification.objects.values_list("pk", "code", "title", "parent_id")) == before


def test_it_updates_titles_and_creates_missing_nodes_under_existing_parents(tmp_path):
    load()
    path = write(tmp_path, [
        {"code": "133", "title": "Samverkan med kommuner", "parent": "13"},
        {"code": "1.3.3", "title": "Delta i kommunförbund"},
    ])
    assert "1 created, 1 updated" in load(path)
    assert Classification.objects.get(code="133").title == "Samverkan med kommuner"
    assert Classification.objects.get(code="1.3.3").parent.code == "1.3"


def test_it_reads_csv(tmp_path):
    path = tmp_path / "plan.csv"
    path.write_text("code,title,parent\n7,Kultur och fritid,\n7.1,Bedriva bibliotek,\n"
                    "770,Bibliotek,7\n", encoding="utf-8")
    load(str(path))
    assert Classification.objects.get(code="7.1").parent.code == "7"
    assert Classification.objects.get(code="770").parent.code == "7"


@pytest.mark.parametrize("nodes, message", [
    ([{"code": "9", "title": "Nio"}, {"code": "9", "title": "Nio igen"}], "twice"),
    ([{"code": "9", "title": "Nio"}, {"code": "955", "title": "X", "parent": "95"}],
     "parent 95"),
    ([{"code": "9", "title": "Nio"}, {"code": "9.1.1", "title": "Utan förälder"}],
     "parent 9.1"),
    ([{"code": "9", "title": ""}], "title is missing"),
    ([{"code": "9", "title": "Nio"}, {"code": "9.1", "title": "X", "parent": "1"}],
     "parent is 9"),
    ([{"code": "91", "title": "A", "parent": "92"}, {"code": "92", "title": "B",
                                                     "parent": "91"}], "loop"),
])
def test_a_bad_file_loads_nothing(tmp_path, nodes, message):
    with pytest.raises(CommandError, match=message):
        load(write(tmp_path, nodes))
    assert not Classification.objects.exists()


def test_a_bad_file_leaves_a_loaded_structure_as_it_was(tmp_path):
    load()
    before = list(Classification.objects.values_list("code", "title", "parent_id"))
    path = write(tmp_path, [{"code": "133", "title": "Ändrad titel", "parent": "13"},
                            {"code": "8.1", "title": "Förälder saknas"}])
    with pytest.raises(CommandError, match="Nothing was loaded"):
        load(path)
    assert list(Classification.objects.values_list("code", "title", "parent_id")) == before


def test_it_refuses_a_file_that_is_not_json(tmp_path):
    path = tmp_path / "plan.json"
    path.write_text("{inte json", encoding="utf-8")
    with pytest.raises(CommandError, match="not valid JSON"):
        load(str(path))


def test_the_sample_file_ships_with_the_package():
    assert DEFAULT_FILE.exists()
