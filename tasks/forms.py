from django import forms

from plans.models import UNIT_COLUMNS, Appendix, AppendixColumn

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
