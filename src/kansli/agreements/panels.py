"""The case page's agreements (kansli.diary.panels): those kept in the case, in one
query."""

from __future__ import annotations

from django.db.models import Count, Q

from .models import Adoption


def case_agreements(context, case):
    agreements = list(
        case.agreements.select_related("coordinator")
        .annotate(party_count=Count("members", distinct=True),
                  # Parties that adopted some version of it.
                  adopted_count=Count("members", distinct=True,
                                      filter=Q(members__adoptions__decision=(
                                          Adoption.Decision.ADOPTED))))
        .order_by("title", "pk"))
    if not agreements:
        return None
    return "agreements/_case_agreements.html", {"agreements": agreements}
