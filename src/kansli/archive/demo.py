"""Retention in the demo: Ekerö's document management plan (dokumenthanteringsplan) as
retention rules on the classification — most is kept for ever; school transport,
streets and traffic and financial aid are disposed of after some years — so that
`kansli archive due` has something to list."""

from __future__ import annotations

from kansli.diary.models import Classification

from .models import RetentionRule

REFERENCE = "Dokumenthanteringsplan för Ekerö kommun (demo), KS 2019-05-20 § 45"
# Classification code: years after closing, or None to keep for ever.
RULES = {"1": None, "2": None, "3": None, "4": None, "5": None, "6": None,
         "10": None, "13": None, "20": None, "30": None, "60": None, "70": None,
         "610": 2, "330": 2, "720": 5}


def load(setup=None, users=None) -> None:
    codes = {c.code: c for c in Classification.objects.filter(code__in=RULES)}
    RetentionRule.objects.bulk_create(
        RetentionRule(classification=codes[code], keep_forever=years is None, years=years,
                      reference=REFERENCE)
        for code, years in RULES.items() if code in codes)
