import datetime
import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse

from documents.models import OfficialDocument, symbol_validator
from documents.parts import date_text, partial_date_text
from units.models import Unit


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "Dự thảo"
    ISSUED = "issued", "Đã ban hành"


class PlanQuerySet(models.QuerySet):
    def issued(self):
        return self.filter(status=PlanStatus.ISSUED)


class Plan(OfficialDocument):
    """A yearly emulation-and-awards plan (Kế hoạch), as the issuing body prints it."""

    issuing_unit = models.ForeignKey(
        Unit, verbose_name="cơ quan ban hành", on_delete=models.PROTECT, related_name="plans"
    )
    symbol = models.CharField("ký hiệu", max_length=30, default="KH-UBND", validators=[symbol_validator("KH-UBND")])
    # Drafts often carry only a month and year ("ngày    tháng 01 năm 2025").
    dated_month = models.PositiveSmallIntegerField("tháng (dự thảo)", null=True, blank=True)
    dated_year = models.PositiveSmallIntegerField("năm (dự thảo)", null=True, blank=True)
    year = models.PositiveSmallIntegerField("năm kế hoạch")
    based_on = models.ForeignKey(
        "self",
        verbose_name="căn cứ kế hoạch cấp trên",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="derived_plans",
    )
    # The plan this draft was copied from ("Tạo kế hoạch năm sau"); its review marks say what changed.
    copied_from = models.ForeignKey(
        "self",
        verbose_name="sao chép từ kế hoạch",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="copies",
        editable=False,
    )
    preamble = models.TextField("lời dẫn", blank=True)
    closing = models.TextField("câu kết", blank=True)
    signer_authority = models.CharField("thẩm quyền ký", max_length=100, default="TM. ỦY BAN NHÂN DÂN")
    signer_position = models.CharField("chức vụ người ký", max_length=100, default="CHỦ TỊCH")
    status = models.CharField("trạng thái", max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    # Bumped by every service write: caches (the rendered PDF) key on it and edit forms
    # send it back so a stale form cannot overwrite a newer plan.
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = "kế hoạch"
        verbose_name_plural = "kế hoạch"
        ordering = ["-year", "issuing_unit__name", "-issued_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuing_unit", "number", "symbol", "year"],
                condition=~Q(number=""),
                name="plan_number_unique_per_issuer_year",
                violation_error_message="Cơ quan này đã có kế hoạch cùng số và ký hiệu trong năm.",
            ),
            models.CheckConstraint(
                condition=Q(dated_month__isnull=True) | Q(dated_month__gte=1, dated_month__lte=12),
                name="plan_dated_month_valid",
                violation_error_message="Tháng phải từ 1 đến 12.",
            ),
            models.CheckConstraint(
                condition=~Q(status="issued") | (~Q(number="") & Q(issued_on__isnull=False)),
                name="plan_issued_has_number_and_date",
                violation_error_message="Kế hoạch đã ban hành phải có số và ngày ban hành.",
            ),
        ]

    def __str__(self):
        return f"Kế hoạch {self.reference} – {self.title}"

    def get_absolute_url(self):
        return reverse("plans:detail", args=[self.pk])

    @property
    def is_draft(self) -> bool:
        return self.status == PlanStatus.DRAFT

    @property
    def registry_day(self) -> datetime.date:
        """The day the plan's unit names are read against in the registry (an old and a new
        commune may share a name): its issue date, or 1 January of its year for a draft."""
        return self.issued_on or datetime.date(self.year, 1, 1)

    @property
    def date_line(self) -> str:
        """ "Hưng Yên, ngày 24 tháng 12 năm 2024" with the leading zeros Decree 30 asks for
        (the rule lives in documents.parts, shared with the printed document)."""
        if self.issued_on:
            return f"{self.place}, {date_text(self.issued_on)}"
        return f"{self.place}, {partial_date_text(self.dated_month, self.dated_year)}"


class PlanSection(models.Model):
    """A numbered part of the plan body ("I. MỤC ĐÍCH, YÊU CẦU"); paragraphs separated by blank lines."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveIntegerField(default=0)
    heading = models.CharField("tiêu đề mục", max_length=300)
    body = models.TextField("nội dung", blank=True)
    review_marks = GenericRelation("plans.ReviewMark", content_type_field="target_type", object_id_field="target_id")

    class Meta:
        verbose_name = "mục"
        verbose_name_plural = "mục"
        ordering = ["position", "id"]

    def __str__(self):
        return self.heading

    @property
    def paragraphs(self) -> list[str]:
        return [p.strip() for p in self.body.split("\n\n") if p.strip()]


class UnitRole(models.TextChoices):
    """What a unit does for a task, as the appendix's unit columns say (tasks link units by it)."""

    DIRECTS = "directs", "Chỉ đạo"
    LEADS = "leads", "Chủ trì"
    EXECUTES = "executes", "Thực hiện"
    COORDINATES = "coordinates", "Phối hợp"


# Optional columns of an appendix table (the number and content columns are always there): one
# per unit role, headed "Đơn vị <role>", then timing and note. Built from UnitRole so a role
# cannot exist as a column and not as an assignment, or the other way round.
AppendixColumn = models.TextChoices(
    "AppendixColumn",
    [(role.name, (role.value, f"Đơn vị {role.label.lower()}")) for role in UnitRole]
    + [("TIMING", ("timing", "Thời gian thực hiện")), ("NOTE", ("note", "Ghi chú"))],
)


UNIT_COLUMNS = [AppendixColumn.DIRECTS, AppendixColumn.LEADS, AppendixColumn.EXECUTES, AppendixColumn.COORDINATES]
DEFAULT_COLUMNS = [AppendixColumn.LEADS, AppendixColumn.COORDINATES, AppendixColumn.TIMING, AppendixColumn.NOTE]
FIXED_COLUMN_LABELS = {"number": "TT", "content": "Nội dung"}


class Appendix(models.Model):
    """A Phụ lục: one table of tasks with its own column set."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="appendices")
    position = models.PositiveIntegerField(default=0)
    label = models.CharField("nhãn", max_length=50, default="PHỤ LỤC")
    title = models.CharField("tên phụ lục", max_length=500)
    subtitle = models.CharField(
        "dòng kèm theo",
        max_length=500,
        blank=True,
        help_text="Để trống để tự ghi “(Kèm theo Kế hoạch số … ngày … của …)”.",
    )
    columns = models.JSONField("các cột", default=list)
    column_labels = models.JSONField("tên cột", default=dict, blank=True)
    review_marks = GenericRelation("plans.ReviewMark", content_type_field="target_type", object_id_field="target_id")

    class Meta:
        verbose_name = "phụ lục"
        verbose_name_plural = "phụ lục"
        ordering = ["position", "id"]

    def __str__(self):
        return f"{self.label} – {self.title}"

    def label_for(self, key: str) -> str:
        if key in self.column_labels and self.column_labels[key]:
            return self.column_labels[key]
        if key in FIXED_COLUMN_LABELS:
            return FIXED_COLUMN_LABELS[key]
        return AppendixColumn(key).label

    @property
    def subtitle_line(self) -> str:
        if self.subtitle:
            return self.subtitle
        plan = self.plan
        dated = ""
        if plan.issued_on:
            dated = f" {date_text(plan.issued_on)}"
        return f"(Kèm theo Kế hoạch số {plan.reference}{dated} của {plan.issuing_unit.name})"

    @property
    def header(self) -> list[tuple[str, str]]:
        """(key, label) for every printed column, in table order."""
        keys = ["number", "content", *self.columns]
        return [(key, self.label_for(key)) for key in keys]

    @property
    def unit_columns(self) -> list[str]:
        return [c for c in self.columns if c in UNIT_COLUMNS]


def _import_upload_path(instance, filename):
    return f"nhap-phu-luc/{instance.pk}.xlsx"


class AppendixImport(models.Model):
    """A workbook uploaded for import, waiting for the user to choose sheets and confirm.

    Holds the user's choices (sheets, which appendix each replaces, unit names mapped to registry
    units) between preview requests. Cancelling deletes the row and the file. Confirming deletes
    the file and marks the row imported, so a second confirm of the same upload (a double click,
    another tab, a second background job) is told so instead of importing it again; the row goes
    with the day-old uploads."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="imports")
    file = models.FileField("tệp", upload_to=_import_upload_path, blank=True)  # emptied once imported
    filename = models.CharField("tên tệp", max_length=255)
    sheet_names = models.JSONField(default=list)
    # Sheet name -> "new" or the id of the appendix it replaces; only chosen sheets are keys.
    targets = models.JSONField(default=dict, blank=True)
    # normalize_name(text) -> unit id, for unit names the user linked to a registry unit.
    mappings = models.JSONField(default=dict, blank=True)
    # Keys of the structural guesses the user accepted ("Sheet|group|12|content"): how the reader
    # took a sub-header, a group row or a continued row. The import is refused while any is not.
    accepted_guesses = models.JSONField("cách đọc bảng đã xác nhận", default=list, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    imported_at = models.DateTimeField("đã nhập lúc", null=True, blank=True)
    # The first appendix the import wrote, where a repeated confirm is sent.
    appendix = models.ForeignKey(
        Appendix, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="phụ lục đã nhập"
    )

    class Meta:
        verbose_name = "tệp chờ nhập"
        verbose_name_plural = "tệp chờ nhập"
        ordering = ["-created_at"]

    def __str__(self):
        return self.filename

    def get_absolute_url(self):
        return reverse("plans:import_detail", args=[self.plan_id, self.pk])

    @property
    def imported_url(self) -> str:
        """The appendix the import wrote, on its plan's page."""
        anchor = f"#appendix-{self.appendix_id}" if self.appendix_id else ""
        return reverse("plans:detail", args=[self.plan_id]) + anchor


class ReviewMarkQuerySet(models.QuerySet):
    def open(self):
        return self.filter(cleared_at__isnull=True)


class ReviewMark(models.Model):
    """ "Cần rà soát": a row of a plan copied from last year's (the plan itself, a section, an
    appendix, a group, a task), with what the copy changed in it and what a person should look at.
    The plan cannot be issued while a mark is open; an editor clears it once the row is checked.

    Rows of apps above plans (tasks, groups) are marked through the generic key, so plans need
    not know them; each such model has a GenericRelation, so a deleted row takes its mark along."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="review_marks")
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    target_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("target_type", "target_id")
    position = models.PositiveIntegerField(default=0)
    label = models.CharField("mục", max_length=300)
    changes = models.JSONField("đã thay đổi khi sao chép", default=list, blank=True)
    checks = models.JSONField("cần xem lại", default=list, blank=True)
    cleared_at = models.DateTimeField("đã rà soát lúc", null=True, blank=True)
    cleared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người rà soát",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ReviewMarkQuerySet.as_manager()

    class Meta:
        verbose_name = "mục cần rà soát"
        verbose_name_plural = "mục cần rà soát"
        ordering = ["plan", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["target_type", "target_id"], name="review_mark_one_per_row"),
        ]
        indexes = [models.Index(fields=["plan", "cleared_at"], name="review_mark_plan_open")]

    def __str__(self):
        return self.label

    @property
    def is_open(self) -> bool:
        return self.cleared_at is None
