"""Agreements (överenskommelser) between organisations as records: versions, parties,
areas of cooperation, adoptions and follow-up reports per period."""
