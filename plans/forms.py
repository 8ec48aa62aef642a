from django import forms
from django.db.models import Q

from units.models import Unit

from .models import AppendixColumn, Plan, PlanSection
from .selectors import visible_plans
from .services import PLAN_FIELDS

DATE_INPUT = forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"})


class PlanForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Plan
        fields = PLAN_FIELDS
        widgets = {
            "issued_on": DATE_INPUT,
            "legal_bases": forms.Textarea(attrs={"rows": 4}),
            "preamble": forms.Textarea(attrs={"rows": 3}),
            "closing": forms.Textarea(attrs={"rows": 2}),
            "recipients": forms.Textarea(attrs={"rows": 6}),
            "issuing_body_line": forms.Textarea(attrs={"rows": 2}),
        }
        error_messages = {
            "issued_on": {"invalid": "Ngày ban hành không hợp lệ. Hãy nhập theo dạng dd/mm/yyyy, ví dụ 24/12/2024."},
            "based_on": {
                "invalid_choice": "Kế hoạch cấp trên đã chọn không có trong danh sách: chỉ chọn được kế hoạch đã "
                "ban hành hoặc dự thảo của cơ quan mình."
            },
        }

    def __init__(self, *args, user, issuing_units=None, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["issued_on"].input_formats = ["%d/%m/%Y"]
        self.fields["issuing_unit"].queryset = issuing_units if issuing_units is not None else Unit.objects.all()
        self.fields["based_on"].queryset = self._based_on_choices(user)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def _based_on_choices(self, user):
        """Plans the user may read (issued ones, drafts of their own administration); the plan's
        current link stays choosable even if that plan was reopened since, so the form still saves."""
        readable = Q(pk__in=visible_plans(user).values("pk"))
        if self.instance.based_on_id:
            readable |= Q(pk=self.instance.based_on_id)
        choices = Plan.objects.filter(readable).select_related("issuing_unit")
        return choices.exclude(pk=self.instance.pk) if self.instance.pk else choices

    def clean_issuing_body_line(self):
        return self.cleaned_data["issuing_body_line"].upper()


class SectionForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    class Meta:
        model = PlanSection
        fields = ["heading", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 10})}
        help_texts = {"body": "Mỗi đoạn cách nhau một dòng trống."}


class AppendixForm(forms.Form):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    label = forms.CharField(label="Nhãn", initial="PHỤ LỤC", max_length=50)
    title = forms.CharField(label="Tên phụ lục", max_length=500)
    subtitle = forms.CharField(
        label="Dòng kèm theo",
        max_length=500,
        required=False,
        help_text="Để trống để tự ghi “(Kèm theo Kế hoạch số … ngày … của …)”.",
    )
    columns = forms.MultipleChoiceField(
        label="Các cột của bảng",
        choices=AppendixColumn.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=[AppendixColumn.LEADS, AppendixColumn.COORDINATES, AppendixColumn.TIMING],
        error_messages={"required": "Hãy chọn ít nhất một cột ngoài TT và Nội dung."},
    )


class TransitionForm(forms.Form):
    reason = forms.CharField(label="Lý do", widget=forms.Textarea(attrs={"rows": 2}), required=False)


class CopyPlanForm(forms.Form):
    year = forms.IntegerField(
        label="Năm kế hoạch mới", min_value=2000, max_value=2100, error_messages={"required": "Hãy ghi năm."}
    )
    issuing_unit = forms.ModelChoiceField(
        label="Cơ quan ban hành",
        queryset=Unit.objects.none(),
        error_messages={
            "required": "Hãy chọn cơ quan ban hành.",
            "invalid_choice": "Chỉ chọn được cơ quan mà bạn được soạn kế hoạch.",
        },
    )

    def __init__(self, *args, issuing_units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issuing_unit"].queryset = issuing_units


class ReviewForm(forms.Form):
    """ "Đã rà soát" on one row (mark) or on every open row (all)."""

    mark = forms.IntegerField(required=False, widget=forms.HiddenInput)
    all = forms.BooleanField(required=False, widget=forms.HiddenInput)
