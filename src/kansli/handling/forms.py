from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from .models import Deadline

DATE = forms.DateInput(attrs={"type": "date"})


class DeadlineForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Deadline.Kind.choices)
    description = forms.CharField(label=_("Description"), max_length=500)
    due = forms.DateField(label=_("Due date"), widget=DATE)
    responsible = forms.ModelChoiceField(label=_("Responsible"), required=False,
                                         queryset=get_user_model().objects.filter(
                                             is_active=True).order_by("username"))
    document = forms.TypedChoiceField(label=_("Document"), required=False, coerce=int,
                                      empty_value=None)

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].choices = [("", "—")] + [
            (d.pk, f"{d.number}. {d.description}") for d in case.documents.all()]


class FindCaseForm(forms.Form):
    diary_number = forms.CharField(label=_("Diary number"), max_length=50)


class ExtendForm(forms.Form):
    new_due = forms.DateField(label=_("New due date"), widget=DATE)
    granted_by = forms.CharField(label=_("Granted by"), max_length=300)
    granted_on = forms.DateField(label=_("Granted on"), widget=DATE)
    reason = forms.CharField(label=_("Reason"), max_length=500)
    document = forms.TypedChoiceField(label=_("Document that shows it"), required=False,
                                      coerce=int, empty_value=None)

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        docs = case.documents.all() if case else []
        self.fields["document"].choices = [("", "—")] + [
            (d.pk, f"{d.number}. {d.description}") for d in docs]


class MeetForm(forms.Form):
    on = forms.DateField(label=_("Met on"), widget=DATE)


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500)


class FilterForm(forms.Form):
    responsible = forms.ModelChoiceField(label=_("Responsible"), required=False,
                                         queryset=get_user_model().objects.order_by(
                                             "username"))
    unit = forms.ModelChoiceField(label=_("Unit"), required=False, queryset=None)
    body = forms.ModelChoiceField(label=_("Body"), required=False, queryset=None)
    kind = forms.ChoiceField(label=_("Kind"), required=False,
                             choices=[("", "—"), *Deadline.Kind.choices])
    until = forms.DateField(label=_("Due no later than"), required=False, widget=DATE)

    def __init__(self, *args, **kwargs):
        from kansli.org.models import Body, Unit

        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.order_by("name")
        self.fields["body"].queryset = Body.objects.order_by("name")


class DelayNoticeForm(forms.Form):
    reason = forms.CharField(label=_("Why the decision is delayed"), max_length=500,
                             widget=forms.Textarea(attrs={"rows": 3}))
    expected_by = forms.DateField(label=_("Expected day of decision"), required=False,
                                  widget=DATE)


class DemandForm(forms.Form):
    document = forms.TypedChoiceField(label=_("The party's demand (incoming document)"),
                                      coerce=int)

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        docs = case.documents.filter(direction="incoming", cancelled_at=None).order_by(
            "-number")
        self.fields["document"].choices = [(d.pk, f"{d.number}. {d.description} "
                                                  f"({d.received_date:%Y-%m-%d})")
                                           for d in docs]
