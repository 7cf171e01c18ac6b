from django.core.management.base import BaseCommand

from mining.evaluation import evaluate, load_examples, split_examples
from mining.services import current_model


class Command(BaseCommand):
    help = "Macro-F1 per key area of the classifier in use on the held-out evaluation split."

    def add_arguments(self, parser):
        parser.add_argument("--errors", action="store_true", help="list misclassified passages")

    def handle(self, *args, errors, **options):
        examples = load_examples()
        train_part, test_part = split_examples(examples)
        report = evaluate(current_model(), list(test_part))
        self.stdout.write(f"evaluation set: {len(examples)} passages "
                          f"({len(train_part)} train, {len(test_part)} test)")
        self.stdout.write(report.as_text())
        if errors:
            for text, gold, predicted in report.errors:
                self.stdout.write(f"- gold {gold} predicted {predicted}: {text[:110]}")
