from django.core.management.base import BaseCommand

from meetings.demo import demo_load


class Command(BaseCommand):
    help = (
        "Load the demo data set: the Maidstone Crime and Disorder Committee meeting of "
        "25 September 2018. Safe to run again: records are updated, never duplicated."
    )

    def handle(self, *args, **options):
        meeting = demo_load()
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded: {meeting}"))
