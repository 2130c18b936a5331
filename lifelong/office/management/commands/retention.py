"""`manage.py retention [--dry-run]`: apply the retention periods now, or show what would go."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from lifelong.office.retention import KINDS, retention_apply, retention_plan


class Command(BaseCommand):
    help = "Delete and pseudonymise personal data whose retention period is over"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="only show what would go; change nothing"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        if options["dry_run"]:
            plan = retention_plan(now=now)
            for due in plan.editions:
                if any(due.counts.values()):
                    line = ", ".join(f"{kind} {n}" for kind, n in due.counts.items() if n)
                    self.stdout.write(f"{due.schedule.edition}: {line}")
            self.stdout.write("would go: " + _counts(plan.counts))
            return
        self.stdout.write("gone: " + _counts(retention_apply(now=now)))


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{kind} {counts[kind]}" for kind in KINDS)
