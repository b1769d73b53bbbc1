from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Adoption, Area, ReportEntry

DATE = forms.DateInput(attrs={"type": "date"})
SELF = "self"  # the choice for this organisation among the parties


def _documents(case):
    if case is None:
        return [("", "—")]
    return [("", "—")] + [(d.pk, f"{d.number}. {d.description}")
                          for d in case.documents.filter(cancelled_at=None).order_by("number")]


def _member_choices(members, own_name):
    return [(str(m.party_id) if m.party_id else SELF, m.party.name if m.party_id else own_name)
            for m in members]


class AdoptionForm(forms.Form):
    party = forms.ChoiceField(label=_("Party"))
    version = forms.TypedChoiceField(label=_("Version"), coerce=int)
    decision = forms.ChoiceField(label=_("Decision"), choices=Adoption.Decision.choices)
    body = forms.CharField(label=_("Decided by (body)"), max_length=200, required=False,
                           help_text=_("E.g. Kommunfullmäktige. Filled in from our own "
                                       "paragraph when one is chosen."))
    decided_on = forms.DateField(label=_("Decided on"), widget=DATE, required=False)
    paragraph = forms.CharField(label=_("Paragraph"), max_length=50, required=False,
                                help_text=_("As the party writes it, e.g. § 90."))
    document = forms.TypedChoiceField(label=_("Document that shows it"), required=False,
                                      coerce=int, empty_value=None)
    meeting_paragraph = forms.TypedChoiceField(
        label=_("Our own paragraph (when this organisation decided)"), required=False,
        coerce=int, empty_value=None)

    def __init__(self, *args, agreement, members, versions, paragraphs, own_name, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"].choices = _member_choices(members, own_name)
        self.fields["version"].choices = [(v.pk, v.label) for v in reversed(versions)]
        self.fields["document"].choices = _documents(agreement.case)
        self.fields["meeting_paragraph"].choices = [("", "—")] + [
            (p.pk, f"{p.citation} {p.heading}") for p in paragraphs]


class PeriodForm(forms.Form):
    label = forms.CharField(label=_("Name of the period"), max_length=100,
                            help_text=_("E.g. 2014."))
    start = forms.DateField(label=_("First day"), widget=DATE)
    end = forms.DateField(label=_("Last day"), widget=DATE)
    reports_due = forms.DateField(label=_("Reports due"), widget=DATE, required=False)
    version = forms.TypedChoiceField(label=_("Version followed up"), coerce=int)

    def __init__(self, *args, versions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].choices = [(v.pk, v.label) for v in reversed(versions)]


class ReportForm(forms.Form):
    """A report: the party, the day, and for each area of the period's version a status
    and a text (fields ``status_<area id>`` and ``text_<area id>``)."""

    party = forms.ChoiceField(label=_("Party"))
    submitted_on = forms.DateField(label=_("Submitted on"), widget=DATE)
    reported_by = forms.CharField(label=_("Reported by"), max_length=300, required=False)
    document = forms.TypedChoiceField(label=_("Registered document"), required=False,
                                      coerce=int, empty_value=None)

    def __init__(self, *args, period, areas, members=None, own_name="", correcting=False,
                 **kwargs):
        super().__init__(*args, **kwargs)
        self.areas = areas
        if correcting:
            del self.fields["party"]
            self.fields["reason"] = forms.CharField(label=_("Reason for the correction"),
                                                    max_length=500)
        else:
            self.fields["party"].choices = [("", "—")] + _member_choices(members, own_name)
        self.fields["document"].choices = _documents(period.agreement.case)
        groups = dict(Area.TargetGroup.choices)
        for area in areas:
            self.fields[f"status_{area.pk}"] = forms.ChoiceField(
                label=f"{area.name} ({groups[area.target_group]})",
                choices=[("", "—"), *ReportEntry.Status.choices])
            self.fields[f"text_{area.pk}"] = forms.CharField(
                label=_("What was done: %(area)s") % {"area": area.name}, required=False,
                widget=forms.Textarea(attrs={"rows": 2}))
        self.fields["text"] = forms.CharField(label=_("Other comments"), required=False,
                                              widget=forms.Textarea(attrs={"rows": 3}))

    def entries(self):
        data = self.cleaned_data
        return [(area, data[f"status_{area.pk}"], data[f"text_{area.pk}"])
                for area in self.areas]


class AgreementForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=500)
    description = forms.CharField(label=_("Description"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    diary_number = forms.CharField(label=_("Kept in case (diary number)"), max_length=50,
                                   required=False)
    coordinator = forms.ChoiceField(label=_("Coordinator"), required=False)
    follow_up = forms.CharField(label=_("Responsible for follow-up"), max_length=500,
                                required=False)

    def __init__(self, *args, organisations, own_name, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coordinator"].choices = [("", own_name)] + [
            (p.pk, p.name) for p in organisations]


class VersionForm(forms.Form):
    label = forms.CharField(label=_("Version"), max_length=200,
                            help_text=_("E.g. Justerat förslag 2013-05-06."))
    date = forms.DateField(label=_("Date"), widget=DATE, required=False)
    document = forms.TypedChoiceField(label=_("Registered document"), required=False,
                                      coerce=int, empty_value=None)
    replaces = forms.TypedChoiceField(label=_("Replaces"), required=False, coerce=int,
                                      empty_value=None)
    in_force_from = forms.DateField(label=_("In force from"), widget=DATE, required=False)
    adults = forms.CharField(label=_("Areas of cooperation for adults, one a line"),
                             required=False, widget=forms.Textarea(attrs={"rows": 3}))
    children = forms.CharField(
        label=_("Areas of cooperation for children and young people, one a line"),
        required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, agreement, versions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].choices = _documents(agreement.case)
        self.fields["replaces"].choices = [("", "—")] + [(v.pk, v.label) for v in versions]

    def areas(self):
        return [(group, line.strip())
                for group, name in ((Area.TargetGroup.ADULTS, "adults"),
                                    (Area.TargetGroup.CHILDREN, "children"))
                for line in self.cleaned_data[name].splitlines() if line.strip()]


class PartyForm(forms.Form):
    party = forms.ChoiceField(label=_("Party"))
    joined_on = forms.DateField(label=_("Joined on"), widget=DATE, required=False)

    def __init__(self, *args, organisations, own_name, include_self, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"].choices = [("", "—")] + (
            [(SELF, own_name)] if include_self else []) + [
            (p.pk, p.name) for p in organisations]
