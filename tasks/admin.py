from django.contrib import admin
from django.db.models import Exists, OuterRef
from django.urls import reverse

from common.admin import ChangedInPortalAdmin, ShownOnly
from plans.models import Appendix
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
from .workbooks.admin import AppendixAdmin


def appendix_url(appendix_id: int, plan_id: int) -> str:
    return f"{reverse('plans:detail', args=[plan_id])}#appendix-{appendix_id}"


TABLE_NOTE = (
    "Nhiệm vụ, nhóm nhiệm vụ và đơn vị được giao chỉ sửa được trên cổng (trang kế hoạch → bảng phụ lục), "
    "để kế hoạch đã ban hành không bị sửa, lịch thực hiện được tính lại và mỗi thay đổi được ghi nhật ký."
)
PROGRESS_NOTE = (
    "Tiến độ do đơn vị báo cáo trên cổng (trang tiến độ của nhiệm vụ); mỗi báo cáo được ghi nhật ký "
    "nên không sửa ở đây."
)


class AssignmentInline(ShownOnly, admin.TabularInline):
    model = TaskAssignment
    extra = 0


@admin.register(Task)
class TaskAdmin(ChangedInPortalAdmin):
    list_display = ["number", "content", "appendix", "group", "timing_text", "due_on", "schedule_kind"]
    list_filter = ["schedule_kind", "appendix__plan__year"]
    search_fields = ["content", "search_text"]
    list_select_related = ["appendix", "group"]
    inlines = [AssignmentInline]
    portal_note = TABLE_NOTE

    def portal_url(self, obj):
        return appendix_url(obj.appendix_id, obj.appendix.plan_id)


@admin.register(TaskGroup)
class TaskGroupAdmin(ChangedInPortalAdmin):
    list_display = ["number", "title", "appendix", "parent"]
    portal_note = TABLE_NOTE

    def portal_url(self, obj):
        return appendix_url(obj.appendix_id, obj.appendix.plan_id)


class EvidenceInline(ShownOnly, admin.TabularInline):
    model = Evidence
    extra = 0
    readonly_fields = ["name", "kind", "size", "file"]


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(ChangedInPortalAdmin):
    list_display = ["task", "due_on", "kind", "status", "percent", "unit", "author", "at"]
    list_filter = ["kind", "status"]
    list_select_related = ["task", "unit", "author"]
    inlines = [EvidenceInline]
    portal_note = PROGRESS_NOTE

    def portal_url(self, obj):
        return reverse("tasks:progress", args=[obj.task_id])


@admin.register(Occurrence)
class OccurrenceAdmin(ChangedInPortalAdmin):
    list_display = ["task", "due_on", "status", "percent", "updated_by", "updated_at"]
    list_filter = ["status"]
    list_select_related = ["task", "updated_by"]
    portal_note = PROGRESS_NOTE

    def portal_url(self, obj):
        return reverse("tasks:progress", args=[obj.task_id])


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


# Reminders and digests are the record of what was sent: the sweep's unique keys make a second
# send impossible, so an edited key or date here could send again or silence a reminder.
@admin.register(ReminderDigest)
class ReminderDigestAdmin(ShownOnly, admin.ModelAdmin):
    list_display = ["unit", "day", "created_at", "emailed_at", "recipients"]
    list_filter = [NoRecipientFilter, "day"]
    list_select_related = ["unit"]
    raw_id_fields = ["unit"]


@admin.register(Reminder)
class ReminderAdmin(ShownOnly, admin.ModelAdmin):
    list_display = ["kind", "period", "task", "label", "unit", "digest", "created_at"]
    list_filter = ["kind"]
    list_select_related = ["task", "unit", "digest__unit"]
    raw_id_fields = ["task", "occurrence", "unit", "digest"]


@admin.register(ReminderContact)
class ReminderContactAdmin(admin.ModelAdmin):
    list_display = ["unit", "email", "name"]
    search_fields = ["unit__name", "email", "name"]
    autocomplete_fields = ["unit"]


class AppendixShownOnlyAdmin(ChangedInPortalAdmin, AppendixAdmin):
    """The import screens stay (they write through the import service); the rows are shown only."""

    portal_note = (
        "Phụ lục chỉ sửa được trên cổng (trang kế hoạch → Sửa phụ lục, Nhập phụ lục từ Excel) hoặc thay "
        "bằng nút Nhập ở danh sách phụ lục, để kế hoạch đã ban hành không bị sửa và mỗi thay đổi được ghi nhật ký."
    )

    def portal_url(self, obj):
        return f"{reverse('plans:detail', args=[obj.plan_id])}#appendix-{obj.pk}"


# Appendices are plans' rows, but their admin carries the Excel import screens, which are tasks'.
admin.site.register(Appendix, AppendixShownOnlyAdmin)
