from django.contrib import admin
from django.urls import reverse

from common.admin import ChangedInPortalAdmin

from .models import ApiToken, CalendarFeed


@admin.register(ApiToken)
class ApiTokenAdmin(ChangedInPortalAdmin):
    """Admins see every key (whose, which scope, when last used); only the owner makes or revokes it."""

    portal_note = "Mỗi người tạo và thu hồi khoá API của mình ở trang “Tài khoản”; khoá chỉ hiện một lần khi tạo."
    list_display = ["name", "user", "scope", "prefix", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["scope", "revoked_at"]
    search_fields = ["name", "user__username", "user__full_name", "prefix"]
    fields = ["user", "name", "scope", "prefix", "created_at", "last_used_at", "revoked_at"]

    def portal_url(self, obj):
        return reverse("api:account")


@admin.register(CalendarFeed)
class CalendarFeedAdmin(ChangedInPortalAdmin):
    portal_note = "Mỗi người tạo, đổi hoặc tắt địa chỉ lịch riêng của mình ở trang “Tài khoản”."
    list_display = ["user", "created_at", "last_read_at"]
    search_fields = ["user__username", "user__full_name"]
    fields = ["user", "created_at", "last_read_at"]

    def portal_url(self, obj):
        return reverse("api:account")
