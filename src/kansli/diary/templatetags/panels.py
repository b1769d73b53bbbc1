"""``{% case_panels case %}`` and ``{% document_panels document %}``: what other apps
show on the diary's pages (see kansli.diary.panels)."""

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from kansli.diary import panels

register = template.Library()


def _render(context, registry, obj) -> str:
    request = context.get("request")
    parts = []
    for panel in registry:
        shown = panel(context, obj)
        if shown is None:
            continue
        template_name, panel_context = shown
        parts.append(render_to_string(template_name, panel_context, request=request))
    return mark_safe("".join(parts))  # noqa: S308 — each part is a rendered template


@register.simple_tag(takes_context=True)
def case_panels(context, case):
    return _render(context, panels.CASE_PANELS, case)


@register.simple_tag(takes_context=True)
def document_panels(context, document):
    return _render(context, panels.DOCUMENT_PANELS, document)
