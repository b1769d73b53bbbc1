"""Forms of the intake queue. They check input; the views hand it to ``actions``."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from kansli.diary.forms import MultipleFileField, ReasonField, UserChoiceField, case_officers
from kansli.diary.models import Classification, Document, Series

from . import actions
from .models import IncomingMessage


class FilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("All")), *IncomingMessage.Status.choices])


class DocumentFields(forms.Form):
    description = forms.CharField(
        label=_("What it concerns"), max_length=500,
        help_text=_("The description in the diary; the subject of the message to start."))
    doc_type = forms.ChoiceField(label=_("Document type"), choices=Document.Type.choices,
                                 initial=Document.Type.EMAIL)
    secrecy_ground = forms.CharField(
        label=_("Secrecy ground for the document"), required=False, max_length=200,
        help_text=_("Only if the message holds secret facts, e.g. OSL 26 kap. 1 §."))


class NewCaseForm(DocumentFields):
    series = forms.ModelChoiceField(label=_("Diary series"), queryset=Series.objects.all())
    title = forms.CharField(label=_("Title"), max_length=500)
    classification = forms.ModelChoiceField(
        label=_("Classification"), required=False, queryset=Classification.objects.all())
    officer = UserChoiceField(label=_("Case officer"), required=False, queryset=None)
    field_order = ["series", "title", "classification", "officer", "description",
                   "doc_type", "secrecy_ground"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = case_officers()


class ExistingCaseForm(DocumentFields):
    diary_number = forms.CharField(label=_("Diary number of the case"), max_length=50,
                                   help_text=_("For example KS13/250-133."))
    field_order = ["diary_number", "description", "doc_type", "secrecy_ground"]

    def clean_diary_number(self):
        number = self.cleaned_data["diary_number"].strip()
        case = actions.find_case(number)
        if case is None:
            raise ValidationError(_("No case has the diary number %(number)s."),
                                  params={"number": number})
        return case


class DismissForm(forms.Form):
    reason = ReasonField(help_text=_("For example: advertising, or a copy of a message "
                                     "already registered."))


class UploadForm(forms.Form):
    files = MultipleFileField(label=_("E-mail files (.eml)"))
