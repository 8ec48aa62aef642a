"""Admin screens for records whose every change goes through a service.

A plan, a task, a dossier… is changed by one function in its app's services.py: it checks the
rules (an issued plan is read-only until reopened with a reason), bumps versions (the stored PDF
is kept per plan version) and writes the activity row. A form saved by the admin does none of
that, and Django's model permissions cannot stop it: a superuser has them all. So for these
models the admin only shows the rows, with a link to the portal page where they are changed.
"""

from django.contrib import admin, messages
from django.utils.html import format_html


class ShownOnly:
    """For a ModelAdmin or an inline: nobody adds, changes or deletes here, superusers included."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ChangedInPortalAdmin(ShownOnly, admin.ModelAdmin):
    """The change page opens read-only, headed by where in the portal the record is changed."""

    # Vietnamese, one or two sentences: which portal page changes this record, and why not here.
    portal_note = "Bản ghi này chỉ sửa được trên cổng, để mỗi thay đổi được kiểm tra và ghi nhật ký."

    def portal_url(self, obj) -> str | None:
        return obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else None

    @admin.display(description="Sửa trên cổng")
    def portal_link(self, obj):
        url = obj is not None and self.portal_url(obj)
        return format_html('<a href="{}">Mở trang trên cổng</a>', url) if url else "—"

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "portal_link"]

    def get_fields(self, request, obj=None):
        return [name for name in super().get_fields(request, obj) if name != "portal_link"]

    def get_fieldsets(self, request, obj=None):
        where = (None, {"fields": ["portal_link"], "description": self.portal_note})
        return [where, *super().get_fieldsets(request, obj)]


class OutboxAdmin(admin.ModelAdmin):
    """A log of what the portal sent or tried to send (e-mails, webhook deliveries): read-only,
    with "Gửi lại" for what failed. The subclass names the service that queues the chosen rows
    again (it decides which may be resent and writes the activity row) and says, in Vietnamese,
    what was queued and what was skipped."""

    actions = ["resend"]
    # staticmethod(service): called as resend_rows(actor=, ids=), returns the ids queued again.
    resend_rows = None
    queued_message = "Đã đưa {count} mục vào hàng đợi gửi lại."
    skipped_message = "Bỏ qua {count} mục không cần gửi lại."

    def has_add_permission(self, request):
        return False

    @admin.display(description="lỗi lần thử gần nhất")
    def error(self, row):
        return row.last_error[:200]

    @admin.action(description="Gửi lại", permissions=["change"])
    def resend(self, request, queryset):
        selected = list(queryset.values_list("pk", flat=True))
        queued = self.resend_rows(actor=request.user, ids=selected)
        if queued:
            self.message_user(request, self.queued_message.format(count=len(queued)), messages.SUCCESS)
        if len(queued) < len(selected):
            self.message_user(request, self.skipped_message.format(count=len(selected) - len(queued)), messages.WARNING)
