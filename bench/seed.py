"""Fill the benchmark database: the demo catalogue grown to the size the issue names."""

import os
import sys

import django


def main(size: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lifelong.settings")
    django.setup()
    from django.core.management import call_command

    from lifelong.catalogue.models import Programme
    from tests.factories import make_catalogue_in_bulk

    call_command("migrate", verbosity=0)
    call_command("load_demo", allow_production=True, verbosity=0)  # a throwaway database
    missing = size - Programme.objects.count()
    if missing > 0:
        make_catalogue_in_bulk(missing)
    print(f"catalogue: {Programme.objects.count()} programmes")


if __name__ == "__main__":
    main(int(sys.argv[1]))
