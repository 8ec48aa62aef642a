"""A group's year (covenant, criteria, scores) is written on the portal only, through
emulation/services.py: it checks who may act and whether the ranking is published, and logs each
change. Here it is shown, with a link to the group's pages."""

from django.contrib import admin
from django.urls import reverse

from common.admin import ChangedInPortalAdmin, ShownOnly

from .models import Covenant, CovenantSignature, CriteriaTable, Criterion, CriterionSection, Score


class SignatureInline(ShownOnly, admin.TabularInline):
    model = CovenantSignature
    extra = 0


@admin.register(Covenant)
class CovenantAdmin(ChangedInPortalAdmin):
    list_display = ["title", "group", "signing_due", "signed_on"]
    list_filter = ["group__year"]
    inlines = [SignatureInline]
    portal_note = (
        "Giao ước và chữ ký chỉ sửa trên cổng (Cụm, khối thi đua → Giao ước), do Cụm/Khối trưởng "
        "hoặc Sở/Phòng Nội vụ, và mỗi thay đổi được ghi nhật ký."
    )

    def portal_url(self, obj):
        return reverse("emulation:covenant_edit", args=[obj.group_id])


class SectionInline(ShownOnly, admin.TabularInline):
    model = CriterionSection
    extra = 0


CRITERIA_NOTE = (
    "Bảng tiêu chí chỉ sửa trên cổng (Cụm, khối thi đua → Tiêu chí) và khoá lại khi đã công bố "
    "kết quả; mỗi thay đổi được ghi nhật ký."
)


@admin.register(CriteriaTable)
class CriteriaTableAdmin(ChangedInPortalAdmin):
    list_display = ["title", "group", "scoring_due", "published_at"]
    list_filter = ["group__year"]
    inlines = [SectionInline]
    portal_note = CRITERIA_NOTE

    def portal_url(self, obj):
        return reverse("emulation:criteria", args=[obj.group_id])


@admin.register(Criterion)
class CriterionAdmin(ChangedInPortalAdmin):
    list_display = ["number", "content", "kind", "max_points", "section"]
    list_filter = ["kind", "section__table__group__year"]
    search_fields = ["content"]
    portal_note = CRITERIA_NOTE

    def portal_url(self, obj):
        return reverse("emulation:criteria", args=[obj.section.table.group_id])


@admin.register(Score)
class ScoreAdmin(ChangedInPortalAdmin):
    list_display = ["unit", "criterion", "self_points", "adjusted_points"]
    list_filter = ["criterion__section__table__group"]
    portal_note = (
        "Điểm do đơn vị tự chấm và Cụm/Khối trưởng điều chỉnh (có lý do) trên cổng, khoá lại khi đã "
        "công bố kết quả; mỗi thay đổi được ghi nhật ký."
    )

    def portal_url(self, obj):
        return reverse("emulation:unit_scores", args=[obj.criterion.section.table.group_id, obj.unit_id])
