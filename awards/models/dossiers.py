"""Dossiers (hồ sơ đề nghị khen thưởng), the people and collectives nominated, and their papers."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from common.uploads import stored_name
from units.models import Unit

from .catalogue import AwardType, DocumentKind, Movement
from .councils import Council, CouncilSession


class DossierKind(models.TextChoices):
    REGULAR = "thuong_xuyen", "Thường xuyên (theo công trạng, thành tích)"
    THEMATIC = "chuyen_de", "Theo đợt, chuyên đề"
    AD_HOC = "dot_xuat", "Đột xuất"
    DEDICATION = "cong_hien", "Quá trình cống hiến"
    SENIORITY = "nien_han", "Niên hạn"
    FOREIGN = "doi_ngoai", "Đối ngoại"


class DossierStatus(models.TextChoices):
    DRAFT = "draft", "Đang soạn"
    SUBMITTED = "submitted", "Đã gửi"
    APPRAISING = "appraising", "Đang thẩm định"
    RETURNED = "returned", "Cần bổ sung hồ sơ"
    READY = "ready", "Chờ trình Hội đồng"
    VOTED = "voted", "Hội đồng đã bỏ phiếu, chờ quyết định"
    DECIDED = "decided", "Đã có quyết định khen thưởng"
    NOT_AWARDED = "not_awarded", "Không được khen thưởng"
    FORWARDED = "forwarded", "Đã trình cấp trên"


class Dossier(models.Model):
    """A unit's proposal (hồ sơ đề nghị) of one award type for one or more nominees."""

    unit = models.ForeignKey(Unit, verbose_name="đơn vị đề nghị", on_delete=models.PROTECT, related_name="dossiers")
    kind = models.CharField("loại khen thưởng", max_length=20, choices=DossierKind.choices, default=DossierKind.REGULAR)
    award_type = models.ForeignKey(
        AwardType, verbose_name="danh hiệu, hình thức", on_delete=models.PROTECT, related_name="dossiers"
    )
    year = models.PositiveSmallIntegerField("năm", validators=[MinValueValidator(1945), MaxValueValidator(2100)])
    movement = models.ForeignKey(
        Movement,
        verbose_name="phong trào thi đua",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="dossiers",
    )
    title = models.CharField("trích yếu tờ trình", max_length=500)
    status = models.CharField("trạng thái", max_length=20, choices=DossierStatus.choices, default=DossierStatus.DRAFT)
    session = models.ForeignKey(
        CouncilSession,
        verbose_name="phiên họp",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="dossiers",
    )
    agenda_position = models.PositiveSmallIntegerField(default=0, editable=False)
    # Where the dossier goes: the council of the level that decides its award type, or the nearest
    # one on the unit's way up, which votes and forwards it (awards.routing).
    council = models.ForeignKey(
        Council,
        verbose_name="trình Hội đồng",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dossiers",
        editable=False,
    )
    # The lower level's dossier this one was forwarded from (its council's Tờ trình, minutes, list).
    forwarded_from = models.OneToOneField(
        "self",
        verbose_name="trình từ hồ sơ cấp dưới",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="forwarded_to",
        editable=False,
    )
    forwarded_on = models.DateField("ngày tờ trình cấp trên", null=True, blank=True, editable=False)
    return_reason = models.TextField("nội dung cần bổ sung", blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "hồ sơ đề nghị khen thưởng"
        verbose_name_plural = "hồ sơ đề nghị khen thưởng"
        ordering = ["-created_at", "-id"]
        # The list's page walks this index and stops at its last row, however many dossiers exist.
        indexes = [models.Index(fields=["-created_at", "-id"], name="dossier_newest_first")]

    def __str__(self):
        return f"{self.title} ({self.unit})"

    def get_absolute_url(self):
        return reverse("awards:dossier", args=[self.pk])

    @property
    def catalogue_day(self):
        """The day whose catalogue row the dossier uses: the day it was written (today for a new one)."""
        return timezone.localdate(self.created_at) if self.created_at else timezone.localdate()


class NomineeKind(models.TextChoices):
    PERSON = "ca_nhan", "Cá nhân"
    COLLECTIVE = "tap_the", "Tập thể"
    HOUSEHOLD = "ho_gia_dinh", "Hộ gia đình"


class Gender(models.TextChoices):
    MALE = "nam", "Nam"
    FEMALE = "nu", "Nữ"


class TaskRating(models.TextChoices):
    """Yearly rating of how a person or collective did its work; higher value = better."""

    EXCELLENT = "xuat_sac", "Hoàn thành xuất sắc nhiệm vụ"
    GOOD = "tot", "Hoàn thành tốt nhiệm vụ"
    DONE = "hoan_thanh", "Hoàn thành nhiệm vụ"
    NOT_DONE = "khong_hoan_thanh", "Không hoàn thành nhiệm vụ"


RATING_RANK = {TaskRating.NOT_DONE: 0, TaskRating.DONE: 1, TaskRating.GOOD: 2, TaskRating.EXCELLENT: 3}


class InitiativeScope(models.TextChoices):
    NONE = "", "Không có"
    BASE = "co_so", "Phạm vi cơ sở"
    PROVINCE = "tinh", "Phạm vi toàn tỉnh"
    NATIONAL = "toan_quoc", "Phạm vi toàn quốc"


SCOPE_RANK = {
    InitiativeScope.NONE: 0,
    InitiativeScope.BASE: 1,
    InitiativeScope.PROVINCE: 2,
    InitiativeScope.NATIONAL: 3,
}


class Outcome(models.TextChoices):
    AWARDED = "awarded", "Khen thưởng"
    NOT_AWARDED = "not_awarded", "Không khen thưởng"
    FORWARDED = "forwarded", "Trình cấp trên"
    POSTPONED = "postponed", "Xét lại ở phiên họp sau (không đủ số thành viên dự họp)"


# The citizen ID (số định danh cá nhân, printed on the căn cước card) has 12 digits (Luật Căn cước
# 2023, Điều 12): a nominee's ID tells two people of the same name and birth year apart.
citizen_id_validator = RegexValidator(
    r"^[0-9]{12}$",
    "Số định danh cá nhân (số căn cước, CCCD) phải gồm đúng 12 chữ số, không có dấu cách hay chữ, ví dụ 034085001234.",
)


def citizen_id_field():
    return models.CharField(
        "số định danh cá nhân (CCCD)",
        max_length=12,
        blank=True,
        validators=[citizen_id_validator],
        help_text="12 chữ số trên thẻ căn cước; để đối chiếu khen thưởng đã nhận của đúng người này.",
    )


class Nominee(models.Model):
    """A person, collective or household proposed in a dossier, with the facts its checks read."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="nominees")
    position_in_list = models.PositiveSmallIntegerField(default=0, editable=False)
    kind = models.CharField("đối tượng", max_length=20, choices=NomineeKind.choices, default=NomineeKind.PERSON)
    full_name = models.CharField("họ và tên", max_length=150, blank=True)
    position = models.CharField("chức vụ", max_length=255, blank=True)
    workplace = models.CharField("đơn vị công tác", max_length=255, blank=True)
    gender = models.CharField("giới tính", max_length=5, choices=Gender.choices, blank=True)
    birth_year = models.PositiveSmallIntegerField(
        "năm sinh", null=True, blank=True, validators=[MinValueValidator(1900), MaxValueValidator(2100)]
    )
    citizen_id = citizen_id_field()
    posthumous = models.BooleanField(
        "truy tặng", default=False, help_text="Người được đề nghị đã mất: quyết định ghi “truy tặng”."
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name="tập thể (đơn vị)",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="nominations",
    )
    achievement = models.TextField("thành tích tóm tắt", blank=True)
    task_rating = models.CharField(
        "xếp loại nhiệm vụ năm đề nghị", max_length=20, choices=TaskRating.choices, blank=True
    )
    excellent_years = models.PositiveSmallIntegerField(
        "số năm liên tục hoàn thành xuất sắc nhiệm vụ", default=0, help_text="Tính đến năm đề nghị."
    )
    initiative_scope = models.CharField(
        "sáng kiến được công nhận", max_length=20, choices=InitiativeScope.choices, blank=True, default=""
    )
    initiative_count = models.PositiveSmallIntegerField("số sáng kiến được công nhận", default=0)
    initiative_title = models.CharField("tên sáng kiến, đề tài", max_length=500, blank=True)
    member_count = models.PositiveSmallIntegerField(
        "số cá nhân của tập thể",
        null=True,
        blank=True,
        help_text="Chỉ với tập thể: tổng số cá nhân, kể cả của các đơn vị trực thuộc.",
    )
    members_not_done = models.PositiveSmallIntegerField(
        "số cá nhân không hoàn thành nhiệm vụ", null=True, blank=True, help_text="Chỉ với tập thể, năm đề nghị."
    )
    override_reason = models.TextField("lý do xét vượt điều kiện", blank=True, editable=False)
    override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    # Staged by the council secretary after the vote (pretalx's pending_state), applied at once.
    pending_outcome = models.CharField(
        "kết quả dự kiến", max_length=20, choices=Outcome.choices, blank=True, editable=False
    )
    outcome = models.CharField("kết quả", max_length=20, choices=Outcome.choices, blank=True, editable=False)
    decision = models.ForeignKey(
        "Decision",
        verbose_name="quyết định",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="nominees",
        editable=False,
    )

    class Meta:
        verbose_name = "người, tập thể được đề nghị"
        verbose_name_plural = "người, tập thể được đề nghị"
        ordering = ["dossier", "position_in_list", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="tap_the") | Q(unit__isnull=False),
                name="collective_nominee_has_unit",
                violation_error_message="Tập thể được đề nghị phải là một đơn vị trong danh mục.",
            ),
            models.CheckConstraint(
                condition=Q(kind="tap_the") | ~Q(full_name=""),
                name="person_nominee_has_name",
                violation_error_message="Hãy ghi họ và tên người được đề nghị.",
            ),
            models.CheckConstraint(
                condition=Q(kind="ca_nhan") | Q(posthumous=False),
                name="only_people_posthumous",
                violation_error_message="Chỉ truy tặng cho cá nhân, không cho tập thể hay hộ gia đình.",
            ),
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.kind == NomineeKind.COLLECTIVE and self.unit_id:
            return self.full_name or self.unit.name
        return self.full_name

    @property
    def description(self) -> str:
        """ "Ông Nguyễn Văn A, Trưởng phòng, Sở Nội vụ" as decisions list people."""
        if self.kind != NomineeKind.PERSON:
            return self.display_name
        parts = [self.full_name, self.position, self.workplace]
        text = ", ".join(p for p in parts if p)
        return f"{text} (truy tặng)" if self.posthumous else text


def attachment_path(instance, filename):
    # The stored name is ours, with the extension of what the file really is; the uploaded name
    # (often Vietnamese, with spaces) is kept apart in `original_name`.
    return f"awards/{instance.dossier_id}/{stored_name(instance.content_kind)}"


class Attachment(models.Model):
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="attachments")
    nominee = models.ForeignKey(
        Nominee,
        verbose_name="của người, tập thể",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    kind = models.CharField("loại tài liệu", max_length=30, choices=DocumentKind.choices)
    file = models.FileField("tệp", upload_to=attachment_path)
    original_name = models.CharField("tên tệp", max_length=255)
    content_kind = models.CharField("định dạng", max_length=20)
    size = models.PositiveBigIntegerField("dung lượng")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "tài liệu hồ sơ"
        verbose_name_plural = "tài liệu hồ sơ"
        ordering = ["dossier", "kind", "id"]

    def __str__(self):
        return self.original_name
