import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_page_cache():
    """Rolled-back tests reuse revision numbers, so cached pages must not outlive a test."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _signing_keys_of_this_test(settings, tmp_path):
    """Each test signs certificates with a key of its own, made on first use."""
    settings.CREDENTIAL_KEYS_FILE = str(tmp_path / "credential-keys.json")
