"""Committee work: meetings, agendas, officer's reports, handlings of a case by bodies,
minutes and their paragraphs (§), approval, the notice board, delegation decisions.

Changes go through ``actions.py``; see docs/paragraph-numbering.md and
docs/approval-and-posting.md.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kansli.diary.models import Case, Document, Party
from kansli.org.models import Body, Person, Unit


class Meeting(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        NOTICE_SENT = "notice_sent", _("notice sent")
        HELD = "held", _("held")
        APPROVED = "approved", _("minutes approved")
        POSTED = "posted", _("posted")

    body = models.ForeignKey(Body, models.PROTECT, related_name="meetings")
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices,
                              default=Status.PLANNED)
    minutes_kept_at = models.CharField(_("where the minutes are kept"), max_length=200)
    approval_place_time = models.CharField(_("place and time of approval"), max_length=200,
                                           blank=True)
    secretary = models.ForeignKey(Person, models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("secretary"))
    chair = models.ForeignKey(Person, models.PROTECT, null=True, blank=True, related_name="+",
                              verbose_name=_("chair"))
    notice_sent_at = models.DateTimeField(null=True, blank=True)
    minutes_drawn_up_at = models.DateTimeField(null=True, blank=True)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-start"]
        indexes = [models.Index(fields=["body", "start"], name="meeting_body_start_idx")]

    def __str__(self):
        return f"{self.body.code} {self.start:%Y-%m-%d}"

    @property
    def day(self):
        from django.utils import timezone

        return timezone.localtime(self.start).date()

    @property
    def minutes_approved(self) -> bool:
        return self.approved_on is not None


class Attendance(models.Model):
    """Who was at a meeting and how: a member, a substitute serving for a named member,
    a substitute not serving, an official or other attendee."""

    class Kind(models.TextChoices):
        MEMBER = "member", _("member present")
        SERVING = "serving", _("substitute serving")
        SUBSTITUTE = "substitute", _("substitute not serving")
        OTHER = "other", _("other attendee")

    meeting = models.ForeignKey(Meeting, models.PROTECT, related_name="attendance")
    person = models.ForeignKey(Person, models.PROTECT, related_name="+")
    kind = models.CharField(_("attends as"), max_length=20, choices=Kind.choices)
    serving_for = models.ForeignKey(Person, models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("serving for"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="attendance_unique")
        ]

    def __str__(self):
        return f"{self.person} ({self.get_kind_display()})"

    @property
    def decides(self) -> bool:
        return self.kind in (self.Kind.MEMBER, self.Kind.SERVING)


class Approver(models.Model):
    """Someone who approves (justerar) the minutes: the chair and those named at the
    meeting."""

    meeting = models.ForeignKey(Meeting, models.PROTECT, related_name="approvers")
    person = models.ForeignKey(Person, models.PROTECT, related_name="+")
    is_chair = models.BooleanField(default=False)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-is_chair", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="approver_unique")
        ]

    def __str__(self):
        return str(self.person)


class OfficersReport(models.Model):
    """The structured content of a registered officer's report (tjänsteutlåtande): to
    which body, the proposed decision, the summary, further sections, the decision basis,
    who the decision goes to and who signs."""

    document = models.OneToOneField(Document, models.PROTECT, related_name="report")
    body = models.ForeignKey(Body, models.PROTECT, related_name="+",
                             verbose_name=_("addressed to"))
    title = models.CharField(_("title"), max_length=500)
    proposal = models.TextField(_("proposed decision"))
    summary = models.TextField(_("summary of the case"), blank=True)

    class Meta:
        verbose_name = _("officer's report")
        verbose_name_plural = _("officer's reports")

    def __str__(self):
        return self.title


class ReportSection(models.Model):
    report = models.ForeignKey(OfficersReport, models.CASCADE, related_name="sections")
    order = models.PositiveSmallIntegerField()
    heading = models.CharField(_("heading"), max_length=200)
    text = models.TextField(_("text"))

    class Meta:
        ordering = ["order"]

    def __str__(self):
        return self.heading


class Paragraph(models.Model):
    """A paragraph (§) of the minutes. Numbers run per body and calendar year."""

    class Outcome(models.TextChoices):
        AS_PROPOSED = "as_proposed", _("decided as proposed")
        WITH_CHANGES = "with_changes", _("decided with changes")
        REFERRED_BACK = "referred_back", _("referred back")
        TABLED = "tabled", _("tabled")
        NOTED = "noted", _("information noted")

    meeting = models.ForeignKey(Meeting, models.PROTECT, related_name="paragraphs")
    body = models.ForeignKey(Body, models.PROTECT, related_name="paragraphs")
    year = models.PositiveSmallIntegerField()
    number = models.PositiveIntegerField(_("paragraph number"))
    agenda_item = models.OneToOneField("AgendaItem", models.PROTECT, null=True, blank=True,
                                       related_name="paragraph")
    case = models.ForeignKey(Case, models.PROTECT, null=True, blank=True,
                             related_name="paragraphs")
    heading = models.CharField(_("heading"), max_length=500)
    decision = models.TextField(_("decision"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices,
                               blank=True)
    secrecy_ground = models.CharField(_("secrecy ground"), max_length=200, blank=True)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    immediately_approved = models.BooleanField(_("approved at once"), default=False)

    class Meta:
        verbose_name = _("paragraph")
        verbose_name_plural = _("paragraphs")
        ordering = ["body", "year", "number"]
        constraints = [
            models.UniqueConstraint(fields=["body", "year", "number"],
                                    name="paragraph_number_unique")
        ]

    def __str__(self):
        return f"{self.body.code} {self.meeting.day:%Y-%m-%d} § {self.number}"

    def save(self, *args, **kwargs):
        # The body is the meeting's, kept on the row for the numbering constraint; a
        # paragraph can never belong to a meeting of another body.
        fields = kwargs.get("update_fields")
        if fields is None or {"body", "meeting"} & set(fields):
            if self.body_id != Meeting.objects.values_list("body_id", flat=True).get(
                    pk=self.meeting_id):
                raise ValidationError(_("A paragraph belongs to a meeting of its own body."))
        super().save(*args, **kwargs)

    @property
    def is_approved(self) -> bool:
        return self.approved_on is not None

    @property
    def citation(self) -> str:
        """As a decision basis names it: "Protokollsutdrag Socialnämnden 2013-09-25 § 130"."""
        return f"{self.body.name} {self.meeting.day:%Y-%m-%d} § {self.number}"


class ParagraphCounter(models.Model):
    """The last § number given by a body in a year; locked while numbers are allocated."""

    body = models.ForeignKey(Body, models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["body", "year"], name="paragraph_counter_unique")
        ]

    def __str__(self):
        return f"{self.body.code} {self.year}: {self.last_number}"


class AgendaItem(models.Model):
    class Kind(models.TextChoices):
        MATTER = "matter", _("matter for decision")
        INFORMATION = "information", _("information")
        DELEGATION = "delegation", _("report of delegation decisions")
        FORMAL = "formal", _("formalities")

    meeting = models.ForeignKey(Meeting, models.PROTECT, related_name="agenda")
    position = models.PositiveSmallIntegerField(_("position"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices,
                            default=Kind.MATTER)
    heading = models.CharField(_("heading"), max_length=500)
    case = models.ForeignKey(Case, models.PROTECT, null=True, blank=True,
                             related_name="agenda_items")
    report = models.ForeignKey(OfficersReport, models.PROTECT, null=True, blank=True,
                               related_name="agenda_items")

    class Meta:
        ordering = ["meeting", "position"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "position"],
                                    name="agenda_position_unique")
        ]

    def __str__(self):
        return f"{self.position}. {self.heading}"


class BasisEntry(models.Model):
    """One line of the decision basis (beslutsunderlag): a registered document or
    another body's paragraph — a link. Only an imported report may keep a line that
    names nothing in the diary: then it is its label and date, as written."""

    report = models.ForeignKey(OfficersReport, models.CASCADE, related_name="basis")
    order = models.PositiveSmallIntegerField()
    document = models.ForeignKey(Document, models.PROTECT, null=True, blank=True,
                                 related_name="+")
    paragraph = models.ForeignKey(Paragraph, models.PROTECT, null=True, blank=True,
                                  related_name="+")
    # How the line reads; empty means the document's description.
    label = models.CharField(_("label"), max_length=500, blank=True)
    # Whether ", YYYY-MM-DD" (the document's date) follows the label.
    show_date = models.BooleanField(default=True)
    # The date as written, for a line that links nothing (an imported report).
    date = models.DateField(_("date"), null=True, blank=True)

    class Meta:
        ordering = ["order"]
        constraints = [
            models.CheckConstraint(
                condition=Q(document__isnull=False, paragraph__isnull=True)
                | Q(document__isnull=True, paragraph__isnull=False)
                | Q(document__isnull=True, paragraph__isnull=True) & ~Q(label=""),
                name="basis_document_or_paragraph_or_label",
            )
        ]

    def __str__(self):
        return self.text

    @property
    def text(self) -> str:
        if self.paragraph_id:
            return self.label or f"Protokollsutdrag {self.paragraph.citation}"
        if not self.document_id:
            return f"{self.label}, {self.date:%Y-%m-%d}" if self.date and self.show_date \
                else self.label
        label = self.label or self.document.description
        date = self.document.document_date or self.document.received_date
        return f"{label}, {date:%Y-%m-%d}" if self.show_date else label


class Recipient(models.Model):
    """Who a decision is sent to (beslutet expedieras till): a party, with its e-mail,
    or an internal unit. Belongs to a report (proposed) or a paragraph (decided)."""

    report = models.ForeignKey(OfficersReport, models.CASCADE, null=True, blank=True,
                               related_name="recipients")
    paragraph = models.ForeignKey(Paragraph, models.PROTECT, null=True, blank=True,
                                  related_name="recipients")
    order = models.PositiveSmallIntegerField()
    party = models.ForeignKey(Party, models.PROTECT, null=True, blank=True, related_name="+")
    unit = models.ForeignKey(Unit, models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["order"]
        constraints = [
            models.CheckConstraint(
                condition=Q(party__isnull=False, unit__isnull=True)
                | Q(party__isnull=True, unit__isnull=False),
                name="recipient_party_or_unit",
            )
        ]

    def __str__(self):
        return self.text

    @property
    def text(self) -> str:
        if self.party_id:
            email = f" ({self.party.email})" if self.party.email else ""
            return f"{self.party.name}{email}"
        return self.unit.name


class Signatory(models.Model):
    report = models.ForeignKey(OfficersReport, models.CASCADE, related_name="signatories")
    order = models.PositiveSmallIntegerField()
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("title"), max_length=200)

    class Meta:
        ordering = ["order"]

    def __str__(self):
        return f"{self.name}, {self.title}"


class Handling(models.Model):
    """One body's handling of a case: SN gives its opinion, KS prepares, KF decides."""

    class Role(models.TextChoices):
        OPINION = "opinion", _("opinion")
        PREPARATION = "preparation", _("preparation")
        DECISION = "decision", _("decision")

    case = models.ForeignKey(Case, models.PROTECT, related_name="handlings")
    body = models.ForeignKey(Body, models.PROTECT, related_name="handlings")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    referred_at = models.DateTimeField()
    agenda_item = models.ForeignKey(AgendaItem, models.PROTECT, null=True, blank=True,
                                    related_name="handlings")
    paragraph = models.ForeignKey(Paragraph, models.PROTECT, null=True, blank=True,
                                  related_name="handlings")
    result = models.CharField(_("result"), max_length=20, choices=Paragraph.Outcome.choices,
                              blank=True)

    class Meta:
        ordering = ["referred_at", "pk"]

    def __str__(self):
        return f"{self.case.diary_number}: {self.body.code} ({self.get_role_display()})"

    @property
    def meeting(self):
        return self.agenda_item.meeting if self.agenda_item_id else None


class Proposal(models.Model):
    """A proposal (yrkande) made at the meeting; withdrawn ones are kept but not shown
    in the minutes (KL 5 kap. 67 §)."""

    paragraph = models.ForeignKey(Paragraph, models.PROTECT, related_name="proposals")
    order = models.PositiveSmallIntegerField()
    mover = models.ForeignKey(Person, models.PROTECT, related_name="+")
    text = models.TextField(_("proposal"))
    withdrawn = models.BooleanField(default=False)
    # The order in which the chair put the proposals to the meeting.
    put_order = models.PositiveSmallIntegerField(null=True, blank=True)
    adopted = models.BooleanField(default=False)

    class Meta:
        ordering = ["order"]

    def __str__(self):
        return f"{self.mover}: {self.text[:50]}"


class Vote(models.Model):
    """A vote (votering). An open vote records how each member voted."""

    paragraph = models.ForeignKey(Paragraph, models.PROTECT, related_name="votes")
    order = models.PositiveSmallIntegerField()
    question = models.CharField(_("question"), max_length=500)
    yes = models.PositiveSmallIntegerField(_("yes"))
    no = models.PositiveSmallIntegerField(_("no"))
    abstain = models.PositiveSmallIntegerField(_("abstaining"), default=0)
    result = models.CharField(_("result"), max_length=500)

    class Meta:
        ordering = ["order"]

    def __str__(self):
        return f"{self.question}: {self.yes}–{self.no}–{self.abstain}"


class Ballot(models.Model):
    class Choice(models.TextChoices):
        YES = "yes", _("yes")
        NO = "no", _("no")
        ABSTAIN = "abstain", _("abstaining")

    vote = models.ForeignKey(Vote, models.PROTECT, related_name="ballots")
    person = models.ForeignKey(Person, models.PROTECT, related_name="+")
    choice = models.CharField(max_length=10, choices=Choice.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["vote", "person"], name="ballot_unique")
        ]

    def __str__(self):
        return f"{self.person}: {self.choice}"


class Reservation(models.Model):
    paragraph = models.ForeignKey(Paragraph, models.PROTECT, related_name="reservations")
    person = models.ForeignKey(Person, models.PROTECT, related_name="+")
    text = models.TextField(_("reservation"), blank=True)

    def __str__(self):
        return str(self.person)


class Recusal(models.Model):
    """A declaration of interest (jäv): the person takes no part in the paragraph."""

    paragraph = models.ForeignKey(Paragraph, models.PROTECT, related_name="recusals")
    person = models.ForeignKey(Person, models.PROTECT, related_name="+")
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["paragraph", "person"], name="recusal_unique")
        ]

    def __str__(self):
        return str(self.person)


class Approval(models.Model):
    """An approver's approval of the whole minutes (paragraph empty) or, at the meeting,
    of one paragraph (omedelbar justering)."""

    approver = models.ForeignKey(Approver, models.PROTECT, related_name="approvals")
    paragraph = models.ForeignKey(Paragraph, models.PROTECT, null=True, blank=True,
                                  related_name="approvals")
    # The day the approver approved, as signed (paper minutes are entered afterwards);
    # ``at`` is when it was recorded in Kansli.
    on = models.DateField(_("approved on"), null=True)
    at = models.DateTimeField()
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            # Once for the whole minutes, once for each paragraph approved at once.
            models.UniqueConstraint(fields=["approver"], condition=Q(paragraph__isnull=True),
                                    name="approval_minutes_unique"),
            models.UniqueConstraint(fields=["approver", "paragraph"],
                                    condition=Q(paragraph__isnull=False),
                                    name="approval_paragraph_unique"),
        ]

    def __str__(self):
        return f"{self.approver} {self.at:%Y-%m-%d}"


class Posting(models.Model):
    """A notice on the notice board (anslagstavla)."""

    class Kind(models.TextChoices):
        APPROVAL = "approval", _("approval of minutes")
        ANNOUNCEMENT = "announcement", _("announcement of a council meeting")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    meeting = models.ForeignKey(Meeting, models.PROTECT, related_name="postings")
    posted_on = models.DateField(_("posted on"))
    taken_down_on = models.DateField(_("taken down on"))
    appeal_last_day = models.DateField(_("last day to appeal"), null=True, blank=True)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    minutes_kept_at = models.CharField(_("where the minutes are kept"), max_length=200)
    # Posted after the second day after approval (KL 8 kap. 12 §): kept, and shown.
    late = models.BooleanField(default=False)
    posted_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("posting")
        verbose_name_plural = _("postings")
        ordering = ["-posted_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "kind"], name="posting_unique")
        ]
        # The notice board: what is up on a day.
        indexes = [models.Index(fields=["posted_on", "taken_down_on"], name="posting_dates_idx")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.meeting}"


class DelegationRule(models.Model):
    """A point of a body's delegation order (delegationsordning)."""

    body = models.ForeignKey(Body, models.PROTECT, related_name="delegation_rules")
    code = models.CharField(_("code"), max_length=20)
    text = models.CharField(_("matter delegated"), max_length=500)
    delegate = models.CharField(_("delegate"), max_length=200)

    class Meta:
        ordering = ["body", "code"]
        constraints = [
            models.UniqueConstraint(fields=["body", "code"], name="delegation_rule_unique")
        ]

    def __str__(self):
        return f"{self.code} {self.text}"


class DelegationDecision(models.Model):
    rule = models.ForeignKey(DelegationRule, models.PROTECT, related_name="decisions")
    document = models.OneToOneField(Document, models.PROTECT, related_name="delegation")
    decided_by = models.ForeignKey(Person, models.PROTECT, related_name="+")
    decided_on = models.DateField(_("decided on"))
    # The agenda item where it was reported to the body; empty until reported.
    reported_in = models.ForeignKey(AgendaItem, models.PROTECT, null=True, blank=True,
                                    related_name="delegation_decisions")

    class Meta:
        ordering = ["decided_on", "pk"]
        indexes = [models.Index(fields=["reported_in", "decided_on"],
                                name="delegation_unreported_idx")]

    def __str__(self):
        return f"{self.rule.code} {self.decided_on}"
