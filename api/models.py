"""Keys that let another system or a calendar app act as a person: API tokens and calendar feeds.

Only a SHA-256 digest of each key is stored; the key itself is shown once, when it is made. A
stolen database therefore lets nobody call the API or read a feed.

Also the webhooks: the addresses of other systems told about events, and the log of what was sent."""

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


# Webhooks ------------------------------------------------------------------------------------


class WebhookEvent(models.TextChoices):
    """What another system can be told. The payload of each is described in api/webhooks.py."""

    PLAN_ISSUED = "plan.issued", "Kế hoạch được ban hành"
    PROGRESS_UPDATED = "progress.updated", "Đơn vị cập nhật tiến độ nhiệm vụ (báo cáo hoặc nội dung phối hợp)"
    DOSSIER_STATUS_CHANGED = "dossier.status_changed", "Hồ sơ khen thưởng chuyển trạng thái"
    DOSSIER_DECIDED = "dossier.decided", "Hồ sơ khen thưởng có quyết định khen thưởng"
    DECISION_ISSUED = "decision.issued", "Quyết định khen thưởng được ban hành"


def new_secret() -> str:
    return secrets.token_urlsafe(32)


class WebhookSubscription(models.Model):
    """An address of another system and the events it is sent (POST, JSON, signed with its secret).

    Admins register and change it in the admin; it is turned off, never deleted, so its delivery
    log stays. The secret is kept as is: the portal needs it to sign every delivery."""

    name = models.CharField("tên hệ thống nhận", max_length=100)
    # Checked by api.targets (http or https, resolvable, not into the portal's own network), not by
    # URLField's pattern: the same check runs again at every delivery.
    url = models.CharField(
        "địa chỉ nhận", max_length=500, help_text="http:// hoặc https://, ví dụ https://vanban.example.gov.vn/tdkt"
    )
    events = models.JSONField("sự kiện", default=list, help_text="Các sự kiện gửi tới địa chỉ này.")
    secret = models.CharField("khoá bí mật", max_length=100, default=new_secret, editable=False)
    active = models.BooleanField("đang gửi", default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người đăng ký", on_delete=models.PROTECT, null=True, editable=False
    )
    created_at = models.DateTimeField("đăng ký lúc", auto_now_add=True)

    class Meta:
        verbose_name = "địa chỉ nhận sự kiện (webhook)"
        verbose_name_plural = "địa chỉ nhận sự kiện (webhook)"
        ordering = ["name", "id"]

    def __str__(self):
        return f"{self.name} ({self.url})"

    def event_labels(self) -> list[str]:
        labels = dict(WebhookEvent.choices)
        return [labels.get(event, event) for event in self.events]


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Chờ gửi"
    SENT = "sent", "Đã gửi"
    FAILED = "failed", "Gửi không được"
    CANCELLED = "cancelled", "Không gửi (địa chỉ đã tắt)"


class WebhookDelivery(models.Model):
    """One event for one subscription: written in the transaction of the change it reports (a
    change rolled back sends nothing), sent by the Celery worker after the commit, retried with
    backoff (api/webhooks.py). The body is fixed when the row is written, so every try (and a
    resend from the admin) sends the same bytes with the same idempotency key."""

    subscription = models.ForeignKey(
        WebhookSubscription, verbose_name="địa chỉ nhận", on_delete=models.PROTECT, related_name="deliveries"
    )
    event = models.CharField("sự kiện", max_length=40, choices=WebhookEvent.choices)
    # One per event, the same for every subscription and every try: the receiver's idempotency key.
    event_id = models.UUIDField("mã sự kiện")
    body = models.TextField("nội dung gửi (JSON)")
    status = models.CharField(
        "trạng thái", max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField("số lần thử", default=0)
    last_status_code = models.PositiveSmallIntegerField("mã trả lời HTTP gần nhất", null=True, blank=True)
    last_error = models.TextField("lỗi lần thử gần nhất", blank=True)
    last_response = models.TextField("trả lời gần nhất (trích)", blank=True)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True, db_index=True)
    next_attempt_at = models.DateTimeField("thử lại lúc", null=True, blank=True)
    last_attempt_at = models.DateTimeField("thử gần nhất lúc", null=True, blank=True)
    sent_at = models.DateTimeField("gửi được lúc", null=True, blank=True)

    class Meta:
        verbose_name = "lần gửi sự kiện (webhook)"
        verbose_name_plural = "nhật ký gửi sự kiện (webhook)"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["subscription", "event_id"], name="webhook_delivery_once_per_event")
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="webhook_delivery_waiting")]

    def __str__(self):
        return f"{self.event} → {self.subscription.name}"
