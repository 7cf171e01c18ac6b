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
from pathlib import Path

from mining.language import CZECH, ENGLISH, detect_language
from mining.lemmas import is_stopword, lemma, search_key, tokenize

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
        # first key → [(keys, area, term)] for each language
        self._index: dict[str, dict[str, list[tuple[tuple[str, ...], str, str]]]] = {
            CZECH: defaultdict(list),
            ENGLISH: defaultdict(list),
        }
        for area, by_language in areas.items():
            for language, terms in by_language.items():
                lang = ENGLISH if language == ENGLISH else CZECH
                for term in terms:
                    keys = tuple(_content_keys(term, lang))
                    if keys:
                        self._index[lang][keys[0]].append((keys, area, term))

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
        index = self._index[lang]
        found = []
        for position, key in enumerate(keys):
            for term_keys, area, term in index.get(key, ()):
                if tuple(keys[position : position + len(term_keys)]) == term_keys:
                    found.append((area, term))
        return found


@lru_cache(maxsize=4)
def _cached_lexicon(path: str) -> Lexicon:
    return Lexicon.load(Path(path))


def default_lexicon() -> Lexicon:
    return _cached_lexicon(str(LEXICON_PATH))


def _content_keys(text: str, lang: str) -> list[str]:
    return [
        search_key(surface, lang)
        for surface, _start, _end in tokenize(text)
        if not is_stopword(surface, lang)
    ]


# -------------------------------------------------------------------------- features


@dataclass
class Features:
    """Feature values of one text, plus what to show a user for each feature."""

    values: dict[str, float]
    display: dict[str, list[str]]


def extract_features(text: str, lexicon: Lexicon, lang: str | None = None) -> Features:
    lang = lang or detect_language(text)
    keys: list[str] = []
    values: dict[str, float] = {}
    display: dict[str, list[str]] = {}
    for surface, _start, _end in tokenize(text):
        if is_stopword(surface, lang):
            continue
        key = search_key(surface, lang)
        keys.append(key)
        if len(key) < 3 and not any(char.isdigit() for char in key):
            continue
        if key.isdigit():
            continue  # years and amounts say nothing about the area
        feature = WORD_FEATURE + key
        if feature not in values:
            values[feature] = 1.0
            display[feature] = [lemma(surface, lang)]
    hits: dict[str, list[str]] = defaultdict(list)
    seen_keys: set[tuple[str, str]] = set()
    for area, term in lexicon.matches(keys, lang):
        # "cyklostezka" and "cyklostezky" are one term once inflection is folded away.
        identity = (area, " ".join(_content_keys(term, lang)))
        if identity not in seen_keys:
            seen_keys.add(identity)
            hits[area].append(term)
    for area, terms in hits.items():
        feature = LEXICON_FEATURE + area
        # Diminishing returns: the fifth term of an area adds less than the second.
        values[feature] = math.log2(1 + len(terms))
        display[feature] = terms
        for term in terms:
            # Each term also has its own weight, so training can tell a decisive term
            # ("dětská skupina") from a common one ("škola") of the same area.
            term_feature = term_feature_name(area, term, lang)
            values[term_feature] = 1.0
            display[term_feature] = [term]
    return Features(values, display)


def term_feature_name(area: str, term: str, lang: str = CZECH) -> str:
    return f"{TERM_FEATURE}{area}:{' '.join(_content_keys(term, lang))}"


# ----------------------------------------------------------------------------- model


def _sigmoid(value: float) -> float:
    if value >= 0:
        return 1 / (1 + math.exp(-value))
    exp = math.exp(value)
    return exp / (1 + exp)


@dataclass
class Model:
    """One logistic regression per area over sparse features."""

    lexicon: Lexicon
    weights: dict[str, dict[str, float]]
    bias: dict[str, float]
    threshold: float = DEFAULT_THRESHOLD
    trained_on: int = 0

    def probabilities(self, features: Features) -> dict[str, float]:
        result = {}
        for area in AREA_CODES:
            area_weights = self.weights.get(area, {})
            total = self.bias.get(area, 0.0)
            for feature, value in features.values.items():
                weight = area_weights.get(feature)
                if weight:
                    total += weight * value
            result[area] = _sigmoid(total)
        return result

    def explain(self, area: str, features: Features, limit: int = 6) -> list[str]:
        """Display terms of the features that pushed ``area``'s score up the most."""
        area_weights = self.weights.get(area, {})
        contributions = sorted(
            (
                (area_weights.get(feature, 0.0) * value, feature)
                for feature, value in features.values.items()
            ),
            reverse=True,
        )
        terms: list[str] = []
        for contribution, feature in contributions:
            if contribution <= 0 or len(terms) >= limit:
                break
            for term in features.display.get(feature, ()):
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
    features = extract_features(text, model.lexicon, lang)
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
