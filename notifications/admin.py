from django.contrib import admin

from common.admin import OutboxAdmin

from . import mail
from .models import Notification, OutgoingEmail


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["title", "user", "created_at", "read_at"]
    list_filter = ["read_at"]
    search_fields = ["title", "user__username"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(OutboxAdmin):
    """What the portal has sent or tried to send: read-only, with "Gửi lại" for what failed."""

    list_display = ["to", "subject", "status", "attempts", "created_at", "sent_at", "error"]
    list_filter = ["status", "created_at"]
    search_fields = ["to", "subject"]
    date_hierarchy = "created_at"
    resend_rows = staticmethod(mail.resend)
    queued_message = "Đã đưa {count} thư vào hàng đợi gửi lại."
    skipped_message = "Bỏ qua {count} thư đã gửi được: người nhận đã có thư, gửi lại sẽ thành trùng."
    fields = [
        "to",
        "from_email",
        "subject",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "last_attempt_at",
        "next_attempt_at",
        "sent_at",
        "message_id",
        "body",
    ]
    readonly_fields = fields
