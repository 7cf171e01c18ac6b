"""Explainable classification of passages into the 16 key areas of the Smart Cities Concept.

Two parts work together:

* a curated lexicon (``data/lexicon.json``) of Czech and English terms per area, matched
  through search keys so that inflected forms count;
* a learned linear model: one logistic regression per area ("one vs rest") over word
  features (search keys) plus one "lexicon hits for this area" feature per area, trained by
  stochastic gradient descent in pure Python.

A passage may belong to several areas (each area's probability is independent); when no
area reaches the threshold the answer is ``NONE``. Because the model is linear, the terms
that raised an area's score can be listed exactly: those are the ``terms`` shown to the
user. Editors' corrections become new ``Example``s; ``train`` on the old examples plus the
corrections gives the next model.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain, compress
from pathlib import Path

import numpy as np

from core.language import CZECH, ENGLISH, detect_language_words
from core.lemmas import (
    WordInfo,
    content_words,
    index_terms,
    keys_of,
    word_infos,
    words,
)

DATA_DIR = Path(__file__).resolve().parent / "data"
LEXICON_PATH = DATA_DIR / "lexicon.json"
MODEL_PATH = DATA_DIR / "model.json"

NONE = "NONE"
PILLARS: dict[str, tuple[str, ...]] = {
    "ZPO": ("ZPO1", "ZPO2", "ZPO3", "ZPO4"),
    "A": ("A1", "A2", "A3", "A4"),
    "B": ("B1", "B2", "B3", "B4"),
    "C": ("C1", "C2", "C3", "C4"),
}
AREA_CODES: tuple[str, ...] = tuple(code for codes in PILLARS.values() for code in codes)
PILLAR_OF_AREA = {code: pillar for pillar, codes in PILLARS.items() for code in codes}

DEFAULT_THRESHOLD = 0.35
MAX_AREAS = 3
# An area below the threshold is still shown as a hint from this score up.
HINT_SCORE = 0.2
LEXICON_FEATURE = "lex:"
WORD_FEATURE = "w:"
TERM_FEATURE = "t:"
# The first letters of a long search key: one feature for a family of compounds and
# derivations ("cyklostezka", "cyklotrasa", "cyklodoprava" share "p:cyklo").
PREFIX_FEATURE = "p:"
# Two content words in a row ("w:dest w:vod" as "b:dest vod"): "dešťová voda" is C3 even
# where "voda" alone is not.
PAIR_FEATURE = "b:"
# Starting weights that encode the curated lexicon as a prior (see ``train``).
LEXICON_PRIOR = 1.5
TERM_PRIOR = 1.0
PRUNE_BELOW = 0.02
# Where training starts each area's bias, and how strongly it keeps it there.
START_BIAS = -2.0
BIAS_PRIOR = 1.0


@dataclass
class AreaScore:
    """One area's score (0..1) for a text and the terms that raised it most."""

    code: str
    score: float
    terms: list[str] = field(default_factory=list)


@dataclass
class Example:
    """A labelled passage; ``labels`` are area codes, or ``["NONE"]`` / ``[]`` for none."""

    text: str
    labels: list[str]

    @property
    def areas(self) -> set[str]:
        return {label for label in self.labels if label != NONE}


# --------------------------------------------------------------------------- lexicon


class Lexicon:
    """Area terms compiled to sequences of search keys for fast matching."""

    def __init__(self, areas: dict[str, dict[str, list[str]]], note: str = "", version: int = 1):
        self.areas = areas
        self.note = note
        self.version = version
        # first key → [(keys, area, term, identity)] for each language; the identity is
        # the term's keys joined by spaces ("cyklostezka" and "cyklostezky" share it).
        self._index: dict[str, dict[str, list[tuple[tuple[str, ...], str, str, str]]]] = {
            CZECH: defaultdict(list),
            ENGLISH: defaultdict(list),
        }
        for area, by_language in areas.items():
            for language, terms in by_language.items():
                lang = ENGLISH if language == ENGLISH else CZECH
                for term in terms:
                    keys = tuple(_content_keys(term, lang))
                    if keys:
                        self._index[lang][keys[0]].append((keys, area, term, " ".join(keys)))
        # For matching: first key → (hits of its one-key terms, second keys of its longer
        # terms, all its entries). Where the next key is none of those second keys, only
        # the one-key terms can match, and their hits are ready-made.
        self._starts: dict[
            str,
            dict[
                str,
                tuple[
                    list[tuple[str, str, str]],
                    frozenset[str],
                    list[tuple[tuple[str, ...], str, str, str]],
                ],
            ],
        ] = {
            lang: {
                key: (
                    [
                        (area, term, identity)
                        for keys, area, term, identity in entries
                        if len(keys) == 1
                    ],
                    frozenset(
                        keys[1] for keys, _area, _term, _identity in entries if len(keys) > 1
                    ),
                    entries,
                )
                for key, entries in index.items()
            }
            for lang, index in self._index.items()
        }

    @classmethod
    def load(cls, path: Path = LEXICON_PATH) -> Lexicon:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return cls.from_dict(raw)

    @classmethod
    def from_dict(cls, raw: dict) -> Lexicon:
        return cls(raw["areas"], raw.get("note", ""), raw.get("version", 1))

    def to_dict(self) -> dict:
        return {"note": self.note, "version": self.version, "areas": self.areas}

    def matches(self, keys: list[str], lang: str) -> list[tuple[str, str]]:
        """(area, term) for every lexicon term found in the key sequence, longest first."""
        return [(area, term) for area, term, _identity in self._hits(keys, lang)]

    def _hits(self, keys: list[str], lang: str) -> Iterator[tuple[str, str, str]]:
        """(area, term, identity) for every term found, as ``matches``."""
        starts_at = list(map(self._starts[lang].get, keys))
        last = len(keys) - 1
        for position in compress(range(len(keys)), starts_at):
            start = starts_at[position]
            assert start is not None
            single_hits, second_keys, entries = start
            if position == last or keys[position + 1] not in second_keys:
                yield from single_hits
                continue
            for term_keys, area, term, identity in entries:
                if len(term_keys) == 1 or (
                    tuple(keys[position : position + len(term_keys)]) == term_keys
                ):
                    yield area, term, identity


@lru_cache(maxsize=4)
def _cached_lexicon(path: str) -> Lexicon:
    return Lexicon.load(Path(path))


def default_lexicon() -> Lexicon:
    return _cached_lexicon(str(LEXICON_PATH))


def _content_keys(text: str, lang: str) -> list[str]:
    return index_terms(text, lang)


# -------------------------------------------------------------------------- features


@dataclass(frozen=True)
class FeatureOptions:
    """Which features besides words and lexicon terms a model reads (stored with it)."""

    prefix: int = 0  # length of the key prefix feature; 0: none
    pairs: bool = False  # features for two content words in a row

    def to_dict(self) -> dict:
        return {"prefix": self.prefix, "pairs": self.pairs}

    @classmethod
    def from_dict(cls, raw: dict | None) -> FeatureOptions:
        raw = raw or {}
        return cls(prefix=int(raw.get("prefix", 0)), pairs=bool(raw.get("pairs", False)))


WORDS_ONLY = FeatureOptions()


def extract_features(
    text: str,
    lexicon: Lexicon,
    lang: str | None = None,
    options: FeatureOptions = WORDS_ONLY,
) -> dict[str, float]:
    """Feature values of ``text`` (what training learns from)."""
    surfaces = words(text)
    lang = lang or detect_language_words(text, surfaces)
    return features_of(word_infos(surfaces, lang), lexicon, lang, options)


def _word_feature(key: str) -> str:
    if len(key) < 3 and not any(char.isdigit() for char in key):
        return ""
    if key.isdigit():
        return ""  # years and amounts say nothing about the area
    return WORD_FEATURE + key


def _prefix_features(keys: list[str], length: int) -> Iterator[str]:
    """``p:<first letters>`` of each key at least two letters longer than ``length``."""
    if length:
        for key in keys:
            if len(key) >= length + 2 and key.isalpha():
                yield PREFIX_FEATURE + key[:length]


def _pair_features(keys: list[str]) -> Iterator[str]:
    """``b:<key> <key>`` of each two neighbouring content words (no numbers)."""
    for first, second in zip(keys, keys[1:], strict=False):
        if len(first) >= 3 and len(second) >= 3 and first.isalpha() and second.isalpha():
            yield f"{PAIR_FEATURE}{first} {second}"


def _lexicon_hits(keys: list[str], lexicon: Lexicon, lang: str) -> dict[str, dict[str, str]]:
    """Area → {term identity: the first term found with it} for the lexicon terms in
    ``keys``; "cyklostezka" and "cyklostezky" are one term once inflection is folded away."""
    hits: dict[str, dict[str, str]] = {}
    for area, term, identity in lexicon._hits(keys, lang):
        terms = hits.get(area)
        if terms is None:
            hits[area] = {identity: term}
        elif identity not in terms:
            terms[identity] = term
    return hits


def features_of(
    infos: list[WordInfo],
    lexicon: Lexicon,
    lang: str,
    options: FeatureOptions = WORDS_ONLY,
) -> dict[str, float]:
    """Feature values of a text from the ``word_infos`` of its words (in language ``lang``):
    1.0 for each distinct content word (``w:<key>``), each key prefix and each pair of
    neighbouring words when ``options`` ask for them, each lexicon term found
    (``t:<area>:<term keys>``), and per area with lexicon hits ``lex:<area>`` growing with
    the number of its distinct terms."""
    keys = keys_of(content_words(infos))
    values: dict[str, float] = dict.fromkeys(filter(None, map(_word_feature, keys)), 1.0)
    values.update(dict.fromkeys(_prefix_features(keys, options.prefix), 1.0))
    if options.pairs:
        values.update(dict.fromkeys(_pair_features(keys), 1.0))
    for area, terms in _lexicon_hits(keys, lexicon, lang).items():
        # Diminishing returns: the fifth term of an area adds less than the second.
        values[LEXICON_FEATURE + area] = math.log2(1 + len(terms))
        for identity in terms:
            # Each term also has its own weight, so training can tell a decisive term
            # ("dětská skupina") from a common one ("škola") of the same area.
            values[f"{TERM_FEATURE}{area}:{identity}"] = 1.0
    return values


def term_feature_name(area: str, term: str, lang: str = CZECH) -> str:
    return f"{TERM_FEATURE}{area}:{' '.join(_content_keys(term, lang))}"


# ----------------------------------------------------------------------------- model


def _sigmoids(values: np.ndarray) -> np.ndarray:
    """``_sigmoid`` of each value, without overflow for large negative ones."""
    exp = np.exp(-np.abs(values))
    return np.where(values >= 0, 1 / (1 + exp), exp / (1 + exp))


def _sigmoid(value: float) -> float:
    if value >= 0:
        return 1 / (1 + math.exp(-value))
    exp = math.exp(value)
    return exp / (1 + exp)


class _KeyRows(dict[str, tuple[int, ...]]):
    """Search key → the rows a word with that key switches on, computed on first use."""

    def __init__(self, scorer: _Scorer, prefix: int) -> None:
        super().__init__()
        self.scorer = scorer
        self.prefix = prefix

    def __missing__(self, key: str) -> tuple[int, ...]:
        rows = self[key] = self.scorer.rows_of_key(key, self.prefix)
        return rows


def _kind_of(name: str) -> tuple[str, str]:
    """(kind, rest) of a feature name: "w:vod" → ("w:", "vod")."""
    for kind in (WORD_FEATURE, PREFIX_FEATURE, PAIR_FEATURE, LEXICON_FEATURE, TERM_FEATURE):
        if name.startswith(kind):
            return kind, name[len(kind) :]
    return "", name


class _Scorer:
    """A model compiled for classifying: its weights as one matrix (a row per feature in
    name order, a column per area; row 0 holds the biases) and lookups from a passage's
    words, prefixes, word pairs and lexicon terms to rows.

    Scoring a passage is then one gather and one vector-matrix product over its rows
    instead of a dictionary lookup per feature and area: before, the classifier took a
    fifth of the ingest pipeline's time (``bench/ingest.py``).
    """

    def __init__(self, model: Model) -> None:
        columns = [model.weights.get(area, {}) for area in AREA_CODES]
        names = sorted({feature for column in columns for feature in column})
        self.names = ["", *names]
        row_of = {name: row for row, name in enumerate(self.names)}
        matrix = np.zeros((len(self.names), len(AREA_CODES)))
        matrix[0] = [model.bias.get(area, 0.0) for area in AREA_CODES]
        for column, weights in enumerate(columns):
            for feature, weight in weights.items():
                matrix[row_of[feature], column] = weight
        self.matrix = matrix
        # A word's search key → the row of its word feature (keys without one are absent);
        # likewise for prefixes (without "p:") and word pairs (without "b:").
        self.word_rows = self._rows(row_of, WORD_FEATURE)
        self.prefix_rows = self._rows(row_of, PREFIX_FEATURE)
        self.pair_rows = self._rows(row_of, PAIR_FEATURE)
        self.term_rows = {
            name: row for name, row in row_of.items() if name.startswith(TERM_FEATURE)
        }
        self.lexicon_rows = {area: row_of.get(LEXICON_FEATURE + area) for area in AREA_CODES}
        self.key_rows = _KeyRows(self, model.options.prefix)
        # Each row's kind and name without its kind's prefix, for ``Model._shown``.
        self.kinds: list[tuple[str, str]] = [("", "")] + [
            _kind_of(name) for name in self.names[1:]
        ]

    def rows_of_key(self, key: str, prefix: int) -> tuple[int, ...]:
        """The rows a content word with this search key switches on: its word feature
        and its prefix feature (see ``features_of``)."""
        rows = []
        row = self.word_rows.get(key)
        if row:
            rows.append(row)
        if len(key) >= prefix + 2 and key.isalpha():
            row = self.prefix_rows.get(key[:prefix])
            if row:
                rows.append(row)
        return tuple(rows)

    @staticmethod
    def _rows(row_of: dict[str, int], prefix: str) -> dict[str, int]:
        return {
            name[len(prefix) :]: row for name, row in row_of.items() if name.startswith(prefix)
        }


@dataclass
class Scored:
    """One text scored by ``Model.score``: each area's probability, and what
    ``Model.explain`` needs to tell which features raised it."""

    probabilities: dict[str, float]
    rows: np.ndarray  # the model rows of the text's features; row 0 is the bias
    values: np.ndarray  # the value of each of those features
    weights: np.ndarray  # their weights, ``matrix[rows]``
    hits: dict[str, dict[str, str]]  # ``_lexicon_hits``
    keys: list[str]  # search keys of the content words, in order
    content: list[WordInfo]
    _first: dict[str, int] | None = field(default=None, repr=False, compare=False)
    _shown_terms: dict[str, str] = field(default_factory=dict, repr=False, compare=False)

    def first_position(self, key: str) -> int:
        """Where the first content word with this search key stands."""
        if self._first is None:
            first: dict[str, int] = {}
            for position, each in enumerate(self.keys):
                first.setdefault(each, position)
            self._first = first
        return self._first[key]


@dataclass
class Model:
    """One logistic regression per area over sparse features.

    ``weights`` must not be changed once the model has scored a text: scoring uses a
    compiled copy of them (``_Scorer``), built on first use.
    """

    lexicon: Lexicon
    weights: dict[str, dict[str, float]]
    bias: dict[str, float]
    threshold: float = DEFAULT_THRESHOLD
    trained_on: int = 0
    options: FeatureOptions = WORDS_ONLY
    _scorer: _Scorer | None = field(default=None, init=False, repr=False, compare=False)

    def _compiled(self) -> _Scorer:
        if self._scorer is None:
            self._scorer = _Scorer(self)
        return self._scorer

    def score(self, infos: list[WordInfo], lang: str) -> Scored:
        """Each area's probability for a text given the ``word_infos`` of its words: the
        sigmoid of its bias plus weight x value of every feature of ``features_of``
        that the model knows."""
        scorer = self._compiled()
        content = content_words(infos)
        keys = keys_of(content)
        # The bias (row 0) first, then each word once however often it is repeated (its
        # feature value is 1.0).
        if self.options.prefix:
            # Each key's rows (its word's and its prefix's), memoised per model.
            rows = dict.fromkeys(
                chain((0,), chain.from_iterable(map(scorer.key_rows.__getitem__, keys))), 1.0)
        else:
            rows = dict.fromkeys(
                chain((0,), filter(None, map(scorer.word_rows.get, keys))), 1.0)
        if self.options.pairs:
            pair_rows = scorer.pair_rows
            for first, second in zip(keys, keys[1:], strict=False):
                row = pair_rows.get(f"{first} {second}")
                if row is not None:
                    rows[row] = 1.0
        hits = _lexicon_hits(keys, self.lexicon, lang)
        term_rows = scorer.term_rows
        for area, terms in hits.items():
            row = scorer.lexicon_rows[area]
            if row is not None:
                # Diminishing returns: the fifth term of an area adds less than the second.
                rows[row] = math.log2(1 + len(terms))
            for identity in terms:
                row = term_rows.get(f"{TERM_FEATURE}{area}:{identity}")
                if row is not None:
                    rows[row] = 1.0
        row_array = np.fromiter(rows, dtype=np.intp, count=len(rows))
        values = np.fromiter(rows.values(), dtype=float, count=len(rows))
        weights = scorer.matrix[row_array]
        probabilities = dict(zip(AREA_CODES, _sigmoids(values @ weights).tolist(), strict=True))
        return Scored(probabilities, row_array, values, weights, hits, keys, content)

    def explain(self, area: str, scored: Scored, limit: int = 6) -> list[str]:
        """Words of the text whose features pushed ``area``'s score up the most, strongest
        first: the lemma of a word, of the words of a word pair or of a lexicon term as
        they stand in the text (all of an area's terms for its lexicon feature); of equal
        contributions, the feature whose name sorts last. Key prefixes are not shown on
        their own: they only strengthen the words they start."""
        contributions = scored.weights[:, AREA_CODES.index(area)] * scored.values
        contributions[0] = 0.0  # the bias (row 0, first) explains nothing
        # Only the features that raised the score, strongest first. Rows are numbered in
        # feature-name order, so (contribution, row) descending is (contribution, name)
        # descending.
        positive = np.flatnonzero(contributions > 0)
        rows = scored.rows[positive]
        order = np.lexsort((-rows, -contributions[positive]))
        kinds = self._compiled().kinds
        terms: list[str] = []
        for row in rows[order].tolist():
            kind = kinds[row]
            if kind[0] == WORD_FEATURE:  # the most frequent kind, without a generator
                shown: Iterable[str] = (_lemma_of(scored, kind[1]),)
            elif kind[0] == PREFIX_FEATURE:
                # A prefix strengthens the words it starts; those words' own features are
                # what is shown (the same word twice would say nothing more).
                continue
            else:
                shown = self._shown(kind, scored)
            for term in shown:
                if term not in terms:
                    terms.append(term)
                    if len(terms) >= limit:
                        return terms
        return terms

    @staticmethod
    def _shown(kind: tuple[str, str], scored: Scored) -> Iterator[str]:
        """The display terms of a feature, lazily (``explain`` stops at its limit)."""
        what, rest = kind
        if what == WORD_FEATURE:
            yield _lemma_of(scored, rest)
        elif what == PAIR_FEATURE:
            yield _span_text(scored, tuple(rest.split(" ")))
        elif what == LEXICON_FEATURE:
            for identity, term in scored.hits[rest].items():
                yield _term_in_text(scored, identity, term)
        else:
            area, identity = rest.split(":", 1)
            yield _term_in_text(scored, identity, scored.hits[area][identity])

    def areas(self, scored: Scored, max_areas: int = MAX_AREAS) -> list[AreaScore]:
        """The areas of a scored text, best first (see ``classify``)."""
        probabilities = scored.probabilities
        # Only areas of at least HINT_SCORE can be shown, so only they are ranked.
        ranked = sorted(
            ((area, score) for area, score in probabilities.items() if score >= HINT_SCORE),
            key=lambda item: (-item[1], item[0]),
        )
        chosen = [(area, score) for area, score in ranked if score >= self.threshold][:max_areas]
        if chosen:
            return [
                AreaScore(area, round(score, 3), self.explain(area, scored))
                for area, score in chosen
            ]
        result = [AreaScore(NONE, round(1 - max(probabilities.values()), 3), [])]
        for area, score in ranked[:2]:
            result.append(AreaScore(area, round(score, 3), self.explain(area, scored)))
        return result

    def to_dict(self) -> dict:
        raw = {
            "format": "mining.classify.Model/1",
            "threshold": self.threshold,
            "trained_on": self.trained_on,
            "bias": {area: round(value, 5) for area, value in self.bias.items()},
            "weights": {
                area: {
                    feature: round(weight, 5)
                    for feature, weight in sorted(features.items())
                    if abs(weight) >= PRUNE_BELOW
                }
                for area, features in self.weights.items()
            },
            "lexicon": self.lexicon.to_dict(),
        }
        if self.options != WORDS_ONLY:
            raw["features"] = self.options.to_dict()
        return raw

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=None, sort_keys=True)

    @classmethod
    def from_dict(cls, raw: dict) -> Model:
        return cls(
            lexicon=Lexicon.from_dict(raw["lexicon"]),
            weights={area: dict(values) for area, values in raw["weights"].items()},
            bias=dict(raw["bias"]),
            threshold=raw.get("threshold", DEFAULT_THRESHOLD),
            trained_on=raw.get("trained_on", 0),
            options=FeatureOptions.from_dict(raw.get("features")),
        )

    @classmethod
    def from_json(cls, text: str) -> Model:
        return cls.from_dict(json.loads(text))


def _lemma_of(scored: Scored, key: str) -> str:
    """The lemma of the first content word of the text with this search key."""
    return scored.content[scored.first_position(key)].lemma


def _span_text(scored: Scored, keys: tuple[str, ...]) -> str:
    """The words of the text at the first place where the keys follow each other, as a
    person reads them: adjectives agreeing with their noun ("dešťová voda")."""
    length = len(keys)
    for start in range(len(scored.keys) - length + 1):
        if tuple(scored.keys[start : start + length]) == keys:
            return " ".join(info.lemma for info in scored.content[start : start + length])
    return " ".join(keys)


def _term_in_text(scored: Scored, identity: str, term: str) -> str:
    """A lexicon term as the text has it. Usually the term itself ("dešťová voda"); but
    where a one-word term only shares its search key with a different word of the text
    ("vodík" and "voda" are both "vod"), the text's word, so that the reason shown is a
    word the passage really uses."""
    if " " in identity:
        return term
    shown = scored._shown_terms.get(identity)
    if shown is None:
        shown = scored._shown_terms[identity] = _display_term(_lemma_of(scored, identity), term)
    return shown


@lru_cache(maxsize=65536)
def _display_term(text_lemma: str, term: str) -> str:
    """``term`` when the text's word is the term's word, else the text's word."""
    if text_lemma.casefold() == term.casefold() or _same_word(text_lemma, term):
        return term
    return text_lemma


def _same_word(text_lemma: str, term: str) -> bool:
    """The text's word and the term are one word, inflection aside: one is a prefix of
    the other once the last two letters (the ending) are dropped."""
    first, second = text_lemma.casefold(), term.casefold()
    stem = min(len(first), len(second)) - 2
    return stem >= 3 and first[:stem] == second[:stem] and abs(len(first) - len(second)) <= 3


# ---------------------------------------------------------------------------- training


def _initial_weights(lexicon: Lexicon, lexicon_prior: float,
                     term_prior: float) -> dict[str, dict[str, float]]:
    """The curated lexicon as starting weights: every area's lexicon feature and each of
    its terms count for the area before any training."""
    weights: dict[str, dict[str, float]] = {
        area: {LEXICON_FEATURE + area: lexicon_prior} for area in AREA_CODES
    }
    for area, by_language in lexicon.areas.items():
        for language, terms in by_language.items():
            lang = ENGLISH if language == ENGLISH else CZECH
            for term in terms:
                weights[area][term_feature_name(area, term, lang)] = term_prior
    return weights


def train(
    examples: list[Example],
    *,
    lexicon: Lexicon | None = None,
    epochs: int = 250,
    learning_rate: float = 0.1,
    l2: float = 5.0,
    positive_weight: float = 2.0,
    lexicon_prior: float = LEXICON_PRIOR,
    term_prior: float = TERM_PRIOR,
    seed: int = 13,
    threshold: float = DEFAULT_THRESHOLD,
    options: FeatureOptions = WORDS_ONLY,
    min_count: int = 1,
) -> Model:
    """Fit one logistic regression per area; deterministic.

    Full-batch gradient descent (Adam steps, ``epochs`` of them) on the summed weighted
    log loss with a penalty ``l2``/2 x |weights - prior|² that pulls each weight towards
    its **prior** (and each bias, more weakly, towards -2): the curated lexicon's features
    start from positive weights and stay near them unless the data says otherwise, so an
    area or a term with few training examples still counts, training lowers the weight of
    terms that mislead, and a handful of examples (an editor's corrections) moves the
    model a little, many examples a lot. Each area is rare, so its positive
    examples weigh ``positive_weight`` times more. Features seen in fewer than
    ``min_count`` examples (other than lexicon ones) are not learnt. ``seed`` is kept for
    compatibility: the fit does not depend on the order of the examples.
    """
    del seed
    lexicon = lexicon or default_lexicon()
    prepared = [extract_features(example.text, lexicon, options=options)
                for example in examples]
    prior = _initial_weights(lexicon, lexicon_prior, term_prior)
    counts: dict[str, int] = defaultdict(int)
    for values in prepared:
        for name in values:
            counts[name] += 1
    prior_names = {name for weights in prior.values() for name in weights}
    names = sorted(name for name, count in counts.items()
                   if count >= min_count or name in prior_names)
    column = {name: index for index, name in enumerate(names)}
    matrix = np.zeros((len(prepared), len(names)))
    for row, values in enumerate(prepared):
        for name, value in values.items():
            index = column.get(name)
            if index is not None:
                matrix[row, index] = value
    targets = np.array([[1.0 if area in example.areas else 0.0 for area in AREA_CODES]
                        for example in examples]).reshape(len(examples), len(AREA_CODES))
    start = np.zeros((len(names), len(AREA_CODES)))
    for area_index, area in enumerate(AREA_CODES):
        for name, weight in prior[area].items():
            index = column.get(name)
            if index is not None:
                start[index, area_index] = weight
    fitted, bias = _fit(matrix, targets, start, epochs=epochs, learning_rate=learning_rate,
                        l2=l2, positive_weight=positive_weight)
    weights: dict[str, dict[str, float]] = {}
    for area_index, area in enumerate(AREA_CODES):
        learnt = {name: float(fitted[index, area_index]) for index, name in enumerate(names)}
        # Lexicon features no example showed keep their prior weight.
        for name, weight in prior[area].items():
            learnt.setdefault(name, weight)
        # Weights this small change no decision; dropping them keeps the JSON model small.
        weights[area] = {name: weight for name, weight in learnt.items()
                         if abs(weight) >= PRUNE_BELOW}
    return Model(
        lexicon,
        weights,
        {area: float(bias[index]) for index, area in enumerate(AREA_CODES)},
        threshold,
        trained_on=len(examples),
        options=options,
    )


def _fit(
    matrix: np.ndarray,
    targets: np.ndarray,
    start: np.ndarray,
    *,
    epochs: int,
    learning_rate: float,
    l2: float,
    positive_weight: float,
) -> tuple[np.ndarray, np.ndarray]:
    """Weights (features x areas) and biases (areas) minimising the summed weighted log
    loss + l2/2 x |weights - start|² + BIAS_PRIOR/2 x |bias - START_BIAS|², by full-batch
    Adam from ``start``."""
    weights = start.copy()
    bias = np.full(targets.shape[1], START_BIAS)
    example_weights = np.where(targets > 0, positive_weight, 1.0)
    moments = [np.zeros_like(weights), np.zeros_like(weights),
               np.zeros_like(bias), np.zeros_like(bias)]
    beta1, beta2, epsilon = 0.9, 0.999, 1e-8
    for step in range(1, epochs + 1):
        error = (_sigmoids(matrix @ weights + bias) - targets) * example_weights
        gradient = matrix.T @ error + l2 * (weights - start)
        bias_gradient = error.sum(axis=0) + BIAS_PRIOR * (bias - START_BIAS)
        for value, gradient_of, first, second in (
            (weights, gradient, moments[0], moments[1]),
            (bias, bias_gradient, moments[2], moments[3]),
        ):
            first *= beta1
            first += (1 - beta1) * gradient_of
            second *= beta2
            second += (1 - beta2) * gradient_of**2
            corrected = first / (1 - beta1**step)
            scale = np.sqrt(second / (1 - beta2**step)) + epsilon
            value -= learning_rate * corrected / scale
    return weights, bias


# ------------------------------------------------------------------------ classifying

_default_model: Model | None = None


def default_model() -> Model:
    """The shipped model (``data/model.json``), trained on the evaluation set's train split."""
    global _default_model
    if _default_model is None:
        _default_model = Model.from_json(MODEL_PATH.read_text(encoding="utf-8"))
    return _default_model


def classify(
    text: str,
    model: Model | None = None,
    *,
    lang: str | None = None,
    max_areas: int = MAX_AREAS,
) -> list[AreaScore]:
    """Areas of ``text``, best first, each with its score and the terms that decided.

    When no area reaches the model's threshold the first item is ``NONE`` (its score is
    the confidence that nothing fits) followed by up to two weaker candidates as hints.
    """
    surfaces = words(text)
    lang = lang or detect_language_words(text, surfaces)
    return classify_words(word_infos(surfaces, lang), model, lang=lang, max_areas=max_areas)


def classify_words(
    infos: list[WordInfo], model: Model | None = None, *, lang: str, max_areas: int = MAX_AREAS
) -> list[AreaScore]:
    """``classify`` of a text given the ``word_infos`` of its words in language ``lang``."""
    model = model or default_model()
    return model.areas(model.score(infos, lang), max_areas)


def predict_areas(text: str, model: Model | None = None) -> set[str]:
    """The set of areas ``classify`` assigns (empty for NONE); what evaluation compares."""
    model = model or default_model()
    return {
        score.code
        for score in classify(text, model)
        if score.code != NONE and score.score >= model.threshold
    }
