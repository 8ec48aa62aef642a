"""Layouts are edited here by an admin: the fields in millimetres, the printer's offset and the scan
of the blank stock. "Xem trước trên phôi" draws the saved layout over the scan (the scan is only
ever shown there, never printed); "Trang căn chỉnh" prints the crosses. The register is shown only:
every row is written by printing."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html, json_script

from common.admin import ShownOnly

from . import fonts
from .models import PAGE_MM, Issue, Layout, LayoutField
from .preview import sample_texts, scan_data_url


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

    class Media:
        css = {"all": ["css/certificate-preview.css"]}
        js = ["js/certificate-preview.js"]

    @admin.display(description="Xem trước, căn chỉnh")
    def tools(self, obj):
        """The live preview (redrawn as the form changes, before saving) over the scan, and the
        server's own drawings of the saved layout: the preview page and the alignment PDF."""
        sample = {
            "texts": sample_texts(obj),
            "scan": scan_data_url(obj) if obj is not None else "",
            "pages": {size: list(mm) for size, mm in PAGE_MM.items()},
            "families": fonts.FAMILIES,
            "ascents": {
                f"{face}|{str(bold).lower()}|{str(italic).lower()}": fonts.ascent(1, face, bold, italic)
                for face, bold, italic in fonts.FILES
            },
        }
        links = ""
        if obj is not None and obj.pk is not None:
            links = format_html(
                '<a href="{}" target="_blank" rel="noopener">Bản xem trước của mẫu đã lưu</a> · '
                '<a href="{}">Tải trang căn chỉnh (PDF)</a>',
                reverse("certificates:preview", args=[obj.pk]),
                reverse("certificates:alignment", args=[obj.pk]),
            )
        return format_html(
            '{}<div class="help">Khung dưới đây vẽ lại ngay khi sửa số liệu (chưa cần lưu); '
            "trường viền đỏ là chữ không vừa dù đã thu nhỏ tới cỡ nhỏ nhất. Ảnh quét chỉ để xem, "
            'không bao giờ được in.</div><div id="certificate-preview"></div>{}',
            links,
            json_script(sample, "certificate-sample"),
        )


@admin.register(Issue)
class IssueAdmin(ShownOnly, admin.ModelAdmin):
    list_display = ["number", "recipient", "unit", "decision", "printed_at", "printed_by", "reprint_of"]
    list_filter = ["unit"]
    search_fields = ["recipient"]
