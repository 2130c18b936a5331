"""The table of Django's database cache, the shared cache by default (CACHE_URL=db://):
made by `migrate`, so neither `make run` nor a deployment needs an extra step. It holds the
sign-in limits (allauth) and the verification page's counts; with CACHE_URL=redis://… it
is not used and not made."""

from django.core.management import call_command
from django.db import migrations


def cache_table_create(apps, schema_editor):
    # Makes the table of every database cache in CACHES, if missing (idempotent).
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_invitation")]

    operations = [migrations.RunPython(cache_table_create, migrations.RunPython.noop)]
