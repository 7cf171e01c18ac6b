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

from .base import ROW_FIELDS, Match, Row, SearchBackend

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
    return " AND ".join(parts)


FACET_COLUMNS = ", ".join(f"e.{name}" for name in ROW_FIELDS)



class SqliteBackend(SearchBackend):
    vendor = "sqlite"
    install_sql = INSTALL
    # Reading up to 1,000 matched rows for exact facets cost 60-80 ms p95 at a million
    # passages; above 500 matches the bounded candidate plan is used, as on PostgreSQL.
    exact_limit = 500

    def __init__(self, using: str = "default"):
        super().__init__(using)
        # Match → its first matching ids in rowid order, and whether they are all of them.
        # Counting "more than 500?" reads the same posting lists as the tiered plan's last
        # probe ("any 250 matches"), so the ids are kept and that probe costs nothing.
        self._first_ids: dict[Match, tuple[list[int], bool]] = {}

    def _fetch(self, sql: str, params: Sequence) -> list[tuple]:
        """Rows of ``sql`` (``?`` placeholders) from the sqlite3 connection itself: through
        Django's cursor wrapper (placeholder rewriting, execute wrappers) reading 250 rows
        by id took 0.78 ms against 0.42 ms, and a search runs several such queries. Same
        connection, so transactions apply as usual."""
        connection = connections[self.using]
        connection.ensure_connection()
        database = connection.connection
        if getattr(connection, "_search_mmap", None) is not database:
            # Read the index through memory mapping rather than a read() per page.
            database.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
            connection._search_mmap = database
        return database.execute(sql, params).fetchall()

    def _ids(self, match: Match, limit: int) -> list[int]:
        known, complete = self._first_ids.get(match, ([], False))
        if complete or len(known) >= limit:
            return known[:limit]
        sql = f"SELECT rowid FROM {FTS} WHERE {FTS} MATCH ? LIMIT ?"
        ids = [row[0] for row in self._fetch(sql, [match_expr(match), limit])]
        self._first_ids[match] = (ids, len(ids) < limit)
        return ids

    def count(self, match: Match, limit: int) -> int:
        return len(self._ids(match, limit))

    def rank(self, match: Match, rank_clauses: Sequence[tuple], limit: int) -> list[Row]:
        ranked = match_expr(match, rank_clauses, with_tags=False)
        full = match_expr(match)
        params: list = [ranked]
        restrict = ""
        if full != ranked:
            # bm25() reads the whole posting list of every phrase in the MATCH for its idf;
            # common words and tags only filter, through this subquery.
            restrict = f"AND +rowid IN (SELECT rowid FROM {FTS} WHERE {FTS} MATCH ?)"
            params.append(full)
        # Ranked in the FTS index alone, the facets read afterwards by id: joining the
        # table inside the ranking query took twice as long as the two queries.
        sql = (f"SELECT rowid, -{BM25} AS score FROM {FTS} WHERE {FTS} MATCH ? {restrict} "
               f"ORDER BY score DESC, rowid LIMIT ?")
        params.append(limit)
        scored = self._fetch(sql, params)
        facets = self._facets([row_id for row_id, _score in scored])
        return [Row(row_id, score, facets[row_id]) for row_id, score in scored
                if row_id in facets]

    def _facets(self, ids: Sequence[int]) -> dict[int, tuple]:
        if not ids:
            return {}
        marks = ", ".join("?" * len(ids))
        sql = f"SELECT e.id, {FACET_COLUMNS} FROM {TABLE} e WHERE e.id IN ({marks})"
        return {row[0]: tuple(row[1:]) for row in self._fetch(sql, list(ids))}

    def candidates(self, match: Match, limit: int) -> list[Row]:
        # Ids only: FTS5 answers from its index; the rows are read once, for the union.
        return [Row(row_id) for row_id in self._ids(match, limit)]

    def fetch(self, ids: Sequence[int]) -> list[Row]:
        if not ids:
            return []
        marks = ", ".join("?" * len(ids))
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

    def optimize(self) -> None:
        with connections[self.using].cursor() as cursor:
            cursor.execute(f"INSERT INTO {FTS}({FTS}) VALUES ('optimize')")
