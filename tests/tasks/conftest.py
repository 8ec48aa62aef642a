import pytest


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Evidence files land in a fresh folder per test, never in the project's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    # Factories set a password per user; the default PBKDF2 makes that the slowest part of a test.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
