"""The Swedish catalogue: complete, and the committed .mo is the compiled .po."""

import gettext
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "kansli"
LOCALE = SRC / "locale"
PO = LOCALE / "sv" / "LC_MESSAGES" / "django.po"
# The project's catalogue and those of apps that keep their own (<app>/locale/).
CATALOGUES = sorted(SRC.glob("**/locale/sv/LC_MESSAGES/django.po"))
catalogues = pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: str(p.relative_to(SRC)))


def entries(text: str):
    """(flags, msgid, msgstr) of each entry of a .po file, the header included."""
    for block in text.strip().split("\n\n"):
        lines = block.splitlines()
        flags = " ".join(line[2:] for line in lines if line.startswith("#,"))
        fields: dict[str, str] = {}
        current = None
        for line in lines:
            if line.startswith("#"):
                continue
            match = re.match(r'^(msgid|msgstr|msgid_plural|msgstr\[\d+\]|msgctxt) (".*")$', line)
            if match:
                current = match.group(1)
                fields[current] = ""
                line = match.group(2)
            fields[current] += _unquote(line)
        if "msgid" in fields:
            yield flags, fields


def _unquote(quoted: str) -> str:
    body = quoted.strip()[1:-1]
    return re.sub(r'\\(.)', lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)),
                  body)


def msgfmt() -> str:
    path = shutil.which("msgfmt")
    if path is None:
        pytest.fail("msgfmt is missing: apt-get install gettext")
    return path


@catalogues
def test_every_message_has_a_swedish_translation(po):
    untranslated, fuzzy = [], []
    for flags, fields in entries(po.read_text(encoding="utf-8")):
        if not fields["msgid"]:
            continue  # the header
        if "fuzzy" in flags:
            fuzzy.append(fields["msgid"])
        strings = [v for k, v in fields.items() if k.startswith("msgstr")]
        if not strings or not all(s.strip() for s in strings):
            untranslated.append(fields["msgid"])
    assert not untranslated, f"no Swedish for: {untranslated}"
    assert not fuzzy, f"fuzzy (unchecked) translations: {fuzzy}"


@catalogues
def test_the_header_is_not_fuzzy_and_says_utf_8(po):
    flags, header = next(entries(po.read_text(encoding="utf-8")))
    assert "fuzzy" not in flags
    assert "charset=UTF-8" in header["msgstr"]


@catalogues
def test_the_committed_mo_is_the_compiled_po(po, tmp_path):
    compiled = tmp_path / "django.mo"
    mo = po.with_suffix(".mo")
    subprocess.run([msgfmt(), "--check", "-o", str(compiled), str(po)], check=True)
    with compiled.open("rb") as fresh, mo.open("rb") as committed:
        expected = gettext.GNUTranslations(fresh)._catalog
        actual = gettext.GNUTranslations(committed)._catalog
    assert actual == expected, f"run: msgfmt -o {mo} {po}"


def test_the_project_catalogue_is_among_them():
    assert PO in CATALOGUES


def test_the_catalogue_is_used(settings):
    from django.utils import translation

    with translation.override("sv"):
        assert translation.gettext("Case opened") == "Ärendet öppnat"
        assert translation.gettext("A reason must be given.") == "Ett skäl måste anges."


def test_every_string_marked_for_translation_is_translated(tmp_path):
    """makemessages over a copy of the source (no catalogues in it) finds each marked
    string; each must have its Swedish in one of the catalogues."""
    copy = tmp_path / "kansli"
    shutil.copytree(SRC, copy, ignore=shutil.ignore_patterns("locale", "__pycache__",
                                                             "static", "data"))
    (copy / "locale").mkdir()
    subprocess.run([sys.executable, "-m", "django", "makemessages", "-l", "sv",
                    "--no-location", "--no-obsolete"],
                   cwd=copy, check=True, capture_output=True,
                   env={**os.environ, "DJANGO_SETTINGS_MODULE": ""})
    marked = {(fields.get("msgctxt"), fields["msgid"])
              for _flags, fields in entries((copy / "locale/sv/LC_MESSAGES/django.po")
                                            .read_text(encoding="utf-8"))
              if fields["msgid"]}
    translated = set()
    for po in CATALOGUES:
        for flags, fields in entries(po.read_text(encoding="utf-8")):
            if fields["msgid"] and "fuzzy" not in flags and fields.get(
                    "msgstr", fields.get("msgstr[0]", "")).strip():
                translated.add((fields.get("msgctxt"), fields["msgid"]))
    missing = sorted(msgid for _ctx, msgid in marked - translated)
    assert not missing, f"no Swedish for {len(missing)} marked strings: {missing}"
