from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from scrutiny.backup.site_backup import site_backup


class Command(BaseCommand):
    help = (
        "Write every record and uploaded file to one zip file, which restore_site reads "
        "into an empty database of either kind (SQLite or PostgreSQL). It holds users' "
        "password hashes and exempt papers: keep it as securely as the database."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, required=True, help="The file to write.")

    def handle(self, *args, output, **options):
        if not output.parent.is_dir():
            raise CommandError(f"There is no folder {output.parent} to write the backup in.")
        summary = site_backup(destination=output)
        self.stdout.write(
            self.style.SUCCESS(
                f"Wrote {summary.records} records and {summary.files} uploaded files "
                f"to {summary.path}."
            )
        )
