from django import forms

from .models import Covenant, CriteriaTable, CriterionKind

DATE_INPUT = forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"})
DATE_ERROR = {"invalid": "Ngày không hợp lệ. Hãy nhập theo dạng dd/mm/yyyy, ví dụ 31/03/2025."}


class _Form(forms.Form):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class CovenantForm(forms.ModelForm):
    class Meta:
        model = Covenant
        fields = ["title", "content", "targets", "place", "signing_due", "signed_on"]
        widgets = {
            "content": forms.Textarea(attrs={"rows": 8}),
            "targets": forms.Textarea(attrs={"rows": 5}),
            "signing_due": DATE_INPUT,
            "signed_on": DATE_INPUT,
        }
        error_messages = {"signing_due": DATE_ERROR, "signed_on": DATE_ERROR}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class SignatureForm(_Form):
    unit = forms.ModelChoiceField(label="Đơn vị", queryset=None, empty_label="— chọn đơn vị —")
    signed_on = forms.DateField(label="Ngày ký", widget=DATE_INPUT, error_messages=DATE_ERROR)
    signer_name = forms.CharField(label="Người ký", max_length=150)
    signer_position = forms.CharField(label="Chức vụ", max_length=150, required=False)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class CriteriaTableForm(forms.ModelForm):
    class Meta:
        model = CriteriaTable
        fields = ["title", "scoring_due", "tie_break"]
        widgets = {"scoring_due": DATE_INPUT}
        error_messages = {"scoring_due": DATE_ERROR}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class CopyCriteriaForm(_Form):
    scoring_due = forms.DateField(label="Hạn tự chấm điểm năm nay", widget=DATE_INPUT, error_messages=DATE_ERROR)


class SectionForm(_Form):
    number = forms.CharField(label="Số thứ tự", max_length=10, required=False)
    title = forms.CharField(label="Tên nhóm tiêu chí", max_length=500)


class CriterionForm(_Form):
    section = forms.ModelChoiceField(label="Thuộc nhóm", queryset=None, empty_label=None)
    number = forms.CharField(label="Số thứ tự", max_length=10)
    content = forms.CharField(label="Nội dung tiêu chí", widget=forms.Textarea(attrs={"rows": 2}))
    kind = forms.ChoiceField(label="Loại", choices=CriterionKind.choices)
    max_points = forms.CharField(label="Điểm tối đa", max_length=12)
    evidence_note = forms.CharField(
        label="Tài liệu kiểm chứng", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, table=None, with_section=True, **kwargs):
        super().__init__(*args, **kwargs)
        if with_section:
            self.fields["section"].queryset = table.sections.all()
        else:  # editing a criterion keeps its group
            del self.fields["section"]


class UploadForm(_Form):
    file = forms.FileField(label="Tệp")


class CopyGroupForm(_Form):
    year = forms.IntegerField(
        label="Năm thi đua mới", min_value=2000, max_value=2100, error_messages={"required": "Hãy ghi năm."}
    )


class MemberReviewForm(_Form):
    """ "Đã rà soát" on one of last year's members (review) or on all of them (all)."""

    review = forms.IntegerField(required=False, widget=forms.HiddenInput)
    all = forms.BooleanField(required=False, widget=forms.HiddenInput)
