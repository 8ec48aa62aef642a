from django import forms
from django.urls import reverse
from django.utils import timezone

from plans.models import UNIT_COLUMNS, Appendix, AppendixColumn

from .dashboard import SORT_CHOICES, STATUS_FILTERS, group_label
from .models import TaskGroup


class TaskForm(forms.Form):
    """One appendix row. Unit cells are free text (what the plan prints); units picked from the
    registry are written into the same text and linked when the row is saved."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    group = forms.ModelChoiceField(
        label="Nhóm", queryset=TaskGroup.objects.none(), required=False, empty_label="(không thuộc nhóm)"
    )
    number = forms.CharField(label="TT", max_length=10, required=False)
    content = forms.CharField(
        label="Nội dung",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Nội dung nhiệm vụ không được để trống."},
    )
    timing_text = forms.CharField(label="Thời gian thực hiện", max_length=300, required=False)
    note = forms.CharField(label="Ghi chú", widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, appendix: Appendix, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.appendix = appendix
        self.fields["group"].queryset = TaskGroup.objects.filter(appendix=appendix).order_by("parent_id", "position")
        for role in appendix.unit_columns:
            self.fields[f"unit_{role}"] = forms.CharField(
                label=appendix.label_for(role), required=False, widget=forms.Textarea(attrs={"rows": 2})
            )
        if AppendixColumn.TIMING not in appendix.columns:
            del self.fields["timing_text"]
        else:
            # As the editor types, the line under the field says what the text will be read as
            # (tasks:timing_preview; static/js/portal.js sends the row's group along).
            self.fields["timing_text"].widget.attrs.update(
                {
                    "data-timing-preview": "",
                    "hx-get": reverse("tasks:timing_preview", args=[appendix.pk]),
                    "hx-trigger": "load, input changed delay:300ms, change from:closest [data-task-editor]",
                    "hx-target": "next .timing-preview",
                    "hx-sync": "this:replace",
                    "aria-describedby": f"{self.auto_id % 'timing_text'}-reading",
                }
            )
        if AppendixColumn.NOTE not in appendix.columns:
            del self.fields["note"]

    @property
    def unit_fields(self):
        return [self[f"unit_{role}"] for role in self.appendix.unit_columns]

    def service_data(self) -> dict:
        data = {
            k: v for k, v in self.cleaned_data.items() if k in {"group", "number", "content", "timing_text", "note"}
        }
        data["unit_cells"] = {
            role: self.cleaned_data.get(f"unit_{role}", "")
            for role in UNIT_COLUMNS
            if f"unit_{role}" in self.cleaned_data
        }
        return data

    @staticmethod
    def initial_for(task) -> dict:
        initial = {
            "version": task.version,
            "group": task.group_id,
            "number": task.number,
            "content": task.content,
            "timing_text": task.timing_text,
            "note": task.note,
        }
        initial.update({f"unit_{role}": text for role, text in task.unit_cells.items()})
        return initial


class GroupForm(forms.ModelForm):
    class Meta:
        model = TaskGroup
        fields = ["number", "title", "parent"]
        labels = {"number": "Số thứ tự (I, II, A.)", "title": "Tên nhóm (ví dụ: Quý I)"}

    def __init__(self, *args, appendix: Appendix, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        parents = TaskGroup.objects.filter(appendix=appendix, parent__isnull=True)
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents
        self.fields["parent"].empty_label = "(nhóm cấp trên cùng)"
        self.fields["parent"].required = False


# Progress ------------------------------------------------------------------------------------


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class EvidenceField(forms.Field):
    """Any number of files; their real type and size are checked by the service (validate_upload)."""

    widget = MultipleFileInput

    def to_python(self, data):
        if not data:
            return []
        return list(data) if isinstance(data, list | tuple) else [data]


class ReportForm(forms.Form):
    """What every progress update carries: a date, a note, evidence files."""

    noted_on = forms.DateField(
        label="Ngày báo cáo",
        input_formats=["%d/%m/%Y"],
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
        error_messages={"invalid": "Ngày báo cáo phải ghi dạng dd/mm/yyyy, ví dụ 15/03/2025."},
    )
    note = forms.CharField(label="Nội dung tiến độ", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    files = EvidenceField(
        label="Tệp minh chứng",
        required=False,
        help_text="PDF, Word, Excel hoặc ảnh; có thể chọn nhiều tệp.",
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("noted_on", timezone.localdate())


class StatusForm(ReportForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(label="Trạng thái")
    percent = forms.IntegerField(
        label="Tiến độ (%)",
        min_value=0,
        max_value=100,
        required=False,
        error_messages={
            "min_value": "Tiến độ phải từ 0 đến 100%.",
            "max_value": "Tiến độ phải từ 0 đến 100%.",
            "invalid": "Tiến độ là một số từ 0 đến 100.",
        },
    )
    reason = forms.CharField(
        label="Lý do không thực hiện",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text="Bắt buộc khi chọn “Không thực hiện”.",
    )
    field_order = ["status", "percent", "noted_on", "note", "reason", "files", "version"]

    def __init__(self, *args, status_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = status_choices


class ContributionForm(ReportForm):
    pass


class DashboardTableForm(forms.Form):
    """The progress table's filters, read from the query string. A value the plan does not have
    (a group or unit from another plan, a hand-edited link) is dropped, not an error page."""

    nhom = forms.TypedChoiceField(label="Nhóm", required=False, coerce=int, empty_value=None)
    donvi = forms.TypedChoiceField(label="Đơn vị chủ trì", required=False, coerce=int, empty_value=None)
    tinhtrang = forms.ChoiceField(label="Tình trạng", required=False)
    # The column headers sort too; on a phone the table's head is hidden (rows become cards), so
    # the order is chosen here as well.
    sapxep = forms.ChoiceField(label="Sắp xếp theo", required=False, choices=SORT_CHOICES)

    def __init__(self, data, *, board):
        super().__init__(data)
        self.fields["nhom"].choices = [("", "Tất cả")] + [(group.pk, group_label(group)) for group in board.task_groups]
        units = sorted((unit for unit, _ in board.by_unit), key=lambda unit: unit.name.lower())
        self.fields["donvi"].choices = [("", "Tất cả")] + [(unit.pk, unit.name) for unit in units]
        statuses = [(key, label) for key, (label, _) in STATUS_FILTERS.items()]
        self.fields["tinhtrang"].choices = [("", "Tất cả")] + statuses

    def choices(self) -> dict:
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value not in (None, "")}
