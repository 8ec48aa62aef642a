"""Prize money (tiền thưởng) and the legal texts decisions cite, as dated data an admin keeps.

The reward of a title or form is a multiple of the base salary (lương cơ sở) in force on the day
the decision is signed (Decree 152/2025/NĐ-CP); the base salary changes by decree, so each amount
is a row with the day it takes effect. A `Prize` keeps what was computed for one awarded nominee,
so a later change of coefficient or salary never rewrites an issued decision.
"""

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from documents.parts import date_text

from .decisions import Decision
from .dossiers import Nominee


class BaseSalaryQuerySet(models.QuerySet):
    def on(self, day):
        """The base salary in force on `day`, or None when none is entered for it."""
        return self.filter(effective_from__lte=day).order_by("-effective_from").first()


class BaseSalary(models.Model):
    amount = models.PositiveIntegerField("mức lương cơ sở (đồng/tháng)", validators=[MinValueValidator(1)])
    effective_from = models.DateField("áp dụng từ ngày", unique=True)
    legal_basis = models.CharField(
        "căn cứ", max_length=300, help_text="Ví dụ: Nghị định số 73/2024/NĐ-CP ngày 30/6/2024, Điều 3 khoản 2."
    )

    objects = BaseSalaryQuerySet.as_manager()

    class Meta:
        verbose_name = "mức lương cơ sở"
        verbose_name_plural = "mức lương cơ sở"
        ordering = ["-effective_from"]

    def __str__(self):
        return f"{self.amount:,} đồng từ {self.effective_from:%d/%m/%Y}".replace(",", ".")


class Prize(models.Model):
    """The money one awarded nominee receives under a decision, fixed when the decision is issued."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="prizes", verbose_name="quyết định")
    nominee = models.OneToOneField(Nominee, on_delete=models.CASCADE, related_name="prize", verbose_name="được khen")
    coefficient = models.DecimalField("hệ số", max_digits=5, decimal_places=2)
    base_salary = models.PositiveIntegerField("mức lương cơ sở (đồng)")
    amount = models.PositiveIntegerField("số tiền thưởng (đồng)")

    class Meta:
        verbose_name = "tiền thưởng"
        verbose_name_plural = "tiền thưởng"
        ordering = ["decision", "id"]

    def __str__(self):
        return f"{self.nominee}: {self.amount} đồng"


class LegalTextKind(models.TextChoices):
    LAW = "luat", "Luật"
    DECREE = "nghi_dinh", "Nghị định"
    CIRCULAR = "thong_tu", "Thông tư"
    DECISION = "quyet_dinh", "Quyết định"


class LegalTextQuerySet(models.QuerySet):
    def in_force_on(self, day):
        return self.filter(Q(in_force_from__isnull=True) | Q(in_force_from__lte=day)).filter(
            Q(in_force_to__isnull=True) | Q(in_force_to__gte=day)
        )


class LegalText(models.Model):
    """A law, decree or rule a decision cites: one "Căn cứ …" paragraph each, with number, date and name."""

    kind = models.CharField("loại văn bản", max_length=20, choices=LegalTextKind.choices)
    number = models.CharField("số, ký hiệu", max_length=60, help_text="Ví dụ: 152/2025/NĐ-CP.")
    issued_on = models.DateField("ngày ban hành")
    issuer = models.CharField("cơ quan ban hành", max_length=150, help_text="Ví dụ: Chính phủ, Quốc hội.")
    name = models.CharField(
        "tên (trích yếu)",
        max_length=500,
        help_text="Với luật: tên luật, ví dụ “Thi đua, khen thưởng”; với văn bản khác: trích yếu đầy đủ.",
    )
    cited_in_decisions = models.BooleanField("căn cứ của quyết định khen thưởng", default=True)
    in_force_from = models.DateField("hiệu lực từ", null=True, blank=True)
    # The last day in force, as in_force_on reads it ("hết hiệu lực" alone reads as the first day out).
    in_force_to = models.DateField(
        "hiệu lực đến hết ngày",
        null=True,
        blank=True,
        help_text="Ngày cuối cùng văn bản còn hiệu lực (ngày trước ngày văn bản thay thế có hiệu lực); "
        "để trống khi văn bản còn hiệu lực.",
    )
    position = models.PositiveSmallIntegerField("thứ tự", default=0)

    objects = LegalTextQuerySet.as_manager()

    class Meta:
        verbose_name = "văn bản làm căn cứ"
        verbose_name_plural = "văn bản làm căn cứ"
        ordering = ["position", "issued_on"]
        constraints = [models.UniqueConstraint(fields=["number"], name="legal_text_number_once")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.number}"

    @property
    def citation(self) -> str:
        """ "Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15 tháng 6 năm 2022";
        "Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ quy định …"."""
        if self.kind == LegalTextKind.LAW:
            return f"Căn cứ Luật {self.name} số {self.number} {date_text(self.issued_on)}"
        return (
            f"Căn cứ {self.get_kind_display()} số {self.number} {date_text(self.issued_on)} "
            f"của {self.issuer} {self.name}"
        )
