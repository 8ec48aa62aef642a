"""The admin route: django-import-export's own upload → preview → confirm screens, on our reader.

Its stock XLSX format reads row 1 as the header and cannot see merged cells, so the format here
hands the workbook to our reader; the resource previews with the same service the plan page uses
and, on confirm, writes with the same transactional `write_import`.
"""

import io

import tablib
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.shortcuts import redirect
from django.utils.html import escape
from import_export import resources
from import_export.admin import ImportMixin
from import_export.formats.base_formats import XLSX
from import_export.forms import ConfirmImportForm, ImportForm
from import_export.results import Result, RowResult

from plans.models import Appendix, Plan, PlanStatus
from units.permissions import allowed

from . import services

PREVIEW_HEADERS = ["Trang tính", "Dòng", "Nhóm", "TT", "Nội dung", "Đơn vị", "Thời gian", "Ghi chú"]


class OfficeXLSX(XLSX):
    """An .xlsx as offices make it; the dataset keeps the file, which our reader reads itself."""

    def get_title(self):
        return "xlsx (bảng phụ lục)"

    def create_dataset(self, in_stream):
        # The import form has checked the upload under its own name (WorkbookImportForm); this
        # checks the same bytes again as the confirm step reads them back from temporary storage.
        upload = ContentFile(in_stream, name="phu-luc.xlsx")
        services.check_upload(upload)
        names, tables = services.read_workbook(io.BytesIO(in_stream), filename=upload.name)
        dataset = tablib.Dataset(headers=["sheet", "row", "number", "content"])
        for table in tables:
            for task in table.tasks:
                dataset.append([table.name, task.row, task.number, task.content])
        dataset.workbook = in_stream
        return dataset


def _check_replacement(form, data: dict) -> dict:
    replace, plan = data.get("replace"), data.get("plan")
    if replace is not None and plan is not None and replace.plan_id != plan.pk:
        form.add_error("replace", f"Phụ lục “{replace.title}” không thuộc kế hoạch đã chọn.")
    if replace is not None and not data.get("sheet"):
        form.add_error("sheet", "Khi thay thế một phụ lục, hãy ghi tên trang tính dùng để thay.")
    return data


class WorkbookImportForm(ImportForm):
    plan = forms.ModelChoiceField(
        label="Kế hoạch (dự thảo) nhận phụ lục",
        queryset=Plan.objects.filter(status=PlanStatus.DRAFT).select_related("issuing_unit"),
        help_text="Tên đơn vị chưa khớp danh mục được giữ nguyên văn. Muốn ghép chúng với đơn vị trong "
        "danh mục, hãy nhập từ trang kế hoạch (Nhập phụ lục từ Excel).",
    )
    sheet = forms.CharField(label="Chỉ nhập trang tính (để trống: mọi trang)", required=False)
    replace = forms.ModelChoiceField(
        label="Thay thế phụ lục (để trống: thêm phụ lục mới)",
        queryset=Appendix.objects.filter(plan__status=PlanStatus.DRAFT).select_related("plan"),
        required=False,
    )

    def clean_import_file(self):
        # Here, before django-import-export copies the file to temporary storage and reads it
        # whole, so a too big or wrong file is refused at once and under the name it was sent as.
        uploaded = self.cleaned_data["import_file"]
        services.check_upload(uploaded)
        return uploaded

    def clean(self):
        return _check_replacement(self, super().clean())


class WorkbookConfirmForm(ConfirmImportForm):
    plan = forms.ModelChoiceField(queryset=Plan.objects.filter(status=PlanStatus.DRAFT), widget=forms.HiddenInput)
    sheet = forms.CharField(required=False, widget=forms.HiddenInput)
    replace = forms.ModelChoiceField(
        queryset=Appendix.objects.filter(plan__status=PlanStatus.DRAFT), required=False, widget=forms.HiddenInput
    )

    def clean(self):
        return _check_replacement(self, super().clean())


class AppendixWorkbookResource(resources.ModelResource):
    """Each sheet becomes a new appendix of the chosen plan, or the one sheet replaces the chosen
    appendix; unmatched unit names stay text."""

    class Meta:
        model = Appendix
        fields = ()
        name = "Phụ lục từ bảng Excel của cơ quan"

    def __init__(self, plan=None, sheet="", replace=None):
        super().__init__()
        self.plan, self.sheet, self.replace = plan, sheet, replace

    def import_data(self, dataset, dry_run=False, raise_errors=False, **kwargs):
        result = Result()
        result.diff_headers = PREVIEW_HEADERS
        plan = self.plan
        if plan is None:
            result.append_base_error(result_error("Hãy chọn kế hoạch nhận phụ lục."))
            return result
        preview = services.preview_workbook(
            io.BytesIO(dataset.workbook),
            issuer=plan.issuing_unit,
            year=plan.year,
            filename=kwargs.get("file_name") or "phu-luc.xlsx",
            sheets=[self.sheet] if self.sheet else None,
            targets={self.sheet: self.replace.pk} if self.replace else None,
            plan=plan,
        )
        result.total_rows = preview.summary()["tasks"]
        for problem in preview.problems:
            if problem.row is None:
                result.append_base_error(result_error(problem.message))
            else:
                error = ValidationError({problem.column or "": [problem.message]})
                result.append_invalid_row(problem.row, {"Dòng": problem.row, "Giá trị": problem.value}, error)
        for sheet in preview.sheets:
            groups = {group.key: f"{group.number} {group.title}".strip() for group in sheet.table.groups}
            for task, matches in zip(sheet.table.tasks, sheet.assignments, strict=True):
                row = RowResult()
                row.import_type = RowResult.IMPORT_TYPE_NEW
                units = "; ".join(f"{result.text}{'' if result.unit else ' (chưa khớp)'}" for _, result in matches)
                values = [sheet.name, task.row, groups.get(task.group, ""), task.number, task.content, units]
                row.diff = [escape(str(v)) for v in [*values, task.timing, task.note]]
                result.append_row_result(row)
                result.increment_row_result_total(row)
        if not dry_run and not preview.blocked:
            appendices = services.write_import(actor=kwargs.get("user"), plan=plan, preview=preview)
            result.appendices = appendices
        return result


def result_error(message):
    from import_export.results import Error

    return Error(ValidationError(message))


class AppendixAdmin(ImportMixin, admin.ModelAdmin):
    list_display = ["title", "label", "plan", "position"]
    list_select_related = ["plan"]
    search_fields = ["title", "plan__title", "plan__number"]
    resource_classes = [AppendixWorkbookResource]
    import_form_class = WorkbookImportForm
    confirm_form_class = WorkbookConfirmForm
    skip_admin_log = True  # the import service writes our own activity log

    @property
    def import_formats(self):
        return [OfficeXLSX]

    def has_import_permission(self, request):
        return allowed(request.user, "units.manage_units")

    def get_import_resource_kwargs(self, request, **kwargs):
        form = kwargs.get("form")
        data = getattr(form, "cleaned_data", None) or {}
        return {"plan": data.get("plan"), "sheet": data.get("sheet", ""), "replace": data.get("replace")}

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        if import_form is not None:
            data = import_form.cleaned_data
            replace = data.get("replace")
            initial.update(plan=data["plan"].pk, sheet=data.get("sheet", ""), replace=replace.pk if replace else None)
        return initial

    def process_import(self, request, **kwargs):
        """The confirm step, once per upload. Two confirms at once (a double click) both found the
        temporary file and imported it twice; now each takes a lock named after the file, and
        the second, finding the file used up by the first, is told so and imports nothing."""
        name = request.POST.get("import_file_name", "") if request.method == "POST" else ""
        if not name or not self.has_import_permission(request):
            return super().process_import(request, **kwargs)
        with transaction.atomic():
            if connection.vendor == "postgresql":  # SQLite, for the demo, writes one at a time anyway
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"appendix-admin-import:{name}"])
            if not self._upload_left(name):
                messages.info(request, "Tệp này đã được nhập (bằng một lần xác nhận khác); không nhập lại lần nữa.")
                return redirect("admin:plans_appendix_changelist")
            # The import and the removal of the temporary file happen inside the lock.
            return super().process_import(request, **kwargs)

    def _upload_left(self, name: str) -> bool:
        storage = self.get_tmp_storage_class()(
            name=name, encoding=None, read_mode="rb", **self.get_tmp_storage_class_kwargs()
        )
        try:
            return storage.read() is not None  # the cache storage answers None for a removed file
        except FileNotFoundError:
            return False

    def add_data_read_fail_error_to_form(self, form, e):
        # Our format raises ValidationError with a Vietnamese message naming what is wrong.
        if isinstance(e, ValidationError):
            for message in e.messages:
                form.add_error("import_file", message)
        else:
            super().add_data_read_fail_error_to_form(form, e)

    def add_success_message(self, result, request):
        appendices = getattr(result, "appendices", [])
        messages.success(
            request, f"Đã nhập {len(appendices)} phụ lục, {result.totals[RowResult.IMPORT_TYPE_NEW]} nhiệm vụ."
        )
