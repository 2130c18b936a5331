"""`manage.py backup ARCHIVE [--keep N]`: the database, the signing keys and the uploaded
files in one tar archive (lifelong/office/backup.py; docs/deployment.md, "Backups")."""

import signal
import sys
from pathlib import Path
from types import FrameType
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from lifelong.office.backup import backup_write
from lifelong.office.backup_database import BackupError


class Command(BaseCommand):
    help = "Write the database, the signing keys and the uploaded files into one tar archive"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "archive",
            type=Path,
            help="the archive to write, e.g. …/lifelong-2026-12-01.tar; or a folder, in which "
            "it is named lifelong-<date and time>.tar",
        )
        parser.add_argument(
            "--keep",
            type=int,
            metavar="N",
            help="then delete all but the N newest archives named like this one",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        keep = options["keep"]
        if keep is not None and keep < 1:
            raise CommandError("--keep must be at least 1.")
        # Stopped by systemd (SIGTERM): clean up the unfinished archive on the way out.
        signal.signal(signal.SIGTERM, _exit)
        target = options["archive"].absolute()
        if target.is_dir():  # the nightly unit names only the folder (deploy/systemd)
            target = target / f"lifelong-{timezone.localtime():%Y-%m-%dT%H%M%S}.tar"
        try:
            written = backup_write(target=target, keep=keep, progress=self.progress)
        except BackupError as error:
            raise CommandError(error.message) from None
        database = written.manifest["database"]
        self.stdout.write(
            f"{written.path}: {sum(database['tables'].values())} rows in "
            f"{len(database['tables'])} tables ({database['vendor']}), the signing keys, "
            f"{len(written.manifest['files']) - 2} media files."
        )
        for old in written.pruned:
            self.stdout.write(f"deleted the older {old}")

    def progress(self, line: str) -> None:
        """A line on stderr, in plain colours (not the red of errors)."""
        self.stderr.write(line, style_func=str)


def _exit(number: int, frame: FrameType | None) -> None:
    sys.exit(128 + number)
