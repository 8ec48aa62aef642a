"""The award catalogue: each award type with the rules that change with each decree (who decides,
thresholds, quorum, required papers, prerequisites), loaded from fixtures/awards/catalogue.json,
never in code; and the emulation movements dossiers answer."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from units.models import Unit


class AwardCategory(models.TextChoices):
    TITLE = "danh_hieu", "Danh hiệu thi đua"
    FORM = "hinh_thuc", "Hình thức khen thưởng"


class Beneficiary(models.TextChoices):
    INDIVIDUAL = "ca_nhan", "Cá nhân"
    COLLECTIVE = "tap_the", "Tập thể"
    BOTH = "ca_nhan_tap_the", "Cá nhân và tập thể"
    HOUSEHOLD = "ho_gia_dinh", "Hộ gia đình"
    # Bằng khen and Giấy khen: Luật Thi đua, khen thưởng 2022 gives them to households too.
    ALL = "ca_nhan_tap_the_ho", "Cá nhân, tập thể và hộ gia đình"


class Procedure(models.TextChoices):
    """How the proposing level considers a dossier before it decides or proposes upward."""

    COUNCIL_VOTE = "hoi_dong", "Hội đồng Thi đua - Khen thưởng xét, bỏ phiếu"
    APPRAISAL = "tham_dinh", "Thẩm định hồ sơ, người đứng đầu đề nghị (không bỏ phiếu)"


class DecidingLevel(models.TextChoices):
    """Who signs the decision; ordered from the top so a council can tell what is above it."""

    STATE = "nha_nuoc", "Chủ tịch nước"
    GOVERNMENT = "chinh_phu", "Thủ tướng Chính phủ"
    PROVINCE = "tinh", "Bộ trưởng, Chủ tịch UBND tỉnh"
    BASE = "co_so", "Chủ tịch UBND xã, thủ trưởng cơ quan, đơn vị"


LEVEL_RANK = {DecidingLevel.STATE: 0, DecidingLevel.GOVERNMENT: 1, DecidingLevel.PROVINCE: 2, DecidingLevel.BASE: 3}


class VoteBase(models.TextChoices):
    ALL_MEMBERS = "tong_so", "Trên tổng số thành viên Hội đồng"
    PRESENT = "co_mat", "Trên số thành viên có mặt"


class DocumentKind(models.TextChoices):
    PROPOSAL = "to_trinh", "Tờ trình kèm danh sách đề nghị"
    ACHIEVEMENT_REPORT = "bao_cao_thanh_tich", "Báo cáo thành tích"
    COUNCIL_MINUTES = "bien_ban", "Biên bản họp Hội đồng TĐKT cấp trình"
    INITIATIVE_PROOF = "sang_kien", "Minh chứng sáng kiến, đề tài"
    SUMMARY = "tom_tat", "Tóm tắt thành tích"
    DECLARATION = "ban_khai", "Bản khai của người được đề nghị hoặc thân nhân"
    OTHER = "khac", "Tài liệu khác"


# Papers written about one nominee rather than the dossier as a whole.
PER_NOMINEE_DOCUMENTS = {
    DocumentKind.ACHIEVEMENT_REPORT,
    DocumentKind.INITIATIVE_PROOF,
    DocumentKind.SUMMARY,
    DocumentKind.DECLARATION,
}


def _percent(name, default):
    return models.DecimalField(
        name,
        max_digits=5,
        decimal_places=2,
        default=Decimal(default),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )


class AwardTypeQuerySet(models.QuerySet):
    def valid_on(self, day):
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )


class AwardType(models.Model):
    """One emulation title or form of commendation, with the rules in force for it."""

    code = models.SlugField("mã", max_length=60, unique=True)
    name = models.CharField("tên", max_length=255)
    category = models.CharField("loại", max_length=20, choices=AwardCategory.choices)
    group = models.CharField("nhóm", max_length=100, blank=True, help_text="Ví dụ: Huân chương, Huy chương.")
    beneficiary = models.CharField("đối tượng", max_length=20, choices=Beneficiary.choices)
    deciding_level = models.CharField("cấp quyết định", max_length=20, choices=DecidingLevel.choices)
    deciding_basis = models.CharField(
        "căn cứ thẩm quyền quyết định",
        max_length=300,
        blank=True,
        help_text="Điều, khoản quy định ai quyết định tặng, ví dụ “khoản 1 Điều 80 Luật Thi đua, khen thưởng 2022”.",
    )
    deciding_unit_kinds = models.JSONField(
        "chỉ loại đơn vị sau quyết định",
        default=list,
        blank=True,
        help_text='Để trống: mọi cơ quan, đơn vị của cấp quyết định. Ví dụ ["ubnd"]: chỉ Chủ tịch UBND.',
    )
    required_documents = models.JSONField(
        "thành phần hồ sơ", default=list, blank=True, help_text='Mã loại tài liệu, ví dụ ["to_trinh", "bien_ban"].'
    )
    simplified_documents = models.JSONField(
        "hồ sơ thủ tục đơn giản", default=list, blank=True, help_text="Dùng cho khen thưởng đột xuất."
    )
    approval_threshold = _percent("tỷ lệ phiếu đồng ý tối thiểu (%)", "70")
    quorum = _percent("số thành viên dự họp tối thiểu (%)", "66.67")
    vote_base = models.CharField("cách tính tỷ lệ", max_length=10, choices=VoteBase.choices)
    vote_rule_basis = models.CharField(
        "căn cứ quy định tỷ lệ phiếu, số thành viên dự họp",
        max_length=300,
        blank=True,
        help_text="Quy chế của tỉnh quy định các tỷ lệ trên, ví dụ: Quyết định số 12/2024/QĐ-UBND, Điều 9.",
    )
    written_opinions_count = models.BooleanField(
        "tính ý kiến bằng văn bản của thành viên vắng mặt",
        default=False,
        help_text="Thư ký ghi ý kiến bằng văn bản (kèm bản giấy) của thành viên vắng mặt; được tính như phiếu.",
    )
    prize_coefficient = models.DecimalField(
        "hệ số tiền thưởng (lần mức lương cơ sở)",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
        help_text="Với hình thức cho cả cá nhân và tập thể: mức của cá nhân. Để trống: chưa nhập, không ban hành được.",
    )
    prize_coefficient_collective = models.DecimalField(
        "hệ số tiền thưởng của tập thể",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
        help_text="Chỉ với hình thức tặng cả cá nhân và tập thể (Bằng khen, Giấy khen).",
    )
    prize_basis = models.CharField("căn cứ mức tiền thưởng", max_length=300, blank=True)
    prerequisites = models.JSONField(
        "điều kiện", default=list, blank=True, help_text="Danh sách điều kiện kiểm tra tự động (xem README)."
    )
    legal_basis = models.CharField("căn cứ pháp lý", max_length=500, blank=True)
    procedure = models.CharField(
        "trình tự xét", max_length=20, choices=Procedure.choices, default=Procedure.COUNCIL_VOTE
    )
    procedure_basis = models.CharField(
        "căn cứ trình tự xét",
        max_length=300,
        blank=True,
        help_text="Ví dụ: Quyết định số 01/2026/QĐ-TTg (Huy chương Thanh niên xung phong vẻ vang).",
    )
    valid_from = models.DateField("áp dụng từ", null=True, blank=True, help_text="Theo ngày của hồ sơ, quyết định.")
    valid_to = models.DateField("áp dụng đến", null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        verbose_name="thay bằng",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="predecessors",
        help_text="Danh hiệu, hình thức áp dụng sau ngày hết áp dụng của dòng này (khi quy định thay đổi).",
    )
    position = models.PositiveIntegerField("thứ tự", default=0)

    objects = AwardTypeQuerySet.as_manager()

    class Meta:
        verbose_name = "danh hiệu, hình thức khen thưởng"
        verbose_name_plural = "danh hiệu, hình thức khen thưởng"
        ordering = ["position", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="award_type_valid_period_ordered",
                violation_error_message="Ngày hết áp dụng phải sau ngày bắt đầu áp dụng.",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        known = set(DocumentKind.values)
        for field in ("required_documents", "simplified_documents"):
            unknown = [code for code in getattr(self, field) or [] if code not in known]
            if unknown:
                raise ValidationError({field: f"Loại tài liệu không có trong danh mục: {', '.join(unknown)}."})
        from .eligibility import validate_prerequisites

        validate_prerequisites(self.prerequisites)

    @property
    def award_phrase(self) -> str:
        """How a decision names it after "tặng": titles take "danh hiệu", forms stand alone."""
        return f"danh hiệu “{self.name}”" if self.category == AwardCategory.TITLE else self.name

    @property
    def for_people(self) -> bool:
        return self.beneficiary in (Beneficiary.INDIVIDUAL, Beneficiary.BOTH, Beneficiary.HOUSEHOLD, Beneficiary.ALL)

    @property
    def for_units(self) -> bool:
        return self.beneficiary in (Beneficiary.COLLECTIVE, Beneficiary.BOTH, Beneficiary.ALL)

    @property
    def for_households(self) -> bool:
        return self.beneficiary in (Beneficiary.HOUSEHOLD, Beneficiary.ALL)

    @property
    def voted(self) -> bool:
        """False when the proposing level appraises and its head proposes, without a council ballot."""
        return self.procedure == Procedure.COUNCIL_VOTE

    def valid_on_day(self, day) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)

    @property
    def validity_text(self) -> str:
        start = f"từ {self.valid_from:%d/%m/%Y}" if self.valid_from else ""
        end = f"đến {self.valid_to:%d/%m/%Y}" if self.valid_to else ""
        return " ".join(p for p in (start, end) if p) or "không thời hạn"

    def on(self, day) -> "AwardType | None":
        """This row, or the row that replaced it, in force on `day` (None: none of them)."""
        row, seen = self, set()
        while row is not None and row.pk not in seen:
            if row.valid_on_day(day):
                return row
            seen.add(row.pk)
            row = row.successor
        return None

    def prize_coefficient_for(self, nominee_kind: str) -> Decimal | None:
        """The coefficient of the base salary a nominee of this kind is rewarded with (None: not entered);
        a household is rewarded as an individual."""
        if nominee_kind == "tap_the" and self.beneficiary in (Beneficiary.BOTH, Beneficiary.ALL):
            return self.prize_coefficient_collective
        return self.prize_coefficient

    def decided_above(self, level: str) -> bool:
        """True when a council at `level` can only propose this award upward."""
        return LEVEL_RANK[self.deciding_level] < LEVEL_RANK[level]

    def decided_below(self, level: str) -> bool:
        """True when the award belongs to a lower level than a council at `level`."""
        return LEVEL_RANK[self.deciding_level] > LEVEL_RANK[level]

    def decidable_by(self, unit) -> bool:
        """Whether a unit of its deciding level may decide it: "Gia đình văn hóa" only a commune's
        chair (khoản 3 Điều 80 Luật Thi đua, khen thưởng 2022), not a Sở."""
        return not self.deciding_unit_kinds or unit.kind in self.deciding_unit_kinds

    @property
    def decider_phrase(self) -> str:
        """ "Chủ tịch UBND xã, thủ trưởng cơ quan, đơn vị (khoản 1 Điều 80 …)" for refusals."""
        who = self.get_deciding_level_display()
        return f"{who} ({self.deciding_basis})" if self.deciding_basis else who


class Movement(models.Model):
    """A named emulation campaign (phong trào thi đua)."""

    name = models.CharField("tên phong trào", max_length=300)
    launched_by = models.ForeignKey(
        Unit, verbose_name="cơ quan phát động", on_delete=models.PROTECT, related_name="movements"
    )
    starts_on = models.DateField("từ ngày")
    ends_on = models.DateField("đến ngày", null=True, blank=True)
    description = models.TextField("mô tả", blank=True)

    class Meta:
        verbose_name = "phong trào thi đua"
        verbose_name_plural = "phong trào thi đua"
        ordering = ["-starts_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="movement_period_ordered",
                violation_error_message="Ngày kết thúc phải sau ngày bắt đầu.",
            ),
        ]

    def __str__(self):
        return self.name
