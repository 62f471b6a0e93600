"""Write twenty years of records into the configured database.

The records are built by scrutiny/devtools/twenty_years.py.
"""

import time

from django.core.management.base import BaseCommand, CommandError

from meetings.models import Committee
from scrutiny.devtools.twenty_years import seed_twenty_years, settle_for_reading


class Command(BaseCommand):
    help = (
        "Write twenty years of records (10 committees meeting monthly, 28,800 agenda items, "
        "288,000 report paragraphs, 5,000 recommendations with responses, 40 agencies, "
        "2,000 actions) into the database the settings name, and print how long it took."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--label", default="Twenty years", help="Names the records, to keep them apart."
        )

    def handle(self, *args, label, **options):
        if Committee.objects.filter(name__startswith=f"{label} committee").exists():
            raise CommandError(
                f"The database already holds the “{label}” records: give another --label, "
                "or use a fresh database."
            )
        started = time.perf_counter()
        seed_twenty_years(label)
        settle_for_reading()
        self.stdout.write(
            f"Wrote twenty years of records in {time.perf_counter() - started:.1f} s."
        )
