from django import forms
from django.utils import timezone

from units.models import Unit

from .models import (
    AwardType,
    BallotChoice,
    Council,
    CouncilMember,
    CouncilSession,
    Decision,
    DocumentKind,
    Dossier,
    Movement,
    Nominee,
    Outcome,
    Revocation,
)
from .services import DECISION_FIELDS, DOSSIER_FIELDS, NOMINEE_FIELDS
from .services.records import REVOCATION_FIELDS

DATE_INPUT = forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"})


class PortalForm(forms.Form):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class PortalModelForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class DossierForm(PortalModelForm):
    class Meta:
        model = Dossier
        fields = DOSSIER_FIELDS
        help_texts = {"title": "Ví dụ: Đề nghị tặng danh hiệu Chiến sĩ thi đua cơ sở năm 2025."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The rows in force on the dossier's day (a row a decree replaced is offered no more).
        day = self.instance.catalogue_day
        rows = AwardType.objects.valid_on(day)
        if self.instance.award_type_id:
            rows = rows | AwardType.objects.filter(pk=self.instance.award_type_id)
        self.fields["award_type"].queryset = rows
        self.fields["movement"].queryset = Movement.objects.all()
        self.fields["year"].initial = self.fields["year"].initial or timezone.localdate().year


class NomineeForm(PortalModelForm):
    class Meta:
        model = Nominee
        fields = NOMINEE_FIELDS
        widgets = {"achievement": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, units=None, **kwargs):
        # Shares the dossier page with the attachment form: both have a "kind" field.
        kwargs.setdefault("auto_id", "nominee_%s")
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else Unit.objects.all()
        self.fields["unit"].help_text = "Chỉ với tập thể."
        # The service says what is missing for which kind; the form must not answer first.
        self.fields["full_name"].required = False
        # "034 085 001 234" as the card prints it: the service drops the spaces and checks the digits.
        self.fields["citizen_id"].max_length = 20
        self.fields["citizen_id"].widget.attrs.update(maxlength="20", inputmode="numeric")
        self.fields["citizen_id"].validators = []

    def _get_validation_exclusions(self):
        # The number is checked once, by the service, after its spaces are dropped: one message.
        return {*super()._get_validation_exclusions(), "citizen_id"}


class AttachmentForm(PortalForm):
    kind = forms.ChoiceField(label="Loại tài liệu", choices=DocumentKind.choices)
    nominee = forms.ModelChoiceField(
        label="Của người, tập thể", queryset=Nominee.objects.none(), required=False, empty_label="(cả hồ sơ)"
    )
    file = forms.FileField(
        label="Tệp",
        help_text="PDF, Word, Excel hoặc ảnh; hệ thống kiểm tra nội dung tệp, không dựa vào tên.",
        error_messages={"required": "Hãy chọn tệp để tải lên."},
    )

    def __init__(self, *args, dossier=None, **kwargs):
        kwargs.setdefault("auto_id", "file_%s")
        super().__init__(*args, **kwargs)
        if dossier is not None:
            self.fields["nominee"].queryset = dossier.nominees.all()


class ReasonForm(PortalForm):
    reason = forms.CharField(label="Lý do", widget=forms.Textarea(attrs={"rows": 2}), required=False)


class ScheduleForm(PortalForm):
    session = forms.ModelChoiceField(
        label="Phiên họp", queryset=CouncilSession.objects.none(), required=False, empty_label="(rút khỏi phiên họp)"
    )

    def __init__(self, *args, sessions=None, **kwargs):
        super().__init__(*args, **kwargs)
        if sessions is not None:
            self.fields["session"].queryset = sessions


class SessionForm(PortalModelForm):
    meets_at = forms.DateTimeField(
        label="Thời gian họp",
        input_formats=["%d/%m/%Y %H:%M", "%d/%m/%Y"],
        widget=forms.DateTimeInput(format="%d/%m/%Y %H:%M", attrs={"placeholder": "dd/mm/yyyy hh:mm"}),
        error_messages={
            "invalid": "Thời gian họp không hợp lệ. Hãy nhập dạng dd/mm/yyyy hh:mm, ví dụ 15/12/2025 08:00."
        },
    )

    class Meta:
        model = CouncilSession
        fields = ["council", "title", "meets_at", "place", "presided_by", "discussion"]
        widgets = {"discussion": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"council": {"invalid_choice": "Hãy chọn Hội đồng Thi đua - Khen thưởng của cấp mình."}}

    def __init__(self, *args, councils=None, **kwargs):
        super().__init__(*args, **kwargs)
        if "council" in self.fields:
            self.fields["council"].queryset = councils if councils is not None else Council.objects.all()


class BallotForm(PortalForm):
    """One radio group per nominee: the member's ballot sheet."""

    def __init__(self, *args, nominees=(), **kwargs):
        super().__init__(*args, **kwargs)
        for nominee in nominees:
            self.fields[f"n{nominee.pk}"] = forms.ChoiceField(
                label=nominee.display_name,
                choices=BallotChoice.choices,
                widget=forms.RadioSelect,
                required=False,
            )

    def choices(self) -> dict:
        return {int(name[1:]): value for name, value in self.cleaned_data.items() if value}


class StageForm(PortalForm):
    def __init__(self, *args, nominees=(), **kwargs):
        super().__init__(*args, **kwargs)
        for nominee in nominees:
            self.fields[f"n{nominee.pk}"] = forms.ChoiceField(
                label=nominee.display_name, choices=Outcome.choices, initial=nominee.pending_outcome
            )

    def outcomes(self) -> dict:
        return {int(name[1:]): value for name, value in self.cleaned_data.items()}


class DecisionForm(PortalModelForm):
    nominees = forms.ModelMultipleChoiceField(
        label="Người, tập thể được khen thưởng",
        queryset=Nominee.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Hãy chọn ít nhất một người, tập thể được khen thưởng."},
    )

    class Meta:
        model = Decision
        fields = DECISION_FIELDS
        widgets = {
            "issued_on": DATE_INPUT,
            "issuing_body_line": forms.Textarea(attrs={"rows": 2}),
            "legal_bases": forms.Textarea(attrs={"rows": 4}),
            "recipients": forms.Textarea(attrs={"rows": 4}),
        }
        error_messages = {
            "issued_on": {"invalid": "Ngày ký không hợp lệ. Hãy nhập theo dạng dd/mm/yyyy, ví dụ 20/12/2025."},
        }
        help_texts = {
            "legal_bases": "Mỗi căn cứ một dòng. Các văn bản điền sẵn là văn bản có hiệu lực hôm nay; quyết định "
            "ký ngày khác phải dẫn văn bản có hiệu lực ngày ký.",
        }

    def __init__(self, *args, nominees=None, issuing_units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issued_on"].input_formats = ["%d/%m/%Y"]
        if nominees is not None:
            self.fields["nominees"].queryset = nominees
        if issuing_units is not None:
            self.fields["issuing_unit"].queryset = issuing_units

    def clean_issuing_body_line(self):
        return self.cleaned_data["issuing_body_line"].upper()


class SessionMinutesForm(SessionForm):
    ends_at = forms.DateTimeField(
        label="Thời gian kết thúc họp",
        required=False,
        input_formats=["%d/%m/%Y %H:%M"],
        widget=forms.DateTimeInput(format="%d/%m/%Y %H:%M", attrs={"placeholder": "dd/mm/yyyy hh:mm"}),
        help_text="Biên bản ghi giờ kết thúc cuộc họp.",
        error_messages={
            "invalid": "Thời gian kết thúc họp không hợp lệ. Hãy nhập dạng dd/mm/yyyy hh:mm, ví dụ 15/12/2025 10:30."
        },
    )

    class Meta(SessionForm.Meta):
        fields = [
            "title",
            "meets_at",
            "ends_at",
            "place",
            "presided_by",
            "discussion",
            "minutes_number",
            "minutes_symbol",
        ]
        widgets = {"discussion": forms.Textarea(attrs={"rows": 8})}


class WrittenOpinionForm(PortalForm):
    """The secretary's record of an absent member's written opinion: who, the choices on the paper,
    and the signed paper itself."""

    member = forms.ModelChoiceField(
        label="Thành viên vắng mặt",
        queryset=CouncilMember.objects.none(),
        error_messages={"required": "Hãy chọn thành viên có ý kiến bằng văn bản."},
    )
    paper = forms.FileField(
        label="Bản ý kiến có chữ ký",
        help_text="PDF, Word hoặc ảnh chụp; hệ thống kiểm tra nội dung tệp, không dựa vào tên.",
        error_messages={"required": "Hãy tải lên bản ý kiến bằng văn bản có chữ ký của thành viên."},
    )

    def __init__(self, *args, members=(), nominees=(), **kwargs):
        kwargs.setdefault("auto_id", "opinion_%s")
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = CouncilMember.objects.filter(pk__in=[m.pk for m in members]).select_related(
            "user"
        )
        self.fields["member"].label_from_instance = lambda m: str(m.user)
        for nominee in nominees:
            self.fields[f"n{nominee.pk}"] = forms.ChoiceField(
                label=nominee.display_name, choices=BallotChoice.choices, widget=forms.RadioSelect, required=False
            )

    def choices(self) -> dict:
        return {int(name[1:]): value for name, value in self.cleaned_data.items() if name[:1] == "n" and value}


class RevocationForm(PortalModelForm):
    class Meta:
        model = Revocation
        fields = REVOCATION_FIELDS
        widgets = {"reason": forms.Textarea(attrs={"rows": 3}), "decided_on": DATE_INPUT}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decided_on"].input_formats = ["%d/%m/%Y"]


class PersonMatchForm(PortalForm):
    other = forms.IntegerField(widget=forms.HiddenInput, error_messages={"required": "Hãy chọn dòng để đối chiếu."})
    same = forms.TypedChoiceField(
        label="Kết luận",
        choices=[("1", "Cùng một người"), ("0", "Hai người khác nhau")],
        coerce=lambda value: value == "1",
        error_messages={"required": "Hãy chọn “Cùng một người” hoặc “Hai người khác nhau”."},
    )
