from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from meetings.archive import meeting_export
from meetings.archive.contents import ArchiveError
from meetings.models import Meeting


class Command(BaseCommand):
    help = (
        "Write one meeting and everything under it (agenda items, reports and their "
        "appendices' files, presentations, lines of enquiry, recommendations, responses "
        "and history) to a single zip archive, for import_meeting to read elsewhere."
    )

    def add_arguments(self, parser):
        parser.add_argument("meeting", type=int, help="The meeting's number, as in its address.")
        parser.add_argument(
            "--output",
            type=Path,
            help="Where to write the archive (default: COMMITTEE-DATE.zip here).",
        )

    def handle(self, *args, meeting, output=None, **options):
        found = Meeting.all_objects.select_related("committee").filter(pk=meeting).first()
        if found is None:
            raise CommandError(f"There is no meeting {meeting}.")
        output = output or Path(f"{found.committee.slug}-{found.date:%Y-%m-%d}.zip")
        if output.is_dir():
            output = output / f"{found.committee.slug}-{found.date:%Y-%m-%d}.zip"
        if not output.parent.is_dir():
            raise CommandError(f"There is no folder {output.parent} to write the archive in.")
        try:
            summary = meeting_export(meeting=found, destination=output)
        except ArchiveError as error:
            raise CommandError(str(error)) from None
        counts = ", ".join(f"{count} {name}" for name, count in summary.counts.items() if count)
        self.stdout.write(
            self.style.SUCCESS(f"Wrote {found} to {summary.path}: ")
            + f"{counts}; {summary.history_rows} history entries; {summary.files} files."
        )
