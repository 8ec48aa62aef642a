from datetime import date

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Q

from common.uploads import stored_name
from plans.models import Appendix, PlanStatus, UnitRole
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
    # "Cần rà soát" in a plan copied from last year's (plans.ReviewMark); deleted with the group.
    review_marks = GenericRelation("plans.ReviewMark", content_type_field="target_type", object_id_field="target_id")

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
    # No index of its own: `task_list_order` starts with it.
    due_on = models.DateField("hạn hoàn thành", null=True, blank=True)
    recurrence_day = models.PositiveSmallIntegerField(null=True, blank=True)
    schedule_note = models.CharField(max_length=200, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    # Folded content and note, so "to chuc hoi nghi" finds "Tổ chức Hội nghị" on any database.
    search_text = models.TextField(editable=False, blank=True)
    # "Cần rà soát" in a plan copied from last year's (plans.ReviewMark); deleted with the task.
    review_marks = GenericRelation("plans.ReviewMark", content_type_field="target_type", object_id_field="target_id")

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
        # The unit officer's list sorts by it and pages through thousands of rows.
        indexes = [models.Index(fields=["due_on", "appendix", "position", "id"], name="task_list_order")]

    def __str__(self):
        return f"{self.number}. {self.content[:80]}"

    @property
    def needs_review(self) -> bool:
        return self.schedule_kind == ScheduleKind.UNPARSED

    def assignments_for(self, role: str):
        # Reads the prefetched assignments so a table of many tasks costs no extra queries.
        return [a for a in self.assignments.all() if a.role == role]


# A task's unit roles are the appendix's unit columns (plans.UnitRole), under the name tasks use.
AssignmentRole = UnitRole


# Roles whose unit answers for the task and so sets its status; the others contribute.
LEAD_ROLES = (AssignmentRole.LEADS, AssignmentRole.EXECUTES)


class TaskAssignment(models.Model):
    """A unit (or, when the text names no registry unit, just the text) in one role on a task."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="assignments")
    role = models.CharField("vai trò", max_length=12, choices=AssignmentRole.choices)
    # No index of its own: both indexes below start with the unit.
    unit = models.ForeignKey(
        Unit,
        verbose_name="đơn vị",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="task_assignments",
        db_index=False,
    )
    text = models.CharField("tên như trong kế hoạch", max_length=500)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "phân công"
        verbose_name_plural = "phân công"
        ordering = ["task", "role", "position"]
        indexes = [
            models.Index(fields=["unit", "role"]),
            # "Tasks where this unit has a role" probes (unit, task) pairs: EXISTS on the unit's
            # list, its count, its plan filter.
            models.Index(fields=["unit", "task"], name="assignment_unit_task"),
        ]

    def __str__(self):
        return f"{self.get_role_display()}: {self.unit or self.text}"


# Progress ------------------------------------------------------------------------------------


class TaskStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Chưa thực hiện"
    IN_PROGRESS = "in_progress", "Đang thực hiện"
    DONE = "done", "Hoàn thành"
    NOT_DONE = "not_done", "Không thực hiện"


OPEN_STATUSES = (TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS)


# The reminder bookmark of an occurrence no sweep has decided yet: before any day.
UNDECIDED = date.min
# The bookmark of an occurrence met by a sweep while its plan was a draft: past any day a sweep
# runs for, so the sweep's index never hands it over again; issuing the plan sets it back to
# UNDECIDED (tasks.reminders.wake_issued_plan).
WAITS_FOR_ISSUE = date.max
SWEEPABLE = Q(status__in=OPEN_STATUSES) & Q(due_on__isnull=False)


class OccurrenceQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def overdue_on(self, day):
        """Past their date and neither done nor declared not done: derived, never stored."""
        return self.open().filter(due_on__lt=day)

    def in_issued_plans(self):
        return self.filter(task__appendix__plan__status=PlanStatus.ISSUED)


class Occurrence(models.Model):
    """One deadline of a task and where it stands. A task has one; a monthly task twelve; a task
    with several dates one per date; a task with no readable date one with no date (never overdue).

    Rows follow the schedule (`tasks.progress.sync_occurrences`); only the status fields are
    written by people.
    """

    # No index of its own: the unique (task, due_on) index serves lookups by task.
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="occurrences", db_index=False)
    due_on = models.DateField("hạn", null=True, blank=True)
    status = models.CharField("trạng thái", max_length=12, choices=TaskStatus.choices, default=TaskStatus.NOT_STARTED)
    percent = models.PositiveSmallIntegerField("tiến độ (%)", default=0)
    reason = models.TextField("lý do không thực hiện", blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField("cập nhật lúc", null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người cập nhật",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The reminder sweep's bookmark (tasks/reminders.py): the day it last decided this
    # occurrence's reminders and the next day they can change (a threshold, an overdue week, a
    # quarter's start). A sweep reads only the occurrences whose day has come, through the partial
    # indexes below, so a rerun costs what is due, not what exists. Anything that can change the
    # answer (a new date, a reopened status, new units on the task) sets them back to undecided.
    # A date, never NULL, so "due for a decision" is one range of one index; rows written with
    # COPY or a plain INSERT get it from the database's default.
    decided_on = models.DateField(null=True, blank=True, editable=False)
    next_reminder_on = models.DateField(default=UNDECIDED, db_default=UNDECIDED, editable=False)

    objects = OccurrenceQuerySet.as_manager()

    class Meta:
        verbose_name = "kỳ thực hiện"
        verbose_name_plural = "kỳ thực hiện"
        ordering = ["task", "due_on"]
        constraints = [
            models.UniqueConstraint(fields=["task", "due_on"], name="occurrence_unique_date_per_task"),
            models.UniqueConstraint(
                fields=["task"], condition=Q(due_on__isnull=True), name="occurrence_one_undated_per_task"
            ),
            models.CheckConstraint(condition=Q(percent__lte=100), name="occurrence_percent_at_most_100"),
        ]
        indexes = [
            models.Index(fields=["status", "due_on"]),
            # Only open, dated occurrences can ever need a reminder: the sweep's two ways in.
            models.Index(fields=["next_reminder_on", "id"], condition=SWEEPABLE, name="occurrence_sweep_next"),
            models.Index(fields=["decided_on"], condition=SWEEPABLE, name="occurrence_sweep_decided"),
        ]

    def __str__(self):
        due = self.due_on.strftime("%d/%m/%Y") if self.due_on else "không hạn"
        return f"{self.task} ({due})"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def is_overdue(self, today) -> bool:
        return self.is_open and self.due_on is not None and self.due_on < today


class UpdateKind(models.TextChoices):
    STATUS = "status", "Cập nhật trạng thái"
    CONTRIBUTION = "contribution", "Đóng góp của đơn vị phối hợp"


class ProgressUpdate(models.Model):
    """One report on a task, as written: the task's history lists these with author and time."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="progress_updates")
    # Kept when the schedule later changes and the occurrence goes away; `due_on` says which it was.
    occurrence = models.ForeignKey(Occurrence, null=True, blank=True, on_delete=models.SET_NULL, related_name="updates")
    due_on = models.DateField("kỳ hạn", null=True, blank=True)
    kind = models.CharField("loại", max_length=12, choices=UpdateKind.choices)
    unit = models.ForeignKey(Unit, verbose_name="đơn vị", on_delete=models.PROTECT, related_name="progress_reports")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người cập nhật", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField("thời điểm", auto_now_add=True)
    status = models.CharField("trạng thái", max_length=12, choices=TaskStatus.choices, blank=True)
    percent = models.PositiveSmallIntegerField("tiến độ (%)", null=True, blank=True)
    noted_on = models.DateField("ngày")
    note = models.TextField("nội dung tiến độ", blank=True)
    reason = models.TextField("lý do không thực hiện", blank=True)

    class Meta:
        verbose_name = "cập nhật tiến độ"
        verbose_name_plural = "cập nhật tiến độ"
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.unit}: {self.get_kind_display()} ({self.at:%d/%m/%Y %H:%M})"


def evidence_path(instance, filename):
    # Downloads go through a view that checks who may see the task; the random name keeps the file
    # unguessable should a web server ever be pointed at MEDIA_ROOT by mistake, and the uploader's
    # name (kept in `name`) never reaches the disk: only the extension of what the file really is.
    return f"minh-chung/{instance.update.task_id}/{stored_name(instance.kind)}"


class Evidence(models.Model):
    """A file attached to a progress update (report, decision, photo)."""

    update = models.ForeignKey(ProgressUpdate, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField("tệp minh chứng", upload_to=evidence_path, max_length=300)
    name = models.CharField("tên tệp", max_length=255)
    kind = models.CharField("loại tệp", max_length=20)
    size = models.PositiveBigIntegerField("dung lượng (byte)")

    class Meta:
        verbose_name = "minh chứng"
        verbose_name_plural = "minh chứng"
        ordering = ["id"]

    def __str__(self):
        return self.name


# Reminders -----------------------------------------------------------------------------------


class ReminderKind(models.TextChoices):
    QUARTER_START = "quarter_start", "Nhiệm vụ trong quý"
    DUE_SOON = "due_soon", "Sắp đến hạn"
    OVERDUE = "overdue", "Quá hạn"


class ReminderDigest(models.Model):
    """The one message a unit gets on a day. Its reminders are fixed when it is created; e-mail
    goes out after that commit, and `emailed_at` is set in the same transaction that holds the
    row's lock while sending, so a second sweep skips it and a killed one leaves it to resend."""

    unit = models.ForeignKey(Unit, verbose_name="đơn vị", on_delete=models.CASCADE, related_name="reminder_digests")
    day = models.DateField("ngày")
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    emailed_at = models.DateTimeField("gửi thư lúc", null=True, blank=True)
    recipients = models.JSONField("người nhận", default=list, blank=True)

    class Meta:
        verbose_name = "thư nhắc việc"
        verbose_name_plural = "thư nhắc việc"
        ordering = ["-day", "unit__name"]
        constraints = [models.UniqueConstraint(fields=["unit", "day"], name="digest_one_per_unit_per_day")]
        # Every sweep looks for the digests not sent yet: a handful among one a unit a day for years.
        indexes = [models.Index(fields=["day"], condition=Q(emailed_at__isnull=True), name="digest_unsent")]

    def __str__(self):
        return f"{self.unit} – {self.day:%d/%m/%Y}"


class Reminder(models.Model):
    """One thing a unit must be told once. The unique key makes a second send impossible: the
    sweep inserts keys and skips those already there, whatever happened to the run before.

    Most reminders are about a task's occurrence. Deadlines kept elsewhere (a cluster's covenant
    signing, its scoring) come from the sources in `settings.REMINDER_DEADLINE_SOURCES` and carry
    their own `subject` key, line, link and date instead."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="reminders", null=True, blank=True)
    occurrence = models.ForeignKey(
        Occurrence, on_delete=models.CASCADE, related_name="reminders", null=True, blank=True
    )
    subject = models.CharField("việc cần nhắc", max_length=60, blank=True, help_text="Ví dụ: giao-uoc:12.")
    label = models.CharField("nội dung", max_length=500, blank=True)
    link = models.CharField("đường dẫn", max_length=300, blank=True)
    due_on = models.DateField("hạn", null=True, blank=True)
    unit = models.ForeignKey(Unit, verbose_name="đơn vị", on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField("loại", max_length=15, choices=ReminderKind.choices)
    # Which one: "2025-Q2" (quarter list), "2025-03-31:7" (7 days before that date), "2025-03-31:w2"
    # (third week overdue).
    period = models.CharField("kỳ", max_length=20)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    digest = models.ForeignKey(
        ReminderDigest, null=True, blank=True, on_delete=models.SET_NULL, related_name="reminders"
    )

    class Meta:
        verbose_name = "nhắc việc"
        verbose_name_plural = "nhắc việc"
        ordering = ["kind", "occurrence__due_on", "task_id"]
        constraints = [
            models.UniqueConstraint(fields=["task", "unit", "kind", "period"], name="reminder_unique_key"),
            # A NULL task never collides in the key above, so other deadlines have their own key.
            models.UniqueConstraint(
                fields=["subject", "unit", "kind", "period"],
                condition=Q(task__isnull=True),
                name="reminder_unique_subject_key",
            ),
            models.CheckConstraint(
                condition=(Q(task__isnull=False) & Q(occurrence__isnull=False))
                | (Q(task__isnull=True) & ~Q(subject="") & Q(due_on__isnull=False)),
                name="reminder_about_a_task_or_a_subject",
            ),
        ]
        indexes = [models.Index(fields=["digest", "unit"])]

    def __str__(self):
        return f"{self.get_kind_display()} {self.period}: {self.task or self.label} → {self.unit}"


class ReminderContact(models.Model):
    """An extra address for a unit's reminder digests (the office's shared mailbox, a deputy head
    without an account). The unit's active accounts with an e-mail always receive them."""

    unit = models.ForeignKey(Unit, verbose_name="đơn vị", on_delete=models.CASCADE, related_name="reminder_contacts")
    email = models.EmailField("địa chỉ e-mail")
    name = models.CharField("người nhận", max_length=150, blank=True)

    class Meta:
        verbose_name = "địa chỉ nhận nhắc việc"
        verbose_name_plural = "địa chỉ nhận nhắc việc"
        ordering = ["unit__name", "email"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "email"],
                name="reminder_contact_unique_per_unit",
                violation_error_message="Đơn vị đã có địa chỉ nhận nhắc việc này.",
            )
        ]

    def __str__(self):
        return f"{self.name or self.email} ({self.unit})"
