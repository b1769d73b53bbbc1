"""Validating an ERMS document: the XML Schema (``ERMS_v3.xsd``, with lxml) and the
specification's Schematron rules (``erms_v3.sch``, run with Saxon).

Nothing is downloaded: the ISO Schematron skeleton is not used. ``compile_schematron``
turns a Schematron schema into an XSLT 3.0 stylesheet itself, for the part of the
language the ERMS rules use — ``ns``, ``let`` (schema, pattern and rule level),
``pattern``, ``rule`` with ``context``, ``assert`` and ``report`` with ``test``, and
messages of text with ``emph``, ``value-of`` and ``name``. Anything else (abstract
rules, ``extends``, phases, includes) is refused with ``UnsupportedSchematron`` rather
than silently skipped. The stylesheet writes SVRL; each failed assert and each
successful report is a message.

The standard's files are read from where they are kept (``KANSLI_ERMS_SCHEMA_DIR``,
default ``../shared/standards/cits-erms-v3/`` beside the repository); they are not
copied into Kansli. See docs/archive-export.md.
"""

from __future__ import annotations

import functools
import os
import re
import threading
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

SCH = "http://purl.oclc.org/dsdl/schematron"
XSL = "http://www.w3.org/1999/XSL/Transform"
SVRL = "http://purl.oclc.org/dsdl/svrl"

ROOT = Path(__file__).resolve().parents[3]


class UnsupportedSchematron(ValueError):
    """The Schematron schema uses something this compiler does not handle."""


class SchemaMissing(FileNotFoundError):
    """The standard's files are not where they are looked for."""


def _existing(path: Path) -> Path:
    if not path.is_file():
        from django.utils.translation import gettext as _

        raise SchemaMissing(_("%(path)s is missing: put the CITS ERMS v3 files there or set "
                              "KANSLI_ERMS_SCHEMA_DIR to their folder.") % {"path": path})
    return path


def schema_dir() -> Path:
    """Where ERMS_v3.xsd and erms_v3.sch are kept."""
    from django.conf import settings

    configured = getattr(settings, "KANSLI_ERMS_SCHEMA_DIR", "") or os.environ.get(
        "KANSLI_ERMS_SCHEMA_DIR", "")
    if configured:
        return Path(configured)
    return ROOT.parent / "shared" / "standards" / "cits-erms-v3"


def xsd_path() -> Path:
    return schema_dir() / "ERMS_v3.xsd"


def sch_path() -> Path:
    return schema_dir() / "erms_v3.sch"


@dataclass(frozen=True)
class Message:
    """One finding: which check (``xsd`` or ``schematron``), where, and what."""

    source: str
    location: str
    text: str

    def __str__(self):
        return f"{self.source}: {self.location}: {self.text}" if self.location \
            else f"{self.source}: {self.text}"


# XML Schema ------------------------------------------------------------------------------


@functools.cache
def _xml_schema(path: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(path))


def check_xsd(path: Path | str, *, limit: int = 20) -> list[Message]:
    """Validate the file against the ERMS schema while parsing it, element by element,
    so a large file is never held whole in memory. At most ``limit`` messages."""
    schema = _xml_schema(str(_existing(xsd_path())))
    # The errors of a failed parse come from lxml's log of this thread: start it afresh.
    etree.clear_error_log()
    try:
        for _event, element in etree.iterparse(str(path), events=("end",), schema=schema,
                                               huge_tree=True):
            # Keep memory flat: drop what has been validated.
            element.clear(keep_tail=True)
    except etree.XMLSyntaxError as exc:
        messages = [Message("xsd", f"line {e.line}" if e.line else "", e.message)
                    for e in exc.error_log if e.level_name in ("ERROR", "FATAL")]
        return messages[:limit] or [Message("xsd", "", str(exc))]
    return []


# Schematron -------------------------------------------------------------------------------


def _x(tag: str) -> str:
    return f"{{{XSL}}}{tag}"


def _message_content(source: etree._Element, target: etree._Element) -> None:
    """Copy an assert's or report's text into ``target`` as XSLT instructions."""

    def text(value):
        if value:
            etree.SubElement(target, _x("text")).text = value

    text(source.text)
    for child in source:
        name = etree.QName(child).localname if isinstance(child.tag, str) else ""
        if name == "value-of":
            etree.SubElement(target, _x("value-of"), select=child.get("select"))
        elif name == "name":
            path = child.get("path", ".")
            etree.SubElement(target, _x("value-of"), select=f"name({path})")
        elif name in ("emph", "dir", "span"):
            text(child.xpath("string()"))
        elif isinstance(child.tag, str):
            raise UnsupportedSchematron(f"<{name}> in a message")
        text(child.tail)


def _let(source: etree._Element, parent: etree._Element, *, tag: str = "variable") -> None:
    etree.SubElement(parent, _x(tag), name=source.get("name"), select=source.get("value"))


def _children(node: etree._Element, supported: set[str], where: str):
    """(local name, element) of the Schematron children of ``node``; anything not in
    ``supported`` is refused."""
    for child in node:
        if not isinstance(child.tag, str) or etree.QName(child).namespace != SCH:
            continue
        name = etree.QName(child).localname
        if name not in supported:
            raise UnsupportedSchematron(f"<{name}>{where}")
        yield name, child


SUPPORTED_TOP = {"ns", "pattern", "let", "title", "p"}
SUPPORTED_IN_PATTERN = {"rule", "let", "title", "p"}
SUPPORTED_IN_RULE = {"assert", "report", "let"}


def compile_schematron(schema: etree._Element) -> str:
    """An XSLT 3.0 stylesheet that checks a document against ``schema`` and writes SVRL.

    Within a pattern, a node is checked by the first rule whose context it matches (the
    Schematron rule); each pattern runs in a mode of its own over the whole document."""
    if etree.QName(schema).localname != "schema" or etree.QName(schema).namespace != SCH:
        raise UnsupportedSchematron("not an ISO Schematron schema")
    binding = (schema.get("queryBinding") or "xslt").lower()
    if binding not in ("xslt", "xslt2", "xslt3", "xpath2", "xpath3", "xpath31"):
        raise UnsupportedSchematron(f"query binding {binding}")
    namespaces = {"xsl": XSL, "svrl": SVRL}
    for ns in schema.iterfind(f"{{{SCH}}}ns"):
        namespaces[ns.get("prefix")] = ns.get("uri")
    sheet = etree.Element(_x("stylesheet"), nsmap=namespaces, version="3.0")
    etree.SubElement(sheet, _x("output"), method="xml", indent="no")
    patterns = []
    for name, child in _children(schema, SUPPORTED_TOP, ""):
        if name == "let":
            _let(child, sheet, tag="param")
        elif name == "pattern":
            if child.get("abstract") == "true" or child.get("is-a"):
                raise UnsupportedSchematron("abstract patterns")
            patterns.append(child)
    root = etree.SubElement(sheet, _x("template"), match="/")
    out = etree.SubElement(root, f"{{{SVRL}}}schematron-output")
    for number, pattern in enumerate(patterns, start=1):
        mode = f"pattern{number}"
        etree.SubElement(out, f"{{{SVRL}}}active-pattern", id=pattern.get("id") or mode)
        etree.SubElement(out, _x("apply-templates"), select="/", mode=mode)
        lets = []
        rules = []
        for name, child in _children(pattern, SUPPORTED_IN_PATTERN, " in a pattern"):
            if name == "let":
                lets.append(child)
            elif name == "rule":
                if child.get("abstract") == "true":
                    raise UnsupportedSchematron("abstract rules")
                rules.append(child)
        for position, rule in enumerate(rules):
            template = etree.SubElement(sheet, _x("template"), match=rule.get("context"),
                                        mode=mode, priority=str(1000 - position))
            for let in lets:
                _let(let, template)
            etree.SubElement(template, f"{{{SVRL}}}fired-rule",
                                     context=rule.get("context"))
            for name, check in _children(rule, SUPPORTED_IN_RULE, " in a rule"):
                if name == "let":
                    _let(check, template)
                    continue
                test = check.get("test")
                condition = f"not({test})" if name == "assert" else f"({test})"
                branch = etree.SubElement(template, _x("if"), test=condition)
                kind = "failed-assert" if name == "assert" else "successful-report"
                found = etree.SubElement(branch, f"{{{SVRL}}}{kind}", test=test)
                if check.get("id"):
                    found.set("id", check.get("id"))
                etree.SubElement(found, _x("attribute"), name="location", select="path()")
                message = etree.SubElement(found, f"{{{SVRL}}}text")
                _message_content(check, message)
            etree.SubElement(template, _x("apply-templates"), select="@*|node()", mode=mode)
        # Nodes no rule matches: go on into their attributes and children.
        walk = etree.SubElement(sheet, _x("template"), match="/|@*|node()", mode=mode,
                                priority="-1")
        etree.SubElement(walk, _x("apply-templates"), select="@*|node()", mode=mode)
    return etree.tostring(sheet, encoding="unicode")


_saxon_lock = threading.Lock()


@functools.cache
def _processor():
    from saxonche import PySaxonProcessor

    return PySaxonProcessor(license=False)


@functools.cache
def _compiled(sch: str):
    stylesheet = compile_schematron(etree.parse(sch).getroot())
    return _processor().new_xslt30_processor().compile_stylesheet(stylesheet_text=stylesheet)


def run_schematron(path: Path | str, *, sch: Path | str | None = None) -> list[Message]:
    """The failed asserts and successful reports of the Schematron rules over the file."""
    with _saxon_lock:
        executable = _compiled(str(sch or _existing(sch_path())))
        node = _processor().parse_xml(xml_file_name=str(Path(path).resolve()))
        svrl = executable.transform_to_string(xdm_node=node)
    report = etree.fromstring(svrl.encode())
    messages = []
    for found in report.iter(f"{{{SVRL}}}failed-assert", f"{{{SVRL}}}successful-report"):
        text = " ".join(found.findtext(f"{{{SVRL}}}text", "").split())
        # Saxon's path() names elements as Q{namespace}name; the names alone read better.
        location = re.sub(r"Q\{[^}]*\}", "", found.get("location", ""))
        messages.append(Message("schematron", location, text))
    return messages


def validate(path: Path | str, *, schematron: bool = True) -> list[Message]:
    """All problems of an ERMS file: the schema's first; the Schematron rules run only
    over a file the schema accepts."""
    messages = check_xsd(path)
    if messages or not schematron:
        return messages
    return run_schematron(path)
