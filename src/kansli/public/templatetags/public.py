"""Template filters of the public pages."""

from django import template

from kansli.lib.personnummer import mask

register = template.Library()


@register.filter(name="masked")
def masked(text):
    """Free text that does not come through kansli.diary.public or kansli.meetings.public
    (a meeting's place, where minutes are kept): personnummer masked all the same."""
    return mask(str(text)) if text not in (None, "") else text


@register.filter
def doc_type_label(value):
    from kansli.diary.models import Document

    return dict(Document.Type.choices).get(value, value)


@register.filter
def direction_label(value):
    from kansli.diary.models import Document

    return str(dict(Document.Direction.choices).get(value, value)).capitalize()


@register.filter
def outcome_label(value):
    from kansli.meetings.models import Paragraph

    return str(dict(Paragraph.Outcome.choices).get(value, value)).capitalize()
