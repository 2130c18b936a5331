from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from lifelong.office.demo.load import DEMO_ADMIN_EMAIL, demo_load

REFUSAL = (
    "DEBUG is off: this looks like a real site. The demo makes a site administrator and "
    "organisers whose authenticator secret is published in the README, so anyone could sign "
    "in as them. Load it only into a development or test database (`make run` sets "
    "DEBUG=true), or pass --allow-production if this database really is a throwaway demo."
)


class Command(BaseCommand):
    help = "Load the demo catalogue (idempotent: safe to run again). Development only."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Load it even with DEBUG off (its staff sign in with a published secret).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["allow_production"]:
            raise CommandError(REFUSAL)
        count = demo_load(today=timezone.localdate())
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo catalogue ready: {count} programmes; site administrator {DEMO_ADMIN_EMAIL}."
            )
        )
