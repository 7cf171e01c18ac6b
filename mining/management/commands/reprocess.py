from django.core.management.base import BaseCommand

from mining.tasks import reprocess


class Command(BaseCommand):
    help = "Queue stored documents for mining again (after a pipeline or model change)."

    def add_arguments(self, parser):
        parser.add_argument("--outdated", action="store_true",
                            help="only those processed by an older pipeline or model")
        parser.add_argument("--failed", action="store_true", help="only failed ones")

    def handle(self, *args, outdated, failed, **options):
        count = reprocess(only_outdated=outdated, failed_only=failed)
        self.stdout.write(f"{count} document(s) queued; run `manage.py worker` to process.")
