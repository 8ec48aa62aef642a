import pytest

# The awards world (a province, its units, staff, an officer and a council) to send e-mail about.
from tests.awards.conftest import catalogue, world  # noqa: F401


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Dossier papers land in a fresh folder per test, never in the project's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    # A dozen council accounts per test: the production hasher would make that take seconds.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return settings.MEDIA_ROOT


@pytest.fixture
def smtp_down(settings):
    """Django's real SMTP backend, pointed where no mail server listens."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # TCP 9 ("discard"): nothing listens there
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5


@pytest.fixture
def mail_server_up(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def quick_retries(settings):
    """Three tries one, then two seconds apart, instead of minutes."""
    settings.MAIL_RETRY_MAX = 2
    settings.MAIL_RETRY_BACKOFF_SECONDS = 1
    settings.MAIL_RETRY_BACKOFF_MAX_SECONDS = 2


@pytest.fixture
def celery_in_process():
    """Celery with no broker, as in the demo: tasks run inside the caller."""
    from tdkt_portal.celery import app

    previous, app.conf.task_always_eager = app.conf.task_always_eager, True
    yield
    app.conf.task_always_eager = previous
