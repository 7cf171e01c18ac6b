"""The engine-specific full-text index: FTS5 + triggers on SQLite, tsvector + GIN on
PostgreSQL (statements in search.backends.sqlite / search.backends.postgres)."""

from django.db import migrations


class VendorRunSQL(migrations.RunSQL):
    """RunSQL that runs only on one database vendor."""

    def __init__(self, vendor, sql, reverse_sql):
        self.vendor = vendor
        super().__init__(sql, reverse_sql)

    def deconstruct(self):
        name, args, kwargs = super().deconstruct()
        return name, [self.vendor, self.sql, self.reverse_sql], {}

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_backwards(app_label, schema_editor, from_state, to_state)


# Frozen copies of the statements (the backends keep the current ones for repairs).
SQLITE_INSTALL = [
    'CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(\n        title_terms, terms, tags, content=\'search_searchentry\', content_rowid=\'id\',\n        tokenize="unicode61 remove_diacritics 0 tokenchars \'_\'")',
    'CREATE TRIGGER IF NOT EXISTS search_entry_ai AFTER INSERT ON search_searchentry BEGIN\n        INSERT INTO search_fts(rowid, title_terms, terms, tags)\n        VALUES (new.id, new.title_terms, new.terms, new.tags);\n    END',
    "CREATE TRIGGER IF NOT EXISTS search_entry_ad AFTER DELETE ON search_searchentry BEGIN\n        INSERT INTO search_fts(search_fts, rowid, title_terms, terms, tags)\n        VALUES ('delete', old.id, old.title_terms, old.terms, old.tags);\n    END",
    "CREATE TRIGGER IF NOT EXISTS search_entry_au AFTER UPDATE OF title_terms, terms, tags\n        ON search_searchentry BEGIN\n        INSERT INTO search_fts(search_fts, rowid, title_terms, terms, tags)\n        VALUES ('delete', old.id, old.title_terms, old.terms, old.tags);\n        INSERT INTO search_fts(rowid, title_terms, terms, tags)\n        VALUES (new.id, new.title_terms, new.terms, new.tags);\n    END",
]
SQLITE_UNINSTALL = [
    'DROP TRIGGER IF EXISTS search_entry_au',
    'DROP TRIGGER IF EXISTS search_entry_ad',
    'DROP TRIGGER IF EXISTS search_entry_ai',
    'DROP TABLE IF EXISTS search_fts',
]
PG_INSTALL = [
    "CREATE OR REPLACE FUNCTION search_pairs(t text) RETURNS text[]\n        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$\n        SELECT coalesce(array_agg(DISTINCT w || '__' || n), '{}') FROM (\n            SELECT w, lead(w) OVER (ORDER BY i) AS n\n            FROM unnest(string_to_array(t, ' ')) WITH ORDINALITY AS u(w, i)) s\n        WHERE n IS NOT NULL AND w <> '' AND n <> '' $$",
    "ALTER TABLE search_searchentry ADD COLUMN IF NOT EXISTS tsv tsvector GENERATED ALWAYS AS (\n        setweight(to_tsvector('simple'::regconfig, title_terms), 'A')\n        || to_tsvector('simple'::regconfig, terms)\n        || array_to_tsvector(array_remove(string_to_array(tags, ' '), '')\n                             || search_pairs(title_terms) || search_pairs(terms))\n        ) STORED",
    'CREATE INDEX IF NOT EXISTS search_entry_tsv ON search_searchentry USING gin (tsv)',
]
PG_UNINSTALL = [
    'DROP INDEX IF EXISTS search_entry_tsv',
    'ALTER TABLE search_searchentry DROP COLUMN IF EXISTS tsv',
    'DROP FUNCTION IF EXISTS search_pairs(text)',
]


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        VendorRunSQL("sqlite", SQLITE_INSTALL, SQLITE_UNINSTALL),
        VendorRunSQL("postgresql", PG_INSTALL, PG_UNINSTALL),
    ]
