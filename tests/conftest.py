import os

import pytest

# Playwright's sync API runs an event loop in the test thread; Django refuses ORM calls from
# such a thread unless told it is safe, which it is here (one test at a time).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_configure(config):
    """In CI (scripts/test.sh) the suite must run on PostgreSQL and Redis, never fall back."""
    if not os.environ.get("TDKT_REQUIRE_SERVICES"):
        return
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"]
    if "postgresql" not in engine:
        pytest.exit(f"Bộ kiểm thử phải chạy trên PostgreSQL, đang cấu hình {engine}", returncode=3)
    if not settings.REDIS_URL:
        pytest.exit("Bộ kiểm thử cần REDIS_URL", returncode=3)


@pytest.fixture
def celery_worker(transactional_db):
    """A real Celery worker thread consuming the suite's Redis queue.

    Tasks reach it only after commit, so tests using it must be `django_db(transaction=True)`.
    """
    from celery.contrib.testing.worker import start_worker
    from celery.signals import task_postrun
    from django.db import connections

    from tdkt_portal.celery import app

    def close_worker_connections(**kwargs):
        # The worker thread opens its own database connections; leaving them open would keep
        # the test database busy when pytest-django drops it.
        connections.close_all()

    app.control.purge()
    task_postrun.connect(close_worker_connections, weak=False)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=20) as worker:
            yield worker
    finally:
        task_postrun.disconnect(close_worker_connections)
