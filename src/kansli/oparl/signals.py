"""Stamping the organisation's register (see ``models.Stamp``)."""

from __future__ import annotations

from django.db.models.signals import post_save
from django.utils import timezone

from kansli.org.models import Body, Membership, Organisation, Person, PoliticalParty, Term

STAMPED = (Organisation, Body, Term, Person, Membership, PoliticalParty)


def kind_of(model) -> str:
    return model._meta.label_lower


def stamp(sender, instance, created, raw=False, **kwargs):
    from .models import Stamp

    if raw:  # loaddata: the fixture's objects were made elsewhere, at an unknown time
        return
    now = timezone.now()
    updated = Stamp.objects.filter(kind=kind_of(sender), object_id=instance.pk).update(
        modified=now)
    if not updated:
        Stamp.objects.create(kind=kind_of(sender), object_id=instance.pk, created=now,
                             modified=now)


def connect():
    for model in STAMPED:
        post_save.connect(stamp, sender=model, dispatch_uid=f"oparl-stamp-{kind_of(model)}")
