"""Award decisions and the award history (sổ vàng) they write."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from documents.models import OfficialDocument, number_validator, symbol_validator
from units.models import Unit
from units.text import fold

from .catalogue import AwardType
from .councils import CouncilSession
from .dossiers import DossierKind, Gender, Nominee, NomineeKind, citizen_id_field


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
        indexes = [models.Index(fields=["-issued_on", "-id"], name="decision_newest_first")]
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


class AwardRecordQuerySet(models.QuerySet):
    def in_force(self):
        """Awards not revoked (thu hồi): what statistics and eligibility checks count."""
        return self.filter(revocation__isnull=True)

    def revoked(self):
        return self.filter(revocation__isnull=False)

    def of_person(self, *, full_name: str, birth_year=None, unit_id=None, citizen_id: str = ""):
        """One person's awards: by citizen ID when known (and the rows without an ID that carry the
        same name, birth year and unit), else by name + birth year + unit."""
        same = Q(search_name=fold(full_name), birth_year=birth_year, unit_id=unit_id)
        people = self.exclude(kind=NomineeKind.COLLECTIVE)
        if citizen_id:
            return people.filter(Q(citizen_id=citizen_id) | (same & Q(citizen_id="")))
        return people.filter(same)


class AwardRecord(models.Model):
    """One award received (sổ vàng): from a decision in the portal, or typed in for earlier years."""

    award_type = models.ForeignKey(
        AwardType, verbose_name="danh hiệu, hình thức", on_delete=models.PROTECT, related_name="records"
    )
    year = models.PositiveSmallIntegerField("năm")
    kind = models.CharField("đối tượng", max_length=20, choices=NomineeKind.choices, default=NomineeKind.PERSON)
    # Kept equal to kind == tập thể (save): the eligibility checks read it.
    unit_record = models.BooleanField("khen tập thể", default=False, editable=False)
    full_name = models.CharField("họ và tên / tên tập thể", max_length=255)
    birth_year = models.PositiveSmallIntegerField("năm sinh", null=True, blank=True)
    gender = models.CharField("giới tính", max_length=5, choices=Gender.choices, blank=True)
    citizen_id = citizen_id_field()
    posthumous = models.BooleanField("truy tặng", default=False)
    commendation_kind = models.CharField(
        "loại khen thưởng", max_length=20, choices=DossierKind.choices, blank=True, help_text="Để trống: không rõ."
    )
    decided_by = models.ForeignKey(
        Unit,
        verbose_name="cơ quan quyết định",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decided_awards",
        help_text="Cơ quan ban hành quyết định khen thưởng (thống kê theo cơ quan này).",
    )
    decided_on = models.DateField(
        "ngày quyết định", null=True, blank=True, help_text="Thống kê năm theo ngày ký quyết định."
    )
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

    objects = AwardRecordQuerySet.as_manager()

    class Meta:
        verbose_name = "sổ vàng (khen thưởng đã nhận)"
        verbose_name_plural = "sổ vàng (khen thưởng đã nhận)"
        ordering = ["-year", "award_type__position", "full_name"]
        indexes = [
            models.Index(fields=["search_name", "award_type", "year"]),
            models.Index(fields=["citizen_id"], name="award_record_citizen_id", condition=~Q(citizen_id="")),
            models.Index(fields=["decided_by", "decided_on"], name="award_record_decided"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="ca_nhan") | Q(posthumous=False),
                name="only_people_awarded_posthumously",
                violation_error_message="Chỉ truy tặng cho cá nhân, không cho tập thể hay hộ gia đình.",
            ),
        ]

    def __str__(self):
        return f"{self.full_name} – {self.award_type} ({self.year})"

    def save(self, *args, **kwargs):
        self.search_name = fold(self.full_name)
        if self.unit_record and self.kind == NomineeKind.PERSON:  # written the older way: unit_record=True
            self.kind = NomineeKind.COLLECTIVE
        self.unit_record = self.kind == NomineeKind.COLLECTIVE
        super().save(*args, **kwargs)

    @property
    def display_name(self) -> str:
        return f"{self.full_name} (truy tặng)" if self.posthumous else self.full_name

    @property
    def is_revoked(self) -> bool:
        return hasattr(self, "revocation")

    @property
    def reference(self) -> str:
        if self.decision_id:
            return f"{self.decision.reference} ngày {self.decision.issued_on:%d/%m/%Y}"
        return self.decision_reference
