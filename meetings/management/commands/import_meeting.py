from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from meetings.archive import meeting_import
from meetings.archive.contents import ArchiveError


class Command(BaseCommand):
    help = (
        "Read a meeting archive written by export_meeting into this database. Records "
        "keep their numbers where they are free here; the committee, officers, agencies "
        "and priorities are matched with those already here and added when missing."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="The archive export_meeting wrote.")

    def handle(self, *args, archive, **options):
        if not archive.is_file():
            raise CommandError(f"There is no file {archive}.")
        try:
            summary = meeting_import(source=archive)
        except ArchiveError as error:
            raise CommandError(str(error)) from None
        counts = ", ".join(f"{count} {name}" for name, count in summary.counts.items() if count)
        self.stdout.write(
            self.style.SUCCESS(f"Imported {summary.meeting} as meeting {summary.meeting.pk}: ")
            + counts
            + "."
        )
        if summary.renumbered:
            self.stdout.write(
                f"{summary.renumbered} records were given new numbers: theirs are taken here."
            )
        for created in summary.created:
            self.stdout.write(f"Added, as this database did not have it: {created}.")
        for name in summary.missing_users:
            self.stdout.write(
                self.style.WARNING(
                    f"There is no user “{name}” here: what they did is kept, without their name."
                )
            )
        for link in summary.dropped_links:
            self.stdout.write(self.style.WARNING(f"A link was left out: {link}."))
        for problem in summary.not_clean:
            self.stdout.write(self.style.WARNING(problem))
