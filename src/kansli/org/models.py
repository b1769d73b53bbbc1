"""The organisation itself: its name and diary number format, its bodies and units."""

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
