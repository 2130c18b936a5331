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
