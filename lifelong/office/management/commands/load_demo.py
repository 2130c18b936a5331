from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from lifelong.office.demo.load import DEMO_ADMIN_EMAIL, demo_load


class Command(BaseCommand):
    help = "Load the demo catalogue (idempotent: safe to run again)."

    def handle(self, *args: Any, **options: Any) -> None:
        count = demo_load(today=timezone.localdate())
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo catalogue ready: {count} programmes; site administrator {DEMO_ADMIN_EMAIL}."
            )
        )
