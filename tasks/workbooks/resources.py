"""The django-import-export Resource that validates the clean rows the reader produced.

The reader has already found the header, groups and continuation rows; what reaches the Resource
is one flat row per task. The Resource turns each into an unsaved `Task`, validates it (model
field rules plus the timing parser) and gives the row-level result. It never looks up existing
rows and never saves (`save_instance` does nothing, so no savepoint or rollback is needed): the
import service writes everything in bulk, in one transaction.
"""

import tablib
from django.core.exceptions import ValidationError
from django.db.models.base import ModelState
from import_export import fields, resources, widgets

from tasks.models import Task
from tasks.timing import TimingError, fallback_words, parse_timing, quarters_from_label, schedule_for_quarters

from .reader import UNIT_KEYS

DATASET_HEADERS = ["row", "group", "number", "content", *UNIT_KEYS, "timing", "note"]


def _has_rules(field) -> bool:
    # A TextField without a limit or a JSON dict of strings cannot be broken by a cell; checking
    # them anyway was a fifth of the validation time.
    return bool(field.validators) or not field.blank or bool(field.choices)


CHECKED_FIELDS = [
    field
    for field in map(Task._meta.get_field, ("number", "content", "note", "timing_text", "unit_cells"))
    if _has_rules(field)
]
# Model field -> the reader's column key, so an error on a field names the sheet's column.
FIELD_COLUMNS = {"number": "number", "content": "content", "note": "note", "timing_text": "timing"}


class TextWidget(widgets.CharWidget):
    """The reader already cleaned every cell (NFC, single spaces); only None becomes ""."""

    def clean(self, value, row=None, **kwargs):
        return value or ""


class TaskRowResource(resources.ModelResource):
    number = fields.Field(attribute="number", column_name="number", widget=TextWidget())
    content = fields.Field(attribute="content", column_name="content", widget=TextWidget())
    note = fields.Field(attribute="note", column_name="note", widget=TextWidget())
    timing_text = fields.Field(attribute="timing_text", column_name="timing", widget=TextWidget())

    class Meta:
        model = Task
        fields = ("number", "content", "note", "timing_text")
        force_init_instance = True  # every row is a new task: no per-row lookups
        skip_diff = True
        clean_model_instances = True
        store_instance = True

    def __init__(self, *, year: int):
        super().__init__()
        self.year = year
        self._timings: dict[str, str | None] = {}
        self._import_fields = None
        self._blank = None

    def init_instance(self, row=None):
        # A copy of one blank task: running Model.__init__ over twenty fields for every row was
        # a quarter of the validation time. Mutable defaults get fresh objects.
        if self._blank is None:
            self._blank = {k: v for k, v in Task().__dict__.items() if k != "_state"}
        task = Task.__new__(Task)
        task.__dict__.update(self._blank)
        task._state = ModelState()
        task.unit_cells, task.quarters = {}, []
        return task

    def get_import_fields(self):
        # Asked twice per row by import-export; the answer never changes during one import.
        if self._import_fields is None:
            self._import_fields = super().get_import_fields()
        return self._import_fields

    def timing_error(self, text: str) -> str | None:
        if text not in self._timings:
            try:
                parse_timing(text, self.year)
                self._timings[text] = None
            except TimingError as error:
                self._timings[text] = str(error)
        return self._timings[text]

    def import_instance(self, instance, row, **kwargs):
        # The stock loop goes through Field.save, which splits the attribute path and calls
        # setattr for every cell; these are plain attributes of a new task.
        errors = {}
        values = instance.__dict__
        for field in self.get_import_fields():
            try:
                values[field.attribute] = field.clean(row)
            except ValueError as error:
                errors[field.attribute] = [str(error)]
        instance.unit_cells = {key: row[key] for key in UNIT_KEYS if row[key]}
        instance.position = int(row["row"])
        timing_error = self.timing_error(instance.timing_text)
        if timing_error:
            errors.setdefault("timing_text", []).append(timing_error)
        if not instance.content:
            errors.setdefault("content", []).append("Nhiệm vụ thiếu nội dung.")
        if errors:
            raise ValidationError(errors)

    def after_import(self, dataset, result, **kwargs):
        """Nothing was saved, so nothing to do. The stock hook resets the table's id sequence to
        max(id), which would hand out ids that a concurrent import has taken but not committed."""

    def save_m2m(self, instance, row, **kwargs):
        """A task has no many-to-many fields; the stock hook walks every field to find that out."""

    def save_instance(self, instance, is_create, row, **kwargs):
        """Validation only: the import service writes the rows in bulk once every sheet is valid."""

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        # Only the fields the sheet fills, with each model field's own validators (lengths,
        # blank): the appendix, group and schedule do not exist yet, and uniqueness or
        # constraints would cost a query per row (the database checks them on write).
        for field in CHECKED_FIELDS:
            if field.name in errors:
                continue
            try:
                setattr(instance, field.attname, field.clean(getattr(instance, field.attname), instance))
            except ValidationError as error:
                errors[field.name] = error.messages
        if errors:
            raise ValidationError(errors)


def dataset_for(table) -> tablib.Dataset:
    # Rows given to the constructor skip append()'s per-row width check; they all have one shape.
    return tablib.Dataset(
        *(
            (
                task.row,
                task.group or "",
                task.number,
                task.content,
                *map(task.cells.get, UNIT_KEYS, _BLANKS),
                task.timing,
                task.note,
            )
            for task in table.tasks
        ),
        headers=DATASET_HEADERS,
    )


_BLANKS = [""] * len(UNIT_KEYS)


def validate_table(table, year: int) -> list[Task]:
    """Unsaved tasks for the sheet's rows, in order; every invalid row becomes a problem on `table`."""
    data = dataset_for(table)
    result = TaskRowResource(year=year).import_data(data, dry_run=False, use_transactions=False)
    for error in result.base_errors:
        table.problem(None, None, "", f"Trang tính “{table.name}”: lỗi khi kiểm tra dữ liệu ({error.error}).")
    tasks = []
    for task_row, row_result in zip(table.tasks, result.rows, strict=True):
        if row_result.validation_error is not None:
            for field, messages in row_result.validation_error.message_dict.items():
                key = FIELD_COLUMNS.get(field)
                value = getattr(task_row, key, "") if key in ("number", "content") else task_row.cells.get(key, "")
                for message in messages:
                    table.problem(
                        task_row.row,
                        key,
                        str(value)[:200],
                        f"Trang tính “{table.name}”, dòng {task_row.row}, cột {table.column_name(key)}: {message}",
                    )
            tasks.append(None)
        elif row_result.errors:
            table.problem(
                task_row.row, None, "", f"Trang tính “{table.name}”, dòng {task_row.row}: {row_result.errors[0].error}"
            )
            tasks.append(None)
        else:
            tasks.append(row_result.instance)
    _note_timing(table, year)
    return tasks


def _note_timing(table, year: int) -> None:
    """Timing the parser could not read, or read outside the plan's year, is never taken silently:
    each becomes a problem that does not block the import (the task is flagged "Cần kiểm tra" on
    the plan page) but is listed in the preview, the problem report and `import_appendix --json`."""
    readings: dict[str, object] = {}
    # A task the parser cannot read follows its group's quarters (the group's or its section's).
    by_key = {group.key: group for group in table.groups}
    group_quarters = {}
    for group in table.groups:
        quarters = quarters_from_label(group.title)
        if not quarters and group.parent in by_key:
            quarters = quarters_from_label(by_key[group.parent].title)
        group_quarters[group.key] = tuple(quarters)
    for task_row in table.tasks:
        text = (task_row.timing or "").strip()
        if not text:
            continue
        if text not in readings:
            try:
                readings[text] = parse_timing(text, year)
            except TimingError:
                readings[text] = None  # refused as a blocking problem by the row's validation
        schedule = readings[text]
        if schedule is None:
            continue
        where = f"Trang tính “{table.name}”, dòng {task_row.row}, cột {table.column_name('timing')}"
        if schedule.needs_review:
            quarters = group_quarters.get(task_row.group)
            if quarters:
                fallback = f"tạm lấy hạn theo nhóm ({fallback_words(schedule_for_quarters(quarters, year))})"
            else:
                fallback = "chưa có hạn"
            table.problem(
                task_row.row,
                "timing",
                text[:200],
                f"{where}: chưa hiểu được thời gian thực hiện; nhiệm vụ sẽ được đánh dấu “Cần kiểm tra”, "
                f"{fallback} để theo dõi và nhắc việc.",
                blocking=False,
            )
        for warning in schedule.warnings:
            table.problem(task_row.row, "timing", text[:200], f"{where}: {warning}", blocking=False)
