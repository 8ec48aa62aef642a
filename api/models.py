"""Keys that let another system or a calendar app act as a person: API tokens and calendar feeds.

Only a SHA-256 digest of each key is stored; the key itself is shown once, when it is made. A
stolen database therefore lets nobody call the API or read a feed."""

import hashlib
import secrets

from django.conf import settings
from django.db import models


def new_key() -> str:
    return secrets.token_urlsafe(32)


def digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class TokenScope(models.TextChoices):
    READ = "read", "Chỉ đọc"
    WRITE = "write", "Đọc và ghi"


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True, user__is_active=True)


class ApiToken(models.Model):
    """A key for the REST API (/api/v1/): it acts as its owner, within its scope."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="tài khoản", on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField("tên gợi nhớ", max_length=100, help_text="Ví dụ: Hệ thống quản lý văn bản.")
    scope = models.CharField("quyền", max_length=10, choices=TokenScope.choices, default=TokenScope.READ)
    prefix = models.CharField("đầu khoá", max_length=8, editable=False)
    key_digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    last_used_at = models.DateTimeField("dùng lần cuối", null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField("thu hồi lúc", null=True, blank=True, editable=False)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = "khoá API"
        verbose_name_plural = "khoá API"
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def can_write(self) -> bool:
        return self.scope == TokenScope.WRITE


class CalendarFeed(models.Model):
    """A person's private iCalendar address (/lich/<key>.ics). Renewing it makes a new key; the
    old address stops working at once."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name="tài khoản", on_delete=models.CASCADE, related_name="calendar_feed"
    )
    key_digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField("tạo lúc", auto_now=True)
    last_read_at = models.DateTimeField("đọc lần cuối", null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "lịch riêng"
        verbose_name_plural = "lịch riêng"

    def __str__(self):
        return f"Lịch của {self.user}"
