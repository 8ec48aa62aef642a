"""Award catalogue, dossiers, councils, secret ballots, decisions and the award history (sổ vàng).

Rules that change with each decree (who decides, thresholds, quorum, required papers,
prerequisites) live in `AwardType` rows loaded from fixtures/awards/catalogue.json, never in code.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from common.uploads import stored_name
from documents.models import OfficialDocument, number_validator, symbol_validator
from units.models import Unit
from units.text import fold


class AwardCategory(models.TextChoices):
    TITLE = "danh_hieu", "Danh hiệu thi đua"
    FORM = "hinh_thuc", "Hình thức khen thưởng"


class Beneficiary(models.TextChoices):
    INDIVIDUAL = "ca_nhan", "Cá nhân"
    COLLECTIVE = "tap_the", "Tập thể"
    BOTH = "ca_nhan_tap_the", "Cá nhân và tập thể"
    HOUSEHOLD = "ho_gia_dinh", "Hộ gia đình"


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
    OTHER = "khac", "Tài liệu khác"


# Papers written about one nominee rather than the dossier as a whole.
PER_NOMINEE_DOCUMENTS = {DocumentKind.ACHIEVEMENT_REPORT, DocumentKind.INITIATIVE_PROOF, DocumentKind.SUMMARY}


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
    required_documents = models.JSONField(
        "thành phần hồ sơ", default=list, blank=True, help_text='Mã loại tài liệu, ví dụ ["to_trinh", "bien_ban"].'
    )
    simplified_documents = models.JSONField(
        "hồ sơ thủ tục đơn giản", default=list, blank=True, help_text="Dùng cho khen thưởng đột xuất."
    )
    approval_threshold = _percent("tỷ lệ phiếu đồng ý tối thiểu (%)", "70")
    quorum = _percent("số thành viên dự họp tối thiểu (%)", "66.67")
    vote_base = models.CharField("cách tính tỷ lệ", max_length=10, choices=VoteBase.choices)
    prerequisites = models.JSONField(
        "điều kiện", default=list, blank=True, help_text="Danh sách điều kiện kiểm tra tự động (xem README)."
    )
    legal_basis = models.CharField("căn cứ pháp lý", max_length=500, blank=True)
    valid_from = models.DateField("áp dụng từ", null=True, blank=True)
    valid_to = models.DateField("áp dụng đến", null=True, blank=True)
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
        return self.beneficiary in (Beneficiary.INDIVIDUAL, Beneficiary.BOTH, Beneficiary.HOUSEHOLD)

    @property
    def for_units(self) -> bool:
        return self.beneficiary in (Beneficiary.COLLECTIVE, Beneficiary.BOTH)

    def decided_above(self, level: str) -> bool:
        """True when a council at `level` can only propose this award upward."""
        return LEVEL_RANK[self.deciding_level] < LEVEL_RANK[level]


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

    def __str__(self):
        return f"{self.title} ({self.unit})"

    def get_absolute_url(self):
        return reverse("awards:dossier", args=[self.pk])


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
        return ", ".join(p for p in parts if p)


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


class BallotChoice(models.TextChoices):
    APPROVE = "dong_y", "Đồng ý"
    REJECT = "khong_dong_y", "Không đồng ý"


class BallotReceipt(models.Model):
    """That a member voted on a nominee, not how: one per member and nominee, enforced here."""

    session = models.ForeignKey(CouncilSession, on_delete=models.CASCADE, related_name="receipts")
    nominee = models.ForeignKey(Nominee, on_delete=models.CASCADE, related_name="receipts")
    member = models.ForeignKey(CouncilMember, on_delete=models.PROTECT, related_name="receipts")
    cast_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "xác nhận đã bỏ phiếu"
        verbose_name_plural = "xác nhận đã bỏ phiếu"
        constraints = [
            models.UniqueConstraint(
                fields=["nominee", "member"],
                name="one_vote_per_member_per_nominee",
                violation_error_message="Thành viên đã bỏ phiếu cho người, tập thể này.",
            ),
        ]

    def __str__(self):
        return f"{self.member} đã bỏ phiếu"


class BallotBox(models.Model):
    """The ballot box of one nominee in one session: how many ballots of each choice, never whose.

    Every choice is counted in this one row, so a voter's write touches the same row whatever they
    chose; there is no row per ballot. Why that keeps the ballot secret: awards.ballots.
    """

    session = models.ForeignKey(CouncilSession, on_delete=models.CASCADE, related_name="ballot_boxes")
    nominee = models.ForeignKey(Nominee, on_delete=models.CASCADE, related_name="ballot_boxes")
    # Fixed-width integers: the updated row is the same size whichever count went up.
    approvals = models.PositiveIntegerField("phiếu đồng ý", default=0)
    rejections = models.PositiveIntegerField("phiếu không đồng ý", default=0)

    class Meta:
        verbose_name = "hòm phiếu"
        verbose_name_plural = "hòm phiếu"
        constraints = [models.UniqueConstraint(fields=["session", "nominee"], name="one_ballot_box_per_nominee")]

    def __str__(self):
        return "Hòm phiếu kín"


# The count of a BallotBox (and of a VoteResult) each choice goes to.
COUNTED_AS = {BallotChoice.APPROVE: "approvals", BallotChoice.REJECT: "rejections"}


class VoteResult(models.Model):
    """The tally of one nominee, counted once when the secretary closes the vote."""

    session = models.ForeignKey(CouncilSession, on_delete=models.CASCADE, related_name="results")
    nominee = models.ForeignKey(Nominee, on_delete=models.CASCADE, related_name="results")
    members_total = models.PositiveSmallIntegerField("tổng số thành viên")
    present = models.PositiveSmallIntegerField("số thành viên tham gia bỏ phiếu")
    approvals = models.PositiveSmallIntegerField("phiếu đồng ý")
    rejections = models.PositiveSmallIntegerField("phiếu không đồng ý")
    quorum = models.DecimalField("tỷ lệ dự họp tối thiểu (%)", max_digits=5, decimal_places=2)
    threshold = models.DecimalField("tỷ lệ đồng ý tối thiểu (%)", max_digits=5, decimal_places=2)
    vote_base = models.CharField("cách tính tỷ lệ", max_length=10, choices=VoteBase.choices)
    approval_percent = models.DecimalField("tỷ lệ đồng ý (%)", max_digits=5, decimal_places=2)
    quorum_met = models.BooleanField("đủ số thành viên dự họp")
    passed = models.BooleanField("đạt")

    class Meta:
        verbose_name = "kết quả bỏ phiếu"
        verbose_name_plural = "kết quả bỏ phiếu"
        constraints = [models.UniqueConstraint(fields=["session", "nominee"], name="one_result_per_nominee")]

    def __str__(self):
        return f"{self.approvals}/{self.members_total} đồng ý"


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
    signer_authority = models.CharField("thẩm quyền ký", max_length=100, default="KT. CHỦ TỊCH")
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
