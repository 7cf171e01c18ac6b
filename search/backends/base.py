"""What every search engine behind ``search`` does, and the plan they share.

A backend answers a few small questions about a ``Match`` (clauses AND tag groups): how
many rows match (counting stops at a limit), the best rows by the engine's own rank when
the match set is small, a bounded set of candidate rows when it is not, and which indexed
keys start with a prefix. ``SearchBackend.search`` puts them together:

1. ``exact``: count the matches, stopping at ``exact_limit`` + 1 — cheap, the engines stop
   reading posting lists once they have enough. (PostgreSQL first asks its planner
   statistics whether the query is certainly large, and otherwise counts and ranks in one
   bounded read; see ``postgres.py``.)
2. Up to ``exact_limit`` matches: the engine ranks all of them (BM25 on SQLite FTS5,
   ``ts_rank_cd`` on PostgreSQL); count and facets are exact. FTS5's bm25() reads the whole
   posting list of every phrase for its idf, so there a very common word of the query only
   filters and the rarer words rank — which is what BM25's idf does to it anyway.
3. More than that — a word in most passages ("obec", "rozvoj"), two such words, a short
   prefix — ranking every match is what makes full-text engines slow (FTS5 needs 1.9 s and
   PostgreSQL 1.9 s for "obec" over a million passages). Instead candidates are read tier
   by tier: at index time an entry gets the token ``<n>_<key>`` when ``key`` occurs at least
   *n* times in it (n in ``TIERS``) or in its title, so the entries most *about* a word come
   from short posting lists. At most ``candidate_limit`` candidates are scored in Python
   with BM25 (the same code on both engines), facets are counted over them, and the count
   is reported as a lower bound (``count_exact`` false).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import connections

from search.query import Clause

# n in "<n>_<key>": the key occurs at least n times in the entry (title occurrences count
# as TITLE_TIER). Highest first: candidates are read from the shortest posting lists.
TIERS = (12, 8, 5, 3, 2)
TITLE_TIER = 12
MAX_PREFIX_EXPANSION = 64

# BM25 as FTS5 computes it, for the candidates scored in Python.
K1, B = 1.2, 0.75
TITLE_WEIGHT = 4.0
FACET_FIELDS = ("kind", "areas", "pillars", "kraj", "level", "type", "year_from", "year_to")
# Read with the facets: the signature copies of one text share (``indexing.copy_key_of``).
ROW_FIELDS = (*FACET_FIELDS, "copy_key")


@dataclass(frozen=True)
class Match:
    """Rows that contain every clause (any of its alternatives) and, for every tag group,
    one of its tokens."""

    clauses: tuple[tuple[tuple[str, ...], ...], ...]
    tags: tuple[tuple[str, ...], ...] = ()

    def with_tags(self, *groups: tuple[str, ...]) -> Match:
        return Match(self.clauses, self.tags + tuple(groups))

    def only(self, clause: tuple[tuple[str, ...], ...]) -> Match:
        return Match((clause,))


@dataclass
class Row:
    id: int
    score: float = 0.0
    facets: tuple = ()  # values of ROW_FIELDS
    title_terms: str = ""
    terms: str | None = None  # None: not read yet

    @property
    def copy_key(self) -> str:
        """Shared by the copies of one text ("" when unknown)."""
        return self.facets[len(FACET_FIELDS)] if len(self.facets) > len(FACET_FIELDS) else ""


@dataclass
class Hits:
    count: int  # exact when count_exact, else a lower bound
    count_exact: bool
    rows: list[Row]  # best first; facets are counted over these
    facets_exact: bool
    plan: str = ""  # "exact", "tiers" or "none" (for tests and the benchmark)


def tier_token(level: int, key: str) -> str:
    return f"{level}_{key}"


class SearchBackend:
    vendor = ""
    install_sql: Sequence[str] = ()  # idempotent statements creating the index structures
    exact_limit = 1000
    candidate_limit = 250
    # True when ranking a very common word costs no more than ranking a rare one (no
    # corpus-wide statistics per query); FTS5's bm25() reads the whole posting list of
    # every phrase to get its idf, so there common words only filter.
    ranks_common_terms_cheaply = False

    def __init__(self, using: str = "default"):
        self.using = using

    # --- what an engine implements ------------------------------------------------------

    def count(self, match: Match, limit: int) -> int:
        raise NotImplementedError

    def rank(self, match: Match, rank_clauses: Sequence[tuple], limit: int) -> list[Row]:
        """All matches (at most ``limit``) with facets, best first, by the engine's rank
        computed over ``rank_clauses`` only."""
        raise NotImplementedError

    def candidates(self, match: Match, limit: int) -> list[Row]:
        """Up to ``limit`` matches in any order; rows may be bare (``terms`` None), then
        ``fetch`` fills them in."""
        raise NotImplementedError

    def fetch(self, ids: Sequence[int]) -> list[Row]:
        """Rows with facets and terms (for scoring) for ``ids``."""
        raise NotImplementedError

    def exact(self, match: Match, limit: int) -> tuple[int, list[Row] | None]:
        """(matches counted up to ``limit`` + 1, every match ranked) — or rows None when
        there are more than ``limit`` matches, or when ranking them all would read the
        posting lists of very common words."""
        total = self.count(match, limit + 1)
        if total == 0 or total > limit:
            return total, None
        single = len(match.clauses) == 1 and not match.tags
        if self.ranks_common_terms_cheaply or single:
            rank_clauses = list(match.clauses)
        else:
            rank_clauses = [c for c in match.clauses
                            if self.count(match.only(c), limit + 1) <= limit]
        if not rank_clauses:
            return total, None
        return total, self.rank(match, rank_clauses, limit)

    def expand_prefix(self, prefix: str, limit: int) -> list[str]:
        raise NotImplementedError

    def first_tier(self, match: Match, keys: Sequence[str]) -> int:
        """Index in TIERS of the first tier to probe for ``keys`` (with ``match``): the
        middle one unless the engine knows better."""
        return TIERS.index(5)

    def install(self) -> None:
        """Create the engine's index structures (idempotent)."""
        with connections[self.using].cursor() as cursor:
            for statement in self.install_sql:
                cursor.execute(statement)

    def optimize(self) -> None:
        """Compact the index after a bulk load."""

    # --- the shared plan ----------------------------------------------------------------

    def resolve(self, clauses: Sequence[Clause]) -> list[tuple[tuple[str, ...], ...]] | None:
        """Clauses as alternatives of key tuples; None when a prefix matches no key."""
        resolved = []
        for clause in clauses:
            if clause.kind == "prefix":
                keys = self.expand_prefix(clause.prefix, MAX_PREFIX_EXPANSION)
                if not keys:
                    return None
                resolved.append(tuple((key,) for key in keys))
            else:
                resolved.append(clause.alternatives)
        return resolved

    def search(self, clauses: Sequence[Clause], tags: Sequence[tuple[str, ...]] = ()) -> Hits:
        resolved = self.resolve(clauses)
        if resolved is None:
            return Hits(0, True, [], True, "none")
        match = Match(tuple(resolved), tuple(tags))
        limit = self.exact_limit
        total, rows = self.exact(match, limit)
        if total == 0:
            return Hits(0, True, [], True, "none")
        if rows is not None:
            return Hits(total, True, rows, True, "exact")
        rows = self.tiered(match)
        return Hits(max(total, len(rows)), total <= limit, rows, False, "tiers")

    def tiered(self, match: Match) -> list[Row]:
        """The best ``candidate_limit`` candidates: every row of the highest tiers that
        together stay under the limit, filled up from the next tier down.

        Tiers are cumulative (a row in tier 8 is in tiers 5, 3 and 2), so the probing starts
        in the middle and moves up while a tier is full, down while it is not."""
        keys = sorted({key for clause in match.clauses for alt in clause for key in alt})
        want = self.candidate_limit
        # "<n>_<key>" implies the key: a single clause needs no other condition.
        base = Match((), match.tags) if len(match.clauses) == 1 else match

        def probe(index: int) -> list[Row]:
            if index == len(TIERS):  # below the lowest tier: any match
                return self.candidates(match, want)
            group = tuple(tier_token(TIERS[index], key) for key in keys)
            return self.candidates(base.with_tags(group), want)

        index = self.first_tier(base, keys)
        rows = probe(index)
        full: list[Row] | None = None  # the highest full tier found so far
        if len(rows) >= want:
            while len(rows) >= want and index > 0:
                full, index = rows, index - 1
                rows = probe(index)
            found = {row.id: row for row in rows}
            for row in full or ():
                if len(found) >= want:
                    break
                found.setdefault(row.id, row)
        else:
            found = {row.id: row for row in rows}
            while len(found) < want and index < len(TIERS):
                index += 1
                for row in probe(index):
                    if len(found) >= want:
                        break
                    found.setdefault(row.id, row)
        bare = [row_id for row_id, row in found.items() if row.terms is None]
        if bare:
            found.update((row.id, row) for row in self.fetch(bare))
        rows = list(found.values())
        score_rows(rows, match.clauses)
        rows.sort(key=lambda row: (-row.score, row.id))
        return rows


def score_rows(rows: list[Row], clauses: Sequence[tuple[tuple[str, ...], ...]]) -> None:
    """BM25 over title and body keys, every clause weighing the same (they are all common
    words here, so their idf would hardly differ)."""
    if not rows:
        return
    # Counted with str.count on " key key … " (in C: it matters for hundreds of rows).
    needles = [[" " + " ".join(alt) + " " for alt in clause] for clause in clauses]
    padded = [(f" {row.title_terms} ", f" {row.terms or ''} ") for row in rows]
    lengths = [title.count(" ") * TITLE_WEIGHT + body.count(" ") for title, body in padded]
    average = (sum(lengths) / len(lengths)) or 1.0
    for row, (title, body), length in zip(rows, padded, lengths, strict=True):
        norm = K1 * (1 - B + B * length / average)
        score = 0.0
        for clause in needles:
            tf = sum(body.count(n) + TITLE_WEIGHT * title.count(n) for n in clause)
            if tf:
                score += tf * (K1 + 1) / (tf + norm)
        row.score = score
