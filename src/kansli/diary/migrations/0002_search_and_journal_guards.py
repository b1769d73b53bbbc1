"""The search index tables (SQLite FTS5 or PostgreSQL tsvector) and database guards that
keep the journal append-only."""

from django.db import migrations

SQLITE = [
    # Contentless would save space but cannot delete rows on SQLite < 3.43; the stems are
    # small beside the records.
    "CREATE VIRTUAL TABLE diary_case_fts USING fts5(stems, tokenize='unicode61 remove_diacritics 0')",
    "CREATE VIRTUAL TABLE diary_document_fts USING fts5(stems, tokenize='unicode61 remove_diacritics 0')",
    """CREATE TRIGGER diary_event_no_update BEFORE UPDATE ON diary_event
       BEGIN SELECT RAISE(ABORT, 'journal events are append-only'); END""",
    """CREATE TRIGGER diary_event_no_delete BEFORE DELETE ON diary_event
       BEGIN SELECT RAISE(ABORT, 'journal events are append-only'); END""",
]
SQLITE_REVERSE = [
    "DROP TABLE diary_case_fts",
    "DROP TABLE diary_document_fts",
    "DROP TRIGGER diary_event_no_update",
    "DROP TRIGGER diary_event_no_delete",
]

POSTGRES = [
    "CREATE TABLE diary_case_fts (id bigint PRIMARY KEY, tsv tsvector NOT NULL)",
    "CREATE INDEX diary_case_fts_tsv ON diary_case_fts USING gin (tsv)",
    "CREATE TABLE diary_document_fts (id bigint PRIMARY KEY, tsv tsvector NOT NULL)",
    "CREATE INDEX diary_document_fts_tsv ON diary_document_fts USING gin (tsv)",
    # Prefix search on diary numbers whatever the database's collation.
    "CREATE INDEX diary_case_number_key_like ON diary_case (number_key varchar_pattern_ops)",
    """CREATE FUNCTION diary_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN RAISE EXCEPTION 'journal events are append-only'; END $$""",
    """CREATE TRIGGER diary_event_append_only BEFORE UPDATE OR DELETE OR TRUNCATE
       ON diary_event FOR EACH STATEMENT EXECUTE FUNCTION diary_event_append_only()""",
]
POSTGRES_REVERSE = [
    "DROP TABLE diary_case_fts",
    "DROP TABLE diary_document_fts",
    "DROP INDEX diary_case_number_key_like",
    "DROP TRIGGER diary_event_append_only ON diary_event",
    "DROP FUNCTION diary_event_append_only()",
]


def run(statements):
    def apply(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        chosen = {"sqlite": statements[0], "postgresql": statements[1]}.get(vendor)
        if chosen is None:
            raise RuntimeError(f"Kansli supports SQLite and PostgreSQL, not {vendor}")
        for sql in chosen:
            schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [("diary", "0001_initial")]

    operations = [
        migrations.RunPython(run((SQLITE, POSTGRES)), run((SQLITE_REVERSE, POSTGRES_REVERSE))),
    ]
