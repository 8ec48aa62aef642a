"""Import appendix tables from a workbook: a preview, then one all-or-nothing write.

`preview_workbook` reads, matches and validates without writing. `write_import` is the one write:
it saves the unit names the user linked as aliases, creates or replaces one appendix per chosen
sheet and bulk-inserts groups, tasks and assignments, in one transaction with one activity row.
`import_workbook` is both in a row; the staged-upload functions serve the web flow, and
`import_as_new_plan` the command's --new. Export is `writer.py`.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from activity.services import record
from common.collector import collector_paused
from common.positions import next_position
from common.uploads import check_size, display_name, sniff, validate_upload
from jobs.models import Job, JobStatus
from jobs.services import start_job
from plans.models import Appendix, AppendixImport, Plan
from plans.services import create_plan, ensure_editable, touch
from tasks.models import Occurrence, Task, TaskAssignment, TaskGroup, TaskStatus
from tasks.occurrences import occurrence_dates
from tasks.services import apply_schedule
from tasks.timing import quarters_from_label
from units.matching import MatchResult, UnitMatcher, normalize_name
from units.models import Unit, UnitAlias, UnitKind
from units.proposals import Proposal, Proposer
from units.services import NewUnit, create_units
from units.text import fold

from .bulk import fold_fast, insert, insert_values
from .issuer import find_issuer
from .reader import UNIT_KEYS, Problem, SheetTable, read_workbook
from .resources import validate_table

NEW = "new"
GUESS_ISSUER = "issuer"
SCHEDULE_FIELDS = ["schedule_kind", "quarters", "starts_on", "due_on", "recurrence_day", "schedule_note"]


@dataclass
class UnitName:
    """One distinct unit name of a sheet, how it matched, and where it appears."""

    text: str
    key: str
    how: str  # exact | alias | mapped | unresolved
    unit: Unit | None
    candidates: list[Unit]
    rows: list[int] = field(default_factory=list)
    roles: set[str] = field(default_factory=set)

    @property
    def how_label(self) -> str:
        return {"exact": "Khớp tên", "alias": "Khớp tên gọi khác", "mapped": "Bạn đã chọn"}.get(self.how, "Chưa khớp")


@dataclass
class SheetPreview:
    table: SheetTable
    tasks: list[Task | None]
    target: Appendix | None
    names: list[UnitName]
    assignments: list[list[tuple[str, MatchResult]]]  # per task: (role, match) in cell order

    @property
    def name(self) -> str:
        return self.table.name

    def counts(self) -> dict:
        how = Counter(name.how for name in self.names)
        return {
            "tasks": len(self.table.tasks),
            "groups": len(self.table.groups),
            "units_exact": how["exact"],
            "units_alias": how["alias"] + how["mapped"],
            "units_unresolved": how["unresolved"],
        }


@dataclass
class WorkbookPreview:
    filename: str
    sheet_names: list[str]
    sheets: list[SheetPreview]

    @property
    def problems(self) -> list[Problem]:
        return [problem for sheet in self.sheets for problem in sheet.table.problems]

    @property
    def blocking_problems(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.blocking]

    @property
    def errors(self) -> list[Problem]:
        """Blocking problems the file must be fixed for (not guesses a person may accept)."""
        return [problem for problem in self.problems if problem.blocking and not problem.guess]

    @property
    def guesses(self) -> list[Problem]:
        """Every structural guess of the chosen sheets; `blocking` is set on those not accepted."""
        return [problem for problem in self.problems if problem.guess]

    @property
    def unaccepted(self) -> list[Problem]:
        return [problem for problem in self.guesses if problem.blocking]

    @property
    def accepted(self) -> list[str]:
        return [problem.guess for problem in self.guesses if not problem.blocking]

    @property
    def notes(self) -> list[Problem]:
        """What does not stop the import but a person should look at (timing not understood…)."""
        return [problem for problem in self.problems if not problem.blocking]

    @property
    def blocked(self) -> bool:
        return any(problem.blocking for problem in self.problems)

    def summary(self) -> dict:
        totals = Counter()
        for sheet in self.sheets:
            totals.update(sheet.counts())
        keys = ["tasks", "groups", "units_exact", "units_alias", "units_unresolved"]
        return {key: totals[key] for key in keys}

    @property
    def unresolved(self) -> list[UnitName]:
        return [name for sheet in self.sheets for name in sheet.names if name.how == "unresolved"]


def check_upload(uploaded) -> None:
    """Refuse anything but a real, reasonably sized .xlsx named .xlsx: its size first, before a
    byte is read; then a zip cut short; then the content and the whole package."""
    check_size(uploaded, max_bytes=settings.APPENDIX_IMPORT_MAX_BYTES)
    check_readable(uploaded)
    validate_upload(uploaded, allowed={"xlsx"}, max_bytes=settings.APPENDIX_IMPORT_MAX_BYTES)


class _MatcherWithoutSuggestions(UnitMatcher):
    """The matcher for the write itself: suggestions for unmatched names are for the preview
    page, and scoring every unit against every unmatched name was a tenth of a big import."""

    def closest(self, key: str) -> list[Unit]:
        return []


class CellResolver:
    """Matches unit cells once per distinct text: thousands of rows repeat a few dozen cells."""

    def __init__(self, matcher: UnitMatcher, mappings: dict[str, Unit]):
        self.matcher = matcher
        self.mappings = mappings
        self._cache: dict[str, list[MatchResult]] = {}
        self._keys: dict[str, str] = {}

    def key(self, text: str) -> str:
        """The comparable form of a unit name, computed once per distinct text."""
        if text not in self._keys:
            self._keys[text] = normalize_name(text) or fold(text)
        return self._keys[text]

    def resolve(self, text: str) -> list[MatchResult]:
        if text not in self._cache:
            results = []
            for result in self.matcher.resolve_cell(text):
                mapped = None if result.resolved else self.mappings.get(normalize_name(result.text))
                results.append(MatchResult(result.text, mapped, "mapped") if mapped else result)
            self._cache[text] = results
        return self._cache[text]


def mapped_units(mappings: dict, issuer: Unit) -> dict[str, Unit]:
    """The user's links (name key -> unit id) as units of the issuer's tree; others are ignored."""
    if not mappings:
        return {}
    root = issuer.tree_root_id or issuer.pk
    units = Unit.objects.in_bulk([int(pk) for pk in mappings.values() if str(pk).isdigit()])
    return {
        key: units[int(pk)]
        for key, pk in mappings.items()
        if str(pk).isdigit() and int(pk) in units and (units[int(pk)].tree_root_id or units[int(pk)].pk) == root
    }


def _sheet_preview(table: SheetTable, year: int, resolver: CellResolver, target) -> SheetPreview:
    tasks = validate_table(table, year) if table.tasks and not table.blocked else [None] * len(table.tasks)
    names: dict[str, UnitName] = {}
    per_task = []
    for task_row in table.tasks:
        matches = []
        cells = task_row.cells
        for key in UNIT_KEYS:
            text = cells.get(key)
            if not text:
                continue
            for result in resolver.resolve(text):
                matches.append((key, result))
                name_key = resolver.key(result.text)
                name = names.get(name_key)
                if name is None:
                    name = names[name_key] = UnitName(
                        result.text, name_key, result.how, result.unit, list(result.candidates)
                    )
                if not name.rows or name.rows[-1] != task_row.row:  # rows come in sheet order
                    name.rows.append(task_row.row)
                name.roles.add(key)
        per_task.append(matches)
    ordered = sorted(names.values(), key=lambda n: ({"unresolved": 0, "mapped": 1}.get(n.how, 2), n.rows[0]))
    return SheetPreview(table=table, tasks=tasks, target=target, names=ordered, assignments=per_task)


@collector_paused()
def preview_workbook(
    fileobj,
    *,
    issuer: Unit,
    year: int,
    filename: str,
    sheets: list[str] | None = None,
    targets: dict | None = None,
    mappings: dict | None = None,
    plan: Plan | None = None,
    max_rows: int | None = None,
    suggest: bool = True,
    accepted=(),
) -> WorkbookPreview:
    """Everything the import would write, and every problem, without writing anything.

    Raises `WorkbookError` when the file is not a readable workbook. `suggest=False` skips the
    registry units offered for unmatched names (the write does not show them). `accepted`: the
    keys of the structural guesses a person accepted, or True for all of them (the command's
    --accept-guesses); a guess not accepted blocks the import."""
    max_rows = max_rows or settings.APPENDIX_IMPORT_MAX_ROWS
    sheet_names, tables = read_workbook(fileobj, filename=filename, sheets=sheets, max_rows=max_rows)
    matcher_class = UnitMatcher if suggest else _MatcherWithoutSuggestions
    day = plan_day(plan) if plan is not None else datetime.date(year, 1, 1)
    resolver = CellResolver(matcher_class.for_issuer(issuer, on=day), mapped_units(mappings or {}, issuer))
    appendices = {str(a.pk): a for a in plan.appendices.all()} if plan else {}
    previews = []
    for table in tables:
        accept_guesses(table, accepted)
        if plan is not None and suggest:
            note_other_issuer(table, issuer, day)
        wanted = (targets or {}).get(table.name, NEW)
        target = appendices.get(str(wanted))
        if wanted != NEW and target is None:
            table.problem(None, None, "", f"Trang tính “{table.name}”: phụ lục được chọn để thay thế không còn.")
        previews.append(_sheet_preview(table, year, resolver, target))
    if sheets is not None:
        missing = [name for name in sheets if name not in sheet_names]
        for name in missing:
            previews.append(SheetPreview(SheetTable(name=name), [], None, [], []))
            previews[-1].table.problem(None, None, "", f"Tệp “{filename}” không có trang tính “{name}”.")
    return WorkbookPreview(filename=filename, sheet_names=sheet_names, sheets=previews)


def note_other_issuer(table: SheetTable, issuer: Unit, day: datetime.date) -> None:
    """Say so when the sheet's title rows name another issuer than the plan's: its cells are read
    as the plan's issuer writes them ("UBND xã" is the plan's own committee)."""
    if not (table.subtitle or table.title_lines):
        return
    reading = find_issuer(table.subtitle, table.title_lines, day, context=" ".join(table.title_lines))
    if reading.unit is None or reading.unit.pk == issuer.pk:
        return
    table.problem(
        None,
        None,
        reading.written,
        f"Trang tính “{table.name}”: dòng “{reading.source}” ghi cơ quan ban hành là “{reading.unit.name}”, còn kế "
        f"hoạch này của “{issuer.name}”. Tên đơn vị được khớp theo “{issuer.name}”; nếu đây là phụ lục của kế "
        "hoạch khác, hãy huỷ và nhập vào đúng kế hoạch.",
        blocking=False,
    )


def accept_guesses(table: SheetTable, accepted) -> None:
    for problem in table.guesses:
        problem.blocking = not (accepted is True or problem.guess in accepted)


def blocking_messages(preview: WorkbookPreview) -> list[str]:
    return _blocking_error(preview).messages


def _blocking_error(preview: WorkbookPreview) -> ValidationError:
    errors, guesses = preview.errors, preview.unaccepted
    if errors:
        head = f"Chưa nhập được tệp “{preview.filename}”: có {len(errors)} lỗi."
        if guesses:
            head += f" Ngoài ra còn {len(guesses)} cách đọc bảng chưa được xác nhận."
    else:
        head = (
            f"Chưa nhập được tệp “{preview.filename}”: còn {len(guesses)} cách đọc bảng chưa được xác nhận. "
            "Hãy xem từng cách đọc và chấp nhận ở trang xem trước (lệnh import_appendix: --accept-guesses), "
            "hoặc sửa tệp cho rõ rồi tải lên lại."
        )
    return ValidationError([head, *[problem.message for problem in [*errors, *guesses]][:50]])


def _save_aliases(mappings: dict[str, Unit], names: list[UnitName]) -> int:
    created = 0
    for name in names:
        unit = mappings.get(name.key)
        if name.how == "mapped" and unit is not None:
            _, was_created = UnitAlias.objects.get_or_create(
                unit=unit, search_name=fold(name.text), defaults={"name": name.text}
            )
            created += was_created
    return created


def _replace_contents(appendix: Appendix) -> None:
    # Tasks protect their groups, so they go first; subgroups before their sections.
    Task.objects.filter(appendix=appendix).delete()
    TaskGroup.objects.filter(appendix=appendix, parent__isnull=False).delete()
    TaskGroup.objects.filter(appendix=appendix).delete()


def _write_appendix(plan: Plan, sheet: SheetPreview, position: int) -> Appendix:
    table = sheet.table
    appendix = sheet.target or Appendix(plan=plan, position=position)
    appendix.label = table.label[:50]
    appendix.title = table.title[:500]
    appendix.subtitle = table.subtitle[:500]
    appendix.columns = list(table.columns)
    appendix.column_labels = {key: label for key, label in table.column_labels.items() if label}
    appendix.full_clean(exclude=["plan"])
    appendix.save()
    if sheet.target is not None:
        _replace_contents(appendix)
    return appendix


def _apply_schedule(task: Task, group: TaskGroup | None, year: int, cache: dict) -> list:
    """`tasks.services.apply_schedule`, parsing each distinct timing text once per group; returns
    the task's occurrence dates, which follow from the same schedule."""
    key = (task.timing_text, group.pk if group else None)
    if key not in cache:
        probe = Task(timing_text=task.timing_text, group=group)
        apply_schedule(probe, year)
        cache[key] = ([(name, getattr(probe, name)) for name in SCHEDULE_FIELDS], occurrence_dates(probe, year))
    fields, dates = cache[key]
    values = task.__dict__
    for name, value in fields:
        values[name] = list(value) if isinstance(value, list) else value
    return dates


def _write_rows(appendix: Appendix, sheet: SheetPreview, year: int) -> int:
    table = sheet.table
    groups: dict[str, TaskGroup] = {}
    siblings = Counter()
    for level in (False, True):  # sections first: subgroups need their parent's id
        batch = []
        for row in table.groups:
            if bool(row.parent) != level:
                continue
            siblings[row.parent] += 1
            group = TaskGroup(
                appendix=appendix,
                parent=groups.get(row.parent),
                position=siblings[row.parent],
                number=row.number,
                title=row.title,
                quarters=list(quarters_from_label(row.title)),
            )
            groups[row.key] = group
            batch.append(group)
        TaskGroup.objects.bulk_create(batch)
    tasks, schedules, due_dates = [], {}, []
    in_group = Counter()
    for task_row, task in zip(table.tasks, sheet.tasks, strict=True):
        in_group[task_row.group] += 1
        group = groups.get(task_row.group)
        # Plain attribute writes: the relation descriptors cost more than the rest of the loop.
        values = task.__dict__
        values["appendix_id"] = appendix.pk
        values["group_id"] = group.pk if group else None
        values["position"] = in_group[task_row.group]
        values["search_text"] = fold_fast(f"{task.content} {task.note}")
        due_dates.append(_apply_schedule(task, group, year, schedules))
        tasks.append(task)
    insert(Task, tasks)
    assignments = []
    for task, matches in zip(tasks, sheet.assignments, strict=True):
        positions = Counter()
        for role, result in matches:
            unit_id = result.unit.pk if result.unit else None
            assignments.append((task.pk, role, unit_id, result.text[:500], positions[role]))
            positions[role] += 1
    insert_values(TaskAssignment, ["task_id", "role", "unit_id", "text", "position"], assignments)
    # Progress and reminders live on occurrences; an imported task needs them like a typed one.
    occurrences = [
        (task.pk, due, TaskStatus.NOT_STARTED, 0, "", 1)
        for task, dates in zip(tasks, due_dates, strict=True)
        for due in dates
    ]
    insert_values(Occurrence, ["task_id", "due_on", "status", "percent", "reason", "version"], occurrences)
    return len(tasks)


@collector_paused()
def import_workbook(
    *,
    actor,
    plan: Plan,
    fileobj,
    filename: str,
    sheets: list[str] | None = None,
    targets: dict | None = None,
    mappings: dict | None = None,
    progress=None,
    max_rows: int | None = None,
    staged: AppendixImport | None = None,
    accepted=(),
) -> tuple[WorkbookPreview, list[Appendix]]:
    """Import the chosen sheets into `plan`: all of them or, on any problem, nothing.

    Reading and validating happen before the transaction opens, so a progress bar can show them;
    `write_import` then writes everything in one transaction (and marks `staged` imported)."""
    if progress:
        progress(5, f"Đang đọc tệp “{filename}”…")
    plan = Plan.objects.select_related("issuing_unit").get(pk=plan.pk)
    ensure_editable(plan)
    preview = preview_workbook(
        fileobj,
        issuer=plan.issuing_unit,
        year=plan.year,
        filename=filename,
        sheets=sheets,
        targets=targets,
        mappings=mappings,
        plan=plan,
        max_rows=max_rows,
        suggest=False,
        accepted=accepted,
    )
    if progress:
        progress(50, f"Đã đọc {preview.summary()['tasks']} nhiệm vụ; đang ghi vào kế hoạch…")
    appendices = write_import(actor=actor, plan=plan, preview=preview, mappings=mappings, staged=staged)
    return preview, appendices


@collector_paused()
@transaction.atomic
def write_import(
    *, actor, plan: Plan, preview: WorkbookPreview, mappings: dict | None = None, staged: AppendixImport | None = None
):
    """The one write of an import: aliases the user chose, appendices, groups, tasks, assignments.

    For a staged upload, its row is locked first and the write happens only if it is still
    waiting: of two confirms at once the second waits here for the first to commit, then raises
    `AlreadyImported` without writing anything."""
    if staged is not None:
        staged = _claim(staged)
    plan = Plan.objects.select_for_update().select_related("issuing_unit").get(pk=plan.pk)
    ensure_editable(plan)
    if not preview.sheets:
        raise ValidationError("Hãy chọn ít nhất một trang tính để nhập.")
    if preview.blocked:
        raise _blocking_error(preview)
    replaced = [sheet.target.pk for sheet in preview.sheets if sheet.target]
    if len(replaced) != len(set(replaced)):
        raise ValidationError("Hai trang tính không thể cùng thay thế một phụ lục.")
    if Appendix.objects.filter(plan=plan, pk__in=replaced).count() != len(replaced):
        raise ValidationError("Phụ lục được chọn để thay thế vừa bị xoá; hãy xem trước lại.")
    names = [name for sheet in preview.sheets for name in sheet.names]
    aliases = _save_aliases(mapped_units(mappings or {}, plan.issuing_unit), names)
    position = next_position(plan.appendices.all()) - 1
    appendices, total = [], 0
    for sheet in preview.sheets:
        if sheet.target is None:
            position += 1
        appendix = _write_appendix(plan, sheet, position)
        total += _write_rows(appendix, sheet, plan.year)
        appendices.append(appendix)
    touch(plan)
    titles = ", ".join(f"“{a.title}”" for a in appendices)
    record(
        actor=actor,
        action="appendix.import",
        summary=f"Nhập {len(appendices)} phụ lục ({total} nhiệm vụ) từ tệp “{preview.filename}”: {titles}",
        target=appendices[0] if len(appendices) == 1 else plan,
        context=plan,
        after={
            "file": preview.filename,
            "sheets": [sheet.name for sheet in preview.sheets],
            "replaced": replaced,
            **preview.summary(),
            "aliases_created": aliases,
            "accepted_guesses": preview.accepted,
        },
    )
    if staged is not None:
        _mark_imported(staged, appendices[0])
    return appendices


# Staged uploads (the web flow) --------------------------------------------------------------


class AlreadyImported(ValidationError):
    """The staged upload was imported already (a double click, another tab, a second job)."""

    def __init__(self, staged: AppendixImport):
        when = timezone.localtime(staged.imported_at)
        super().__init__(
            f"Tệp “{staged.filename}” đã được nhập vào kế hoạch lúc {when:%H:%M} ngày {when:%d/%m/%Y}; "
            "không nhập lại lần nữa.",
            code="already_imported",
        )
        self.staged = staged
        self.url = staged.imported_url


def _gone(filename: str) -> ValidationError:
    return ValidationError(f"Tệp “{filename}” chờ nhập không còn (đã huỷ hoặc quá một ngày); hãy tải lên lại.")


def waiting_import(staged: AppendixImport) -> AppendixImport:
    """`staged` as it is now; raises AlreadyImported once it is imported, ValidationError once gone."""
    current = AppendixImport.objects.select_related("plan__issuing_unit").filter(pk=staged.pk).first()
    if current is None:
        raise _gone(staged.filename)
    if current.imported_at is not None:
        raise AlreadyImported(current)
    return current


def _claim(staged: AppendixImport) -> AppendixImport:
    """Lock the staged row for the rest of the transaction, if it is still waiting."""
    locked = AppendixImport.objects.select_for_update().filter(pk=staged.pk).first()
    if locked is None:
        raise _gone(staged.filename)
    if locked.imported_at is not None:
        raise AlreadyImported(locked)
    return locked


def _mark_imported(staged: AppendixImport, appendix: Appendix) -> None:
    # The file is not needed any more; it goes once the import commits (a rolled-back import
    # keeps it to fix and retry).
    name, storage = staged.file.name, staged.file.storage
    staged.imported_at = timezone.now()
    staged.appendix = appendix
    staged.file = ""
    staged.save(update_fields=["imported_at", "appendix", "file"])
    if name:
        transaction.on_commit(lambda: storage.delete(name))


@contextmanager
def _staged_file(staged: AppendixImport):
    """The staged workbook, open. A confirm that committed meanwhile has deleted it: say so."""
    try:
        workbook = staged.file.open("rb")
    except (FileNotFoundError, ValueError):  # ValueError: the row's file field was emptied
        waiting_import(staged)
        raise
    with workbook:
        yield workbook


_PK_HEADER = b"PK\x03\x04"


def check_readable(uploaded) -> None:
    """A file that starts like a zip but is not one was cut short or damaged: say so plainly."""
    uploaded.seek(0)
    head = uploaded.read(4)
    uploaded.seek(0)
    if head == _PK_HEADER and sniff(uploaded) is None:
        raise ValidationError(f"Tệp {uploaded.name} bị hỏng hoặc tải lên không đầy đủ, không đọc được.")


def default_targets(preview: WorkbookPreview) -> dict:
    """Sheets that hold a table start chosen as new appendices; blank or stray sheets do not."""
    usable = {sheet.name: NEW for sheet in preview.sheets if sheet.table.tasks and not sheet.table.blocked}
    return usable or {sheet.name: NEW for sheet in preview.sheets}


STAGED_LIFETIME = datetime.timedelta(days=1)


def discard_stale_uploads(now=None) -> int:
    """Forget uploads nobody confirmed or cancelled within a day (their files too)."""
    cutoff = (now or timezone.now()) - STAGED_LIFETIME
    stale = list(AppendixImport.objects.filter(created_at__lt=cutoff))
    for staged in stale:
        _discard(staged)
    return len(stale)


@transaction.atomic
def stage_upload(*, actor, plan: Plan, uploaded) -> AppendixImport:
    """Keep an uploaded workbook for preview. Refuses bad files before anything is stored.

    Each upload also clears abandoned ones, so staged files cannot pile up."""
    ensure_editable(plan)
    discard_stale_uploads()
    check_upload(uploaded)
    filename = display_name(uploaded.name)
    preview = preview_workbook(uploaded, issuer=plan.issuing_unit, year=plan.year, filename=filename, plan=plan)
    uploaded.seek(0)
    staged = AppendixImport(
        plan=plan,
        filename=filename,
        sheet_names=preview.sheet_names,
        targets=default_targets(preview),
        created_by=actor,
    )
    staged.file.save(f"{staged.pk}.xlsx", uploaded, save=False)
    staged.save()
    return staged


def save_choices(staged: AppendixImport, *, targets: dict, mappings: dict, accepted=None) -> AppendixImport:
    """Keep the user's choices on the upload: sheets and targets, unit links and, when given, the
    structural guesses they accepted (the record the import is confirmed with)."""
    staged.targets = {name: str(target) for name, target in targets.items() if name in staged.sheet_names}
    staged.mappings = {key: int(unit_id) for key, unit_id in mappings.items() if str(unit_id).isdigit()}
    if accepted is not None:
        staged.accepted_guesses = sorted({str(key) for key in accepted})
    # An upload imported meanwhile keeps the choices it was imported with.
    AppendixImport.objects.filter(pk=staged.pk, imported_at__isnull=True).update(
        targets=staged.targets, mappings=staged.mappings, accepted_guesses=staged.accepted_guesses
    )
    return staged


def preview_staged(staged: AppendixImport) -> WorkbookPreview:
    plan = staged.plan
    with _staged_file(staged) as workbook:
        return preview_workbook(
            workbook,
            issuer=plan.issuing_unit,
            year=plan.year,
            filename=staged.filename,
            sheets=list(staged.targets),
            targets=staged.targets,
            mappings=staged.mappings,
            plan=plan,
            accepted=staged.accepted_guesses,
        )


def _discard(staged: AppendixImport) -> None:
    # Its file goes once the deletion commits (tdkt_portal.stored_files); a rolled-back import keeps both.
    staged.delete()


def confirm_import(*, actor, staged: AppendixImport, progress=None) -> list[Appendix]:
    """Import the staged workbook with the user's choices, once.

    The staged row is marked imported in the transaction that writes, after locking it and
    checking it still waits (`write_import`): a second confirm of the same upload raises
    `AlreadyImported`, whenever it comes. A failed import leaves the upload to fix and retry."""
    staged = waiting_import(staged)
    with _staged_file(staged) as workbook:
        _, appendices = import_workbook(
            actor=actor,
            plan=staged.plan,
            fileobj=workbook,
            filename=staged.filename,
            sheets=list(staged.targets),
            targets=staged.targets,
            mappings=staged.mappings,
            progress=progress,
            staged=staged,
            accepted=staged.accepted_guesses,
        )
    return appendices


RUN_IMPORT = "tasks.workbooks.tasks.run_import"


@transaction.atomic
def start_background_import(*, actor, staged: AppendixImport) -> tuple[Job, bool]:
    """(the job importing `staged` in the worker, whether it was started now).

    One job per upload: a second confirm while the first job waits or runs gets that job."""
    staged = _claim(staged)
    running = Job.objects.filter(
        func=RUN_IMPORT, params__import_id=str(staged.pk), status__in=[JobStatus.QUEUED, JobStatus.RUNNING]
    ).first()
    if running is not None:
        return running, False
    job = start_job(
        kind="appendix_import",
        title=f"Nhập phụ lục từ tệp “{staged.filename}”",
        owner=actor,
        func=RUN_IMPORT,
        params={"import_id": str(staged.pk)},
    )
    return job, True


@transaction.atomic
def cancel_import(*, staged: AppendixImport) -> None:
    """Forget an upload: no row, no file, nothing in the plan or its history. An upload being
    imported is waited for, and then is not cancelled but reported imported."""
    _discard(_claim(staged))


# A new draft plan from the workbook's title rows (management command --new) ---------------

_PLAN_REFERENCE = re.compile(r"số\s*(?P<number>\d+)\s*/\s*(?P<symbol>[A-ZĐ0-9][A-ZĐa-z0-9-]*)", re.I)
_PLAN_DATE = re.compile(r"ngày\s*(?P<d>\d{1,2})\s*(?:tháng|/|-)\s*(?P<m>\d{1,2})\s*(?:năm|/|-)\s*(?P<y>\d{4})", re.I)
_YEAR = re.compile(r"\bnăm\s+(\d{4})\b", re.I)


def plan_from_titles(table: SheetTable, issuer: Unit | None = None) -> dict:
    """Plan fields read from "(Kèm theo Kế hoạch số 196/KH-UBND ngày 24 tháng 12 năm 2024 của …)".

    Without `issuer`, the issuing committee is found at any level (`issuer.find_issuer`); what it
    had to assume is returned as "issuer_doubt" (not a plan field), for the import to show as a
    reading to confirm. A committee it cannot tell is refused, naming the candidates."""
    subtitle = table.subtitle
    reference = _PLAN_REFERENCE.search(subtitle)
    dated = _PLAN_DATE.search(subtitle)
    issued_on = None
    if dated:
        try:
            issued_on = datetime.date(int(dated["y"]), int(dated["m"]), int(dated["d"]))
        except ValueError:
            issued_on = None
    year_in_title = _YEAR.search(table.title)
    year = int(year_in_title[1]) if year_in_title else (issued_on.year if issued_on else None)
    doubt = ""
    if issuer is None:
        day = issued_on or (datetime.date(year, 1, 1) if year else None)
        reading = find_issuer(subtitle, table.title_lines, day, context=" ".join(table.title_lines))
        if reading.unit is None:
            raise ValidationError(
                f"Không xác định được cơ quan ban hành từ dòng “{reading.source or subtitle or '(không có)'}”: "
                f"{reading.doubt} Hãy ghi rõ bằng --issuer."
            )
        issuer, doubt = reading.unit, reading.doubt
        if doubt:
            doubt = f"Cơ quan ban hành đọc từ dòng “{reading.source}” là “{issuer.name}”, nhưng {doubt}."
    if year is None:
        raise ValidationError(f"Không xác định được năm kế hoạch từ tên phụ lục “{table.title}”.")
    place = issuer.committee_place
    return {
        "issuing_unit": issuer,
        "issuing_body_line": issuer.name.upper(),
        "number": reference["number"] if reference else "",
        "symbol": reference["symbol"].upper() if reference else "KH-UBND",
        "issued_on": issued_on,
        "place": place[1] if place else issuer.name,
        "year": year,
        "title": table.title,
        "issuer_doubt": doubt,
    }


def preview_new_plan(
    fileobj, *, filename: str, sheets=None, issuer: Unit | None = None, accepted=()
) -> tuple[dict, WorkbookPreview]:
    """(plan fields from the first chosen sheet's title rows, preview of the import into such a plan)."""
    max_rows = settings.APPENDIX_IMPORT_MAX_ROWS
    _, tables = read_workbook(fileobj, filename=filename, sheets=sheets, max_rows=max_rows)
    if not tables:
        raise ValidationError(f"Tệp “{filename}” không có trang tính được chọn.")
    data = plan_from_titles(tables[0], issuer)
    fileobj.seek(0)
    preview = preview_workbook(
        fileobj,
        issuer=data["issuing_unit"],
        year=data["year"],
        filename=filename,
        sheets=sheets,
        max_rows=max_rows,
        accepted=accepted,
    )
    doubt = data.pop("issuer_doubt")
    if doubt and preview.sheets:
        # Not silent: the issuer it had to assume blocks like any reading until a person accepts it.
        table = preview.sheets[0].table
        table.guess(GUESS_ISSUER, None, None, data["issuing_unit"].name, doubt)
        accept_guesses(table, accepted)
    return data, preview


@transaction.atomic
def import_as_new_plan(*, actor, plan_data: dict, preview: WorkbookPreview) -> tuple[Plan, list[Appendix]]:
    """Create the draft plan and import the previewed sheets into it: both or neither."""
    plan = create_plan(actor=actor, data=plan_data)
    return plan, write_import(actor=actor, plan=plan, preview=preview)


# Unmatched names made into registry units from the preview -----------------------------------


def unit_proposals(staged: AppendixImport, names: list[UnitName]) -> dict[str, Proposal | None]:
    """For each unmatched name (by key), the unit it could become: kind and parent proposed from
    its words and the plan's issuer (`units.proposals`); None for phrases naming several units."""
    issuer = staged.plan.issuing_unit
    root = issuer.tree_root if issuer.tree_root_id and issuer.tree_root_id != issuer.pk else issuer
    committees = list(
        Unit.objects.in_tree(root.pk).filter(kind=UnitKind.PEOPLES_COMMITTEE).active_on(plan_day(staged.plan))
    )
    proposer = Proposer(issuer, root, committees)
    return {name.key: proposer.propose(name.text) for name in names if name.how == "unresolved"}


def plan_day(plan: Plan) -> datetime.date:
    """The day the plan speaks for: its issue date, or 1 January of its year."""
    return plan.issued_on or datetime.date(plan.year, 1, 1)


@transaction.atomic
def create_units_for_import(*, actor, staged: AppendixImport, units: list[tuple[str, Unit, str]]) -> list[Unit]:
    """Make registry units of unmatched names ((name as written, parent, kind) each) and link the
    upload's names to them, so the import links every cell that prints them. The units stay in the
    registry if the import is later cancelled; one activity row (`units.services.create_units`)."""
    staged = _claim(staged)
    plan = Plan.objects.select_related("issuing_unit").get(pk=staged.plan_id)
    ensure_editable(plan)
    root_id = plan.issuing_unit.tree_root_id or plan.issuing_unit.pk
    day = plan_day(plan)
    for text, parent, _ in units:
        active = (parent.active_from is None or parent.active_from <= day) and (
            parent.active_to is None or parent.active_to >= day
        )
        if (parent.tree_root_id or parent.pk) != root_id or not active:
            raise ValidationError(
                f"“{parent.name}” không thuộc danh mục của {plan.issuing_unit.name} hoặc không hoạt động vào "
                f"ngày {day:%d/%m/%Y}; hãy chọn đơn vị cấp trên khác cho “{text}”."
            )
    made = create_units(
        actor=actor,
        units=[NewUnit(name=text, parent=parent, kind=kind) for text, parent, kind in units],
        context=plan,
        source=f" từ tệp “{staged.filename}”",
    )
    mappings = dict(staged.mappings)
    for (text, _, _), unit in zip(units, made, strict=True):
        mappings[normalize_name(text) or fold(text)] = unit.pk
    staged.mappings = mappings
    staged.save(update_fields=["mappings"])
    return made
