"""Forms of the import review queue (docs/ingest.md). They check input; the views hand
the fields to ``actions``.

The review form is built per kind of document. Its lists are textareas with one item a
line, the parts of a line separated by ``|``; sections and paragraphs are blocks that
start with a heading line. Each line is checked, and an error names its line:

- decision basis: ``title | date | body | paragraph`` (body and paragraph only for a
  paragraph of minutes);
- recipients: ``name | e-mail``; signatories: ``name | title``;
- sections: a line ``# Heading``, then the section's text;
- paragraphs of minutes: a line ``§ 130 | diary number | heading`` (``| secret`` after
  the heading for a secret paragraph), then the decision;
- a notice's items: ``number | heading | diary number``;
- names (decision-makers, others present, approvers): one a line.
"""

from __future__ import annotations

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kansli.diary.forms import (
    EARLIEST,
    LATEST,
    MAX_FILES,
    DateField,
    MultipleFileField,
    ReasonField,
)
from kansli.org.models import Body, Organisation

from .models import Source

# How long the text of one textarea may be: far more than any document holds.
MAX_TEXT = 200_000
LINE = 500
# The kinds a reviewer can register a file as.
KINDS = [Source.Kind.REPORT, Source.Kind.MINUTES, Source.Kind.EXTRACT, Source.Kind.NOTICE]
SECRET_WORDS = {"hemlig", "sekretess", "secret"}


class FilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False,
        choices=[("", _("All")), (Source.Status.REVIEW, Source.Status.REVIEW.label),
                 (Source.Status.IMPORTED, Source.Status.IMPORTED.label),
                 (Source.Status.DISMISSED, Source.Status.DISMISSED.label),
                 (Source.Status.PARTIAL, Source.Status.PARTIAL.label)])
    kind = forms.ChoiceField(label=_("Kind"), required=False,
                             choices=[("", _("All")), *Source.Kind.choices])


class ImportFilesField(MultipleFileField):
    """One or more files. Only their number is checked here: an empty, too large or
    unreadable file is reported by the import itself, with its reason, beside the others."""

    def clean(self, data, initial=None):
        uploads = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if not uploads:
            raise ValidationError(_("Choose at least one file."), code="required")
        if len(uploads) > MAX_FILES:
            raise ValidationError(_("At most %(count)d files at a time."),
                                  params={"count": MAX_FILES})
        return uploads


class UploadForm(forms.Form):
    files = ImportFilesField(label=_("Files (PDF or text)"))


class KindForm(forms.Form):
    # Its own id: the review form beside it has a (hidden) field "kind" too.
    kind = forms.ChoiceField(label=_("Kind of document"),
                             choices=[(k.value, k.label) for k in KINDS],
                             widget=forms.Select(attrs={"id": "choose-kind"}))


class DismissForm(forms.Form):
    reason = ReasonField(help_text=_("For example: a copy of a document already in the "
                                     "diary, or not a document of the organisation."))


# Lines and blocks ------------------------------------------------------------------------


def _line_error(number: int, message: str) -> ValidationError:
    return ValidationError(gettext("Line %(line)d: %(message)s")
                           % {"line": number, "message": message})


def _lines(text: str) -> list[tuple[int, str]]:
    return [(n, line.strip()) for n, line in enumerate((text or "").splitlines(), start=1)
            if line.strip()]


def _cells(number: int, line: str, count: int) -> list[str]:
    cells = [cell.strip() for cell in line.split("|")]
    if len(cells) > count:
        raise _line_error(number, gettext("at most %(count)d parts separated by |.")
                          % {"count": count})
    return cells + [""] * (count - len(cells))


def _text(number: int, value: str, limit: int) -> str:
    if len(value) > limit:
        raise _line_error(number, gettext("a part is longer than %(limit)d characters.")
                          % {"limit": limit})
    return value


def _iso_date(number: int, value: str) -> str | None:
    if not value:
        return None
    try:
        day = datetime.date.fromisoformat(value)
    except ValueError:
        raise _line_error(number, gettext("“%(value)s” is not a date (YYYY-MM-DD).")
                          % {"value": value}) from None
    if not EARLIEST <= day <= LATEST:
        raise _line_error(number, gettext("“%(value)s” is not a date (YYYY-MM-DD).")
                          % {"value": value})
    return day.isoformat()


def _paragraph_number(number: int, value: str, *, required: bool) -> int | None:
    value = value.replace("§", "").strip()
    if not value:
        if required:
            raise _line_error(number, gettext("the paragraph number is missing."))
        return None
    if not value.isdigit() or not 0 < int(value) < 100_000:
        raise _line_error(number, gettext("“%(value)s” is not a paragraph number.")
                          % {"value": value})
    return int(value)


def _collect(lines, parse_one) -> list:
    """Each line parsed, every line's error reported at once."""
    items, errors = [], []
    for number, line in lines:
        try:
            items.append(parse_one(number, line))
        except ValidationError as error:
            errors.append(error)
    if errors:
        raise ValidationError(errors)
    return items


def _blocks(text: str, starts) -> list[tuple[int, str, str]]:
    """(line number, heading line, the text after it) of each block; a block starts at a
    line for which ``starts`` is true. Text before the first heading is an error."""
    blocks, errors = [], []
    for number, raw in enumerate((text or "").replace("\r\n", "\n").split("\n"), start=1):
        line = raw.strip()
        if starts(line):
            blocks.append([number, line, []])
        elif blocks:
            blocks[-1][2].append(raw.rstrip())
        elif line:
            errors.append(_line_error(number, gettext("text before the first heading.")))
    if errors:
        raise ValidationError(errors)
    return [(number, line, _paragraphs("\n".join(body))) for number, line, body in blocks]


def _paragraphs(text: str) -> str:
    """Paragraphs separated by one blank line, as the parsers write them."""
    parts = re.split(r"\n\s*\n", text.strip())
    return "\n\n".join(part.strip() for part in parts if part.strip())


class ListField(forms.CharField):
    """A textarea whose lines are parsed into a list (see the module's docstring)."""

    def __init__(self, parse, render, rows=5, **kwargs):
        self.parse, self.render = parse, render
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", MAX_TEXT)
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": rows, "class": "list"}))
        kwargs.setdefault("strip", False)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list):
            return self.render(value)
        return value

    def clean(self, value):
        value = super().clean(value)
        return self.parse(value or "")


# The lists of each kind: parse and render ---------------------------------------------


def parse_basis(text: str) -> list[dict]:
    def one(number, line):
        title, date, body, paragraph = _cells(number, line, 4)
        if not title:
            raise _line_error(number, gettext("the title is missing."))
        if bool(body) != bool(paragraph):
            raise _line_error(number, gettext("a paragraph of minutes needs both the body "
                                               "and the paragraph number."))
        return {"title": _text(number, title, LINE),
                "date": _iso_date(number, date),
                "body": _text(number, body, 200),
                "paragraph": _paragraph_number(number, paragraph, required=False)}
    return _collect(_lines(text), one)


def render_basis(items: list[dict]) -> str:
    return "\n".join(" | ".join(_strip_empty([
        item.get("title") or "", item.get("date") or "", item.get("body") or "",
        str(item["paragraph"]) if item.get("paragraph") else ""])) for item in items)


def parse_recipients(text: str) -> list[dict]:
    def one(number, line):
        name, email = _cells(number, line, 2)
        if not name:
            raise _line_error(number, gettext("the name is missing."))
        if email:
            try:
                validate_email(email)
            except ValidationError:
                raise _line_error(number, gettext("“%(value)s” is not an e-mail address.")
                                  % {"value": email}) from None
        return {"name": _text(number, name, 300), "email": email}
    return _collect(_lines(text), one)


def render_recipients(items: list[dict]) -> str:
    return "\n".join(" | ".join(_strip_empty([item.get("name") or "", item.get("email") or ""]))
                     for item in items)


def parse_signatories(text: str) -> list[dict]:
    def one(number, line):
        name, title = _cells(number, line, 2)
        if not name:
            raise _line_error(number, gettext("the name is missing."))
        return {"name": _text(number, name, 200),
                "title": _text(number, title, 200)}
    return _collect(_lines(text), one)


def render_signatories(items: list[dict]) -> str:
    return "\n".join(" | ".join(_strip_empty([item.get("name") or "", item.get("title") or ""]))
                     for item in items)


def parse_names(text: str) -> list[str]:
    return _collect(_lines(text), lambda number, line: _text(number, line, 200))


def render_names(items: list) -> str:
    return "\n".join(str(item) for item in items if item)


def parse_sections(text: str) -> list[dict]:
    def one(number, line, body):
        heading = line.lstrip("#").strip()
        if not heading:
            raise _line_error(number, gettext("the heading is missing."))
        return {"heading": _text(number, heading, 200), "text": body}
    return _collect_blocks(_blocks(text, lambda line: line.startswith("#")), one)


def render_sections(items: list[dict]) -> str:
    return "\n\n".join(f"# {item.get('heading') or ''}\n{item.get('text') or ''}".strip()
                       for item in items)


def parse_paragraphs(text: str) -> list[dict]:
    def one(number, line, body):
        head = line[1:].strip()
        parts = _cells(number, head, 4)
        paragraph, diary_number, heading, secret = parts
        secret_flag = secret.casefold() in SECRET_WORDS
        if secret and not secret_flag:
            raise _line_error(number, gettext("the fourth part is “hemlig” or nothing."))
        return {"number": _paragraph_number(number, paragraph, required=True),
                "diary_number": _text(number, diary_number, 50),
                "heading": "" if secret_flag else _text(number, heading, LINE),
                "decision": "" if secret_flag else body, "secret": secret_flag}
    return _collect_blocks(_blocks(text, lambda line: line.startswith("§")), one)


def render_paragraphs(items: list[dict]) -> str:
    blocks = []
    for item in items:
        head = [f"§ {item.get('number') or ''}".strip(), item.get("diary_number") or "",
                item.get("heading") or ""]
        if item.get("secret"):
            head.append("hemlig")
        blocks.append((" | ".join(_strip_empty(head)) + "\n" + (item.get("decision") or ""))
                      .strip())
    return "\n\n".join(blocks)


def parse_items(text: str) -> list[dict]:
    def one(number, line):
        item, heading, diary_number = _cells(number, line, 3)
        if not heading:
            raise _line_error(number, gettext("the heading is missing."))
        return {"number": _paragraph_number(number, item, required=False),
                "heading": _text(number, heading, LINE),
                "diary_number": _text(number, diary_number, 50)}
    return _collect(_lines(text), one)


def render_items(items: list[dict]) -> str:
    return "\n".join(" | ".join(_strip_empty([
        str(item["number"]) if item.get("number") else "", item.get("heading") or "",
        item.get("diary_number") or ""])) for item in items)


def _strip_empty(cells: list[str]) -> list[str]:
    """Trailing empty parts left off: ``a | b`` rather than ``a | b |  | ``."""
    cells = [str(c) for c in cells]
    while cells and not cells[-1]:
        cells.pop()
    return cells


def _collect_blocks(blocks, parse_one) -> list:
    items, errors = [], []
    for number, line, body in blocks:
        try:
            items.append(parse_one(number, line, body))
        except ValidationError as error:
            errors.append(error)
    if errors:
        raise ValidationError(errors)
    return items


# The review form --------------------------------------------------------------------------


def body_choices() -> list[tuple[str, str]]:
    org = Organisation.objects.order_by("pk").first()
    names = Body.objects.filter(organisation=org).order_by("name").values_list("name", flat=True)
    return [("", gettext("Choose a body")), *((name, name) for name in names)]


def _char(label, *, required=False, max_length=LINE, help_text=""):
    return forms.CharField(label=label, required=required, max_length=max_length,
                           help_text=help_text)


def _long(label, *, required=False, rows=6, help_text=""):
    return forms.CharField(label=label, required=required, max_length=MAX_TEXT,
                           help_text=help_text,
                           widget=forms.Textarea(attrs={"rows": rows}))


def _date(label, *, required=False):
    return DateField(label=label, required=required)


NAMES_HELP = _("One name a line.")


def report_fields():
    return {
        "body": forms.ChoiceField(label=_("Body"), help_text=_("The body the report is "
                                                               "addressed to.")),
        "diary_number": _char(_("Diary number"), max_length=50,
                              help_text=_("As written, without “Dnr”: KS13/250-133.")),
        "date": _date(_("Date of the report")),
        "officer": _char(_("Case officer"), max_length=200),
        "officer_email": forms.EmailField(label=_("Case officer's e-mail"), required=False),
        "title": _char(_("Title"), required=True),
        "proposal": _long(_("Proposed decision"), required=True),
        "summary": _long(_("Summary of the case"), rows=10),
        "sections": ListField(parse_sections, render_sections, rows=8, label=_("Other sections"),
                              help_text=_("Each section starts with a line “# Heading”; "
                                          "its text follows.")),
        "basis": ListField(parse_basis, render_basis, rows=6, label=_("Decision basis"),
                           help_text=_("One document a line: title | date | body | "
                                       "paragraph. Body and paragraph only for a paragraph "
                                       "of minutes.")),
        "recipients": ListField(parse_recipients, render_recipients, rows=3,
                                label=_("The decision is sent to"),
                                help_text=_("One recipient a line: name | e-mail.")),
        "signatories": ListField(parse_signatories, render_signatories, rows=3,
                                 label=_("Signatories"),
                                 help_text=_("One a line: name | title.")),
    }


PARAGRAPHS_HELP = _("Each paragraph starts with a line “§ 130 | diary number | heading” "
                    "(“| hemlig” after the heading for a secret paragraph); the decision "
                    "follows.")


def posting_fields():
    """The posting certificate's dates (anslagsbevis)."""
    return {"posted_on": _date(_("Posted on")),
            "taken_down_on": _date(_("Taken down on")),
            "appeal_last_day": _date(_("Last day to appeal"))}


def secrecy_field():
    return {"secrecy_ground": _char(
        _("Secrecy ground"), max_length=200,
        help_text=_("Needed when the document prints the content of a secret paragraph "
                    "(e.g. OSL 26 kap. 1 §): it is then registered as secret."))}


def officers_fields():
    return {"chair": _char(_("Chair"), max_length=200),
            "secretary": _char(_("Secretary"), max_length=200)}


def minutes_fields():
    return {
        "body": forms.ChoiceField(label=_("Body")),
        "meeting_date": _date(_("Meeting date"), required=True),
        "place": _char(_("Place")),
        "time": _char(_("Time"), max_length=50),
        "deciding": ListField(parse_names, render_names, rows=5, label=_("Decision-makers"),
                              help_text=NAMES_HELP),
        "others": ListField(parse_names, render_names, rows=3, label=_("Others present"),
                            help_text=NAMES_HELP),
        "approvers": ListField(parse_names, render_names, rows=2, label=_("Approvers"),
                               help_text=NAMES_HELP),
        "approval_place_time": _char(_("Place and time of approval")),
        "approved_on": _date(_("Approved on")),
        "paragraphs": ListField(parse_paragraphs, render_paragraphs, rows=12,
                                label=_("Paragraphs"), help_text=PARAGRAPHS_HELP),
        **posting_fields(),
        "kept_at": _char(_("Where the minutes are kept")),
        **officers_fields(),
        **secrecy_field(),
    }


def extract_fields():
    return {
        "body": _char(_("Body"), required=True, max_length=200,
                      help_text=_("The body whose minutes it is; it may be another "
                                  "organisation's.")),
        "meeting_date": _date(_("Meeting date"), required=True),
        "approved_on": _date(_("Approved on")),
        "paragraphs": ListField(parse_paragraphs, render_paragraphs, rows=8,
                                label=_("Paragraph"), help_text=PARAGRAPHS_HELP),
        **posting_fields(),
        "certified_by": _char(_("Certified by"), max_length=200),
        **officers_fields(),
        **secrecy_field(),
    }


def notice_fields():
    return {
        "body": forms.ChoiceField(label=_("Body")),
        "date": _date(_("Meeting date"), required=True),
        "time": _char(_("Time"), max_length=50),
        "place": _char(_("Place")),
        "items": ListField(parse_items, render_items, rows=10, label=_("Items"),
                           help_text=_("One item a line: number | heading | diary number.")),
        **officers_fields(),
    }


FIELDS = {"report": report_fields, "minutes": minutes_fields, "extract": extract_fields,
          "notice": notice_fields}
DATE_FIELDS = {"date", "meeting_date", "approved_on", "posted_on", "taken_down_on",
               "appeal_last_day"}


class ReviewForm(forms.Form):
    """The fields of one kind of document, to correct before registering."""

    kind = forms.ChoiceField(choices=[(k.value, k.label) for k in KINDS],
                             widget=forms.HiddenInput)

    def __init__(self, kind: str, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.fields.update(FIELDS[kind]())
        choices = None
        for name, field in self.fields.items():
            if isinstance(field, forms.ChoiceField) and name == "body":
                choices = choices or body_choices()
                field.choices = choices
        if not self.is_bound and self.initial.get("body") and \
                isinstance(self.fields["body"], forms.ChoiceField):
            # The body as the organisation spells it, if the text names one.
            read = str(self.initial["body"])
            self.initial["body"] = next((value for value, _label in choices
                                         if value and value.casefold() == read.casefold()), "")
            if not self.initial["body"]:
                self.fields["body"].help_text = gettext(
                    "Read from the file: “%(name)s”, which is not one of the organisation's "
                    "bodies.") % {"name": read[:200]}

    @classmethod
    def initial_from(cls, data: dict, kind: str) -> dict:
        initial = {"kind": kind}
        for name in FIELDS[kind]():
            if name in data and data[name] is not None:
                initial[name] = data[name]
        return initial

    def clean_kind(self):
        if self.cleaned_data["kind"] != self.kind:
            raise ValidationError(_("The kind of document changed; show the form again."))
        return self.kind

    def clean(self):
        cleaned = super().clean()
        if self.kind == "extract" and "paragraphs" in cleaned and \
                len(cleaned["paragraphs"]) != 1:
            self.add_error("paragraphs", _("An extract holds exactly one paragraph."))
        return cleaned

    def data_for(self, before: dict) -> dict:
        """The fields as the registering action takes them: the file's fields as read,
        with the reviewer's corrections over them."""
        data = dict(before) if before.get("kind") == self.kind else {
            "organisation": before.get("organisation", "")}
        for name, value in self.cleaned_data.items():
            if name in DATE_FIELDS:
                value = value.isoformat() if value else None
            data[name] = value
        if self.kind in ("minutes", "extract"):
            numbers = [p["number"] for p in data.get("paragraphs", []) if p.get("number")]
            data["paragraph_range"] = [min(numbers), max(numbers)] if numbers else []
        data["kind"] = self.kind
        data["problems"] = []
        return data
