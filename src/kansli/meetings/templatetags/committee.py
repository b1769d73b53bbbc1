"""Committee work shown on pages of other parts: the handlings of a case by bodies on
the diary's case page (one query)."""

from django import template

register = template.Library()


@register.inclusion_tag("meetings/_case_handlings.html")
def case_handlings(case):
    from kansli.meetings.views import case_handlings as handlings_of

    return {"handlings": handlings_of(case)}
