"""Emulation-and-awards councils (Hội đồng TĐKT), their members and sessions."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from documents.models import symbol_validator
from units.models import Unit, UnitKind

from .catalogue import LEVEL_RANK, DecidingLevel


class Council(models.Model):
    """The Hội đồng Thi đua - Khen thưởng of one unit that decides awards: a province's or a
    commune's UBND, or an agency, department (Sở) or school (Hội đồng TĐKT cơ sở).

    The unit's head decides what its level may decide (Law 06/2022, Điều 80 for the base level),
    in a decision of the unit's own register ("…/QĐ-SGDĐT"), and proposes the rest to the council
    above (`parent`) with a Tờ trình of the unit ("…/TTr-SGDĐT")."""

    name = models.CharField("tên hội đồng", max_length=255)
    # Named `government` since councils were only a UBND's; any unit that decides awards now.
    government = models.ForeignKey(
        Unit,
        verbose_name="cơ quan, đơn vị quyết định khen thưởng",
        on_delete=models.PROTECT,
        related_name="award_councils",
        help_text="UBND tỉnh, UBND xã, sở, cơ quan, trường học… mà Hội đồng tham mưu; hồ sơ của đơn vị này "
        "và các đơn vị trực thuộc chưa có Hội đồng riêng trình Hội đồng này.",
    )
    level = models.CharField(
        "cấp quyết định của thủ trưởng",
        max_length=20,
        choices=DecidingLevel.choices,
        default=DecidingLevel.PROVINCE,
        help_text="Danh hiệu, hình thức thuộc cấp cao hơn thì Hội đồng chỉ xét và trình lên cấp trên.",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="trình lên Hội đồng",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text="Hội đồng cấp trên nhận hồ sơ trình lên; để trống với Hội đồng cấp tỉnh (trình Trung ương).",
    )
    decision_symbol = models.CharField(
        "ký hiệu quyết định",
        max_length=30,
        default="QĐ-UBND",
        validators=[symbol_validator("QĐ-SGDĐT")],
        help_text="Sổ đăng ký văn bản của đơn vị, ví dụ QĐ-UBND, QĐ-SGDĐT.",
    )
    proposal_symbol = models.CharField(
        "ký hiệu tờ trình",
        max_length=30,
        default="TTr-UBND",
        validators=[symbol_validator("TTr-SGDĐT")],
    )
    head_title = models.CharField(
        "chức danh thủ trưởng",
        max_length=100,
        default="Chủ tịch",
        help_text="Người ký quyết định khen thưởng của đơn vị, ví dụ “Chủ tịch”, “Giám đốc”, “Hiệu trưởng”.",
    )
    head_name = models.CharField("họ tên thủ trưởng", max_length=100, blank=True)

    class Meta:
        verbose_name = "Hội đồng Thi đua - Khen thưởng"
        verbose_name_plural = "Hội đồng Thi đua - Khen thưởng"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["government"],
                name="council_one_per_unit",
                violation_error_message="Đơn vị này đã có Hội đồng Thi đua - Khen thưởng.",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError({"parent": "Hội đồng không trình lên chính nó."})
        if self.parent_id and LEVEL_RANK[self.parent.level] > LEVEL_RANK[self.level]:
            raise ValidationError({"parent": "Hội đồng cấp trên phải có thẩm quyền cao hơn hoặc bằng."})

    @property
    def is_peoples_committee(self) -> bool:
        """A UBND's council: the Sở/Phòng Nội vụ appraise its dossiers."""
        return self.government.kind == UnitKind.PEOPLES_COMMITTEE


class CouncilRole(models.TextChoices):
    CHAIR = "chu_tich", "Chủ tịch Hội đồng"
    VICE_CHAIR = "pho_chu_tich", "Phó Chủ tịch Hội đồng"
    SECRETARY = "thu_ky", "Thư ký Hội đồng"
    MEMBER = "thanh_vien", "Ủy viên"


class CouncilMember(models.Model):
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="members", verbose_name="hội đồng")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="tài khoản", on_delete=models.PROTECT, related_name="council_seats"
    )
    role = models.CharField("vai trò", max_length=20, choices=CouncilRole.choices, default=CouncilRole.MEMBER)
    position = models.CharField("chức vụ", max_length=255, blank=True, help_text="Ví dụ: Giám đốc Sở Nội vụ.")
    position_order = models.PositiveSmallIntegerField("thứ tự", default=0)

    class Meta:
        verbose_name = "thành viên hội đồng"
        verbose_name_plural = "thành viên hội đồng"
        ordering = ["council", "position_order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["council", "user"],
                name="council_member_once",
                violation_error_message="Tài khoản này đã là thành viên hội đồng.",
            ),
            models.UniqueConstraint(
                fields=["council"],
                condition=Q(role="chu_tich"),
                name="council_one_chair",
                violation_error_message="Hội đồng chỉ có một Chủ tịch.",
            ),
            models.UniqueConstraint(
                fields=["council"],
                condition=Q(role="thu_ky"),
                name="council_one_secretary",
                violation_error_message="Hội đồng chỉ có một Thư ký.",
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()}"


class SessionStatus(models.TextChoices):
    PLANNED = "planned", "Đã lên lịch"
    VOTING = "voting", "Đang bỏ phiếu"
    CLOSED = "closed", "Đã kết thúc bỏ phiếu"
    APPLIED = "applied", "Đã áp dụng kết quả"


class CouncilSession(models.Model):
    """One meeting of a council; its agenda is the dossiers put on it."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="sessions", verbose_name="hội đồng")
    title = models.CharField("tên phiên họp", max_length=255)
    meets_at = models.DateTimeField("thời gian họp")
    ends_at = models.DateTimeField(
        "thời gian kết thúc họp", null=True, blank=True, help_text="Biên bản ghi giờ kết thúc cuộc họp."
    )
    place = models.CharField("địa điểm", max_length=255, blank=True)
    status = models.CharField("trạng thái", max_length=10, choices=SessionStatus.choices, default=SessionStatus.PLANNED)
    # Facts the minutes (Biên bản) record beyond the tally.
    presided_by = models.CharField("người chủ trì", max_length=150, blank=True)
    discussion = models.TextField("ý kiến thảo luận", blank=True)
    minutes_number = models.CharField(
        "số biên bản",
        max_length=10,
        blank=True,
        validators=[RegexValidator(r"^\d+$", "Số biên bản chỉ gồm chữ số, ví dụ 12.")],
    )
    minutes_symbol = models.CharField("ký hiệu biên bản", max_length=30, default="BB-HĐTĐKT")
    members_total = models.PositiveSmallIntegerField(
        "tổng số thành viên khi kết thúc bỏ phiếu", null=True, blank=True, editable=False
    )
    voting_opened_at = models.DateTimeField(null=True, blank=True, editable=False)
    voting_closed_at = models.DateTimeField(null=True, blank=True, editable=False)
    applied_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    class Meta:
        verbose_name = "phiên họp hội đồng"
        verbose_name_plural = "phiên họp hội đồng"
        ordering = ["-meets_at"]
        indexes = [models.Index(fields=["-meets_at", "-id"], name="session_newest_first")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("awards:session", args=[self.pk])
