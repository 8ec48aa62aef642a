from django.contrib import admin, messages

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
class OutgoingEmailAdmin(admin.ModelAdmin):
    """What the portal has sent or tried to send: read-only, with "Gửi lại" for what failed."""

    list_display = ["to", "subject", "status", "attempts", "created_at", "sent_at", "error"]
    list_filter = ["status", "created_at"]
    search_fields = ["to", "subject"]
    date_hierarchy = "created_at"
    actions = ["resend"]
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

    def has_add_permission(self, request):
        return False

    @admin.display(description="lỗi lần thử gần nhất")
    def error(self, email):
        return email.last_error[:200]

    @admin.action(description="Gửi lại", permissions=["change"])
    def resend(self, request, queryset):
        selected = list(queryset.values_list("pk", flat=True))
        queued = mail.resend(actor=request.user, ids=selected)
        if queued:
            self.message_user(request, f"Đã đưa {len(queued)} thư vào hàng đợi gửi lại.", messages.SUCCESS)
        if len(queued) < len(selected):
            self.message_user(
                request,
                f"Bỏ qua {len(selected) - len(queued)} thư đã gửi được: người nhận đã có thư, gửi lại sẽ thành trùng.",
                messages.WARNING,
            )
