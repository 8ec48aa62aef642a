from django.contrib import admin

from .models import ActivityLog


@admin.register(ActivityLog)
class ActivityLogAdmin(admin.ModelAdmin):
    """The log is written by services only and never changed afterwards, by anyone: a superuser
    has every Django permission, so the answers are fixed here (and the database refuses too,
    migration 0003)."""

    list_display = ["at", "actor", "action", "summary"]
    list_filter = ["action"]
    search_fields = ["summary"]
    readonly_fields = [f.name for f in ActivityLog._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
