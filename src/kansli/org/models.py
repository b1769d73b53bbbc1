"""The organisation itself: its name and diary number format, its bodies and units."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from kansli.lib.diarynumber import DiaryNumberFormat, FormatError


def validate_number_format(value: str) -> None:
    try:
        DiaryNumberFormat(value)
    except FormatError as exc:
        raise ValidationError(
            _("Not a usable diary number format: %(error)s"), params={"error": exc}
        ) from exc


class Organisation(models.Model):
    """The municipality, region or federation that keeps the diary."""

    name = models.CharField(_("name"), max_length=200)
    organisation_number = models.CharField(_("organisation number"), max_length=20, blank=True)
    address = models.TextField(_("address"), blank=True)
    diary_number_format = models.CharField(
        _("diary number format"),
        max_length=100,
        default="{series} {yyyy}/{serial}",
        validators=[validate_number_format],
        help_text=_("For example {series}{yy}/{serial}-{class} gives KS13/250-133."),
    )
    # Whether the public diary offers the files of public documents for download, or
    # only says how to request them (TF 2 kap.).
    publish_files = models.BooleanField(
        _("publish files of public documents"), default=False,
        help_text=_("When off, the public diary lists documents and says how to request "
                    "a copy."))

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return self.name

    @property
    def number_format(self) -> DiaryNumberFormat:
        return DiaryNumberFormat(self.diary_number_format)

    @classmethod
    def current(cls) -> "Organisation":
        """The organisation this installation serves (one per installation)."""
        org = cls.objects.order_by("pk").first()
        if org is None:
            raise cls.DoesNotExist("no organisation is set up; run `kansli loaddemo` or create one")
        return org


class Body(models.Model):
    """A decision-making body: KF, KS, a nämnd or an utskott."""

    class Kind(models.TextChoices):
        COUNCIL = "council", _("municipal council")
        EXECUTIVE = "executive", _("municipal executive board")
        COMMITTEE = "committee", _("committee")
        SUBCOMMITTEE = "subcommittee", _("sub-committee")

    organisation = models.ForeignKey(Organisation, models.PROTECT, related_name="bodies")
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="subbodies"
    )

    class Meta:
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"], name="body_code_unique")
        ]

    def __str__(self):
        return self.name


class Unit(models.Model):
    """An administrative unit: Kommunkansliet, Socialkontoret."""

    organisation = models.ForeignKey(Organisation, models.PROTECT, related_name="units")
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="unit_name_unique")
        ]

    def __str__(self):
        return self.name


class Term(models.Model):
    """A term of office (mandatperiod), e.g. 2011–2014."""

    organisation = models.ForeignKey(Organisation, models.PROTECT, related_name="terms")
    name = models.CharField(_("name"), max_length=50)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))

    class Meta:
        verbose_name = _("term of office")
        verbose_name_plural = _("terms of office")
        ordering = ["-start"]

    def __str__(self):
        return self.name


class PoliticalParty(models.Model):
    organisation = models.ForeignKey(Organisation, models.PROTECT, related_name="parties")
    name = models.CharField(_("name"), max_length=100)
    abbreviation = models.CharField(_("abbreviation"), max_length=10)

    class Meta:
        verbose_name = _("political party")
        verbose_name_plural = _("political parties")
        ordering = ["name"]

    def __str__(self):
        return self.abbreviation


class Person(models.Model):
    """An elected member or an official as named in minutes and reports. A person who
    approves minutes in Kansli has a user account."""

    organisation = models.ForeignKey(Organisation, models.PROTECT, related_name="people")
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("title"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="person"
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Membership(models.Model):
    """A seat in a body for a term: chair, vice chair, member or substitute."""

    class Role(models.TextChoices):
        CHAIR = "chair", _("chair")
        VICE_CHAIR = "vice_chair", _("vice chair")
        MEMBER = "member", _("member")
        SUBSTITUTE = "substitute", _("substitute")

    body = models.ForeignKey(Body, models.PROTECT, related_name="memberships")
    person = models.ForeignKey(Person, models.PROTECT, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    political_party = models.ForeignKey(
        PoliticalParty, models.PROTECT, null=True, blank=True, related_name="memberships"
    )
    term = models.ForeignKey(Term, models.PROTECT, related_name="memberships")
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["body", "role", "person__name"]
        indexes = [models.Index(fields=["body", "start", "end"], name="membership_body_idx")]

    def __str__(self):
        return f"{self.person} ({self.get_role_display()}, {self.body.code})"

    @property
    def votes(self) -> bool:
        """Chair, vice chair and members vote; a substitute only when serving."""
        return self.role != self.Role.SUBSTITUTE
