"""The django-import-export Resource that validates the clean rows the reader produced.

The reader has already found the header, groups and continuation rows; what reaches the Resource
is one flat row per task. The Resource turns each into an unsaved `Task`, validates it (model
field rules plus the timing parser) and gives the row-level result. It never looks up existing
rows and never saves (`save_instance` does nothing, so no savepoint or rollback is needed): the
import service writes everything in bulk, in one transaction.
"""

import tablib
from django.core.exceptions import ValidationError
from import_export import fields, resources, widgets

from tasks.models import Task
from tasks.timing import TimingError, parse_timing
from units.text import clean

from .reader import UNIT_KEYS

DATASET_HEADERS = ["row", "group", "number", "content", *UNIT_KEYS, "timing", "note"]
# Model field -> the reader's column key, so an error on a field names the sheet's column.
FIELD_COLUMNS = {"number": "number", "content": "content", "note": "note", "timing_text": "timing"}


class CleanTextWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        return clean(value)


class TaskRowResource(resources.ModelResource):
    number = fields.Field(attribute="number", column_name="number", widget=CleanTextWidget())
    content = fields.Field(attribute="content", column_name="content", widget=CleanTextWidget())
    note = fields.Field(attribute="note", column_name="note", widget=CleanTextWidget())
    timing_text = fields.Field(attribute="timing_text", column_name="timing", widget=CleanTextWidget())

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

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        instance.unit_cells = {key: clean(row.get(key)) for key in UNIT_KEYS if clean(row.get(key))}
        instance.position = int(row["row"])
        try:
            parse_timing(instance.timing_text, self.year)
        except TimingError as error:
            errors.setdefault("timing_text", []).append(str(error))
        if not instance.content:
            errors.setdefault("content", []).append("Nhiệm vụ thiếu nội dung.")
        if errors:
            raise ValidationError(errors)

    def save_instance(self, instance, is_create, row, **kwargs):
        """Validation only: the import service writes the rows in bulk once every sheet is valid."""

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        try:
            # The appendix and group do not exist yet; uniqueness and constraints would cost a
            # query per row and are checked by the database when the rows are written.
            instance.full_clean(
                exclude=[*errors, "appendix", "group", "search_text"],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)


def dataset_for(table) -> tablib.Dataset:
    data = tablib.Dataset(headers=DATASET_HEADERS)
    for task in table.tasks:
        data.append(
            [
                task.row,
                task.group or "",
                task.number,
                task.content,
                *(task.cells.get(key, "") for key in UNIT_KEYS),
                task.timing,
                task.note,
            ]
        )
    return data


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
    return tasks
