"""The labelled corpus of passages from real public strategy documents, and the measures
``evaluate_classifier`` reports on it.

The corpus lives in ``data/corpus/batch*.jsonl`` (one passage a line, with its source
document: title, publisher, level, URL); ``data/corpus/DATA_STATEMENT.md`` says where it
comes from and how it was labelled, ``GUIDELINES.md`` how to label.

The split is by **source document**: a document (its URL) is held out for testing when the
first byte of the SHA-256 of its URL is divisible by ``TEST_SHARE_MODULUS``, so every
passage of a document is on the same side, the split never changes when passages or
documents are added, and no document is in both parts.

The single-label measures follow how a person reads the answer: the classifier's first
answer (an area, or NONE when no area reaches the threshold) is its **top-1**; it is right
when it is one of the passage's labels (its second label is acceptable too). **Top-2**
accepts either of the first two answers. Macro-F1 is computed over the gold **primary**
labels (NONE counts as a class) against the top-1 answer; ``lenient`` credits a top-1
that equals the passage's second label.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from mining.classify import AREA_CODES, NONE, Example, Model, classify

CORPUS_DIR = Path(__file__).resolve().parent / "data" / "corpus"
# One source document in four is held out (by a hash of its URL).
TEST_SHARE_MODULUS = 4
CLASSES: tuple[str, ...] = (*AREA_CODES, NONE)
LEVELS = ("municipal", "orp_mas", "regional", "national", "eu", "other")


@dataclass
class CorpusPassage(Example):
    """A real passage with its labels (primary first) and its source document."""

    id: str = ""
    url: str = ""
    title: str = ""
    publisher: str = ""
    level: str = ""
    lang: str = "cs"

    @property
    def document(self) -> str:
        return document_key(self.url)

    @property
    def primary(self) -> str:
        return self.labels[0]


def document_key(url: str) -> str:
    """The document a URL names: scheme, "www." and a trailing slash do not matter."""
    key = url.strip()
    for prefix in ("https://", "http://"):
        if key.startswith(prefix):
            key = key[len(prefix) :]
    if key.startswith("www."):
        key = key[4:]
    return key.rstrip("/")


def load_corpus(directory: Path = CORPUS_DIR) -> list[CorpusPassage]:
    passages = []
    for path in sorted(directory.glob("batch*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            raw = json.loads(line)
            passages.append(
                CorpusPassage(
                    text=raw["text"],
                    labels=list(raw["labels"]),
                    id=raw["id"],
                    url=raw["url"],
                    title=raw["title"],
                    publisher=raw["publisher"],
                    level=raw["level"],
                    lang=raw.get("lang", "cs"),
                )
            )
    return passages


def is_test_document(url: str) -> bool:
    digest = hashlib.sha256(document_key(url).encode("utf-8")).digest()
    return digest[0] % TEST_SHARE_MODULUS == 0


def split_corpus(
    passages: Iterable[CorpusPassage],
) -> tuple[list[CorpusPassage], list[CorpusPassage]]:
    """(train, test) by source document; deterministic."""
    train_part: list[CorpusPassage] = []
    test_part: list[CorpusPassage] = []
    for passage in passages:
        (test_part if is_test_document(passage.url) else train_part).append(passage)
    return train_part, test_part


# ---------------------------------------------------------------------------- measures


@dataclass
class ClassMetrics:
    precision: float
    recall: float
    f1: float
    support: int  # gold passages whose primary label is this class
    predicted: int  # passages whose top-1 answer is this class


@dataclass
class RankedReport:
    """Single-label measures of a model on labelled passages (see the module doc)."""

    examples: int
    top1: float
    top2: float
    macro_f1: float  # over gold primary labels present, strict
    lenient_macro_f1: float  # a top-1 equal to the second label counts as right
    per_class: dict[str, ClassMetrics]
    confusion: dict[str, Counter[str]]  # gold primary → Counter(top-1 answer)
    errors: list[tuple[str, list[str], list[str]]] = field(default_factory=list)

    def weak_classes(self, below: float = 0.6) -> list[str]:
        return [code for code, metrics in self.per_class.items()
                if metrics.support and metrics.f1 < below]

    def as_text(self, confusion: bool = True) -> str:
        lines = [
            f"passages {self.examples}  top-1 {self.top1:.3f}  top-2 {self.top2:.3f}  "
            f"macro-F1 {self.macro_f1:.3f} (lenient {self.lenient_macro_f1:.3f})",
            f"{'area':<6} {'P':>6} {'R':>6} {'F1':>6} {'gold':>5} {'pred':>5}",
        ]
        for code, metrics in self.per_class.items():
            if not (metrics.support or metrics.predicted):
                continue
            lines.append(
                f"{code:<6} {metrics.precision:6.3f} {metrics.recall:6.3f} {metrics.f1:6.3f}"
                f" {metrics.support:5d} {metrics.predicted:5d}"
            )
        if confusion:
            lines.append("confusion (rows: gold primary label, columns: top-1 answer)")
            shown = [code for code in CLASSES
                     if self.per_class[code].support or self.per_class[code].predicted]
            lines.append("       " + " ".join(f"{_short(code):>4}" for code in shown))
            for gold in shown:
                row = self.confusion.get(gold, Counter())
                lines.append(f"{gold:<6} " + " ".join(
                    f"{row[predicted] or '.':>4}" for predicted in shown))
        return "\n".join(lines)


def _short(code: str) -> str:
    return {"ZPO1": "Z1", "ZPO2": "Z2", "ZPO3": "Z3", "ZPO4": "Z4", NONE: "none"}.get(code, code)


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def ranked_answers(text: str, model: Model) -> list[str]:
    """The codes ``classify`` answers for a text, best first (NONE first when no area
    reaches the threshold)."""
    return [score.code for score in classify(text, model)]


def evaluate_ranked(
    model: Model,
    examples: Iterable[Example],
    answers: Callable[[str, Model], list[str]] = ranked_answers,
) -> RankedReport:
    """Top-1/top-2 accuracy, macro-F1 over primary labels, per-class figures, confusion."""
    examples = list(examples)
    confusion: dict[str, Counter[str]] = {code: Counter() for code in CLASSES}
    lenient_pairs: list[tuple[str, str]] = []
    right1 = right2 = 0
    errors = []
    for example in examples:
        gold = [label for label in example.labels] or [NONE]
        answered = answers(example.text, model) or [NONE]
        first = answered[0]
        right1 += first in gold
        right2 += any(code in gold for code in answered[:2])
        confusion[gold[0]][first] += 1
        lenient_pairs.append((first if first in gold else gold[0], first))
        if first not in gold:
            errors.append((example.text, gold, answered[:2]))
    per_class = _per_class(
        [(gold, answered) for gold, row in confusion.items() for answered in row.elements()]
    )
    lenient = _per_class(lenient_pairs)
    return RankedReport(
        examples=len(examples),
        top1=right1 / len(examples) if examples else 0.0,
        top2=right2 / len(examples) if examples else 0.0,
        macro_f1=_macro(per_class),
        lenient_macro_f1=_macro(lenient),
        per_class=per_class,
        confusion=confusion,
        errors=errors,
    )


def _per_class(pairs: list[tuple[str, str]]) -> dict[str, ClassMetrics]:
    support = Counter(gold for gold, _answer in pairs)
    predicted = Counter(answer for _gold, answer in pairs)
    right = Counter(gold for gold, answer in pairs if gold == answer)
    result = {}
    for code in CLASSES:
        precision = right[code] / predicted[code] if predicted[code] else 0.0
        recall = right[code] / support[code] if support[code] else 0.0
        result[code] = ClassMetrics(precision, recall, _f1(precision, recall),
                                    support[code], predicted[code])
    return result


def _macro(per_class: dict[str, ClassMetrics]) -> float:
    present = [metrics.f1 for metrics in per_class.values() if metrics.support]
    return sum(present) / len(present) if present else 0.0


def describe(passages: list[CorpusPassage]) -> str:
    """Counts for the data statement: passages, documents, levels, labels."""
    documents = {passage.document: passage.level for passage in passages}
    levels = Counter(documents.values())
    labels = Counter(label for passage in passages for label in passage.labels)
    primary = Counter(passage.primary for passage in passages)
    two = sum(len(passage.labels) == 2 for passage in passages)
    lines = [
        f"{len(passages)} passages from {len(documents)} documents; {two} with two labels",
        "documents by level: " + ", ".join(f"{level} {levels[level]}" for level in LEVELS),
        "primary labels: " + ", ".join(f"{code} {primary[code]}" for code in CLASSES),
        "all labels: " + ", ".join(f"{code} {labels[code]}" for code in CLASSES),
    ]
    return "\n".join(lines)
