"""Emulation-and-awards councils (Hội đồng TĐKT), their members and sessions."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from units.models import Unit

from .catalogue import DecidingLevel


class Council(models.Model):
    """The Hội đồng Thi đua - Khen thưởng of one administration."""

    name = models.CharField("tên hội đồng", max_length=255)
    government = models.ForeignKey(
        Unit,
        verbose_name="thuộc UBND",
        on_delete=models.PROTECT,
        related_name="award_councils",
        help_text="UBND mà Hội đồng tham mưu; hồ sơ của các đơn vị thuộc UBND này trình Hội đồng.",
    )
    level = models.CharField(
        "cấp quyết định của chủ tịch",
        max_length=20,
        choices=DecidingLevel.choices,
        default=DecidingLevel.PROVINCE,
        help_text="Danh hiệu, hình thức thuộc cấp cao hơn thì chỉ trình lên cấp trên.",
    )

    class Meta:
        verbose_name = "Hội đồng Thi đua - Khen thưởng"
        verbose_name_plural = "Hội đồng Thi đua - Khen thưởng"
        ordering = ["name"]

    def __str__(self):
        return self.name


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

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("awards:session", args=[self.pk])
