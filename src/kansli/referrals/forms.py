from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from kansli.diary.models import Document, Party
from kansli.org.models import Body, Unit

from .models import Recipient, Referral

DATE = forms.DateInput(attrs={"type": "date"})


class NamedChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class SendForm(forms.Form):
    kind = forms.ChoiceField(label=_("The referral asks for"), choices=Referral.Kind.choices,
                             widget=forms.RadioSelect)
    question = forms.CharField(label=_("What is asked"),
                               widget=forms.Textarea(attrs={"rows": 3}))
    sent_on = forms.DateField(label=_("Sent on"), widget=DATE)
    due = forms.DateField(label=_("Answer by"), widget=DATE,
                          help_text=_("The same for all recipients; an extension for one "
                                      "of them is recorded afterwards."))
    parties = NamedChoice(label=_("External organisations"), required=False,
                          queryset=Party.objects.none(),
                          widget=forms.CheckboxSelectMultiple)
    units = NamedChoice(label=_("Units"), required=False, queryset=Unit.objects.none(),
                        widget=forms.CheckboxSelectMultiple)
    bodies = NamedChoice(label=_("Bodies"), required=False, queryset=Body.objects.none(),
                         widget=forms.CheckboxSelectMultiple)
    letter_description = forms.CharField(
        label=_("The letter concerns"), max_length=500, required=False,
        help_text=_("As registered in the diary; by default \"Referral:\" and what is "
                    "asked."))
    letter_text = forms.CharField(label=_("Text of the letter"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 6}))
    letter_file = forms.FileField(label=_("The letter as a file"), required=False)

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        org = case.series.organisation_id
        self.fields["parties"].queryset = Party.objects.filter(
            kind=Party.Kind.ORGANISATION, secrecy_ground="").order_by("name")
        self.fields["units"].queryset = Unit.objects.filter(organisation_id=org).order_by(
            "name")
        self.fields["bodies"].queryset = Body.objects.filter(organisation_id=org).order_by(
            "name")

    def clean(self):
        data = super().clean()
        if not self.errors and not (data.get("parties") or data.get("units")
                                    or data.get("bodies")):
            raise ValidationError(_("A referral needs at least one recipient."))
        return data


class AnswerForm(forms.Form):
    answered_on = forms.DateField(label=_("The answer came in on"), widget=DATE)
    document = forms.TypedChoiceField(
        label=_("The answer among the case's incoming documents"), required=False,
        coerce=int, empty_value=None)
    description = forms.CharField(
        label=_("Or register it now: what it concerns"), max_length=500, required=False)
    document_date = forms.DateField(label=_("The document's date"), required=False,
                                    widget=DATE)
    file = forms.FileField(label=_("File"), required=False)
    outcome = forms.ChoiceField(label=_("Outcome"), required=False,
                                choices=[("", "—"), *Recipient.Outcome.choices])
    decision_body = forms.CharField(label=_("Deciding body"), max_length=200, required=False)
    decision_date = forms.DateField(label=_("Decision date"), required=False, widget=DATE)
    decision_paragraph = forms.CharField(label=_("Paragraph"), max_length=50, required=False,
                                         help_text=_("As written, e.g. § 90"))

    def __init__(self, *args, recipient=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].choices = incoming_choices(recipient.referral.case)
        if not recipient.referral.is_decision:
            for name in ("outcome", "decision_body", "decision_date", "decision_paragraph"):
                del self.fields[name]


def incoming_choices(case):
    docs = case.documents.filter(direction=Document.Direction.INCOMING,
                                 cancelled_at=None).order_by("-number")
    return [("", "—")] + [(d.pk, f"{d.number}. {d.description} ({d.received_date:%Y-%m-%d})")
                          for d in docs]


class DeclineForm(forms.Form):
    on = forms.DateField(label=_("Said so on"), widget=DATE)
    reason = forms.CharField(label=_("Reason given"), max_length=500, required=False)
    document = forms.TypedChoiceField(
        label=_("Their letter among the case's incoming documents"), required=False,
        coerce=int, empty_value=None)

    def __init__(self, *args, recipient=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].choices = incoming_choices(recipient.referral.case)


class ExtendForm(forms.Form):
    new_due = forms.DateField(label=_("New due date"), widget=DATE)
    granted_on = forms.DateField(label=_("Granted on"), widget=DATE)
    reason = forms.CharField(label=_("Reason"), max_length=500)
    granted_by = forms.CharField(label=_("Granted by"), max_length=300, required=False,
                                 help_text=_("By default the organisation that sent the "
                                             "referral."))


class CorrectForm(forms.Form):
    answered_on = forms.DateField(label=_("The answer came in on"), widget=DATE)
    outcome = forms.ChoiceField(label=_("Outcome"), required=False,
                                choices=[("", "—"), *Recipient.Outcome.choices])
    decision_body = forms.CharField(label=_("Deciding body"), max_length=200, required=False)
    decision_date = forms.DateField(label=_("Decision date"), required=False, widget=DATE)
    decision_paragraph = forms.CharField(label=_("Paragraph"), max_length=50, required=False)
    reason = forms.CharField(label=_("Reason for the correction"), max_length=500)

    def __init__(self, *args, recipient=None, **kwargs):
        super().__init__(*args, **kwargs)
        if not (recipient.referral.is_decision
                and recipient.status == Recipient.Status.ANSWERED):
            for name in ("outcome", "decision_body", "decision_date", "decision_paragraph"):
                del self.fields[name]


class FilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args, labels=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("All"))] + list(labels.items())
