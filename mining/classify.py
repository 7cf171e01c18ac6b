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
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import compress
from pathlib import Path

from mining.language import CZECH, ENGLISH, detect_language_words
from mining.lemmas import (
    WordInfo,
    content_words,
    index_terms,
    keys_of,
    lemmas_of,
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

    def _hits(self, keys: list[str], lang: str) -> list[tuple[str, str, str]]:
        """(area, term, identity) for every term found, as ``matches``."""
        starts_at = list(map(self._starts[lang].get, keys))
        last = len(keys) - 1
        found: list[tuple[str, str, str]] = []
        for position in compress(range(len(keys)), starts_at):
            start = starts_at[position]
            assert start is not None
            single_hits, second_keys, entries = start
            if position == last or keys[position + 1] not in second_keys:
                found += single_hits
                continue
            for term_keys, area, term, identity in entries:
                if len(term_keys) == 1 or (
                    tuple(keys[position : position + len(term_keys)]) == term_keys
                ):
                    found.append((area, term, identity))
        return found


@lru_cache(maxsize=4)
def _cached_lexicon(path: str) -> Lexicon:
    return Lexicon.load(Path(path))


def default_lexicon() -> Lexicon:
    return _cached_lexicon(str(LEXICON_PATH))


def _content_keys(text: str, lang: str) -> list[str]:
    return index_terms(text, lang)


# -------------------------------------------------------------------------- features


class Features:
    """Feature values of one text, plus what to show a user for each feature.

    The display of word features is worked out only when asked for: ``Model.explain``
    shows a handful of features per passage (through ``shown``), not all of them.
    """

    __slots__ = ("values", "_display", "_word_features", "_word_lemmas")

    def __init__(
        self,
        values: dict[str, float],
        display: dict[str, list[str]] | None = None,
        *,
        word_features: list[str] | None = None,
        word_lemmas: list[str] | None = None,
    ) -> None:
        self.values = values
        self._display = display if display is not None else {}
        # The word feature of every content word in order ("" for none) and its lemma.
        self._word_features = word_features or []
        self._word_lemmas = word_lemmas or []

    @property
    def display(self) -> dict[str, list[str]]:
        if self._word_features:
            # Walking backwards, a feature's first word is written last and so wins.
            display = dict(
                zip(
                    reversed(self._word_features),
                    map(list, zip(reversed(self._word_lemmas))),
                    strict=True,
                )
            )
            display.pop("", None)
            display.update(self._display)
            self._display = display
            self._word_features, self._word_lemmas = [], []
        return self._display

    def shown(self, feature: str) -> list[str]:
        """``display.get(feature, [])``, without building all of ``display``."""
        if not self._word_features:
            return self._display.get(feature, [])
        if feature.startswith(WORD_FEATURE):
            try:
                return [self._word_lemmas[self._word_features.index(feature)]]
            except ValueError:
                return []
        return self._display.get(feature, [])

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Features):
            return NotImplemented
        return self.values == other.values and self.display == other.display

    def __repr__(self) -> str:
        return f"Features(values={self.values!r}, display={self.display!r})"


def extract_features(text: str, lexicon: Lexicon, lang: str | None = None) -> Features:
    surfaces = words(text)
    lang = lang or detect_language_words(text, surfaces)
    return features_of(word_infos(surfaces, lang), lexicon, lang)


# Search key → its word feature ("w:doprav"), or "" for keys that are not features.
_word_features: dict[str, str] = {}
WORD_FEATURE_CACHE_LIMIT = 100_000


def _word_feature(key: str) -> str:
    if len(key) < 3 and not any(char.isdigit() for char in key):
        return ""
    if key.isdigit():
        return ""  # years and amounts say nothing about the area
    return WORD_FEATURE + key


def features_of(infos: list[WordInfo], lexicon: Lexicon, lang: str) -> Features:
    """Features of a text from the ``word_infos`` of its words (in language ``lang``)."""
    content = content_words(infos)
    keys = keys_of(content)
    cache = _word_features
    if len(cache) >= WORD_FEATURE_CACHE_LIMIT:
        cache.clear()
    try:
        features = list(map(cache.__getitem__, keys))
    except KeyError:
        features = [
            feature if feature is not None else cache.setdefault(key, _word_feature(key))
            for feature, key in zip(map(cache.get, keys), keys, strict=True)
        ]
    # Word features in order of first occurrence; "" marks a word without a feature.
    values: dict[str, float] = dict.fromkeys(filter(None, features), 1.0)
    display: dict[str, list[str]] = {}
    hits: dict[str, list[str]] = defaultdict(list)
    identities: dict[str, list[str]] = defaultdict(list)
    seen_keys: set[tuple[str, str]] = set()
    for area, term, term_identity in lexicon._hits(keys, lang):
        # "cyklostezka" and "cyklostezky" are one term once inflection is folded away.
        identity = (area, term_identity)
        if identity not in seen_keys:
            seen_keys.add(identity)
            hits[area].append(term)
            identities[area].append(term_identity)
    for area, terms in hits.items():
        feature = LEXICON_FEATURE + area
        # Diminishing returns: the fifth term of an area adds less than the second.
        values[feature] = math.log2(1 + len(terms))
        display[feature] = terms
        for term, term_identity in zip(terms, identities[area], strict=True):
            # Each term also has its own weight, so training can tell a decisive term
            # ("dětská skupina") from a common one ("škola") of the same area.
            # (The name is ``term_feature_name(area, term, lang)``, already computed.)
            term_feature = f"{TERM_FEATURE}{area}:{term_identity}"
            values[term_feature] = 1.0
            display[term_feature] = [term]
    return Features(
        values,
        display,
        word_features=features,
        word_lemmas=lemmas_of(content),
    )


def term_feature_name(area: str, term: str, lang: str = CZECH) -> str:
    return f"{TERM_FEATURE}{area}:{' '.join(_content_keys(term, lang))}"


# ----------------------------------------------------------------------------- model


def _scaled(vector: tuple[float, ...] | None, value: float) -> tuple[float, ...] | None:
    return None if vector is None else tuple([weight * value for weight in vector])


def _sigmoid(value: float) -> float:
    if value >= 0:
        return 1 / (1 + math.exp(-value))
    exp = math.exp(value)
    return exp / (1 + exp)


@dataclass
class Model:
    """One logistic regression per area over sparse features.

    ``weights`` must not be changed once the model has scored a text: scoring uses a
    dense copy of them (feature → one weight per area), built on first use.
    """

    lexicon: Lexicon
    weights: dict[str, dict[str, float]]
    bias: dict[str, float]
    threshold: float = DEFAULT_THRESHOLD
    trained_on: int = 0
    _dense: dict[str, tuple[float, ...]] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    def _dense_weights(self) -> dict[str, tuple[float, ...]]:
        """Feature → its weight for each of ``AREA_CODES`` (0.0 where it has none); the
        biases are stored under the key ``""``."""
        if self._dense is None:
            columns = [self.weights.get(area, {}) for area in AREA_CODES]
            features = sorted({feature for column in columns for feature in column})
            dense = {
                feature: tuple(column.get(feature, 0.0) for column in columns)
                for feature in features
            }
            dense[""] = tuple(self.bias.get(area, 0.0) for area in AREA_CODES)
            self._dense = dense
        return self._dense

    def probabilities(self, features: Features) -> dict[str, float]:
        # An area's score is its bias plus weight x value of each feature, added left to
        # right in feature order; a missing weight adds 0.0, which changes no sum. The 16
        # columns are summed by ``sum`` over ``zip`` (in C, and in order on CPython 3.11)
        # rather than by ~1,000 Python-level additions per passage.
        dense = self._dense_weights()
        weights_of = dense.get
        vectors = [dense[""]]
        vectors += filter(
            None,
            [
                weights_of(feature) if value == 1.0 else _scaled(weights_of(feature), value)
                for feature, value in features.values.items()
            ],
        )
        totals = map(sum, zip(*vectors, strict=True))
        return {area: _sigmoid(total) for area, total in zip(AREA_CODES, totals, strict=True)}

    def explain(self, area: str, features: Features, limit: int = 6) -> list[str]:
        """Display terms of the features that pushed ``area``'s score up the most."""
        area_weights = self.weights.get(area, {})
        contributions = []
        for feature, value in features.values.items():
            weight = area_weights.get(feature)
            if weight and weight * value > 0:
                contributions.append((weight * value, feature))
        contributions.sort(reverse=True)
        terms: list[str] = []
        for contribution, feature in contributions:
            if contribution <= 0 or len(terms) >= limit:
                break
            for term in features.shown(feature):
                if term not in terms:
                    terms.append(term)
        return terms[:limit]

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
    prepared = [
        (extract_features(example.text, lexicon).values, example.areas) for example in examples
    ]
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
    model = model or default_model()
    return _classify_features(model, extract_features(text, model.lexicon, lang), max_areas)


def classify_words(
    infos: list[WordInfo], model: Model | None = None, *, lang: str, max_areas: int = MAX_AREAS
) -> list[AreaScore]:
    """``classify`` of a text given the ``word_infos`` of its words in language ``lang``."""
    model = model or default_model()
    return _classify_features(model, features_of(infos, model.lexicon, lang), max_areas)


def _classify_features(model: Model, features: Features, max_areas: int) -> list[AreaScore]:
    probabilities = model.probabilities(features)
    ranked = sorted(probabilities.items(), key=lambda item: (-item[1], item[0]))
    chosen = [(area, score) for area, score in ranked if score >= model.threshold][:max_areas]
    if chosen:
        return [
            AreaScore(area, round(score, 3), model.explain(area, features))
            for area, score in chosen
        ]
    result = [AreaScore(NONE, round(1 - ranked[0][1], 3), [])]
    for area, score in ranked[:2]:
        if score >= 0.2:
            result.append(AreaScore(area, round(score, 3), model.explain(area, features)))
    return result


def predict_areas(text: str, model: Model | None = None) -> set[str]:
    """The set of areas ``classify`` assigns (empty for NONE); what evaluation compares."""
    model = model or default_model()
    return {
        score.code
        for score in classify(text, model)
        if score.code != NONE and score.score >= model.threshold
    }
