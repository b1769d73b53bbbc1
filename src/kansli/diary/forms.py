"""Forms of the staff interface. They check input; every change goes through
``actions.py``, which the views call with the cleaned data."""

from __future__ import annotations

import datetime
import re

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kansli.org.models import Unit

from . import access
from .models import Case, Classification, Document, Party, Series

# Dates outside this range are typing mistakes, and the far ends overflow date arithmetic
# and time zone conversion.
EARLIEST = datetime.date(1000, 1, 1)
LATEST = datetime.date(9998, 12, 31)
# The largest serial a PositiveIntegerField holds on every database.
MAX_SERIAL = 2_147_483_647
MAX_ID = 2**63 - 1
# How many files one registration may carry.
MAX_FILES = 20


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class DateField(forms.DateField):
    widget = DateInput

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", ["%Y-%m-%d", "%Y%m%d", "%d/%m/%Y"])
        super().__init__(**kwargs)
        self.validators += [
            MinValueValidator(EARLIEST, _("The date must be on or after %(limit_value)s.")),
            MaxValueValidator(LATEST, _("The date must be on or before %(limit_value)s.")),
        ]
        self.error_messages["invalid"] = _("Enter a date as YYYY-MM-DD.")


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        full = obj.get_full_name()
        return f"{full} ({obj.get_username()})" if full else obj.get_username()


def staff_users():
    """People who hold a Kansli role, for choosing an officer or granting access."""
    return (get_user_model().objects.filter(is_active=True, groups__name__in=list(access.ROLES))
            .distinct().order_by("first_name", "last_name", "username"))


def case_officers():
    return staff_users().filter(groups__name__in=[access.CASE_OFFICER, access.REGISTRAR])


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input. Each is checked: not empty, not over the limit."""

    widget = MultipleFileInput

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        uploads = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if not uploads:
            if self.required:
                raise ValidationError(_("Choose at least one file."), code="required")
            return []
        if len(uploads) > MAX_FILES:
            raise ValidationError(_("At most %(count)d files at a time."),
                                  params={"count": MAX_FILES})
        errors = []
        limit = settings.KANSLI_MAX_UPLOAD_BYTES
        for upload in uploads:
            if not upload.size:
                errors.append(ValidationError(
                    _("The file %(name)s is empty. Choose a file with content."),
                    params={"name": upload.name}, code="empty"))
            elif upload.size > limit:
                errors.append(ValidationError(
                    _("The file %(name)s is %(size)s; the limit is %(limit)s."),
                    params={"name": upload.name, "size": filesizeformat(upload.size),
                            "limit": filesizeformat(limit)}, code="too_large"))
        if errors:
            raise ValidationError(errors)
        return uploads


class ReasonField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Reason"))
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 3}))
        kwargs.setdefault("max_length", 2000)
        super().__init__(**kwargs)


# Searching ---------------------------------------------------------------------------


class SearchForm(forms.Form):
    ORDER_CHOICES = [("newest", _("Newest first")), ("relevance", _("Relevance"))]

    words = forms.CharField(label=_("Words"), required=False, max_length=200)
    number = forms.CharField(label=_("Diary number"), required=False, max_length=50)
    party = forms.CharField(label=_("Party"), required=False, max_length=200)
    date_from = DateField(label=_("Date from"), required=False)
    date_to = DateField(label=_("Date to"), required=False)
    series = forms.ModelChoiceField(label=_("Diary series"), required=False,
                                    queryset=Series.objects.all(), empty_label=_("All"))
    classification = forms.CharField(label=_("Classification code"), required=False,
                                     max_length=30)
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("All"))] + list(Case.Status.choices))
    order = forms.ChoiceField(label=_("Order"), required=False, choices=ORDER_CHOICES)

    def clean_number(self):
        number = self.cleaned_data["number"].strip()
        digits = re.sub(r"\s+", "", number)
        # search.py compares a bare number with the serial column; beyond its range the
        # database driver fails instead of finding nothing.
        if digits.isdigit() and int(digits) > MAX_SERIAL:
            raise ValidationError(_("No diary number has a serial that large."))
        return number

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date is before the start date."))
        return data


# Cases ---------------------------------------------------------------------------------


class OpenCaseForm(forms.Form):
    series = forms.ModelChoiceField(label=_("Diary series"), queryset=Series.objects.all())
    title = forms.CharField(label=_("Title"), max_length=500)
    secrecy_ground = forms.CharField(
        label=_("Secrecy ground for the title"), required=False, max_length=200,
        help_text=_("Only if the title itself reveals secret facts, e.g. OSL 26 kap. 1 §."))
    public_title = forms.CharField(
        label=_("Public title"), required=False, max_length=500,
        help_text=_("Shown instead of the title when the title is secret."))
    classification = forms.ModelChoiceField(
        label=_("Classification"), required=False, queryset=Classification.objects.all())
    unit = forms.ModelChoiceField(label=_("Responsible unit"), required=False,
                                  queryset=Unit.objects.all())
    officer = UserChoiceField(label=_("Case officer"), required=False, queryset=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = case_officers()

    def clean(self):
        data = super().clean()
        if data.get("secrecy_ground") and not data.get("public_title"):
            self.add_error("public_title",
                           _("A case whose title is secret needs a public title."))
        return data


class CorrectCaseForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=500)
    public_title = forms.CharField(label=_("Public title"), required=False, max_length=500)
    reason = ReasonField()


class CancelForm(forms.Form):
    reason = ReasonField(label=_("Reason for cancellation"))


class MarkSecretForm(forms.Form):
    ground = forms.CharField(label=_("Secrecy ground"), max_length=200,
                             help_text=_("The legal ground, e.g. OSL 26 kap. 1 §."))


class MarkCaseSecretForm(MarkSecretForm):
    public_title = forms.CharField(
        label=_("Public title"), max_length=500,
        help_text=_("Shown instead of the title to those who may not read it."))


class LiftSecrecyForm(forms.Form):
    reason = ReasonField()


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("New status"),
        choices=[c for c in Case.Status.choices if c[0] != Case.Status.CLOSED])
    reason = ReasonField(required=False,
                         help_text=_("Needed when the case moves back to an earlier status."))


class CloseForm(forms.Form):
    """Nothing to fill in: closing is confirmed by posting."""


class AssignForm(forms.Form):
    officer = UserChoiceField(label=_("Case officer"), required=False, queryset=None)
    unit = forms.ModelChoiceField(label=_("Responsible unit"), required=False,
                                  queryset=Unit.objects.all())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = case_officers()

    def clean(self):
        data = super().clean()
        if not data.get("officer") and not data.get("unit"):
            raise ValidationError(_("Choose a case officer or a unit."))
        return data


class ClassifyForm(forms.Form):
    classification = forms.ModelChoiceField(label=_("Classification"),
                                            queryset=Classification.objects.all())
    reason = ReasonField(required=False,
                         help_text=_("Needed when a classification is changed."))


class GrantAccessForm(forms.Form):
    user = UserChoiceField(label=_("Person"), queryset=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = staff_users()


# Documents -----------------------------------------------------------------------------


class PartyChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        # Django filters pk__in with the raw values; a number beyond the column's range
        # makes the SQLite driver fail instead of matching nothing.
        for pk in value:
            if not str(pk).isdigit() or int(str(pk)) > MAX_ID:
                raise ValidationError(self.error_messages["invalid_pk_value"],
                                      code="invalid_pk_value", params={"pk": pk})
        return super()._check_values(value)

    def label_from_instance(self, obj):
        return f"{obj.name} <{obj.email}>" if obj.email else obj.name


def choosable_parties(user):
    """Parties offered on documents. A secret party's name is offered only to those who
    read everything."""
    parties = Party.objects.order_by("name", "pk")
    if not access.is_registrar(user):
        parties = parties.filter(secrecy_ground="")
    return parties


class DocumentFieldsForm(forms.Form):
    direction = forms.ChoiceField(label=_("Direction"), choices=Document.Direction.choices)
    doc_type = forms.ChoiceField(label=_("Document type"), choices=Document.Type.choices)
    description = forms.CharField(label=_("What it concerns"), max_length=500)
    received_date = DateField(label=_("Date received or drawn up"), initial=timezone.localdate)
    document_date = DateField(label=_("Date of the document"), required=False)
    senders = PartyChoiceField(label=_("Senders"), required=False, queryset=None)
    recipients = PartyChoiceField(label=_("Recipients"), required=False, queryset=None)

    def __init__(self, *args, user, current_parties=(), **kwargs):
        super().__init__(*args, **kwargs)
        parties = choosable_parties(user)
        if current_parties:
            # A correction must not drop a party only because this user is not offered it.
            parties = (parties | Party.objects.filter(pk__in=current_parties)).distinct()
        for name in ("senders", "recipients"):
            self.fields[name].queryset = parties
            self.fields[name].widget.attrs["size"] = 6

    def clean(self):
        data = super().clean()
        direction = data.get("direction")
        if direction == Document.Direction.INCOMING and data.get("recipients"):
            self.add_error("recipients", _("An incoming document has senders, not recipients."))
        if direction == Document.Direction.OUTGOING and data.get("senders"):
            self.add_error("senders", _("An outgoing document has recipients, not senders."))
        return data


class RegisterDocumentForm(DocumentFieldsForm):
    NEW_PARTY_ROLES = [("sender", _("sender")), ("recipient", _("recipient"))]

    new_party_name = forms.CharField(label=_("Name of a new party"), required=False,
                                     max_length=300)
    new_party_kind = forms.ChoiceField(label=_("Kind of party"), choices=Party.Kind.choices,
                                       initial=Party.Kind.ORGANISATION)
    new_party_email = forms.EmailField(label=_("E-mail of the new party"), required=False)
    new_party_role = forms.ChoiceField(label=_("The new party is"), choices=NEW_PARTY_ROLES)
    secrecy_ground = forms.CharField(
        label=_("Secrecy ground"), required=False, max_length=200,
        help_text=_("Only for a secret document, e.g. OSL 26 kap. 1 §."))
    files = MultipleFileField(label=_("Files"), required=False)

    def clean(self):
        data = super().clean()
        if data.get("new_party_name"):
            direction, role = data.get("direction"), data.get("new_party_role")
            if direction == Document.Direction.INCOMING and role == "recipient" or (
                    direction == Document.Direction.OUTGOING and role == "sender"):
                self.add_error("new_party_role",
                               _("This role does not fit the direction of the document."))
        elif data.get("new_party_email"):
            self.add_error("new_party_name", _("Give the name of the new party."))
        return data


class CorrectDocumentForm(DocumentFieldsForm):
    reason = ReasonField()


class AddFilesForm(forms.Form):
    files = MultipleFileField(label=_("Files"))


# Parties -------------------------------------------------------------------------------


class PartyForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Party.Kind.choices)
    name = forms.CharField(label=_("Name"), max_length=300)
    email = forms.EmailField(label=_("E-mail"), required=False)
    address = forms.CharField(label=_("Address"), required=False, max_length=1000,
                              widget=forms.Textarea(attrs={"rows": 3}))


class PartySearchForm(forms.Form):
    name = forms.CharField(label=_("Name"), required=False, max_length=200)
