"""`Authorization: Token <key>` (or `Bearer <key>`) for the REST API. A refused key answers 401
with a Vietnamese message; which of "unknown" and "revoked" it was is not said."""

from datetime import timedelta

from django.utils import timezone
from rest_framework import authentication, exceptions

from .models import ApiToken, digest

KEYWORDS = (b"token", b"bearer")
# The time a token was last used is written at most this often, not on every call.
TOUCH_EVERY = timedelta(minutes=5)


class ApiTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Token"

    def authenticate(self, request):
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].lower() not in KEYWORDS:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed("Tiêu đề Authorization phải có dạng “Token <khoá>”.")
        try:
            key = parts[1].decode()
        except UnicodeError:
            raise exceptions.AuthenticationFailed("Khoá API chứa ký tự không hợp lệ.") from None
        token = ApiToken.objects.active().select_related("user__unit").filter(key_digest=digest(key)).first()
        if token is None:
            raise exceptions.AuthenticationFailed("Khoá API không đúng hoặc đã bị thu hồi.")
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > TOUCH_EVERY:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    def authenticate_header(self, request):
        return self.keyword
