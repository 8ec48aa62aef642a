from django.contrib import admin
from django.db import transaction
from django.urls import reverse

from activity.services import record
from activity.snapshot import snapshot
from common.admin import ChangedInPortalAdmin, ShownOnly

from .models import Appendix, Plan, PlanSection
from .workbooks.admin import AppendixAdmin


class SectionInline(ShownOnly, admin.StackedInline):
    model = PlanSection
    extra = 0


class AppendixInline(ShownOnly, admin.StackedInline):
    model = Appendix
    extra = 0


@admin.register(Plan)
class PlanAdmin(ChangedInPortalAdmin):
    list_display = ["reference", "title", "issuing_unit", "year", "status", "version"]
    list_filter = ["status", "year"]
    search_fields = ["title", "number"]
    inlines = [SectionInline, AppendixInline]
    portal_note = (
        "Kế hoạch, các mục và phụ lục chỉ sửa được trên cổng (trang kế hoạch → Sửa thông tin chung, "
        "Ban hành, Mở lại để chỉnh sửa), để kế hoạch đã ban hành không bị sửa, mỗi thay đổi được ghi "
        "nhật ký và bản PDF được tạo lại. Ở đây chỉ xoá được kế hoạch dự thảo chưa có phụ lục."
    )

    def has_delete_permission(self, request, obj=None):
        # An empty draft (made by mistake) may go; an issued plan, or one with appendices whose
        # tasks units report on, stays. Without an object (the bulk action) the answer is no.
        if obj is None or not obj.is_draft or obj.appendices.exists():
            return False
        return admin.ModelAdmin.has_delete_permission(self, request, obj)

    @transaction.atomic
    def delete_model(self, request, obj):
        record(
            actor=request.user,
            action="plan.delete",
            summary=f"Xoá kế hoạch dự thảo “{obj.title}” trong trang quản trị",
            target=obj,
            before=snapshot(obj, ["issuing_unit", "number", "symbol", "year", "title"]),
        )
        super().delete_model(request, obj)


class AppendixShownOnlyAdmin(ChangedInPortalAdmin, AppendixAdmin):
    """The import screens stay (they write through the import service); the rows are shown only."""

    portal_note = (
        "Phụ lục chỉ sửa được trên cổng (trang kế hoạch → Sửa phụ lục, Nhập phụ lục từ Excel) hoặc thay "
        "bằng nút Nhập ở danh sách phụ lục, để kế hoạch đã ban hành không bị sửa và mỗi thay đổi được ghi nhật ký."
    )

    def portal_url(self, obj):
        return f"{reverse('plans:detail', args=[obj.plan_id])}#appendix-{obj.pk}"


admin.site.register(Appendix, AppendixShownOnlyAdmin)
