"""The Swedish catalogue: complete, and the committed .mo is the compiled .po."""

import gettext
import re
import shutil
import subprocess
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parent.parent / "src" / "kansli" / "locale"
PO = LOCALE / "sv" / "LC_MESSAGES" / "django.po"
MO = LOCALE / "sv" / "LC_MESSAGES" / "django.mo"


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


def test_every_message_has_a_swedish_translation():
    untranslated, fuzzy = [], []
    for flags, fields in entries(PO.read_text(encoding="utf-8")):
        if not fields["msgid"]:
            continue  # the header
        if "fuzzy" in flags:
            fuzzy.append(fields["msgid"])
        strings = [v for k, v in fields.items() if k.startswith("msgstr")]
        if not strings or not all(s.strip() for s in strings):
            untranslated.append(fields["msgid"])
    assert not untranslated, f"no Swedish for: {untranslated}"
    assert not fuzzy, f"fuzzy (unchecked) translations: {fuzzy}"


def test_the_header_is_not_fuzzy_and_says_utf_8():
    flags, header = next(entries(PO.read_text(encoding="utf-8")))
    assert "fuzzy" not in flags
    assert "charset=UTF-8" in header["msgstr"]


def test_the_committed_mo_is_the_compiled_po(tmp_path):
    compiled = tmp_path / "django.mo"
    subprocess.run([msgfmt(), "--check", "-o", str(compiled), str(PO)], check=True)
    with compiled.open("rb") as fresh, MO.open("rb") as committed:
        expected = gettext.GNUTranslations(fresh)._catalog
        actual = gettext.GNUTranslations(committed)._catalog
    assert actual == expected, "run: msgfmt -o src/kansli/locale/sv/LC_MESSAGES/django.mo " \
                               "src/kansli/locale/sv/LC_MESSAGES/django.po"


def test_the_catalogue_is_used(settings):
    from django.utils import translation

    with translation.override("sv"):
        assert translation.gettext("Case opened") == "Ärendet öppnat"
        assert translation.gettext("A reason must be given.") == "Ett skäl måste anges."
