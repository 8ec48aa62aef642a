"""A Cụm/Khối thi đua's year: the covenant its members sign, the criteria table they score
themselves against, and the scores the leader reviews and ranks."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone

from common.uploads import stored_name
from documents.parts import text_lines
from units.models import EmulationGroup, EmulationGroupMembership, Unit


class Covenant(models.Model):
    """Giao ước thi đua: signed by the member units in the first quarter."""

    group = models.OneToOneField(EmulationGroup, on_delete=models.CASCADE, related_name="covenant")
    title = models.CharField("tiêu đề", max_length=300)
    content = models.TextField("nội dung giao ước", help_text="Mỗi đoạn một dòng.")
    targets = models.TextField("chỉ tiêu thi đua", blank=True, help_text="Mỗi chỉ tiêu một dòng.")
    place = models.CharField("địa danh", max_length=100, blank=True)
    signing_due = models.DateField("hạn ký giao ước")
    signed_on = models.DateField("ngày ký", null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "giao ước thi đua"
        verbose_name_plural = "giao ước thi đua"

    def __str__(self):
        return self.title

    @property
    def target_lines(self) -> list[str]:
        return text_lines(self.targets)

    @property
    def content_paragraphs(self) -> list[str]:
        return text_lines(self.content)


class CovenantSignature(models.Model):
    covenant = models.ForeignKey(Covenant, on_delete=models.CASCADE, related_name="signatures")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="covenant_signatures", verbose_name="đơn vị")
    signed_on = models.DateField("ngày ký")
    signer_name = models.CharField("người ký", max_length=150)
    signer_position = models.CharField("chức vụ", max_length=150, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "chữ ký giao ước"
        verbose_name_plural = "chữ ký giao ước"
        ordering = ["signed_on", "unit__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["covenant", "unit"],
                name="covenant_one_signature_per_unit",
                violation_error_message="Đơn vị này đã ký giao ước.",
            )
        ]

    def __str__(self):
        return f"{self.unit} ký ngày {self.signed_on:%d/%m/%Y}"


class TieBreak(models.TextChoices):
    PENALTY_THEN_BASE = (
        "penalty_then_base",
        "Ít điểm trừ hơn xếp trên; vẫn bằng thì điểm tiêu chí cơ bản cao hơn xếp trên",
    )
    BASE_THEN_PENALTY = (
        "base_then_penalty",
        "Điểm tiêu chí cơ bản cao hơn xếp trên; vẫn bằng thì ít điểm trừ hơn xếp trên",
    )


class CriteriaTable(models.Model):
    """Bảng tiêu chí chấm điểm of one group for one year (the group row is already per year)."""

    group = models.OneToOneField(EmulationGroup, on_delete=models.CASCADE, related_name="criteria_table")
    title = models.CharField("tên bảng", max_length=300, default="Bảng chấm điểm các tiêu chí thi đua")
    scoring_due = models.DateField("hạn tự chấm điểm")
    tie_break = models.CharField(
        "nguyên tắc khi bằng điểm", max_length=30, choices=TieBreak.choices, default=TieBreak.PENALTY_THEN_BASE
    )
    copied_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="sao chép từ"
    )
    published_at = models.DateTimeField("công bố kết quả lúc", null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "bảng tiêu chí thi đua"
        verbose_name_plural = "bảng tiêu chí thi đua"

    def __str__(self):
        return f"{self.title} – {self.group}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class CriterionSection(models.Model):
    table = models.ForeignKey(CriteriaTable, on_delete=models.CASCADE, related_name="sections")
    number = models.CharField("số thứ tự", max_length=10)
    title = models.CharField("nhóm tiêu chí", max_length=500)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "nhóm tiêu chí"
        verbose_name_plural = "nhóm tiêu chí"
        ordering = ["table", "position", "pk"]

    def __str__(self):
        return f"{self.number}. {self.title}"


class CriterionKind(models.TextChoices):
    BASE = "base", "Tiêu chí"
    BONUS = "bonus", "Điểm thưởng"
    PENALTY = "penalty", "Điểm trừ"


class Criterion(models.Model):
    section = models.ForeignKey(CriterionSection, on_delete=models.CASCADE, related_name="criteria")
    number = models.CharField("số thứ tự", max_length=10)
    content = models.TextField("nội dung tiêu chí")
    kind = models.CharField("loại", max_length=10, choices=CriterionKind.choices, default=CriterionKind.BASE)
    max_points = models.DecimalField(
        "điểm tối đa", max_digits=6, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    evidence_note = models.TextField("tài liệu kiểm chứng", blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "tiêu chí"
        verbose_name_plural = "tiêu chí"
        ordering = ["section__position", "position", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(max_points__gt=0), name="criterion_max_points_positive"),
        ]

    def __str__(self):
        return f"{self.number}. {self.content[:60]}"


class Score(models.Model):
    """One member unit's points on one criterion: what it claimed, and what the leader settled."""

    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="emulation_scores", verbose_name="đơn vị")
    self_points = models.DecimalField("điểm tự chấm", max_digits=6, decimal_places=2, null=True, blank=True)
    comment = models.TextField("giải trình", blank=True)
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    scored_at = models.DateTimeField("tự chấm lúc", null=True, blank=True)
    adjusted_points = models.DecimalField("điểm thẩm định", max_digits=6, decimal_places=2, null=True, blank=True)
    adjust_reason = models.TextField("lý do điều chỉnh", blank=True)
    adjusted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    adjusted_at = models.DateTimeField("điều chỉnh lúc", null=True, blank=True)

    class Meta:
        verbose_name = "điểm chấm"
        verbose_name_plural = "điểm chấm"
        constraints = [
            models.UniqueConstraint(
                fields=["criterion", "unit"],
                name="score_one_per_unit_and_criterion",
                violation_error_message="Đơn vị đã có điểm cho tiêu chí này.",
            ),
            models.CheckConstraint(condition=models.Q(self_points__gte=0), name="score_self_points_not_negative"),
            models.CheckConstraint(
                condition=models.Q(adjusted_points__gte=0), name="score_adjusted_points_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.unit} – {self.criterion.number}"

    @property
    def final_points(self) -> Decimal | None:
        return self.adjusted_points if self.adjusted_points is not None else self.self_points


def score_evidence_path(instance, filename):
    # Our name with the extension of what the file really is; the uploader's is `original_name`.
    return f"emulation/evidence/{timezone.localdate():%Y}/{stored_name(instance.kind)}"


class ScoreEvidence(models.Model):
    score = models.ForeignKey(Score, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField("tệp kiểm chứng", upload_to=score_evidence_path)
    original_name = models.CharField("tên tệp", max_length=255)
    # What the content is (common.uploads.sniff); blank for files kept before it was recorded.
    kind = models.CharField("loại tệp", max_length=20, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "tài liệu kiểm chứng"
        verbose_name_plural = "tài liệu kiểm chứng"
        ordering = ["uploaded_at"]

    def __str__(self):
        return self.original_name


class AwardProposal(models.Model):
    """A ranked member the leader put forward for an award: the draft dossier it started."""

    table = models.ForeignKey(CriteriaTable, on_delete=models.CASCADE, related_name="proposals")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name="đơn vị")
    rank = models.PositiveSmallIntegerField("xếp hạng")
    total = models.DecimalField("tổng điểm", max_digits=8, decimal_places=2)
    dossier = models.ForeignKey(
        "awards.Dossier", on_delete=models.PROTECT, related_name="emulation_proposals", verbose_name="hồ sơ"
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    proposed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "đề nghị khen thưởng từ xếp hạng"
        verbose_name_plural = "đề nghị khen thưởng từ xếp hạng"
        ordering = ["table", "rank", "unit__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["table", "unit"],
                name="proposal_once_per_unit_and_year",
                violation_error_message="Đơn vị này đã được đề nghị khen thưởng từ kết quả xếp hạng năm nay.",
            )
        ]

    def __str__(self):
        return f"{self.unit} – hạng {self.rank}"


class MembershipReview(models.Model):
    """ "Cần rà soát" on a Cụm/Khối's membership copied from last year's: what the copy did with
    one of last year's members (kept, replaced by its successor, left out) and what a person
    should check, until the organiser's Sở/Phòng Nội vụ clears it. A member left out has no
    membership row, so the review keeps the group and last year's unit."""

    group = models.ForeignKey(EmulationGroup, on_delete=models.CASCADE, related_name="membership_reviews")
    membership = models.OneToOneField(
        EmulationGroupMembership,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="review",
        verbose_name="thành viên",
    )
    previous_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name="đơn vị năm trước")
    changes = models.JSONField("đã thay đổi khi sao chép", default=list, blank=True)
    checks = models.JSONField("cần xem lại", default=list, blank=True)
    cleared_at = models.DateTimeField("đã rà soát lúc", null=True, blank=True)
    cleared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người rà soát",
    )

    class Meta:
        verbose_name = "thành viên cần rà soát"
        verbose_name_plural = "thành viên cần rà soát"
        ordering = ["group", "id"]

    def __str__(self):
        return f"{self.previous_unit} – {self.group}"

    @property
    def is_open(self) -> bool:
        return self.cleared_at is None
