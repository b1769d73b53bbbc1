"""Search in the database: SQLite FTS5 by default, PostgreSQL full-text search with the
``swedish`` configuration when PostgreSQL is used.

Words are stemmed the Swedish way (Snowball) before they reach FTS5; å, ä and ö are kept
distinct from a, o. Results come newest first (by registration order, which the index's
rowid follows, so FTS5 streams them without sorting), or by relevance on request.

What is secret is not indexed: a secret document is found by its type and number only,
a case with a secret title by its public title, so a search can never reveal a hidden
word by matching it.
"""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass, field

import snowballstemmer
from django.conf import settings
from django.db import connection
from django.utils import translation

from kansli.lib.diarynumber import normalise

from .models import Case, Document

WORD_RE = re.compile(r"\w+\*?", re.UNICODE)
_stemmer = snowballstemmer.stemmer("swedish")


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def words(text: str) -> list[str]:
    return [w for w in WORD_RE.findall(text.lower()) if w.strip("*_")]


def stems(text: str) -> str:
    """The stemmed form of a text, as stored in the SQLite index."""
    return " ".join(_stemmer.stemWords([w.rstrip("*") for w in words(text)]))


# Indexing ---------------------------------------------------------------------------


def case_text(case: Case) -> str:
    return case.shown_title


def document_text(document: Document, parties=None, files=None, units=None, *,
                  type_labels: dict | None = None) -> str:
    """``parties`` and ``files``, where the caller holds them already, save the queries;
    so do ``type_labels`` (``type_labels()``) the translation of the type."""
    if type_labels is not None:
        parts = [type_labels[document.doc_type]]
    else:
        # Labels in the interface's language, whoever's request triggered the indexing.
        with translation.override(settings.LANGUAGE_CODE):
            parts = [str(document.get_doc_type_display())]
    if not document.is_secret:
        parts.append(document.description)
        parties = document.parties.all() if parties is None else parties
        files = document.files.all() if files is None else files
        units = [link.unit for link in document.unit_links.all()] if units is None else units
        parts += [p.name for p in parties if not p.is_secret]
        parts += [u.name for u in units]
        parts += [f.filename for f in files]
    return " ".join(parts)


def _upsert(table: str, pk: int, text: str, *, new: bool = False) -> None:
    """Index ``text`` under ``pk``, replacing what was there (``new``: nothing was)."""
    with connection.cursor() as cursor:
        if is_postgres():
            cursor.execute(
                f"INSERT INTO {table} (id, tsv) VALUES (%s, to_tsvector('swedish', %s)) "
                "ON CONFLICT (id) DO UPDATE SET tsv = EXCLUDED.tsv",
                [pk, text],
            )
        else:
            if not new:
                cursor.execute(f"DELETE FROM {table} WHERE rowid = %s", [pk])
            cursor.execute(f"INSERT INTO {table} (rowid, stems) VALUES (%s, %s)",
                           [pk, stems(text)])


def index_case(case: Case, *, new: bool = False) -> None:
    _upsert("diary_case_fts", case.pk, case_text(case), new=new)


def index_document(document: Document, parties=None, files=None, units=None, *,
                   new: bool = False) -> None:
    _upsert("diary_document_fts", document.pk,
            document_text(document, parties, files, units), new=new)


def rebuild(progress=None) -> None:
    for case in Case.objects.iterator(chunk_size=2000):
        index_case(case)
        if progress:
            progress(1)
    for document in Document.objects.prefetch_related("parties", "files",
                                                      "unit_links__unit").iterator(
            chunk_size=2000):
        index_document(document)
        if progress:
            progress(1)


# Querying ---------------------------------------------------------------------------


def match_expression(text: str) -> str | None:
    """The backend's query for all the words of ``text`` (``word*`` is a prefix)."""
    terms = []
    for word in words(text):
        prefix = word.endswith("*")
        word = word.rstrip("*")
        if is_postgres():
            word = re.sub(r"[^\w]", "", word)
            terms.append(f"{word}:*" if prefix else word)
        else:
            terms.append(f'"{word}"*' if prefix else f'"{_stemmer.stemWord(word)}"')
    if not terms:
        return None
    return " & ".join(terms) if is_postgres() else " ".join(terms)


@dataclass
class Criteria:
    words: str = ""
    number: str = ""
    party: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    series_id: int | None = None
    classification: str = ""
    status: str = ""
    order: str = "newest"  # or "relevance"
    include_secret_parties: bool = False

    def is_empty(self) -> bool:
        return not (self.words or self.number or self.party or self.date_from or self.date_to
                    or self.series_id or self.classification or self.status)


@dataclass
class Result:
    ids: list[int]
    total: int
    more: bool = False  # total is a lower bound
    objects: list = field(default_factory=list)


COUNT_CAP = 1000


MAX_SERIAL = 2**31 - 1


def _number_condition(number: str, params: list) -> str:
    key = normalise(number)
    if not key:
        return "1 = 0"
    if key.isdigit():
        if int(key) > MAX_SERIAL:
            return "1 = 0"
        params.append(int(key))
        return "c.serial = %s"
    if is_postgres():
        params.append(key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%")
        cond = "c.number_key LIKE %s"
        if key[-1].isdigit():
            # KS13/250 finds KS13/250-133, not KS13/2501.
            params.append("^" + re.escape(key) + r"(\D|$)")
            cond += " AND c.number_key ~ %s"
        return cond
    # On SQLite, ranges on the key use its index (binary collation: byte order).
    if key[-1].isdigit():
        # KS13/250 finds KS13/250-133, not KS13/2501: the key, or the key followed by a
        # character that is not a digit. The digits '0'..'9' sit together in byte order,
        # so that is two ranges, not a REGEXP called for every row.
        params += [key, key + "0", key + ":", key + "\uffff"]
        return ("(c.number_key >= %s AND c.number_key < %s"
                " OR c.number_key >= %s AND c.number_key < %s)")
    params += [key, key + "\uffff"]
    return "c.number_key >= %s AND c.number_key < %s"


def _conditions(criteria: Criteria, *, documents: bool) -> tuple[list[str], list]:
    where, params = [], []
    if criteria.number:
        where.append(_number_condition(criteria.number, params))
    if criteria.series_id:
        where.append("c.series_id = %s")
        params.append(criteria.series_id)
    if criteria.status:
        where.append("c.status = %s")
        params.append(criteria.status)
    if criteria.classification:
        where.append("c.classification_id IN (SELECT id FROM diary_classification "
                     "WHERE code = %s OR code LIKE %s)")
        params += [criteria.classification, criteria.classification + ".%"]
    # Dates at the ends of the calendar cannot be shifted into a time zone; nothing
    # registered lies there, so they bound nothing.
    date_from = criteria.date_from if criteria.date_from and criteria.date_from.year > 1 else None
    date_to = criteria.date_to if criteria.date_to and criteria.date_to.year < 9999 else None
    date_column = "d.received_date" if documents else "c.opened_at"
    if date_from:
        where.append(f"{date_column} >= %s")
        params.append(date_from if documents else _start_of(date_from))
    if date_to:
        where.append(f"{date_column} < %s" if not documents else f"{date_column} <= %s")
        params.append(date_to if documents
                      else _start_of(date_to + datetime.timedelta(days=1)))
    if criteria.party:
        owner = "dp.document_id = d.id" if documents else "dd.case_id = c.id"
        join = "" if documents else "JOIN diary_document dd ON dd.id = dp.document_id "
        secret = "" if criteria.include_secret_parties else " AND p.secrecy_ground = ''"
        where.append(
            "EXISTS (SELECT 1 FROM diary_documentparty dp "
            f"JOIN diary_party p ON p.id = dp.party_id {join}"
            f"WHERE {owner} AND UPPER(p.name) LIKE UPPER(%s){secret})"
        )
        params.append("%" + criteria.party.replace("%", "").replace("_", "") + "%")
    return where, params


def _start_of(day: datetime.date) -> datetime.datetime:
    from django.utils import timezone

    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def search(criteria: Criteria, *, documents: bool, limit: int = 50, offset: int = 0) -> Result:
    """Ids of matching documents (or cases), newest first, with a count capped at
    COUNT_CAP."""
    where, params = _conditions(criteria, documents=documents)
    table = "diary_document_fts" if documents else "diary_case_fts"
    first, joins = (("diary_document d", " JOIN diary_case c ON c.id = d.case_id")
                    if documents else ("diary_case c", ""))
    base = first + joins
    main = "d" if documents else "c"
    expression = match_expression(criteria.words) if criteria.words else None
    if criteria.words and expression is None:
        return Result([], 0)
    if expression:
        if is_postgres():
            source = f"{table} f JOIN {first} ON {main}.id = f.id{joins}"
            where.insert(0, "f.tsv @@ to_tsquery('swedish', %s)")
            rank = "ts_rank(f.tsv, to_tsquery('swedish', %s)) DESC, f.id DESC"
            rank_params = [expression]
            newest = "f.id DESC"
        else:
            # FTS5 wants its table's own name on the left of MATCH, not an alias.
            source = f"{table} JOIN {first} ON {main}.id = {table}.rowid{joins}"
            where.insert(0, f"{table} MATCH %s")
            rank = f"{table}.rank, {table}.rowid DESC"
            rank_params = []
            newest = f"{table}.rowid DESC"
        params.insert(0, expression)
        order, order_params = (rank, rank_params) if criteria.order == "relevance" else (
            newest, [])
    else:
        source = base
        order, order_params = f"{main}.id DESC", []
    clause = (" WHERE " + " AND ".join(where)) if where else ""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {main}.id FROM {source}{clause} ORDER BY {order} LIMIT %s OFFSET %s",
            params + order_params + [limit, offset],
        )
        ids = [row[0] for row in cursor.fetchall()]
        cursor.execute(
            f"SELECT COUNT(*) FROM (SELECT 1 FROM {source}{clause} LIMIT %s) AS hits",
            params + [COUNT_CAP + 1],
        )
        total = cursor.fetchone()[0]
    return Result(ids, min(total, COUNT_CAP), more=total > COUNT_CAP)


# Bulk indexing (a diary export's batch) --------------------------------------------------

_stem_cache: dict[str, str] = {}


def _cached_stems(text: str) -> str:
    """``stems(text)``, word by word through a cache: a bulk import's texts repeat their
    words, and stemming each anew is most of the indexing time. The same result, since
    the stemmer takes each word on its own."""
    out = []
    for word in words(text):
        stem = _stem_cache.get(word)
        if stem is None:
            if len(_stem_cache) > 200_000:
                _stem_cache.clear()
            stem = _stem_cache[word] = stems(word)
        out.append(stem)
    return " ".join(out)


def _upsert_many(table: str, rows: list[tuple[int, str]]) -> None:
    """``_upsert`` for many (id, text) rows in a few statements."""
    if not rows:
        return
    with connection.cursor() as cursor:
        if is_postgres():
            cursor.execute(
                f"INSERT INTO {table} (id, tsv) SELECT i, to_tsvector('swedish', t) "
                "FROM unnest(%s::bigint[], %s::text[]) AS x(i, t) "
                "ON CONFLICT (id) DO UPDATE SET tsv = EXCLUDED.tsv",
                [[pk for pk, _t in rows], [t for _pk, t in rows]])
        else:
            cursor.execute(f"DELETE FROM {table} WHERE rowid IN "
                           f"(SELECT value FROM json_each(%s))",
                           [json.dumps([pk for pk, _t in rows])])
            cursor.executemany(f"INSERT INTO {table} (rowid, stems) VALUES (%s, %s)",
                               [(pk, _cached_stems(t)) for pk, t in rows])


def type_labels() -> dict[str, str]:
    """The document types' labels as the index holds them (the interface's language)."""
    with translation.override(settings.LANGUAGE_CODE):
        return {value: str(label) for value, label in Document.Type.choices}


def index_many(cases=(), documents=()) -> None:
    """``index_case`` for each case and ``index_document`` for each (document, parties)
    — the parties the caller holds (anything with ``name`` and ``is_secret``); the
    documents have no files or units — in bulk."""
    _upsert_many("diary_case_fts", [(c.pk, case_text(c)) for c in cases])
    labels = type_labels()
    _upsert_many("diary_document_fts", [
        (d.pk, document_text(d, parties, [], [], type_labels=labels))
        for d, parties in documents])
