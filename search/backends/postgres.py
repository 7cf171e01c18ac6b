# ruff: noqa: S608 - SQL text is assembled from constant table and column names only;
# every value (MATCH expressions, tsquery literals, limits) is a query parameter.
"""PostgreSQL: a generated ``tsvector`` over SearchEntry with a GIN index.

``tsv`` holds the title keys (weight A) and the body keys with their positions (config
'simple': the keys are already lemmatised and folded), and, without positions, the tag
tokens and every pair of adjacent keys (``verejn__doprav``). The pairs make phrase queries
an index lookup: a positional ``<->`` match needs every row holding both words read from
the table, which for two common words is tens of thousands of rows.

Queries are ``tsquery`` literals built from keys and tags only, each single-quoted, and
passed as parameters; no user text reaches ``to_tsquery``'s syntax.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from django.db import connections, transaction

from .base import ROW_FIELDS, Match, Row, SearchBackend

TABLE = "search_searchentry"

INSTALL = [
    """CREATE OR REPLACE FUNCTION search_pairs(t text) RETURNS text[]
        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT coalesce(array_agg(DISTINCT w || '__' || n), '{}') FROM (
            SELECT w, lead(w) OVER (ORDER BY i) AS n
            FROM unnest(string_to_array(t, ' ')) WITH ORDINALITY AS u(w, i)) s
        WHERE n IS NOT NULL AND w <> '' AND n <> '' $$""",
    f"""ALTER TABLE {TABLE} ADD COLUMN IF NOT EXISTS tsv tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, title_terms), 'A')
        || to_tsvector('simple'::regconfig, terms)
        || array_to_tsvector(array_remove(string_to_array(tags, ' '), '')
                             || search_pairs(title_terms) || search_pairs(terms))
        ) STORED""",
    f"CREATE INDEX IF NOT EXISTS search_entry_tsv ON {TABLE} USING gin (tsv)",
]


def lexeme(token: str) -> str:
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


def _any(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else "(" + " | ".join(parts) + ")"


def _phrase_match(alternative: tuple[str, ...]) -> str:
    pairs = [lexeme(f"{a}__{b}") for a, b in zip(alternative, alternative[1:], strict=False)]
    if len(alternative) > 2:  # consecutive pairs, then the positions on the few rows left
        pairs.append("(" + " <-> ".join(lexeme(key) for key in alternative) + ")")
    return "(" + " & ".join(pairs) + ")"


def clause_match(clause: Sequence[tuple[str, ...]]) -> str:
    return _any([lexeme(alt[0]) if len(alt) == 1 else _phrase_match(alt) for alt in clause])


def clause_rank(clause: Sequence[tuple[str, ...]]) -> str:
    return _any(["(" + " <-> ".join(lexeme(key) for key in alt) + ")" if len(alt) > 1
                 else lexeme(alt[0]) for alt in clause])


def match_query(match: Match) -> str:
    parts = [clause_match(c) for c in match.clauses]
    parts += [_any([lexeme(t) for t in group]) for group in match.tags]
    return " & ".join(parts)


def rank_query(clauses: Sequence[Sequence[tuple[str, ...]]]) -> str:
    return " & ".join(clause_rank(c) for c in clauses)


# Filters and the facet column that holds the same values: a list of codes (" CZ031 C4 ")
# or one value ("municipal"); codes and values are lower-case letters, digits and "_"
# in the tags.
HEAP_TAG_COLUMNS = {"kraj": "kraj", "unit": "units", "area": "areas", "pillar": "pillars",
                    "level": "level"}
SINGLE_VALUED = {"level"}
# A filter on more than this share of the rows is checked on the rows the rest of the
# query finds, not in the GIN index: intersecting its posting list cost 4 ms per probe
# (a kraj with 60 % of a million entries), reading it off the found rows next to nothing.
# Below about half, the rows read to find enough that pass cost more than the list.
HEAP_TAG_SHARE = 0.5


def _heap_group(group: Sequence[str], common: dict[str, float]) -> bool:
    return (all(tag.partition("_")[0] in HEAP_TAG_COLUMNS for tag in group)
            and sum(common.get(tag, 0.0) for tag in group) > HEAP_TAG_SHARE)


def _heap_condition(group: Sequence[str]) -> tuple[str, list[str]]:
    """The tag group as a test of the facet columns (tags are lower case; codes hold
    letters and digits only, so the spaced code is unambiguous)."""
    tests, params = [], []
    for tag in group:
        name, _, value = tag.partition("_")
        if name in SINGLE_VALUED:
            tests.append(f"lower({HEAP_TAG_COLUMNS[name]}) = %s")
            params.append(value)
        else:
            tests.append(f"strpos(lower({HEAP_TAG_COLUMNS[name]}), %s) > 0")
            params.append(f" {value} ")
    return "(" + " OR ".join(tests) + ")", params


FACET_COLUMNS = ", ".join(ROW_FIELDS)



STATS_SECONDS = 600
# Estimated matches, in candidate_limits, above which tiers are probed from the top.
COMMON_MATCHES = 20
_stats_cache: dict[str, tuple[float, float, dict[str, float]]] = {}


class PostgresBackend(SearchBackend):
    vendor = "postgresql"
    install_sql = INSTALL
    ranks_common_terms_cheaply = True  # ts_rank_cd uses no corpus statistics
    # Every match counted is a row read from the table here, not an index entry.
    exact_limit = 500
    # A probe expected to match at least this share of the table reads it sequentially
    # (it finds its rows in the first pages); below, through the GIN index.
    dense_share = 0.05
    _tuned = False

    def _fetch(self, sql: str, params: Sequence) -> list[tuple]:
        with connections[self.using].cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def search(self, *args, **kwargs):
        # Every query here either reads few rows through the GIN index or is bounded by a
        # LIMIT; the planner, misled by that LIMIT, would sometimes scan the whole table
        # instead, and JIT-compiles what it believes expensive. Neither, for this read.
        connection = connections[self.using]
        if connection.in_atomic_block:  # do not change settings of the caller's transaction
            return super().search(*args, **kwargs)
        with transaction.atomic(using=self.using):
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL enable_seqscan = off; SET LOCAL jit = off")
            self._tuned = True
            try:
                return super().search(*args, **kwargs)
            finally:
                self._tuned = False

    # Every matching row is read from the table (GIN gives row addresses only), so the plan
    # avoids counting matches of common words: the planner's own statistics of the most
    # common lexemes say when a query is certainly large.

    def _lexeme_stats(self) -> tuple[float, dict[str, float]]:
        """(rows, frequency of the most common lexemes) from pg_stats after ANALYZE
        (autovacuum keeps it current); cached for a few minutes."""
        cached = _stats_cache.get(self.using)
        if cached and time.monotonic() - cached[0] < STATS_SECONDS:
            return cached[1], cached[2]
        rows = self._fetch(
            "SELECT c.reltuples, s.most_common_elems::text::text[], s.most_common_elem_freqs "
            "FROM pg_class c LEFT JOIN pg_stats s ON s.tablename = c.relname "
            "AND s.attname = 'tsv' WHERE c.relname = %s", [TABLE])
        total, elements, freqs = rows[0] if rows else (0, None, None)
        common = dict(zip(elements or [], freqs or [], strict=False))
        _stats_cache[self.using] = (time.monotonic(), max(total or 0, 0), common)
        return max(total or 0, 0), common

    def estimate(self, match: Match) -> float:
        """Matches as the planner would guess them (independent lexemes). A lexeme outside
        the most common ones counts as 0: only certainly large queries skip counting."""
        total, common = self._lexeme_stats()
        if not total or not common:
            return 0.0

        def frequency(alternative: tuple[str, ...]) -> float:
            lexeme = (f"{alternative[0]}__{alternative[1]}" if len(alternative) > 1
                      else alternative[0])
            return common.get(lexeme, 0.0)

        share = 1.0
        for clause in match.clauses:
            share *= min(1.0, sum(frequency(alternative) for alternative in clause))
        for group in match.tags:
            share *= min(1.0, sum(common.get(tag, 0.0) for tag in group))
        return total * share

    def _where(self, match: Match) -> tuple[str, list[str]]:
        """The condition for ``match`` and its parameters: the words and selective
        filters through the GIN index, filters on most rows on the rows it finds."""
        _total, common = self._lexeme_stats()
        indexed: list[tuple[str, ...]] = []
        tests, values = [], []
        for group in match.tags:
            if _heap_group(group, common):
                test, group_values = _heap_condition(group)
                tests.append(test)
                values += group_values
            else:
                indexed.append(group)
        sql = " AND ".join(["tsv @@ %s::tsquery", *tests])
        return sql, [match_query(Match(match.clauses, tuple(indexed))), *values]

    def exact(self, match: Match, limit: int) -> tuple[int, list[Row] | None]:
        if self.estimate(match) > 4 * limit:
            return limit + 1, None
        # Reading at most limit + 1 matches answers "how many" and ranks them in one go.
        where, params = self._where(match)
        sql = (f"SELECT id, ts_rank_cd(tsv, %s::tsquery, 1) AS score, {FACET_COLUMNS} "
               f"FROM (SELECT id, tsv, {FACET_COLUMNS} FROM {TABLE} WHERE {where} "
               f"LIMIT %s) m ORDER BY score DESC, id")
        rows = self._fetch(sql, [rank_query(match.clauses), *params, limit + 1])
        if len(rows) > limit:
            return limit + 1, None
        return len(rows), [Row(row[0], row[1], tuple(row[2:])) for row in rows]

    def count(self, match: Match, limit: int) -> int:
        where, params = self._where(match)
        sql = f"SELECT count(*) FROM (SELECT 1 FROM {TABLE} WHERE {where} LIMIT %s) s"
        return self._fetch(sql, [*params, limit])[0][0]

    def rank(self, match: Match, rank_clauses: Sequence[tuple], limit: int) -> list[Row]:
        where, params = self._where(match)
        sql = (f"SELECT id, ts_rank_cd(tsv, %s::tsquery, 1) AS score, {FACET_COLUMNS} "
               f"FROM {TABLE} WHERE {where} ORDER BY score DESC, id LIMIT %s")
        rows = self._fetch(sql, [rank_query(rank_clauses), *params, limit])
        return [Row(row[0], row[1], tuple(row[2:])) for row in rows]

    def candidates(self, match: Match, limit: int) -> list[Row]:
        # The row is read anyway (for its id): take what scoring and facets need with it.
        where, params = self._where(match)
        sql = (f"SELECT id, title_terms, terms, {FACET_COLUMNS} FROM {TABLE} "
               f"WHERE {where} LIMIT %s")
        total, _common = self._lexeme_stats()
        # A GIN bitmap holds every match before the LIMIT applies: for a tier of "obec"
        # that is hundreds of thousands of rows, while a sequential read stops after
        # limit / share rows.
        dense = self._tuned and total and self.estimate(match) >= self.dense_share * total
        if dense:
            self._fetch_none("SET LOCAL enable_seqscan = on")
        try:
            return [Row(row[0], 0.0, tuple(row[3:]), row[1], row[2])
                    for row in self._fetch(sql, [*params, limit])]
        finally:
            if dense:
                self._fetch_none("SET LOCAL enable_seqscan = off")

    def first_tier(self, match: Match, keys: Sequence[str]) -> int:
        # A GIN probe builds the bitmap of all its matches before LIMIT applies: for two
        # common words the middle tier has tens of thousands of rows (65 ms for "obce
        # místa" at a million passages) while the top tier alone has the 250 wanted. When
        # the statistics say the words are common, probing starts at the top and moves
        # down: every probe before the first full one is small, hence cheap.
        if self.estimate(match) >= COMMON_MATCHES * self.candidate_limit:
            return 0
        return super().first_tier(match, keys)

    def _fetch_none(self, sql: str) -> None:
        with connections[self.using].cursor() as cursor:
            cursor.execute(sql)

    def fetch(self, ids: Sequence[int]) -> list[Row]:
        if not ids:
            return []
        sql = (f"SELECT id, title_terms, terms, {FACET_COLUMNS} FROM {TABLE} "
               f"WHERE id = ANY(%s)")
        return [Row(row[0], 0.0, tuple(row[3:]), row[1], row[2])
                for row in self._fetch(sql, [list(ids)])]

    def expand_prefix(self, prefix: str, limit: int) -> list[str]:
        from search.models import SearchTerm

        # LIKE 'prefix%' through the varchar_pattern_ops index Django adds to the key.
        return list(SearchTerm.objects.using(self.using).filter(term__startswith=prefix)
                    .order_by("term").values_list("term", flat=True)[:limit])

    def optimize(self) -> None:
        with connections[self.using].cursor() as cursor:
            cursor.execute(f"ANALYZE {TABLE}")
        _stats_cache.pop(self.using, None)
