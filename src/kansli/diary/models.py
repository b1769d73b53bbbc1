"""The diary: series and numbering, classification, parties, cases, documents, files,
secrecy and the journal.

Registered facts are never edited in place by views or forms: every change goes through
a function in ``actions.py`` that writes a journal event in the same transaction.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kansli.lib.diarynumber import DiaryNumber
from kansli.org.models import Body, Organisation, Unit


class Series(models.Model):
    """A diary series (``KS``, ``SN``): diary numbers run per series and year."""

    organisation = models.ForeignKey(Organisation, models.PROTECT, related_name="series")
    # Letters only: a diary number must parse back into its series.
    code = models.CharField(
        _("code"), max_length=10,
        validators=[RegexValidator(r"^[^\W\d_]+$", _("A series code is letters only."))],
    )
    name = models.CharField(_("name"), max_length=200)
    body = models.ForeignKey(Body, models.PROTECT, null=True, blank=True, related_name="series")

    class Meta:
        verbose_name = _("diary series")
        verbose_name_plural = _("diary series")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"], name="series_code_unique")
        ]

    def __str__(self):
        return f"{self.code} – {self.name}"


class SerialCounter(models.Model):
    """The last serial given in a series and year. The row is locked while a number is
    allocated; see docs/numbering.md."""

    series = models.ForeignKey(Series, models.PROTECT, related_name="counters")
    year = models.PositiveSmallIntegerField()
    last_serial = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["series", "year"], name="counter_series_year_unique")
        ]

    def __str__(self):
        return f"{self.series.code} {self.year}: {self.last_serial}"


class Classification(models.Model):
    """A node of the classification structure (KLASSA or the organisation's own codes)."""

    code = models.CharField(_("code"), max_length=30, unique=True)
    title = models.CharField(_("title"), max_length=300)
    parent = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="children"
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("classification")
        verbose_name_plural = _("classifications")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} {self.title}"


class Secrecy(models.Model):
    """Fields of a secrecy marking (OSL), shared by what can be marked secret."""

    secrecy_ground = models.CharField(_("secrecy ground"), max_length=200, blank=True)
    secrecy_marked_at = models.DateTimeField(_("marked secret at"), null=True, blank=True)
    secrecy_marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        abstract = True

    @property
    def is_secret(self) -> bool:
        return bool(self.secrecy_ground)


class Cancellable(models.Model):
    """A registration that was wrong is cancelled (makulerad), never deleted."""

    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    cancel_reason = models.TextField(_("reason for cancellation"), blank=True)

    class Meta:
        abstract = True

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None


class Party(Secrecy):
    """A person or organisation that sends or receives documents; reused across them."""

    class Kind(models.TextChoices):
        PERSON = "person", _("person")
        ORGANISATION = "organisation", _("organisation")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=300)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.TextField(_("address"), blank=True)
    identity_number = models.CharField(
        _("personal or organisation number"), max_length=20, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["name"]
        indexes = [models.Index(fields=["name"], name="party_name_idx")]

    def __str__(self):
        return self.name


class Case(Secrecy, Cancellable):
    """A matter handled from opening to closing, identified by its diary number.

    When the title itself reveals secret facts, ``public_title`` is what the public and
    staff without access see; the real title stays in ``title``."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        IN_PROGRESS = "in_progress", _("in progress")
        DECIDED = "decided", _("decided")
        CLOSED = "closed", _("closed")

    series = models.ForeignKey(Series, models.PROTECT, related_name="cases")
    year = models.PositiveSmallIntegerField(_("year"))
    serial = models.PositiveIntegerField(_("serial number"))
    diary_number = models.CharField(_("diary number"), max_length=50, unique=True)
    # Upper case, no white space: what partial diary number search matches on.
    number_key = models.CharField(max_length=50, db_index=True)
    # Imported cases keep their original numbers; see docs/numbering.md.
    imported = models.BooleanField(default=False)

    title = models.CharField(_("title"), max_length=500)
    public_title = models.CharField(_("public title"), max_length=500, blank=True)
    classification = models.ForeignKey(
        Classification, models.PROTECT, null=True, blank=True, related_name="cases"
    )
    unit = models.ForeignKey(Unit, models.PROTECT, null=True, blank=True, related_name="cases")
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("case officer"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    opened_at = models.DateTimeField(_("opened at"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # The last document number given in this case; the case row is locked to allocate.
    last_document_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        constraints = [
            models.UniqueConstraint(
                fields=["series", "year", "serial"], name="case_number_unique"
            )
        ]
        indexes = [
            # The diary list: newest first.
            models.Index(fields=["-opened_at"], name="case_opened_idx"),
            models.Index(fields=["serial"], name="case_serial_idx"),
        ]

    def __str__(self):
        return f"{self.diary_number} {self.title}"

    @property
    def number(self) -> DiaryNumber:
        code = self.classification.code if self.classification_id else ""
        return DiaryNumber(self.series.code, self.year, self.serial, code)

    @property
    def shown_title(self) -> str:
        """The title anyone may see: the public title where the title is secret."""
        if self.is_secret:
            return self.public_title or str(_("[Title subject to secrecy]"))
        return self.title


class Document(Secrecy, Cancellable):
    """A registered official document in a case (OSL 5 kap. 2 §)."""

    class Direction(models.TextChoices):
        INCOMING = "incoming", _("incoming")
        DRAWN_UP = "drawn_up", _("drawn up")
        OUTGOING = "outgoing", _("outgoing")

    class Type(models.TextChoices):
        LETTER = "letter", _("letter")
        RECOMMENDATION = "recommendation", _("recommendation")
        AGREEMENT = "agreement", _("agreement")
        OFFICERS_REPORT = "officers_report", _("officer's report")
        MEMO = "memo", _("memo")
        EXTRACT = "extract", _("extract from minutes")
        MINUTES = "minutes", _("minutes")
        DECISION = "decision", _("decision")
        APPLICATION = "application", _("application")
        REFERRAL = "referral", _("referral")
        REFERRAL_ANSWER = "referral_answer", _("referral answer")
        EMAIL = "email", _("e-mail")
        OTHER = "other", _("other")

    case = models.ForeignKey(Case, models.PROTECT, related_name="documents")
    number = models.PositiveIntegerField(_("document number"))
    direction = models.CharField(_("direction"), max_length=20, choices=Direction.choices)
    doc_type = models.CharField(_("document type"), max_length=30, choices=Type.choices)
    description = models.CharField(_("what it concerns"), max_length=500)
    # The document's own date (as written on it).
    document_date = models.DateField(_("document date"), null=True, blank=True)
    # OSL 5 kap. 2 §: the date it came in or was drawn up.
    received_date = models.DateField(_("date received or drawn up"))
    registered_at = models.DateTimeField(_("registered at"))
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+"
    )
    parties = models.ManyToManyField(Party, through="DocumentParty", related_name="documents")

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["case", "number"]
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="document_number_unique")
        ]
        indexes = [
            models.Index(fields=["-received_date"], name="document_received_idx"),
        ]

    def __str__(self):
        return f"{self.case.diary_number}:{self.number} {self.description}"

    @property
    def reference(self) -> str:
        """Diary number and document number, e.g. ``KS13/250-133:4``."""
        return f"{self.case.diary_number}:{self.number}"


class DocumentParty(models.Model):
    class Role(models.TextChoices):
        SENDER = "sender", _("sender")
        RECIPIENT = "recipient", _("recipient")

    document = models.ForeignKey(Document, models.PROTECT, related_name="party_links")
    party = models.ForeignKey(Party, models.PROTECT, related_name="document_links")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["document", "party", "role"], name="document_party_unique"
            )
        ]

    def __str__(self):
        return f"{self.party} ({self.role})"


class DocumentUnit(models.Model):
    """An internal unit as sender or recipient of a document (an extract sent to
    Socialkontoret, a memo from Kommunkansliet)."""

    document = models.ForeignKey(Document, models.PROTECT, related_name="unit_links")
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="document_links")
    role = models.CharField(_("role"), max_length=20, choices=DocumentParty.Role.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["document", "unit", "role"],
                                    name="document_unit_unique")
        ]

    def __str__(self):
        return f"{self.unit} ({self.role})"


class Blob(models.Model):
    """File content, stored once by its SHA-256 in the file store."""

    sha256 = models.CharField(max_length=64, unique=True)
    size = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.sha256


class DocumentFile(models.Model):
    """A file of a document. The name is shown to people, never used as a path."""

    document = models.ForeignKey(Document, models.PROTECT, related_name="files")
    blob = models.ForeignKey(Blob, models.PROTECT, related_name="document_files")
    filename = models.CharField(_("file name"), max_length=255)
    media_type = models.CharField(_("media type"), max_length=100)
    added_at = models.DateTimeField()
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        ordering = ["added_at", "pk"]

    def __str__(self):
        return self.filename


class CaseAccess(models.Model):
    """Access to the secret documents of a case, granted to someone who is not its
    officer."""

    case = models.ForeignKey(Case, models.PROTECT, related_name="access_grants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    granted_at = models.DateTimeField()
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "user"], name="case_access_unique")
        ]

    def __str__(self):
        return f"{self.user} → {self.case}"


class JournalHead(models.Model):
    """One row: the sequence number and hash of the newest event. Locked while an event
    is appended, so the chain has no forks."""

    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)

    def __str__(self):
        return f"{self.seq} {self.hash}"


class Event(models.Model):
    """An entry of the journal: who did what, when, with before and after.

    Append-only and hash-chained: ``hash`` covers ``prev_hash`` and every field, so
    changing or removing an event breaks the chain (``kansli verify``)."""

    seq = models.PositiveBigIntegerField(unique=True)
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The actor's user name at the time, kept even if the account is renamed.
    actor_name = models.CharField(max_length=150)
    action = models.CharField(max_length=50)
    object_type = models.CharField(max_length=50)
    object_id = models.BigIntegerField()
    case = models.ForeignKey(Case, models.PROTECT, null=True, blank=True, related_name="events")
    data = models.JSONField(default=dict)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["seq"]
        indexes = [
            models.Index(fields=["case", "seq"], name="event_case_idx"),
            models.Index(fields=["object_type", "object_id"], name="event_object_idx"),
            # "What changed since …" (the integration API's updated_since, OParl's
            # modified_since): a range scan over the time of the events.
            models.Index(fields=["at"], name="event_at_idx"),
        ]

    def __str__(self):
        return f"{self.seq} {self.action} {self.object_type} {self.object_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("journal events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("journal events are append-only")


def readable_secret_documents(user) -> Q:
    """A filter for the secret documents ``user`` may read (besides all public ones)."""
    return Q(case__officer=user) | Q(case__access_grants__user=user)
