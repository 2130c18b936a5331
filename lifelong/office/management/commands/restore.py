"""`manage.py restore ARCHIVE`: an archive of `manage.py backup` into an empty database and
an empty MEDIA_ROOT, checked against its manifest (lifelong/office/backup.py)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lifelong.office.backup import backup_restore
from lifelong.office.backup_database import BackupError


class Command(BaseCommand):
    help = "Restore a backup archive into an empty database and an empty MEDIA_ROOT"
    # The checks must not open the database that is about to be replaced.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path, help="an archive written by manage.py backup")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            restored = backup_restore(archive_path=options["archive"], progress=self.progress)
        except BackupError as error:
            raise CommandError(error.message) from None
        manifest = restored.manifest
        self.stdout.write(
            f"Restored the backup of {manifest['created_at']} (Lifelong "
            f"{manifest['lifelong_version']}): {restored.rows} rows in "
            f"{len(manifest['database']['tables'])} tables, the signing keys, "
            f"{restored.files} media files. Every row count and checksum matches."
        )
        if restored.unapplied:
            self.stdout.write(
                f"This release has {restored.unapplied} migrations the backup has not: "
                "run manage.py migrate."
            )

    def progress(self, line: str) -> None:
        """A line on stderr, in plain colours (not the red of errors)."""
        self.stderr.write(line, style_func=str)
