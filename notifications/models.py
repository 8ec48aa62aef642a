from django.conf import settings
from django.db import models


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """A message for one person inside the portal: task reminders, award dossier and council changes."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người nhận", on_delete=models.CASCADE, related_name="notifications"
    )
    title = models.CharField("tiêu đề", max_length=300)
    body = models.TextField("nội dung", blank=True)
    url = models.CharField("đường dẫn", max_length=500, blank=True)
    created_at = models.DateTimeField("thời điểm", auto_now_add=True, db_index=True)
    read_at = models.DateTimeField("đã đọc lúc", null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = "thông báo"
        verbose_name_plural = "thông báo"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self):
        return self.title

    @property
    def body_lines(self) -> list[str]:
        return [line for line in self.body.splitlines() if line.strip()]


class EmailStatus(models.TextChoices):
    PENDING = "pending", "Chờ gửi"
    SENT = "sent", "Đã gửi"
    FAILED = "failed", "Gửi không được"


class OutgoingEmail(models.Model):
    """One e-mail to one address, written in the transaction of the change it reports (a change
    rolled back sends nothing) and sent by the Celery worker after the commit (notifications.mail).

    One address per row: people who get the same news never see each other's addresses, and one
    bad address fails alone. The reminder digests have their own delivery (tasks.reminders)."""

    to = models.EmailField("gửi tới")
    from_email = models.CharField("người gửi", max_length=254)
    subject = models.CharField("tiêu đề", max_length=1000)
    body = models.TextField("nội dung")
    html_body = models.TextField("nội dung HTML", blank=True)
    # Fixed when queued, so a copy sent again after a crash between the mail server's acceptance
    # and our commit is recognisably the same message.
    message_id = models.CharField("Message-ID", max_length=255, unique=True)
    status = models.CharField("trạng thái", max_length=10, choices=EmailStatus.choices, default=EmailStatus.PENDING)
    attempts = models.PositiveSmallIntegerField("số lần thử", default=0)
    last_error = models.TextField("lỗi lần thử gần nhất", blank=True)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True, db_index=True)
    # When the next try is due: the commit for a new row, the backoff's end after a failure.
    next_attempt_at = models.DateTimeField("thử lại lúc", null=True, blank=True)
    last_attempt_at = models.DateTimeField("thử gần nhất lúc", null=True, blank=True)
    sent_at = models.DateTimeField("gửi được lúc", null=True, blank=True)

    class Meta:
        verbose_name = "thư điện tử gửi đi"
        verbose_name_plural = "thư điện tử gửi đi"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outgoing_email_waiting")]

    def __str__(self):
        return f"{self.subject} → {self.to}"


class DailyReminder(models.Model):
    """One reminder someone sent by hand ("Nhắc đơn vị") to one unit about one thing (a plan, a
    Cụm/Khối's criteria table) on one day. The unique key is the once-a-day rule: of two requests
    racing to remind the same unit, the second insert waits for the first and then fails, so
    exactly one notice and one e-mail go out (notifications.services.claim_daily_reminders)."""

    about_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE, related_name="+")
    about_id = models.PositiveBigIntegerField()
    # A units.Unit id: notifications sits below units and holds no foreign key into it.
    unit_id = models.PositiveBigIntegerField("đơn vị")
    day = models.DateField("ngày")
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người nhắc", null=True, blank=True, on_delete=models.SET_NULL
    )
    sent_at = models.DateTimeField("lúc", auto_now_add=True)

    class Meta:
        verbose_name = "lần nhắc đơn vị"
        verbose_name_plural = "lần nhắc đơn vị"
        ordering = ["-sent_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["about_type", "about_id", "unit_id", "day"], name="daily_reminder_once_per_unit_per_day"
            )
        ]

    def __str__(self):
        return f"{self.about_type.model}:{self.about_id} → đơn vị {self.unit_id} ({self.day:%d/%m/%Y})"
