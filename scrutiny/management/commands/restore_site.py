from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from scrutiny.backup.site_backup import BackupError, site_restore


class Command(BaseCommand):
    help = (
        "Restore a backup written by backup_site into this database, which must hold no "
        "records yet, and this uploads folder. It runs the migrations itself."
    )

    def add_arguments(self, parser):
        parser.add_argument("backup", type=Path, help="The file backup_site wrote.")

    def handle(self, *args, backup, **options):
        if not backup.is_file():
            raise CommandError(f"There is no file {backup}.")
        try:
            summary = site_restore(source=backup)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {summary.records} records and {summary.files} uploaded files."
            )
        )
        for problem in summary.not_clean:
            self.stdout.write(
                self.style.WARNING(f"Not clean, left out of every pack until replaced: {problem}")
            )
