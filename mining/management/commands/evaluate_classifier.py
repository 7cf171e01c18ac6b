from django.core.management.base import BaseCommand

from mining.corpus import describe, evaluate_ranked, load_corpus, split_corpus
from mining.evaluation import evaluate, load_examples, split_examples
from mining.services import current_model


class Command(BaseCommand):
    help = ("Figures of the classifier in use on text it has not learnt from: the held-out "
            "documents of the real corpus and the test split of the self-written set "
            "(macro-F1, top-1 and top-2 accuracy, per-area precision/recall/F1, confusion).")

    def add_arguments(self, parser):
        parser.add_argument("--errors", action="store_true", help="list misclassified passages")

    def handle(self, *args, errors, **options):
        model = current_model()
        corpus = load_corpus()
        real_train, real_test = split_corpus(corpus)
        self.stdout.write(
            f"real corpus: {describe(corpus).splitlines()[0]}; held out "
            f"{len(real_test)} passages of {len({p.document for p in real_test})} documents")
        real_report = evaluate_ranked(model, real_test)
        self.stdout.write(real_report.as_text())
        examples = load_examples()
        train_part, test_part = split_examples(examples)
        self.stdout.write(f"self-written evaluation set: {len(examples)} passages "
                          f"({len(train_part)} train, {len(test_part)} test)")
        own_report = evaluate_ranked(model, test_part)
        self.stdout.write(own_report.as_text())
        self.stdout.write("multi-label (every area above the threshold):")
        self.stdout.write(evaluate(model, list(test_part)).as_text())
        weak = real_report.weak_classes()
        if weak:
            self.stdout.write("areas below 0.6 F1 on the real held-out documents: "
                              + ", ".join(weak))
        if errors:
            for name, report in (("real", real_report), ("self-written", own_report)):
                for text, gold, answered in report.errors:
                    self.stdout.write(f"- {name}: gold {gold} answered {answered}: {text[:110]}")
