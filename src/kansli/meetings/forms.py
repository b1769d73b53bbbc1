"""Forms of committee work. They check input; every change goes through
``meetings.actions``, which the views call with the cleaned data."""

from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kansli.diary.forms import (
    EARLIEST,
    LATEST,
    MAX_ID,
    DateField,
    MultipleFileField,
    ReasonField,
)
from kansli.diary.models import Case, Party
from kansli.org.models import Body, Person, Unit

from .models import (
    AgendaItem,
    Attendance,
    Ballot,
    DelegationRule,
    Handling,
    Meeting,
    OfficersReport,
    Paragraph,
)

# A year a meeting list may be asked for.
YEARS = (1900, 2999)
# The smallest number column (put order) holds this on every database.
MAX_SMALL = 32767


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class DateTimeField(forms.DateTimeField):
    widget = DateTimeInput

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M",
                                            "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"])
        super().__init__(**kwargs)
        self.error_messages["invalid"] = _("Enter a date and time as YYYY-MM-DD HH:MM.")

    def to_python(self, value):
        result = super().to_python(value)
        if result is not None and not EARLIEST.year <= result.year <= LATEST.year:
            raise ValidationError(_("The date must be between %(first)s and %(last)s."),
                                  params={"first": EARLIEST, "last": LATEST})
        return result


class IdChoiceField(forms.ModelChoiceField):
    """A choice by id that refuses what is not an id before asking the database."""

    def to_python(self, value):
        if value not in self.empty_values and (not str(value).isdigit()
                                               or int(str(value)) > MAX_ID):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class IdMultipleChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        for pk in value:
            if not str(pk).isdigit() or int(str(pk)) > MAX_ID:
                raise ValidationError(self.error_messages["invalid_pk_value"],
                                      code="invalid_pk_value", params={"pk": pk})
        return super()._check_values(value)

    def clean(self, value):
        """The chosen objects in the order they were given."""
        chosen = super().clean(value)
        order = {str(pk): i for i, pk in enumerate(value or [])}
        return sorted(chosen, key=lambda o: order.get(str(o.pk), len(order)))


def people_of(body: Body, day: datetime.date):
    """Members and substitutes of a body on a day."""
    return Person.objects.filter(memberships__body=body, memberships__start__lte=day,
                                 memberships__end__gte=day).distinct().order_by("name", "pk")


# Meetings ---------------------------------------------------------------------------


class MeetingFilterForm(forms.Form):
    body = IdChoiceField(label=_("Body"), required=False, queryset=Body.objects.order_by("name"),
                         empty_label=_("All"))
    year = forms.IntegerField(label=_("Year"), required=False, min_value=YEARS[0],
                              max_value=YEARS[1])


class PlanMeetingForm(forms.Form):
    body = IdChoiceField(label=_("Body"), queryset=Body.objects.order_by("name"))
    start = DateTimeField(label=_("Starts"))
    end = DateTimeField(label=_("Ends"), required=False)
    place = forms.CharField(label=_("Place"), max_length=200)
    minutes_kept_at = forms.CharField(
        label=_("Where the minutes are kept"), max_length=200,
        help_text=_("As the notice board will say, e.g. Kommunkansliet, Tappströmsvägen 2."))
    secretary = IdChoiceField(label=_("Secretary"), required=False,
                              queryset=Person.objects.order_by("name", "pk"))

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end <= start:
            self.add_error("end", _("A meeting ends after it starts."))
        return data


class AgendaItemForm(forms.Form):
    needs_meeting = True

    heading = forms.CharField(label=_("Heading"), required=False, max_length=500,
                              help_text=_("Empty: the title of the case."))
    kind = forms.ChoiceField(label=_("Kind"), choices=AgendaItem.Kind.choices,
                             initial=AgendaItem.Kind.MATTER)
    diary_number = forms.CharField(label=_("Diary number of the case"), required=False,
                                   max_length=50, help_text=_("For example KS13/250-133."))
    report = IdChoiceField(label=_("Officer's report"), required=False, queryset=None,
                           empty_label=_("The case's report, if there is one"))

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.fields["report"].queryset = (
            OfficersReport.objects.filter(body=meeting.body, agenda_items__isnull=True)
            .select_related("document__case").order_by("-document__received_date", "-pk"))
        self.fields["report"].label_from_instance = (
            lambda r: f"{r.document.case.diary_number}: {r.title}")

    def clean_diary_number(self):
        number = self.cleaned_data["diary_number"].strip()
        if not number:
            return None
        case = (Case.objects.filter(diary_number__iexact=number).first()
                if len(number) <= 50 else None)
        if case is None:
            raise ValidationError(_("No case has the diary number %(number)s."),
                                  params={"number": number})
        return case

    def clean(self):
        data = super().clean()
        case, report = data.get("diary_number"), data.get("report")
        if case is not None and report is None and not self.errors:
            # The case's own report to this body, when it has exactly one not yet on an
            # agenda.
            reports = list(OfficersReport.objects.filter(
                document__case=case, body=self.meeting.body, agenda_items__isnull=True)[:2])
            if len(reports) == 1:
                data["report"] = reports[0]
        if not (data.get("heading") or "").strip() and case is None and report is None:
            self.add_error("heading", _("An agenda item needs a heading."))
        return data


class RemoveItemForm(forms.Form):
    reason = ReasonField()


class SendNoticeForm(forms.Form):
    on = DateField(label=_("Date sent"), initial=timezone.localdate)


class AttendanceForm(forms.Form):
    needs_meeting = True

    person = IdChoiceField(label=_("Person"), queryset=None)
    kind = forms.ChoiceField(label=_("Attends as"), choices=Attendance.Kind.choices)
    serving_for = IdChoiceField(label=_("Serving for"), required=False, queryset=None,
                                help_text=_("Only for a substitute who serves."))
    note = forms.CharField(label=_("Note"), required=False, max_length=200)

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.filter(
            organisation=meeting.body.organisation).order_by("name", "pk")
        self.fields["serving_for"].queryset = people_of(meeting.body, meeting.day)


class ApproversForm(forms.Form):
    needs_meeting = True

    chair = IdChoiceField(label=_("Chair"), queryset=None)
    approvers = IdMultipleChoiceField(label=_("Approvers"), queryset=None,
                                      help_text=_("Those named at the meeting to approve the "
                                                  "minutes with the chair."))
    approval_place_time = forms.CharField(label=_("Place and time of approval"),
                                          required=False, max_length=200)

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        people = Person.objects.filter(
            Q(pk__in=meeting.attendance.values("person_id"))
            | Q(pk__in=people_of(meeting.body, meeting.day).values("pk"))
        ).order_by("name", "pk")
        self.fields["chair"].queryset = people
        self.fields["approvers"].queryset = people
        self.fields["approvers"].widget.attrs["size"] = 6


# Paragraphs ---------------------------------------------------------------------------


class ParagraphForm(forms.Form):
    heading = forms.CharField(label=_("Heading"), max_length=500)
    decision = forms.CharField(label=_("Decision"), required=False, max_length=20000,
                               widget=forms.Textarea(attrs={"rows": 6}),
                               help_text=_("The att-clauses, one a line."))
    outcome = forms.ChoiceField(label=_("Outcome"), required=False,
                                choices=[("", "–")] + list(Paragraph.Outcome.choices))


class DecidingPeopleForm(forms.Form):
    """A form whose people are those who decide in the paragraph."""

    def __init__(self, *args, deciding=(), present=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.deciding = list(deciding)
        self.present = list(present)


class ProposalForm(DecidingPeopleForm):
    mover = forms.TypedChoiceField(label=_("Moved by"), coerce=int, choices=())
    text = forms.CharField(label=_("Proposal"), max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 3}))
    withdrawn = forms.BooleanField(label=_("Withdrawn"), required=False)
    put_order = forms.IntegerField(label=_("Order put to the meeting"), required=False,
                                   min_value=1, max_value=MAX_SMALL)
    adopted = forms.BooleanField(label=_("Adopted"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mover"].choices = [(p.pk, p.name) for p in self.deciding]

    def clean_mover(self):
        by_pk = {p.pk: p for p in self.deciding}
        return by_pk[self.cleaned_data["mover"]]


class VoteForm(DecidingPeopleForm):
    question = forms.CharField(label=_("Question put"), max_length=500)
    yes = forms.IntegerField(label=_("Yes"), required=False, min_value=0, max_value=MAX_SMALL)
    no = forms.IntegerField(label=_("No"), required=False, min_value=0, max_value=MAX_SMALL)
    abstain = forms.IntegerField(label=_("Abstaining"), required=False, min_value=0,
                                 max_value=MAX_SMALL)
    result = forms.CharField(label=_("Result"), max_length=500)

    BALLOT_CHOICES = [("", _("– not recorded –"))] + list(Ballot.Choice.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for person in self.deciding:
            self.fields[f"ballot_{person.pk}"] = forms.ChoiceField(
                label=person.name, required=False, choices=self.BALLOT_CHOICES)

    def ballot_fields(self):
        return [self[f"ballot_{p.pk}"] for p in self.deciding]

    def count_fields(self):
        return [self[name] for name in ("yes", "no", "abstain")]

    def clean(self):
        data = super().clean()
        data["ballots"] = {p: data[f"ballot_{p.pk}"] for p in self.deciding
                           if data.get(f"ballot_{p.pk}")}
        counts = [data.get("yes"), data.get("no")]
        if not data["ballots"] and None in counts and not self.errors:
            raise ValidationError(_("Give the number of yes and no votes, or how each "
                                    "member voted."))
        return data


class ReservationForm(DecidingPeopleForm):
    person = forms.TypedChoiceField(label=_("Who enters the reservation"), coerce=int,
                                    choices=())
    text = forms.CharField(label=_("Reservation"), required=False, max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [(p.pk, p.name) for p in self.deciding]

    def clean_person(self):
        return {p.pk: p for p in self.deciding}[self.cleaned_data["person"]]


class InterestForm(DecidingPeopleForm):
    person = forms.TypedChoiceField(label=_("Who declares an interest"), coerce=int,
                                    choices=())
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [(p.pk, p.name) for p in self.present]

    def clean_person(self):
        return {p.pk: p for p in self.present}[self.cleaned_data["person"]]


class RecipientsForm(forms.Form):
    parties = IdMultipleChoiceField(label=_("Parties"), required=False, queryset=None)
    units = IdMultipleChoiceField(label=_("Units"), required=False, queryset=None)

    def __init__(self, *args, paragraph: Paragraph, **kwargs):
        super().__init__(*args, **kwargs)
        # The parties of the case and those already chosen: bounded, and the ones a
        # decision goes to.
        offered = Q(pk__in=paragraph.recipients.filter(party__isnull=False)
                    .values("party_id"))
        if paragraph.case_id:
            offered |= Q(document_links__document__case_id=paragraph.case_id,
                         secrecy_ground="")
        self.fields["parties"].queryset = Party.objects.filter(offered).distinct().order_by(
            "name", "pk")
        self.fields["units"].queryset = Unit.objects.filter(
            organisation=paragraph.body.organisation).order_by("name")
        for name in ("parties", "units"):
            self.fields[name].widget.attrs["size"] = 6
            self.fields[name].label_from_instance = (
                lambda o: f"{o.name} <{o.email}>" if o.email else o.name)

    def recipients(self):
        return list(self.cleaned_data["parties"]) + list(self.cleaned_data["units"])


class CorrectionForm(forms.Form):
    heading = forms.CharField(label=_("Heading"), max_length=500)
    decision = forms.CharField(label=_("Decision"), required=False, max_length=20000,
                               widget=forms.Textarea(attrs={"rows": 6}))
    reason = ReasonField()


class ApproveForm(forms.Form):
    on = DateField(label=_("Day of approval"), initial=timezone.localdate,
                   help_text=_("Today, or the day minutes signed on paper were approved."))


class PostForm(forms.Form):
    on = DateField(label=_("Date posted"), initial=timezone.localdate)


# Referral, officer's reports and delegation decisions (from the case and document pages)


def bodies_of(case: Case):
    return Body.objects.filter(organisation_id=case.series.organisation_id).order_by("name")


class ReferForm(forms.Form):
    body = IdChoiceField(label=_("Body"), queryset=None)
    role = forms.ChoiceField(label=_("Role"), choices=Handling.Role.choices,
                             help_text=_("Opinion (yttrande), preparation (beredning) or "
                                         "decision (beslut)."))

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies_of(case)


class SectionForm(forms.Form):
    heading = forms.CharField(label=_("Heading"), required=False, max_length=200)
    text = forms.CharField(label=_("Text"), required=False, max_length=20000,
                           widget=forms.Textarea(attrs={"rows": 4}))

    def clean(self):
        data = super().clean()
        heading, text = (data.get("heading") or "").strip(), (data.get("text") or "").strip()
        if heading and not text:
            self.add_error("text", _("A section with a heading needs a text."))
        elif text and not heading:
            self.add_error("heading", _("A section with a text needs a heading."))
        return data


class SignatoryForm(forms.Form):
    name = forms.CharField(label=_("Name"), required=False, max_length=200)
    title = forms.CharField(label=_("Title"), required=False, max_length=200,
                            help_text=_("For example Kanslichef."))

    def clean(self):
        data = super().clean()
        name, title = (data.get("name") or "").strip(), (data.get("title") or "").strip()
        if name and not title:
            self.add_error("title", _("Give the signatory's title."))
        elif title and not name:
            self.add_error("name", _("Give the signatory's name."))
        return data


# Rows of further sections and signatories on the report form.
SectionFormSet = forms.formset_factory(SectionForm, extra=3, max_num=20, validate_max=True,
                                       absolute_max=20)
SignatoryFormSet = forms.formset_factory(SignatoryForm, extra=2, max_num=10,
                                         validate_max=True, absolute_max=10)


class BasisLine:
    """One candidate line of the decision basis: a document of the case or an approved
    paragraph of the case, with its fields on the form."""

    def __init__(self, form, key, obj, text):
        self.key, self.obj, self.text = key, obj, text
        self.include = form[f"basis_{key}"]
        self.order = form[f"basis_{key}_order"]
        self.label = form[f"basis_{key}_label"]
        self.show_date = form[f"basis_{key}_date"]
        self.is_paragraph = isinstance(obj, Paragraph)


class ReportForm(forms.Form):
    """The structure of a registered officer's report. Sections and signatories come
    as formsets beside it (``SectionFormSet``, ``SignatoryFormSet``)."""

    body = IdChoiceField(label=_("Addressed to"), queryset=None)
    title = forms.CharField(label=_("Title"), max_length=500)
    proposal = forms.CharField(label=_("Proposed decision"), max_length=20000,
                               widget=forms.Textarea(attrs={"rows": 5}),
                               help_text=_("The att-clauses, one a line."))
    summary = forms.CharField(label=_("Summary of the case"), required=False,
                              max_length=50000, widget=forms.Textarea(attrs={"rows": 8}))
    parties = IdMultipleChoiceField(label=_("Parties"), required=False, queryset=None)
    units = IdMultipleChoiceField(label=_("Units"), required=False, queryset=None)

    def __init__(self, *args, document, can_read=True, **kwargs):
        super().__init__(*args, **kwargs)
        case = document.case
        self.can_read = can_read
        self.fields["body"].queryset = bodies_of(case)
        self.fields["parties"].queryset = Party.objects.filter(
            document_links__document__case=case, secrecy_ground="").distinct().order_by(
            "name", "pk")
        self.fields["units"].queryset = Unit.objects.filter(
            organisation_id=case.series.organisation_id).order_by("name")
        for name in ("parties", "units"):
            self.fields[name].widget = forms.CheckboxSelectMultiple()
            self.fields[name].label_from_instance = (
                lambda o: f"{o.name} <{o.email}>" if o.email else o.name)
        documents = list(case.documents.filter(cancelled_at__isnull=True)
                         .order_by("number"))
        paragraphs = list(Paragraph.objects.filter(case=case, approved_on__isnull=False)
                          .select_related("body", "meeting").order_by("meeting__start",
                                                                      "number"))
        self.candidates = [(f"d{d.pk}", d, self.document_text(d)) for d in documents]
        self.candidates += [(f"p{p.pk}", p, f"Protokollsutdrag {p.citation}")
                            for p in paragraphs]
        for key, _obj, _text in self.candidates:
            self.fields[f"basis_{key}"] = forms.BooleanField(required=False,
                                                             label=_("Include"))
            self.fields[f"basis_{key}_order"] = forms.IntegerField(
                label=_("Order"), required=False, min_value=1, max_value=MAX_SMALL)
            self.fields[f"basis_{key}_label"] = forms.CharField(
                label=_("Label"), required=False, max_length=500)
            self.fields[f"basis_{key}_date"] = forms.BooleanField(
                label=_("Show the date"), required=False, initial=True)

    def document_text(self, document) -> str:
        date = document.document_date or document.received_date
        description = document.description
        if document.is_secret and not self.can_read:
            description = _("Secret document")
        return f"{document.number}. {description}, {date:%Y-%m-%d}"

    def main_fields(self):
        return [self[name] for name in ("body", "title", "proposal", "summary")]

    def basis_lines(self):
        return [BasisLine(self, key, obj, text) for key, obj, text in self.candidates]

    def basis(self) -> list[dict]:
        """The chosen lines, in the order given (unnumbered lines keep the listed
        order, after the numbered ones with the same number)."""
        data = self.cleaned_data
        chosen = []
        for index, (key, obj, _text) in enumerate(self.candidates):
            if not data.get(f"basis_{key}"):
                continue
            entry = {"paragraph" if isinstance(obj, Paragraph) else "document": obj,
                     "label": (data.get(f"basis_{key}_label") or "").strip(),
                     "show_date": bool(data.get(f"basis_{key}_date"))}
            order = data.get(f"basis_{key}_order")
            chosen.append(((order if order is not None else MAX_SMALL + 1, index), entry))
        return [entry for _key, entry in sorted(chosen, key=lambda pair: pair[0])]

    def recipients(self):
        return list(self.cleaned_data["parties"]) + list(self.cleaned_data["units"])


class DelegationDecisionForm(forms.Form):
    rule = IdChoiceField(label=_("Delegation rule"), queryset=None,
                         help_text=_("The point of the body's delegation order the decision "
                                     "rests on."))
    decided_by = IdChoiceField(label=_("Decided by"), queryset=None)
    decided_on = DateField(label=_("Date of the decision"), initial=timezone.localdate)
    description = forms.CharField(label=_("What was decided"), max_length=500)
    files = MultipleFileField(label=_("Files"), required=False)

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        organisation = case.series.organisation_id
        self.fields["rule"].queryset = (
            DelegationRule.objects.filter(body__organisation_id=organisation)
            .select_related("body").order_by("body__name", "code"))
        self.fields["rule"].label_from_instance = (
            lambda r: f"{r.body.code} {r.code} {r.text} ({r.delegate})")
        self.fields["decided_by"].queryset = Person.objects.filter(
            organisation_id=organisation).order_by("name", "pk")

    def clean_decided_on(self):
        day = self.cleaned_data["decided_on"]
        if day and day > timezone.localdate():
            raise ValidationError(_("A decision is not dated after today."))
        return day
