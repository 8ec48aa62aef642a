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
