"""A GET changes nothing: every address the authorization matrix reaches by GET, requested
by each of its seven people, leaves every table as it was (no row added, changed or gone,
no task queued). Sessions are left out: they are the browser's, not the site's data."""

import hashlib
from typing import Any

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse

from lifelong.accounts.models import UserSession
from tests.site_world import ROLES, build_world
from tests.test_authorization_matrix import MATRIX, Row

pytestmark = pytest.mark.django_db

_NOT_THE_SITES_DATA = {UserSession}


def _tables() -> dict[str, str]:
    """A fingerprint of every table's rows."""
    fingerprints = {}
    for model in apps.get_models():
        if model in _NOT_THE_SITES_DATA:
            continue
        rows = model._default_manager.order_by("pk").values_list()
        fingerprints[model._meta.label] = hashlib.sha256(repr(list(rows)).encode()).hexdigest()
    return fingerprints


def _changed(before: dict[str, str], after: dict[str, str]) -> list[str]:
    return sorted(label for label in before if before[label] != after[label])


GET_ROWS = [row for row in MATRIX if row.method == "get"]


@pytest.mark.parametrize("row", GET_ROWS, ids=lambda row: row.name)
def test_it_changes_no_table_on_a_get(row: Row):
    world = build_world()
    url = reverse(row.name, kwargs=row.kwargs(world))
    changes: dict[str, Any] = {}
    for role in ROLES:
        client = Client()
        person = world.people[role]
        if person is not None:
            client.force_login(person)
        before = _tables()
        client.get(url)
        changed = _changed(before, _tables())
        if changed:
            changes[role] = changed
    assert changes == {}, f"GET {url} changed tables: {changes}"


def test_it_notices_a_change():
    """The fingerprint sees a single changed row (so the test above can fail)."""
    world = build_world()
    before = _tables()
    world.edition.__class__.objects.filter(pk=world.edition.pk).update(capacity=99)
    assert _changed(before, _tables()) == ["catalogue.Edition"]
