import pytest
from django.core.cache import caches
from django.test import Client

from tests.second_factor import sign_in

# Fixtures by which a test reaches the database (the shared cache is a table in it).
_DATABASE_FIXTURES = ("transactional_db", "db")


@pytest.fixture(autouse=True, scope="session")
def _addresses_read_with_debug_off():
    """`lifelong/urls.py` is read once per process and mounts the development pages only if
    DEBUG is on at that moment: it is read here, with DEBUG off as in every test, so that a
    test that turns DEBUG on first (load_demo, the outbox) does not mount them for the rest."""
    import lifelong.urls  # noqa: F401


@pytest.fixture(autouse=True)
def _fresh_caches(request):
    """Rolled-back tests reuse revision numbers, so cached pages must not outlive a test;
    sign-in limits counted in the shared cache (a table, not emptied between tests that
    commit) must not either."""
    caches["local"].clear()
    if request.node.get_closest_marker("django_db"):
        request.getfixturevalue("_django_db_helper")
        caches["default"].clear()
    else:
        used = [name for name in _DATABASE_FIXTURES if name in request.fixturenames]
        if used:
            request.getfixturevalue(used[0])
            caches["default"].clear()
    yield
    caches["local"].clear()


@pytest.fixture(autouse=True)
def _signed_in_with_the_second_factor(monkeypatch):
    """Every test client's `force_login` signs staff in as a real sign-in does, having
    passed their authenticator app (tests/second_factor.py)."""
    monkeypatch.setattr(Client, "force_login", sign_in)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _signing_keys_of_this_test(settings, tmp_path):
    """Each test signs certificates with a key of its own, made on first use."""
    settings.CREDENTIAL_KEYS_FILE = str(tmp_path / "credential-keys.json")
