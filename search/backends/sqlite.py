# ruff: noqa: S608 - SQL text is assembled from constant table and column names only;
# every value (MATCH expressions, tsquery literals, limits) is a query parameter.
"""SQLite: an FTS5 table over SearchEntry (external content), kept in sync by triggers.

The tokenizer keeps ``_`` inside tokens so that tag tokens (``area_c4``, ``5_obec``) stay
whole; search keys never contain ``_``. MATCH expressions are built from keys and tags
only, each one double-quoted, so user text never reaches FTS5's query syntax.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connections

from .base import FACET_FIELDS, Match, Row, SearchBackend

TABLE = "search_searchentry"
FTS = "search_fts"
# Column weights for bm25(): title_terms, terms, tags (tags never score).
BM25 = f"bm25({FTS}, 4.0, 1.0, 0.0)"
MMAP_BYTES = 1 << 30

INSTALL = [
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS {FTS} USING fts5(
        title_terms, terms, tags, content='{TABLE}', content_rowid='id',
        tokenize="unicode61 remove_diacritics 0 tokenchars '_'")""",
    f"""CREATE TRIGGER IF NOT EXISTS search_entry_ai AFTER INSERT ON {TABLE} BEGIN
        INSERT INTO {FTS}(rowid, title_terms, terms, tags)
        VALUES (new.id, new.title_terms, new.terms, new.tags);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS search_entry_ad AFTER DELETE ON {TABLE} BEGIN
        INSERT INTO {FTS}({FTS}, rowid, title_terms, terms, tags)
        VALUES ('delete', old.id, old.title_terms, old.terms, old.tags);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS search_entry_au AFTER UPDATE OF title_terms, terms, tags
        ON {TABLE} BEGIN
        INSERT INTO {FTS}({FTS}, rowid, title_terms, terms, tags)
        VALUES ('delete', old.id, old.title_terms, old.terms, old.tags);
        INSERT INTO {FTS}(rowid, title_terms, terms, tags)
        VALUES (new.id, new.title_terms, new.terms, new.tags);
    END""",
]
UNINSTALL = [
    "DROP TRIGGER IF EXISTS search_entry_au",
    "DROP TRIGGER IF EXISTS search_entry_ad",
    "DROP TRIGGER IF EXISTS search_entry_ai",
    f"DROP TABLE IF EXISTS {FTS}",
]


def quote(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def clause_expr(clause: Sequence[tuple[str, ...]]) -> str:
    alternatives = " OR ".join(quote(" ".join(alt)) for alt in clause)
    return "{title_terms terms} : (" + alternatives + ")"


def match_expr(match: Match, clauses: Sequence[Sequence[tuple[str, ...]]] | None = None,
               with_tags: bool = True) -> str:
    parts = [clause_expr(c) for c in (match.clauses if clauses is None else clauses)]
    if with_tags:
        parts += ["tags : (" + " OR ".join(quote(t) for t in group) + ")"
                  for group in match.tags]
    expression = " AND ".join(parts)
    if with_tags and match.public_only:
        expression = f"({expression}) NOT tags : {quote('priv')}"
    return expression


FACET_COLUMNS = ", ".join(f"e.{name}" for name in FACET_FIELDS)



class SqliteBackend(SearchBackend):
    vendor = "sqlite"
    # Reading up to 1,000 matched rows for exact facets cost 60-80 ms p95 at a million
    # passages; above 500 matches the bounded candidate plan is used, as on PostgreSQL.
    exact_limit = 500

    def _fetch(self, sql: str, params: Sequence) -> list[tuple]:
        connection = connections[self.using]
        with connection.cursor() as cursor:
            if getattr(connection, "_search_mmap", None) is not connection.connection:
                # Read the index through memory mapping rather than a read() per page.
                cursor.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
                connection._search_mmap = connection.connection
            cursor.execute(sql, params)
            return cursor.fetchall()

    def count(self, match: Match, limit: int) -> int:
        sql = (f"SELECT count(*) FROM (SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s "
               f"LIMIT %s)")
        return self._fetch(sql, [match_expr(match), limit])[0][0]

    def rank(self, match: Match, rank_clauses: Sequence[tuple], limit: int) -> list[Row]:
        ranked = match_expr(match, rank_clauses, with_tags=False)
        full = match_expr(match)
        params: list = [ranked]
        restrict = ""
        if full != ranked:
            # bm25() reads the whole posting list of every phrase in the MATCH for its idf;
            # common words and tags only filter, through this subquery.
            restrict = f"AND +{FTS}.rowid IN (SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s)"
            params.append(full)
        sql = (f"SELECT e.id, -{BM25} AS score, {FACET_COLUMNS} FROM {FTS} "
               f"JOIN {TABLE} e ON e.id = {FTS}.rowid WHERE {FTS} MATCH %s {restrict} "
               f"ORDER BY score DESC, e.id LIMIT %s")
        params.append(limit)
        return [Row(row[0], row[1], tuple(row[2:])) for row in self._fetch(sql, params)]

    def candidates(self, match: Match, limit: int) -> list[Row]:
        # Ids only: FTS5 answers from its index; the rows are read once, for the union.
        sql = f"SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s LIMIT %s"
        return [Row(row[0]) for row in self._fetch(sql, [match_expr(match), limit])]

    def fetch(self, ids: Sequence[int]) -> list[Row]:
        if not ids:
            return []
        marks = ", ".join(["%s"] * len(ids))
        sql = (f"SELECT e.id, e.title_terms, e.terms, {FACET_COLUMNS} FROM {TABLE} e "
               f"WHERE e.id IN ({marks})")
        return [Row(row[0], 0.0, tuple(row[3:]), row[1], row[2])
                for row in self._fetch(sql, list(ids))]

    def expand_prefix(self, prefix: str, limit: int) -> list[str]:
        from search.models import SearchTerm

        upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
        return list(SearchTerm.objects.using(self.using)
                    .filter(term__gte=prefix, term__lt=upper)
                    .order_by("term").values_list("term", flat=True)[:limit])

    def install(self) -> None:
        with connections[self.using].cursor() as cursor:
            for statement in INSTALL:
                cursor.execute(statement)

    def rebuild(self) -> None:
        """Re-read the whole FTS index from the entries (after a repair)."""
        with connections[self.using].cursor() as cursor:
            cursor.execute(f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')")

    def optimize(self) -> None:
        with connections[self.using].cursor() as cursor:
            cursor.execute(f"INSERT INTO {FTS}({FTS}) VALUES ('optimize')")
