from django.core.management.base import BaseCommand

from mining.services import retrain


class Command(BaseCommand):
    help = "Retrain the classifier with editors' corrections; keep it only if not worse."

    def handle(self, *args, **options):
        result = retrain()
        verdict = "kept" if result["kept"] else "discarded (worse than the current model)"
        self.stdout.write(
            f"{result['corrections']} correction(s); macro-F1 {result['baseline_macro_f1']:.3f}"
            f" → {result['candidate_macro_f1']:.3f}; new model {verdict}.")
        if result["kept"]:
            self.stdout.write("Run `manage.py reprocess --outdated` to apply it to documents.")
