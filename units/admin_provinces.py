"""The admin page "Nạp danh mục đơn vị của tỉnh": load_units with a province picker.

A mixin for UnitAdmin, so the page sits under Quản trị → Đơn vị and admin.py only names it."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from .divisions import find_province, provinces
from .permissions import require
from .services import load_province


class ProvinceForm(forms.Form):
    province = forms.ChoiceField(
        label="Tỉnh, thành phố",
        help_text="Danh mục sau sắp xếp 01/07/2025 (34 tỉnh, thành phố). Nạp lại không tạo trùng: "
        "tên, mã được cập nhật tại chỗ.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].choices = [("", "— Chọn tỉnh, thành phố —")] + [
            (p.code, f"{p.full_name if p.full_name != p.name else f'Tỉnh {p.name}'} ({p.code})") for p in provinces()
        ]


class ProvinceLoadAdminMixin:
    change_list_template = "admin/units/unit/change_list.html"

    def get_urls(self):
        urls = [
            path(
                "nap-tinh/",
                self.admin_site.admin_view(self.load_province_view),
                name="units_unit_load_province",
            )
        ]
        return urls + super().get_urls()

    def load_province_view(self, request):
        require(request.user, "units.manage_units")
        form = ProvinceForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            load = load_province(actor=request.user, province=find_province(form.cleaned_data["province"]))
            for line in load.report():
                messages.success(request, line)
            return redirect(f"{reverse('admin:units_unit_changelist')}?tree_root__id__exact={load.root.pk}")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Nạp danh mục đơn vị của tỉnh",
            "form": form,
        }
        return TemplateResponse(request, "admin/units/unit/load_province.html", context)
