"""Per-key throttling of the REST API: each API key may make so many reads and so many writes in a
window (`API_THROTTLE_RATES`, e.g. "300/min" reads, "60/min" writes). The counts live in the
default cache, which is Redis when REDIS_URL is set, so every web process shares them.

Only calls made with a key are counted, by the key itself (its digest, never a guessable id):
one runaway integration slows down itself, not the other systems of the same person. A person's
own browser session (the documentation page) is not throttled here. Too many calls answer 429
with `Retry-After` (whole seconds until the oldest call in the window expires) and a Vietnamese
message that says the limit. When the cache cannot be reached the call is let through (and
logged): throttling protects the portal, it must not take the API down with Redis."""

import logging
import math

from django.conf import settings
from redis.exceptions import RedisError
from rest_framework.permissions import SAFE_METHODS
from rest_framework.throttling import SimpleRateThrottle

from .models import ApiToken

logger = logging.getLogger(__name__)

PERIODS = {1: "giây", 60: "phút", 3600: "giờ", 86400: "ngày"}
KINDS = {"read": "đọc", "write": "ghi"}


class ApiKeyThrottle(SimpleRateThrottle):
    """Reads and writes of one API key, counted apart."""

    cache_format = "throttle_api_%(scope)s_%(ident)s"

    def allow_request(self, request, view):
        self.scope = "read" if request.method in SAFE_METHODS else "write"
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        try:
            allowed = super().allow_request(request, view)
        except (RedisError, OSError):
            logger.warning("Throttle cache unreachable: API call let through unthrottled", exc_info=True)
            return True
        if not allowed:
            # Read by api.exceptions.handle to say which limit was reached.
            request.throttled_by = self
        return allowed

    def get_rate(self):
        # Read at each call (not once at import, as DRF's THROTTLE_RATES is): settings can change.
        return settings.API_THROTTLE_RATES.get(self.scope)

    def get_cache_key(self, request, view):
        token = request.auth
        if not isinstance(token, ApiToken):
            return None
        return self.cache_format % {"scope": self.scope, "ident": token.key_digest}

    def wait(self):
        """Seconds until the oldest call in the window leaves it, so one more is allowed."""
        if not self.history:
            return 0
        return max(1, math.ceil(self.duration - (self.now - self.history[-1])))

    def message(self, wait: int) -> str:
        period = PERIODS.get(self.duration, f"{self.duration} giây")
        return (
            f"Khoá API này đã gọi quá số lần cho phép: tối đa {self.num_requests} lần {KINDS[self.scope]} "
            f"mỗi {period}. Hãy thử lại sau {wait} giây."
        )
