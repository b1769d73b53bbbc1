"""What OParl needs that the domain models do not keep.

- ``Stamp``: when an object of the organisation's register (the organisation, its
  bodies, terms, people, memberships and parties) was created and last changed. Those
  models carry no timestamps and their changes are not journaled, but OParl 1.1 requires
  ``created`` and ``modified`` on every object and clients sync with ``modified_since``.
  Signal handlers (``signals.py``) stamp every ``save()``; rows that existed before this
  app was installed, or were written without signals (``bulk_create``, ``update()``),
  fall back to the first journal event — see docs/oparl.md, "Timestamps".
- ``Digest``: the SHA-512 of a stored blob, computed once from the verified bytes the
  first time the file is served (the file store keys content by SHA-256 only).
"""

from django.db import models

from kansli.diary.models import Blob


class Stamp(models.Model):
    kind = models.CharField(max_length=30)  # the model's label, e.g. "org.person"
    object_id = models.BigIntegerField()
    created = models.DateTimeField()
    modified = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="oparl_stamp_unique")
        ]

    def __str__(self):
        return f"{self.kind} {self.object_id}"


class Digest(models.Model):
    blob = models.OneToOneField(Blob, models.CASCADE, primary_key=True,
                                related_name="oparl_digest")
    sha512 = models.CharField(max_length=128)

    def __str__(self):
        return self.sha512
