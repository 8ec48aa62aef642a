"""What happens to an award after it is given: its revocation (thu hồi), and a person's confirmation
that two rows of the award history (sổ vàng) are, or are not, the same person."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q

from .decisions import AwardRecord


class RevocationGround(models.TextChoices):
    """The cases of khoản 2 Điều 93 Luật Thi đua, khen thưởng 2022 (số 06/2022/QH15) in which the
    award decision is annulled and the medal, certificate and money are taken back."""

    FALSE_CLAIM = "a", "Gian dối trong việc kê khai công trạng, thành tích (điểm a khoản 2 Điều 93 Luật TĐKT)"
    FALSE_PAPERS = "b", "Cung cấp thông tin sai sự thật, làm giả hồ sơ, giấy tờ (điểm b khoản 2 Điều 93 Luật TĐKT)"
    UNLAWFUL_REVIEW = "c", "Thẩm định, xét, duyệt, đề nghị trái quy định (điểm c khoản 2 Điều 93 Luật TĐKT)"
    LATER_FINDING = (
        "d",
        (
            "Kết luận, quyết định, bản án của cơ quan có thẩm quyền về vi phạm trong thời gian tính thành tích "
            "(điểm d khoản 2 Điều 93 Luật TĐKT)"
        ),
    )


class Revocation(models.Model):
    """The decision that annuls one award: why, by which document, and the money to take back."""

    record = models.OneToOneField(
        AwardRecord, verbose_name="khen thưởng bị thu hồi", on_delete=models.PROTECT, related_name="revocation"
    )
    ground = models.CharField("trường hợp thu hồi", max_length=2, choices=RevocationGround.choices)
    reason = models.TextField("lý do cụ thể")
    decision_reference = models.CharField(
        "số, ký hiệu quyết định thu hồi", max_length=60, help_text="Ví dụ: 45/QĐ-UBND."
    )
    decided_on = models.DateField("ngày ký quyết định thu hồi")
    signer_name = models.CharField("người ký quyết định thu hồi", max_length=100)
    amount_to_recover = models.PositiveBigIntegerField(
        "số tiền thưởng phải thu hồi (đồng)",
        default=0,
        validators=[MinValueValidator(0)],
        help_text="Tiền thưởng đã nhận theo quyết định khen thưởng; 0 nếu chưa nhận tiền.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "thu hồi khen thưởng"
        verbose_name_plural = "thu hồi khen thưởng"
        ordering = ["-decided_on", "-id"]

    def __str__(self):
        return f"Thu hồi theo Quyết định {self.decision_reference} ngày {self.decided_on:%d/%m/%Y}"


class PersonMatch(models.Model):
    """A person's answer to "are these two rows the same person?" (same name and birth year, a
    different or missing citizen ID). The pair is stored lower id first, once."""

    first = models.ForeignKey(AwardRecord, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(AwardRecord, on_delete=models.CASCADE, related_name="+")
    same = models.BooleanField("cùng một người")
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    confirmed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "xác nhận cùng một người"
        verbose_name_plural = "xác nhận cùng một người"
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="person_match_once"),
            models.CheckConstraint(condition=Q(first__lt=F("second")), name="person_match_ordered"),
        ]

    def __str__(self):
        return f"{self.first_id} – {self.second_id}: {'cùng' if self.same else 'khác'} người"
