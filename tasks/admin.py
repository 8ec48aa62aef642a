from django.contrib import admin
from django.db.models import Exists, OuterRef

from units.models import User

from .models import (
    Evidence,
    Occurrence,
    ProgressUpdate,
    Reminder,
    ReminderContact,
    ReminderDigest,
    Task,
    TaskAssignment,
    TaskGroup,
)


class AssignmentInline(admin.TabularInline):
    model = TaskAssignment
    extra = 0
    autocomplete_fields = ["unit"]


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ["number", "content", "appendix", "group", "timing_text", "due_on", "schedule_kind"]
    list_filter = ["schedule_kind", "appendix__plan__year"]
    search_fields = ["content", "search_text"]
    list_select_related = ["appendix", "group"]
    inlines = [AssignmentInline]


@admin.register(TaskGroup)
class TaskGroupAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "appendix", "parent"]


class EvidenceInline(admin.TabularInline):
    model = Evidence
    extra = 0
    readonly_fields = ["name", "kind", "size", "file"]
    can_delete = False


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(admin.ModelAdmin):
    list_display = ["task", "due_on", "kind", "status", "percent", "unit", "author", "at"]
    list_filter = ["kind", "status"]
    list_select_related = ["task", "unit", "author"]
    raw_id_fields = ["task", "occurrence"]
    inlines = [EvidenceInline]


@admin.register(Occurrence)
class OccurrenceAdmin(admin.ModelAdmin):
    list_display = ["task", "due_on", "status", "percent", "updated_by", "updated_at"]
    list_filter = ["status"]
    list_select_related = ["task", "updated_by"]
    raw_id_fields = ["task"]


class NoRecipientFilter(admin.SimpleListFilter):
    title = "người nhận"
    parameter_name = "nguoi_nhan"

    def lookups(self, request, model_admin):
        return [("khong", "Không có ai nhận")]

    def queryset(self, request, queryset):
        if self.value() == "khong":
            # Handled, yet no address went out and no unit officer exists to see it in the portal.
            officers = User.objects.unit_officers().filter(unit=OuterRef("unit"))
            return queryset.filter(emailed_at__isnull=False, recipients=[]).exclude(Exists(officers))
        return queryset


@admin.register(ReminderDigest)
class ReminderDigestAdmin(admin.ModelAdmin):
    list_display = ["unit", "day", "created_at", "emailed_at", "recipients"]
    list_filter = [NoRecipientFilter, "day"]
    list_select_related = ["unit"]
    raw_id_fields = ["unit"]


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ["kind", "period", "task", "label", "unit", "digest", "created_at"]
    list_filter = ["kind"]
    list_select_related = ["task", "unit", "digest__unit"]
    raw_id_fields = ["task", "occurrence", "unit", "digest"]


@admin.register(ReminderContact)
class ReminderContactAdmin(admin.ModelAdmin):
    list_display = ["unit", "email", "name"]
    search_fields = ["unit__name", "email", "name"]
    autocomplete_fields = ["unit"]
