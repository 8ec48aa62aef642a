import pytest


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Evidence files land in a fresh folder per test, never in the project's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
