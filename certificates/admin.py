"""Layouts are edited here by an admin: the fields in millimetres, the printer's offset and the scan
of the blank stock. "Xem trước trên phôi" draws the saved layout over the scan (the scan is only
ever shown there, never printed); "Trang căn chỉnh" prints the crosses. The register is shown only:
every row is written by printing."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from common.admin import ShownOnly

from .models import Issue, Layout, LayoutField


class LayoutFieldInline(admin.TabularInline):
    model = LayoutField
    extra = 0
    fields = ["key", "x_mm", "y_mm", "max_width_mm", "face", "size_pt", "bold", "italic", "uppercase", "align"]


@admin.register(Layout)
class LayoutAdmin(admin.ModelAdmin):
    list_display = ["name", "award_type", "unit", "page_size", "orientation", "offset_x_mm", "offset_y_mm"]
    list_filter = ["page_size", "orientation"]
    search_fields = ["name", "unit__name", "award_type__name"]
    autocomplete_fields = ["unit", "award_type"]
    readonly_fields = ["tools"]
    fields = [
        "name",
        "award_type",
        "unit",
        ("page_size", "orientation"),
        ("offset_x_mm", "offset_y_mm"),
        "min_size_pt",
        "stock_scan",
        "tools",
    ]
    inlines = [LayoutFieldInline]

    @admin.display(description="Xem trước, căn chỉnh")
    def tools(self, obj):
        if obj is None or obj.pk is None:
            return "Lưu mẫu để xem trước trên ảnh quét phôi."
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">Xem trước trên phôi</a> · '
            '<a href="{}">Tải trang căn chỉnh (PDF)</a><br>'
            '<span class="help">Xem trước vẽ mẫu đã lưu; bấm "Lưu và tiếp tục sửa" rồi tải lại trang xem trước.</span>',
            reverse("certificates:preview", args=[obj.pk]),
            reverse("certificates:alignment", args=[obj.pk]),
        )


@admin.register(Issue)
class IssueAdmin(ShownOnly, admin.ModelAdmin):
    list_display = ["number", "recipient", "unit", "decision", "printed_at", "printed_by", "reprint_of"]
    list_filter = ["unit"]
    search_fields = ["recipient"]
