import pytest


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Staged uploads are real files: keep them in the test's own folder."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path
