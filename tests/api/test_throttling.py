"""Per-key throttling: each API key has its own count of reads and of writes in Redis; past the
limit the API answers 429 with Retry-After and a Vietnamese message; a cache that cannot be
reached lets calls through."""

import pytest
from django.conf import settings
from django.core.cache import cache
from rest_framework.test import APIClient

from api.models import ApiToken
from api.throttling import ApiKeyThrottle

from .conftest import client_for

pytestmark = pytest.mark.django_db


class Clock:
    def __init__(self, now: float):
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch):
    clock = Clock(1_900_000_000.0)
    monkeypatch.setattr(ApiKeyThrottle, "timer", clock)
    return clock


@pytest.fixture
def low_limits(settings):
    settings.API_THROTTLE_RATES = {"read": "3/min", "write": "2/min"}


def test_a_key_past_its_read_limit_gets_429_with_retry_after_and_a_vietnamese_message(world, low_limits, clock):
    officer = world["people"]["officer"]
    client = client_for(officer)
    for second in range(3):
        clock.now += 10
        assert client.get("/api/v1/plans/").status_code == 200, second
    clock.now += 5  # 25 s after the first call: it leaves the window 35 s from now
    response = client.get("/api/v1/plans/")
    assert response.status_code == 429
    assert response["Retry-After"] == "35"
    assert response.json() == {
        "detail": "Khoá API này đã gọi quá số lần cho phép: tối đa 3 lần đọc mỗi phút. Hãy thử lại sau 35 giây."
    }
    # Another key of the same person, and the person's own session, are not held back.
    assert client_for(officer).get("/api/v1/plans/").status_code == 200
    session = APIClient()
    session.force_login(officer)
    assert session.get("/api/v1/plans/").status_code == 200
    # When the first call has left the window, one more is allowed.
    clock.now += 35
    assert client.get("/api/v1/plans/").status_code == 200
    assert client.get("/api/v1/plans/").status_code == 429


def test_writes_are_counted_apart_from_reads(world, low_limits, clock):
    officer = world["people"]["officer"]
    client = client_for(officer)
    for _ in range(3):
        assert client.get("/api/v1/plans/").status_code == 200
    assert client.get("/api/v1/plans/").status_code == 429
    occurrence = world["task"].occurrences.get()
    url = f"/api/v1/occurrences/{occurrence.pk}/contributions/"
    # Writes still have their own two (each refused by the rules here, but counted).
    assert [client.post(url, {}, format="json").status_code for _ in range(2)] == [403, 403]
    response = client.post(url, {}, format="json")
    assert response.status_code == 429
    assert response.json()["detail"] == (
        "Khoá API này đã gọi quá số lần cho phép: tối đa 2 lần ghi mỗi phút. Hãy thử lại sau 60 giây."
    )
    assert response["Retry-After"] == "60"


@pytest.mark.skipif(not settings.REDIS_URL, reason="needs the suite's Redis (REDIS_URL)")
def test_the_counts_are_kept_in_redis_under_the_key_s_digest(world, low_limits, clock):
    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    client = client_for(world["people"]["officer"])
    client.get("/api/v1/plans/")
    client.get("/api/v1/plans/")
    token = ApiToken.objects.get(user=world["people"]["officer"])
    assert cache.get(f"throttle_api_read_{token.key_digest}") == [clock.now, clock.now]
    assert cache.get(f"throttle_api_write_{token.key_digest}") is None


def test_an_unreachable_cache_lets_calls_through(world, low_limits, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # TCP 9 ("discard"): nothing listens there
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    client = client_for(world["people"]["officer"])
    assert [client.get("/api/v1/plans/").status_code for _ in range(5)] == [200] * 5


def test_the_schema_documents_429_on_every_operation(client):
    schema = client.get("/api/schema/?format=json").json()
    operations = [op for path in schema["paths"].values() for op in path.values()]
    assert operations and all(op["responses"]["429"]["headers"]["Retry-After"] for op in operations)
