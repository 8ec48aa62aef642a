from django.contrib import admin
from django.db import transaction

from activity.services import record
from activity.snapshot import snapshot
from common.admin import ChangedInPortalAdmin, ShownOnly

from .models import Appendix, Plan, PlanSection


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
