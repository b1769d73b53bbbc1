"""Filters for the document templates."""

from __future__ import annotations

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()

# A suspended hyphen ("utbildnings- och") stays on the line of the word that completes
# it: a line ending in a hyphen reads as a word broken in two.
SUSPENDED = re.compile(r"(\w)- (?=\w)")


def _tie(text: str) -> str:
    return SUSPENDED.sub("\\1-\u00a0", text)


@register.filter
def tie(value) -> str:
    """Escape, and keep suspended hyphens with the next word."""
    return mark_safe(_tie(escape(str(value or ""))))


@register.filter
def paragraphs(value) -> str:
    """Text to HTML paragraphs: a blank line between paragraphs, a line break within."""
    text = str(value or "").replace("\r\n", "\n").strip()
    if not text:
        return ""
    out = []
    for block in re.split(r"\n\s*\n", text):
        lines = [_tie(escape(line.strip())) for line in block.strip().split("\n")]
        out.append("<p>" + "<br>".join(lines) + "</p>")
    return mark_safe("\n".join(out))


@register.filter
def chunks(items, size) -> list:
    items = list(items)
    size = int(size)
    return [items[i:i + size] for i in range(0, len(items), size)]


@register.filter
def css_string(value) -> str:
    """Text for inside a double-quoted CSS string in a <style> element."""
    text = " ".join(str(value or "").split())
    text = text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ")
    return mark_safe(text)
