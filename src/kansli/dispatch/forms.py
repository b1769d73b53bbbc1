from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Dispatch


class DispatchForm(forms.Form):
    """Recipients are chosen as ``party-<pk>`` or ``unit-<pk>``; the view gives the choices
    (the case's parties and the organisation's units) and resolves them."""

    recipients = forms.MultipleChoiceField(label=_("Recipients"),
                                           widget=forms.CheckboxSelectMultiple, required=False)
    channel = forms.ChoiceField(label=_("Channel"), choices=Dispatch.Channel.choices)
    confirm_repeat = forms.BooleanField(label=_("Confirm a repeated dispatch"), required=False)

    def __init__(self, *args, recipients: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.recipient_objects = recipients
        self.fields["recipients"].choices = [
            (key, f"{obj} <{obj.email}>" if obj.email else str(obj))
            for key, obj in recipients.items()
        ]

    def chosen_recipients(self):
        return [self.recipient_objects[key] for key in self.cleaned_data["recipients"]]
