from django import forms

from units.models import Unit

from .models import AppendixColumn, Plan, PlanSection
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
        }

    def __init__(self, *args, issuing_units=None, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["issued_on"].input_formats = ["%d/%m/%Y"]
        self.fields["issuing_unit"].queryset = issuing_units if issuing_units is not None else Unit.objects.all()
        self.fields["based_on"].queryset = Plan.objects.select_related("issuing_unit")
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

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
