"""Measure the classifier, and rebuild the shipped model.

Two labelled sets: the self-written evaluation set (``data/evaluation_set.jsonl``, split
by a hash of each passage) and the corpus of passages from real strategy documents
(``data/corpus/``, split by source document, see ``mining.corpus``). The shipped model is
trained on the train parts of both and measured on the held-out parts of each.

``python -m mining.evaluation`` trains that model and prints its figures on both held-out
parts; ``--write-model`` also stores it as ``data/model.json`` (the model ``classify``
uses by default); ``--tune`` chooses the threshold by cross-validation over the real
train documents.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from mining.classify import (
    AREA_CODES,
    MODEL_PATH,
    NONE,
    Example,
    FeatureOptions,
    Model,
    predict_areas,
    train,
)
from mining.corpus import CorpusPassage, evaluate_ranked, load_corpus, split_corpus

EVALUATION_SET_PATH = Path(__file__).resolve().parent / "data" / "evaluation_set.jsonl"
# One example in four goes to the test split, chosen by a hash of its text so the split
# never changes when examples are added or reordered.
TEST_SHARE_MODULUS = 4

# How the shipped model is trained (the figures behind each choice are in
# data/corpus/DATA_STATEMENT.md): word keys, key prefixes of five letters (compounds and
# derivations), the lexicon as a prior, and the threshold that `--tune` found best by
# 4-fold cross-validation over the real train documents.
SHIPPED_OPTIONS = FeatureOptions(prefix=5)
SHIPPED_L2 = 3.0
SHIPPED_THRESHOLD = 0.2


@dataclass
class LabelledExample(Example):
    id: str = ""


def load_examples(path: Path = EVALUATION_SET_PATH) -> list[LabelledExample]:
    examples = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            raw = json.loads(line)
            examples.append(LabelledExample(raw["text"], list(raw["labels"]), raw.get("id", "")))
    return examples


def is_test_example(example: Example) -> bool:
    digest = hashlib.sha256(example.text.encode("utf-8")).digest()
    return digest[0] % TEST_SHARE_MODULUS == 0


def split_examples(
    examples: list[LabelledExample],
) -> tuple[list[LabelledExample], list[LabelledExample]]:
    """(train, test), deterministic."""
    train_part = [example for example in examples if not is_test_example(example)]
    test_part = [example for example in examples if is_test_example(example)]
    return train_part, test_part


@dataclass
class AreaMetrics:
    precision: float
    recall: float
    f1: float
    support: int  # gold examples with this area
    predicted: int


@dataclass
class EvaluationReport:
    per_area: dict[str, AreaMetrics]
    macro_f1: float  # over areas with support > 0
    micro_f1: float
    none_accuracy: float  # share of NONE examples predicted as NONE
    examples: int
    errors: list[tuple[str, list[str], list[str]]] = field(default_factory=list)

    def as_text(self) -> str:
        lines = [f"{'area':<6} {'P':>6} {'R':>6} {'F1':>6} {'gold':>5} {'pred':>5}"]
        for area, metrics in self.per_area.items():
            lines.append(
                f"{area:<6} {metrics.precision:6.3f} {metrics.recall:6.3f} {metrics.f1:6.3f}"
                f" {metrics.support:5d} {metrics.predicted:5d}"
            )
        lines.append(
            f"macro-F1 {self.macro_f1:.3f}  micro-F1 {self.micro_f1:.3f}  "
            f"NONE accuracy {self.none_accuracy:.3f}  examples {self.examples}"
        )
        return "\n".join(lines)


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def evaluate(model: Model, examples: list[Example]) -> EvaluationReport:
    """Multi-label precision/recall/F1 per area; macro-F1 is their mean."""
    true_positive = dict.fromkeys(AREA_CODES, 0)
    predicted_count = dict.fromkeys(AREA_CODES, 0)
    gold_count = dict.fromkeys(AREA_CODES, 0)
    none_total = none_right = 0
    errors = []
    for example in examples:
        gold = example.areas
        predicted = predict_areas(example.text, model)
        for area in gold:
            gold_count[area] += 1
        for area in predicted:
            predicted_count[area] += 1
            if area in gold:
                true_positive[area] += 1
        if not gold:
            none_total += 1
            none_right += not predicted
        if predicted != gold:
            errors.append((example.text, sorted(gold) or [NONE], sorted(predicted) or [NONE]))
    per_area = {}
    for area in AREA_CODES:
        precision = true_positive[area] / predicted_count[area] if predicted_count[area] else 0.0
        recall = true_positive[area] / gold_count[area] if gold_count[area] else 0.0
        per_area[area] = AreaMetrics(
            precision, recall, _f1(precision, recall), gold_count[area], predicted_count[area]
        )
    supported = [metrics.f1 for metrics in per_area.values() if metrics.support]
    total_tp = sum(true_positive.values())
    micro_precision = (
        total_tp / sum(predicted_count.values()) if sum(predicted_count.values()) else 0.0
    )
    micro_recall = total_tp / sum(gold_count.values()) if sum(gold_count.values()) else 0.0
    return EvaluationReport(
        per_area=per_area,
        macro_f1=sum(supported) / len(supported) if supported else 0.0,
        micro_f1=_f1(micro_precision, micro_recall),
        none_accuracy=none_right / none_total if none_total else 1.0,
        examples=len(examples),
        errors=errors,
    )


def training_examples(examples: list[LabelledExample] | None = None) -> list[Example]:
    """What the shipped model learns from: the train split of the self-written set and
    the train documents of the real corpus."""
    own_train, _own_test = split_examples(examples if examples is not None else load_examples())
    real_train, _real_test = split_corpus(load_corpus())
    return [*own_train, *real_train]


def held_out_examples() -> tuple[list[LabelledExample], list[CorpusPassage]]:
    """(self-written test split, real held-out documents): what no shipped model sees."""
    return split_examples(load_examples())[1], split_corpus(load_corpus())[1]


def train_shipped(examples: list[Example], threshold: float = SHIPPED_THRESHOLD) -> Model:
    """A model trained the way the shipped one is, on ``examples``."""
    return train(examples, options=SHIPPED_OPTIONS, l2=SHIPPED_L2, threshold=threshold)


def train_default_model(examples: list[LabelledExample] | None = None) -> Model:
    """The shipped model: trained on the train parts of the self-written set and of the
    real corpus."""
    return train_shipped(training_examples(examples))


def tune_threshold(
    thresholds: tuple[float, ...] = (0.2, 0.25, 0.3, 0.35, 0.4, 0.5), folds: int = 4
) -> dict[float, tuple[float, float]]:
    """Threshold → (top-1, macro-F1) averaged over ``folds`` folds of the real train
    documents (each fold's model learns from the other folds and the self-written train
    split); the held-out documents are never used."""
    own_train = split_examples(load_examples())[0]
    real_train = split_corpus(load_corpus())[0]

    def fold_of(passage: CorpusPassage) -> int:
        return hashlib.sha256(passage.document.encode("utf-8")).digest()[2] % folds

    models = [
        (train_shipped([*own_train, *(p for p in real_train if fold_of(p) != fold)]),
         [p for p in real_train if fold_of(p) == fold])
        for fold in range(folds)
    ]
    result = {}
    for threshold in thresholds:
        top1 = macro = 0.0
        for model, part in models:
            model.threshold = threshold
            report = evaluate_ranked(model, part)
            top1 += report.top1 / folds
            macro += report.macro_f1 / folds
        result[threshold] = (top1, macro)
    return result


def cross_validate(examples: list[LabelledExample], folds: int = 5) -> float:
    """Mean macro-F1 over ``folds`` hash-assigned folds: steadier than one small test split."""

    def fold_of(example: Example) -> int:
        return hashlib.sha256(example.text.encode("utf-8")).digest()[1] % folds

    scores = []
    for fold in range(folds):
        held_out = [example for example in examples if fold_of(example) == fold]
        rest = [example for example in examples if fold_of(example) != fold]
        scores.append(evaluate(train(list(rest)), list(held_out)).macro_f1)
    return sum(scores) / len(scores)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--write-model", action="store_true", help="store data/model.json")
    parser.add_argument("--errors", action="store_true", help="list misclassified test passages")
    parser.add_argument("--cv", action="store_true", help="also 5-fold cross-validation")
    parser.add_argument("--tune", action="store_true",
                        help="threshold by cross-validation over the real train documents")
    args = parser.parse_args(argv)
    examples = load_examples()
    own_test, real_test = held_out_examples()
    model = train_default_model(examples)
    print(f"trained on {model.trained_on} passages")
    real_report = evaluate_ranked(model, real_test)
    print("real held-out documents:")
    print(real_report.as_text())
    print("self-written test split:")
    print(evaluate_ranked(model, own_test).as_text(confusion=False))
    print(evaluate(model, list(own_test)).as_text())
    if args.errors:
        for text, gold, predicted in real_report.errors:
            print(f"- gold {gold} answered {predicted}: {text[:110]}")
    if args.cv:
        print(f"5-fold cross-validated macro-F1 {cross_validate(examples):.3f}")
    if args.tune:
        for threshold, (top1, macro) in tune_threshold().items():
            print(f"threshold {threshold:.2f}: CV top-1 {top1:.3f}  macro-F1 {macro:.3f}")
    if args.write_model:
        MODEL_PATH.write_text(model.to_json() + "\n", encoding="utf-8")
        print(f"model written to {MODEL_PATH}")


if __name__ == "__main__":
    main()
