import pytest


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    # Stored PDFs go to a throwaway folder, never the worktree's media/.
    settings.MEDIA_ROOT = tmp_path / "media"
