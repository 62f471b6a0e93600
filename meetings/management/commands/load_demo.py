from django.core.management.base import BaseCommand

from meetings.demo import demo_is_loaded, demo_load


class Command(BaseCommand):
    help = (
        "Load the demo data set: the Maidstone Crime and Disorder Committee meeting of "
        "25 September 2018. Safe to run again: records are updated, never duplicated."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--only-if-missing",
            action="store_true",
            help="Leave the demo meeting alone if it is already there, so that edits made "
            "to it in the app survive (make run uses this).",
        )

    def handle(self, *args, only_if_missing=False, **options):
        if only_if_missing and demo_is_loaded():
            self.stdout.write("Demo data already loaded: left as it is.")
            return
        meeting = demo_load()
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded: {meeting}"))
