from django.db import models
from django.db.models import Q

from plans.models import Appendix, PlanStatus
from units.models import Unit


class TaskGroup(models.Model):
    """A group row of an appendix: a quarter ("I | Quý I") or a section ("A. | CÁC NHIỆM VỤ TRỌNG TÂM").

    Sections may hold quarter groups, so groups nest one level deep.
    """

    appendix = models.ForeignKey(Appendix, on_delete=models.CASCADE, related_name="groups")
    parent = models.ForeignKey(
        "self", verbose_name="thuộc nhóm", null=True, blank=True, on_delete=models.CASCADE, related_name="subgroups"
    )
    position = models.PositiveIntegerField(default=0)
    number = models.CharField("số thứ tự", max_length=10, blank=True)
    title = models.CharField("tên nhóm", max_length=300)
    # Quarters named by the title ("Quý I, II" -> [1, 2]); tasks without timing text take them.
    quarters = models.JSONField(default=list, editable=False)

    class Meta:
        verbose_name = "nhóm nhiệm vụ"
        verbose_name_plural = "nhóm nhiệm vụ"
        ordering = ["position", "id"]

    def __str__(self):
        return f"{self.number} {self.title}".strip()


class ScheduleKind(models.TextChoices):
    NONE = "none", "Không ghi thời gian"
    QUARTERS = "quarters", "Theo quý"
    DUE_DATE = "due_date", "Hạn hoàn thành"
    MONTH = "month", "Trong tháng"
    OCCASION = "occasion", "Nhân dịp"
    MONTHLY = "monthly", "Hằng tháng"
    DATES = "dates", "Nhiều mốc"
    YEAR = "year", "Cả năm"
    UNPARSED = "unparsed", "Cần kiểm tra"


class TaskQuerySet(models.QuerySet):
    def for_unit(self, unit):
        return self.filter(assignments__unit=unit).distinct()

    def in_issued_plans(self):
        return self.filter(appendix__plan__status=PlanStatus.ISSUED)


class Task(models.Model):
    """One row of an appendix table."""

    appendix = models.ForeignKey(Appendix, on_delete=models.CASCADE, related_name="tasks")
    group = models.ForeignKey(
        TaskGroup, verbose_name="nhóm", null=True, blank=True, on_delete=models.PROTECT, related_name="tasks"
    )
    position = models.PositiveIntegerField(default=0)
    number = models.CharField("TT", max_length=10, blank=True)
    content = models.TextField("nội dung")
    note = models.TextField("ghi chú", blank=True)
    # The unit cells exactly as written, by column ("leads": "Sở Nội vụ"); the links in
    # TaskAssignment are derived from them and may cover only part of the text.
    unit_cells = models.JSONField("đơn vị (như ghi trong kế hoạch)", default=dict, blank=True)
    timing_text = models.CharField("thời gian thực hiện", max_length=300, blank=True)
    schedule_kind = models.CharField(max_length=10, choices=ScheduleKind.choices, default=ScheduleKind.NONE)
    quarters = models.JSONField(default=list, blank=True)
    starts_on = models.DateField("bắt đầu", null=True, blank=True)
    due_on = models.DateField("hạn hoàn thành", null=True, blank=True, db_index=True)
    recurrence_day = models.PositiveSmallIntegerField(null=True, blank=True)
    schedule_note = models.CharField(max_length=200, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    # Folded content and note, so "to chuc hoi nghi" finds "Tổ chức Hội nghị" on any database.
    search_text = models.TextField(editable=False, blank=True)

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = "nhiệm vụ"
        verbose_name_plural = "nhiệm vụ"
        ordering = ["appendix", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(content=""),
                name="task_content_not_empty",
                violation_error_message="Nội dung nhiệm vụ không được để trống.",
            ),
        ]

    def __str__(self):
        return f"{self.number}. {self.content[:80]}"

    @property
    def needs_review(self) -> bool:
        return self.schedule_kind == ScheduleKind.UNPARSED

    def assignments_for(self, role: str):
        # Reads the prefetched assignments so a table of many tasks costs no extra queries.
        return [a for a in self.assignments.all() if a.role == role]


class AssignmentRole(models.TextChoices):
    DIRECTS = "directs", "Chỉ đạo"
    LEADS = "leads", "Chủ trì"
    EXECUTES = "executes", "Thực hiện"
    COORDINATES = "coordinates", "Phối hợp"


class TaskAssignment(models.Model):
    """A unit (or, when the text names no registry unit, just the text) in one role on a task."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="assignments")
    role = models.CharField("vai trò", max_length=12, choices=AssignmentRole.choices)
    unit = models.ForeignKey(
        Unit, verbose_name="đơn vị", null=True, blank=True, on_delete=models.PROTECT, related_name="task_assignments"
    )
    text = models.CharField("tên như trong kế hoạch", max_length=500)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "phân công"
        verbose_name_plural = "phân công"
        ordering = ["task", "role", "position"]
        indexes = [models.Index(fields=["unit", "role"])]

    def __str__(self):
        return f"{self.get_role_display()}: {self.unit or self.text}"
