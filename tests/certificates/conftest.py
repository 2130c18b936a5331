import pytest


@pytest.fixture(autouse=True)
def _signing_keys_of_this_test(settings, tmp_path):
    """Each test signs with a key of its own, made on first use."""
    settings.CREDENTIAL_KEYS_FILE = str(tmp_path / "credential-keys.json")
