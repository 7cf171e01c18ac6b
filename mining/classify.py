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
import random
from collections import defaultdict
from collections.abc import Iterator
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
# Starting weights that encode the curated lexicon as a prior (see ``train``).
LEXICON_PRIOR = 1.5
TERM_PRIOR = 1.0
PRUNE_BELOW = 0.02


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


def extract_features(text: str, lexicon: Lexicon, lang: str | None = None) -> dict[str, float]:
    """Feature values of ``text`` (what training learns from)."""
    surfaces = words(text)
    lang = lang or detect_language_words(text, surfaces)
    return features_of(word_infos(surfaces, lang), lexicon, lang)


def _word_feature(key: str) -> str:
    if len(key) < 3 and not any(char.isdigit() for char in key):
        return ""
    if key.isdigit():
        return ""  # years and amounts say nothing about the area
    return WORD_FEATURE + key


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


def features_of(infos: list[WordInfo], lexicon: Lexicon, lang: str) -> dict[str, float]:
    """Feature values of a text from the ``word_infos`` of its words (in language ``lang``):
    1.0 for each distinct content word (``w:<key>``) and each lexicon term found
    (``t:<area>:<term keys>``), and per area with lexicon hits ``lex:<area>`` growing with
    the number of its distinct terms."""
    keys = keys_of(content_words(infos))
    values: dict[str, float] = dict.fromkeys(filter(None, map(_word_feature, keys)), 1.0)
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


class _Scorer:
    """A model compiled for classifying: its weights as one matrix (a row per feature in
    name order, a column per area; row 0 holds the biases) and lookups from a passage's
    words and lexicon terms to rows.

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
        # A word's search key → the row of its word feature (keys without one are absent).
        self.word_rows = {
            name[len(WORD_FEATURE) :]: row
            for name, row in row_of.items()
            if name.startswith(WORD_FEATURE)
        }
        self.term_rows = {
            name: row for name, row in row_of.items() if name.startswith(TERM_FEATURE)
        }
        self.lexicon_rows = {area: row_of.get(LEXICON_FEATURE + area) for area in AREA_CODES}


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
        rows = dict.fromkeys(chain((0,), filter(None, map(scorer.word_rows.get, keys))), 1.0)
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
        """Display terms of the features that pushed ``area``'s score up the most: the
        lemma of a word, the term of the lexicon (all of an area's terms for its
        lexicon feature); of equal contributions, the feature whose name sorts last."""
        contributions = scored.weights[:, AREA_CODES.index(area)] * scored.values
        contributions[0] = 0.0  # the bias (row 0, first) explains nothing
        rows = scored.rows
        # Rows are numbered in feature-name order, so (contribution, row) descending is
        # (contribution, name) descending.
        order = np.lexsort((-rows, -contributions))
        positive = int(np.count_nonzero(contributions > 0))
        names = self._compiled().names
        terms: list[str] = []
        for row in rows[order[:positive]].tolist():
            if len(terms) >= limit:
                break
            for term in self._shown(names[row], scored):
                if term not in terms:
                    terms.append(term)
        return terms[:limit]

    @staticmethod
    def _shown(feature: str, scored: Scored) -> list[str]:
        if feature.startswith(WORD_FEATURE):
            # The lemma of the first word with this key.
            return [scored.content[scored.keys.index(feature[len(WORD_FEATURE) :])].lemma]
        if feature.startswith(LEXICON_FEATURE):
            return list(scored.hits[feature[len(LEXICON_FEATURE) :]].values())
        area, identity = feature[len(TERM_FEATURE) :].split(":", 1)
        return [scored.hits[area][identity]]

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
        return {
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
        )

    @classmethod
    def from_json(cls, text: str) -> Model:
        return cls.from_dict(json.loads(text))


def train(
    examples: list[Example],
    *,
    lexicon: Lexicon | None = None,
    epochs: int = 30,
    learning_rate: float = 0.5,
    l2: float = 1e-4,
    positive_weight: float = 2.0,
    lexicon_prior: float = LEXICON_PRIOR,
    term_prior: float = TERM_PRIOR,
    seed: int = 13,
    threshold: float = DEFAULT_THRESHOLD,
) -> Model:
    """Fit one logistic regression per area by SGD; deterministic for a given ``seed``.

    The lexicon features of each area (all its hits together, and each term alone) start
    with positive weights, so an area or a term with few or no training examples still
    counts; training then lowers the weight of terms that mislead.
    """
    lexicon = lexicon or default_lexicon()
    prepared = [(extract_features(example.text, lexicon), example.areas) for example in examples]
    weights: dict[str, dict[str, float]] = {
        area: {LEXICON_FEATURE + area: lexicon_prior} for area in AREA_CODES
    }
    for area, by_language in lexicon.areas.items():
        for language, terms in by_language.items():
            lang = ENGLISH if language == ENGLISH else CZECH
            for term in terms:
                weights[area][term_feature_name(area, term, lang)] = term_prior
    bias = dict.fromkeys(AREA_CODES, -2.0)
    order = list(range(len(prepared)))
    rng = random.Random(seed)
    for epoch in range(epochs):
        rng.shuffle(order)
        rate = learning_rate / (1 + epoch * 0.2)
        for index in order:
            values, areas = prepared[index]
            for area in AREA_CODES:
                area_weights = weights[area]
                total = bias[area] + sum(
                    area_weights.get(feature, 0.0) * value for feature, value in values.items()
                )
                target = 1.0 if area in areas else 0.0
                gradient = _sigmoid(total) - target
                if target:
                    # Each area is rare (a few % of passages); weighting its positives
                    # keeps the model from learning that "no" is always a safe answer.
                    gradient *= positive_weight
                if abs(gradient) < 1e-3:
                    continue
                bias[area] -= rate * gradient
                for feature, value in values.items():
                    old = area_weights.get(feature, 0.0)
                    area_weights[feature] = old - rate * (gradient * value + l2 * old)
    # Weights this small change no decision; dropping them keeps the JSON model small.
    pruned = {
        area: {
            feature: weight
            for feature, weight in area_weights.items()
            if abs(weight) >= PRUNE_BELOW
        }
        for area, area_weights in weights.items()
    }
    return Model(lexicon, pruned, bias, threshold, trained_on=len(examples))


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
