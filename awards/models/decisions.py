"""Award decisions and the award history (sổ vàng) they write."""

from django.conf import settings
from django.db import models
from django.urls import reverse

from documents.models import OfficialDocument, number_validator, symbol_validator
from units.models import Unit
from units.text import fold

from .catalogue import AwardType
from .councils import CouncilSession
from .dossiers import Nominee


class Decision(OfficialDocument):
    """A Quyết định khen thưởng; its appendix is the list of awarded nominees."""

    issuing_unit = models.ForeignKey(
        Unit, verbose_name="cơ quan ban hành", on_delete=models.PROTECT, related_name="award_decisions"
    )
    number = models.CharField("số", max_length=10, validators=[number_validator("1520")])
    symbol = models.CharField("ký hiệu", max_length=30, default="QĐ-UBND", validators=[symbol_validator("QĐ-UBND")])
    issued_on = models.DateField("ngày ký")
    award_type = models.ForeignKey(
        AwardType, verbose_name="danh hiệu, hình thức", on_delete=models.PROTECT, related_name="decisions"
    )
    session = models.ForeignKey(
        CouncilSession,
        verbose_name="theo kết quả phiên họp",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="decisions",
    )
    proposal = models.CharField(
        "theo đề nghị của",
        max_length=300,
        blank=True,
        help_text="In sau các căn cứ. Ví dụ: Giám đốc Sở Nội vụ tại Tờ trình số 45/TTr-SNV ngày 10/12/2025.",
    )
    prize_fund = models.CharField(
        "nguồn tiền thưởng",
        max_length=300,
        blank=True,
        help_text="In ở điều về tiền thưởng. Ví dụ: Quỹ Thi đua, khen thưởng của tỉnh.",
    )
    # Blank when the head signs in their own name (a Giám đốc Sở: "GIÁM ĐỐC" alone, Decree 30).
    signer_authority = models.CharField(
        "thẩm quyền ký",
        max_length=100,
        default="KT. CHỦ TỊCH",
        blank=True,
        help_text="TM., KT., TL., TUQ.; để trống khi thủ trưởng ký (ví dụ Giám đốc Sở).",
    )
    signer_position = models.CharField("chức vụ người ký", max_length=100, default="PHÓ CHỦ TỊCH")
    signer_name = models.CharField("người ký", max_length=100)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "quyết định khen thưởng"
        verbose_name_plural = "quyết định khen thưởng"
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuing_unit", "number", "symbol", "issued_on"],
                name="decision_number_unique",
                violation_error_message="Cơ quan này đã có quyết định cùng số, ký hiệu và ngày ký.",
            ),
        ]

    def __str__(self):
        return f"Quyết định {self.reference}"

    def get_absolute_url(self):
        return reverse("awards:decision", args=[self.pk])


class AwardRecord(models.Model):
    """One award received (sổ vàng): from a decision in the portal, or typed in for earlier years."""

    award_type = models.ForeignKey(
        AwardType, verbose_name="danh hiệu, hình thức", on_delete=models.PROTECT, related_name="records"
    )
    year = models.PositiveSmallIntegerField("năm")
    unit_record = models.BooleanField("khen tập thể", default=False)
    full_name = models.CharField("họ và tên / tên tập thể", max_length=255)
    birth_year = models.PositiveSmallIntegerField("năm sinh", null=True, blank=True)
    unit = models.ForeignKey(
        Unit,
        verbose_name="đơn vị",
        on_delete=models.PROTECT,
        related_name="award_records",
        help_text="Tập thể được khen, hoặc đơn vị đề nghị khen cá nhân.",
    )
    decision = models.ForeignKey(
        Decision, verbose_name="quyết định", null=True, blank=True, on_delete=models.PROTECT, related_name="records"
    )
    nominee = models.OneToOneField(
        Nominee, null=True, blank=True, on_delete=models.SET_NULL, related_name="record", editable=False
    )
    decision_reference = models.CharField(
        "số quyết định (khen trước khi có cổng)",
        max_length=200,
        blank=True,
        help_text="Ví dụ: 1520/QĐ-UBND ngày 20/12/2023.",
    )
    search_name = models.CharField(max_length=255, editable=False, db_index=True)

    class Meta:
        verbose_name = "sổ vàng (khen thưởng đã nhận)"
        verbose_name_plural = "sổ vàng (khen thưởng đã nhận)"
        ordering = ["-year", "award_type__position", "full_name"]
        indexes = [models.Index(fields=["search_name", "award_type", "year"])]

    def __str__(self):
        return f"{self.full_name} – {self.award_type} ({self.year})"

    def save(self, *args, **kwargs):
        self.search_name = fold(self.full_name)
        super().save(*args, **kwargs)

    @property
    def reference(self) -> str:
        if self.decision_id:
            return f"{self.decision.reference} ngày {self.decision.issued_on:%d/%m/%Y}"
        return self.decision_reference
