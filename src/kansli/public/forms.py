"""The public diary's search form: every parameter checked, so a malformed query is a
message on the page, never a server error."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kansli.diary.models import Series


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Words or diary number"), required=False, max_length=200)
    number = forms.CharField(label=_("Diary number"), required=False, max_length=50)
    date_from = forms.DateField(label=_("Registered from"), required=False,
                                help_text=_("YYYY-MM-DD"))
    date_to = forms.DateField(label=_("Registered to"), required=False,
                              help_text=_("YYYY-MM-DD"))
    series = forms.ModelChoiceField(label=_("Body or diary series"), required=False,
                                    queryset=Series.objects.order_by("name"),
                                    empty_label=_("All"))
    classification = forms.CharField(label=_("Classification code"), required=False,
                                     max_length=30)

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError(_("The first date is after the last."))
        for name in ("q", "number", "classification"):
            if "\x00" in data.get(name, ""):
                self.add_error(name, _("Not a usable search text."))
        return data
