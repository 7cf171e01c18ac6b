"""Parse what a user typed into search clauses, as plain data (no database, no SQL).

Every word becomes the same *search key* the index stores (``core.lemmas``: lemma →
diacritics folded → light Czech stem), so ``dopravě`` finds ``doprava`` and ``zelen`` finds
``zeleň``. A query is the AND of its clauses:

* a word — ``doprava`` (its English key is an alternative when it differs, so English
  documents are found too);
* a phrase in quotes — ``"veřejná doprava"`` (also „Czech quotes“): the keys must stand next
  to each other (stop words are not indexed, so they are skipped in the phrase as well);
* a prefix — ``cyklo*``: every indexed key that starts with the folded, lightly stemmed
  prefix (at least three letters).

Stop words and punctuation say nothing and are dropped; a query left with nothing is a
``QueryError`` with a message for the user. Keys consist of letters and digits only (the
tokenizer guarantees it), so nothing a user types can reach the engines' query syntax: the
backends build their MATCH / tsquery text from keys alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from core.language import CZECH, ENGLISH
from core.lemmas import czech_stem, fold, index_terms, may_be_stopword, tokenize, words

MAX_QUERY_CHARS = 300
MAX_CLAUSES = 12
MIN_PREFIX = 3

# "…" and „…“ (Czech typography) and “…”.
_PHRASE = re.compile(r'"([^"]*)"?|„([^“”"]*)[“”"]?|“([^”"]*)[”"]?')


class QueryError(ValueError):
    """The query cannot be searched; ``str(error)`` is the message for the user."""


@dataclass(frozen=True)
class Clause:
    """One condition of the query: any of ``alternatives`` must occur.

    An alternative is a tuple of keys; more than one key means a phrase (adjacent keys).
    A prefix clause has the one key ``prefix`` until the backend expands it into the
    indexed keys that start with it.
    """

    kind: str  # "term" | "phrase" | "prefix"
    text: str  # what the user typed, for messages
    alternatives: tuple[tuple[str, ...], ...] = ()
    prefix: str = ""

    @property
    def keys(self) -> set[str]:
        return {key for alternative in self.alternatives for key in alternative}


@dataclass
class ParsedQuery:
    text: str
    clauses: list[Clause] = field(default_factory=list)

    @property
    def keys(self) -> set[str]:
        """Every whole key of the query (for highlighting)."""
        return {key for clause in self.clauses for key in clause.keys}

    @property
    def prefixes(self) -> set[str]:
        return {clause.prefix for clause in self.clauses if clause.kind == "prefix"}


def _alternatives(text: str) -> tuple[tuple[str, ...], ...]:
    """Czech keys of ``text`` and, when they differ, the English ones. A phrase with a word
    that may be a stop word typed without diacritics ("musi byt" for "musí být": a stop
    word is not indexed) may also match without that word."""
    found: list[tuple[str, ...]] = []
    for lang in (CZECH, ENGLISH):
        keys = tuple(index_terms(text, lang))
        if keys and keys not in found and (lang == CZECH or found):
            found.append(keys)
    surfaces = words(text)
    if found and len(surfaces) > 1 and any(map(may_be_stopword, surfaces)):
        keys = tuple(index_terms(" ".join(w for w in surfaces if not may_be_stopword(w))))
        if keys and keys not in found:
            found.append(keys)
    return tuple(found)


def prefix_key(word: str) -> str:
    """The key a prefix is compared with: folded and, when long enough, lightly stemmed so
    that ``školy*`` still matches the stored ``skol…`` keys."""
    folded = fold(word)
    return czech_stem(folded) if len(folded) >= 4 else folded


def _word_clauses(chunk: str) -> list[Clause]:
    is_prefix = chunk.endswith("*")
    words = [surface for surface, _start, _end in tokenize(chunk)]
    if not words:
        return []
    clauses = []
    plain = words[:-1] if is_prefix else words
    for word in plain:
        alternatives = _alternatives(word)
        if alternatives:
            clauses.append(Clause("term", word, alternatives))
    if is_prefix:
        key = prefix_key(words[-1])
        if len(key) < MIN_PREFIX:
            raise QueryError(_("A prefix search needs at least %(n)d letters before the "
                               "asterisk: “%(word)s*”.") % {"n": MIN_PREFIX, "word": words[-1]})
        clauses.append(Clause("prefix", words[-1] + "*", prefix=key))
    return clauses


def parse_query(text: str) -> ParsedQuery:
    """The clauses of ``text``; raises ``QueryError`` when nothing searchable is left."""
    text = (text or "").strip()
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(_("The query is too long (at most %(n)d characters).")
                         % {"n": MAX_QUERY_CHARS})
    parsed = ParsedQuery(text)
    position = 0
    rest: list[str] = []
    for match in _PHRASE.finditer(text):
        rest.append(text[position:match.start()])
        position = match.end()
        phrase = next(group for group in match.groups() if group is not None)
        alternatives = _alternatives(phrase)
        if not alternatives:
            continue
        kind = "phrase" if len(alternatives[0]) > 1 else "term"
        parsed.clauses.append(Clause(kind, phrase.strip(), alternatives))
    rest.append(text[position:])
    for chunk in " ".join(rest).split():
        parsed.clauses.extend(_word_clauses(chunk))
    unique: dict[Clause, None] = dict.fromkeys(parsed.clauses)
    parsed.clauses = list(unique)
    if not parsed.clauses:
        if not text:
            raise QueryError(_("Enter what to search for."))
        raise QueryError(_("The query has no searchable words: very common words (such as "
                           "“a”, “v”, “na”) and punctuation are ignored."))
    if len(parsed.clauses) > MAX_CLAUSES:
        raise QueryError(_("The query has too many words (at most %(n)d).")
                         % {"n": MAX_CLAUSES})
    return parsed
