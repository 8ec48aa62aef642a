from urllib.parse import urlencode, urlsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from common.web import ORIGIN_PARAM, button_action, download, flash_errors, offset_for, origin, serve_file, submit
from documents.services import signed_copies
from jobs.models import Job
from notifications.services import reminded_on
from plans.models import Appendix, Plan
from plans.printing import cached_plan_pdf, plan_filename, plan_key
from units.models import Unit
from units.permissions import allowed, require

from . import dashboard, exports, printing, progress, services
from .filters import UnitTaskFilter
from .forms import ContributionForm, DashboardTableForm, GroupForm, StatusForm, TaskForm
from .models import Evidence, Occurrence, Task, TaskGroup, TaskStatus
from .occurrences import current_occurrence
from .selectors import appendix_table, task_history, task_page, task_rows, unit_tasks
from .templatetags.task_timing import preview_timing


def _editable_appendix(user, appendix_id) -> Appendix:
    appendix = get_object_or_404(Appendix.objects.select_related("plan__issuing_unit"), pk=appendix_id)
    require(user, "plans.change_plan", appendix.plan)
    return appendix


def render_table(request, appendix, table=None, **extra):
    """The whole appendix block: after a move or an insert every printed number may change."""
    table = table or appendix_table(appendix)
    context = {"table": table, "plan": appendix.plan, "can_edit": True, **extra}
    return render(request, "tasks/_appendix.html", context)


# Tasks ---------------------------------------------------------------------------------------

# The group the editor last added a row to or saved a row in, per appendix, for this session.
WORKING_GROUP_KEY = "nhom-dang-soan-{}"


def _remember_group(request, task) -> None:
    request.session[WORKING_GROUP_KEY.format(task.appendix_id)] = task.group_id


def _default_group(request, appendix, table) -> int | None:
    """Where a new row goes: the group asked for ("+" on a group row), else the group the editor
    has been working in, else the last group of the table; no group only when there is none."""
    groups = {group.pk for group in table.groups}
    asked = request.GET.get("group", "")
    if asked.isdigit() and int(asked) in groups:
        return int(asked)
    working = request.session.get(WORKING_GROUP_KEY.format(appendix.pk))
    if working in groups:
        return working
    return table.last_group.pk if table.last_group else None


@login_required
def task_add(request, appendix_id):
    appendix = _editable_appendix(request.user, appendix_id)
    if request.method != "POST":
        table = appendix_table(appendix)
        form = TaskForm(appendix=appendix, initial={"group": _default_group(request, appendix, table)})
        return render_table(request, appendix, table=table, new_task_form=form)
    form = TaskForm(request.POST, appendix=appendix)
    done, task = submit(
        request, form, lambda data: services.add_task(actor=request.user, appendix=appendix, data=form.service_data())
    )
    if done:
        _remember_group(request, task)
        return render_table(request, appendix, done=f"Đã thêm {services.task_title(task)}.")
    return render_table(request, appendix, new_task_form=form)


@login_required
def task_edit(request, appendix_id, task_id):
    appendix = _editable_appendix(request.user, appendix_id)
    task = get_object_or_404(Task, pk=task_id, appendix=appendix)
    form = TaskForm(request.POST or None, appendix=appendix, initial=TaskForm.initial_for(task))
    done, saved = submit(
        request,
        form,
        lambda data: services.update_task(
            actor=request.user, task=task, data=form.service_data(), expected_version=data.get("version")
        ),
    )
    if done:
        _remember_group(request, saved)
        return render_table(request, appendix, done=f"Đã lưu {services.task_title(saved)}.")
    return render_table(request, appendix, editing_task=task.pk, task_form=form)


@login_required
def timing_preview(request, appendix_id):
    """What the timing field's text will be read as, while the editor types it (HTMX)."""
    appendix = _editable_appendix(request.user, appendix_id)
    group_id = request.GET.get("group", "")
    group = None
    if group_id.isdigit():
        group = TaskGroup.objects.select_related("parent").filter(appendix=appendix, pk=group_id).first()
    reading = preview_timing(request.GET.get("timing_text", "")[:300], group, appendix.plan.year)
    return render(request, "tasks/_timing_preview.html", {"reading": reading})


@login_required
@require_POST
def task_delete(request, appendix_id, task_id):
    appendix = _editable_appendix(request.user, appendix_id)
    task = get_object_or_404(Task.objects.select_related("group"), pk=task_id, appendix=appendix)
    title = services.task_title(task)
    entry = services.delete_task(actor=request.user, task=task)
    return render_table(request, appendix, undo={"entry": entry, "message": f"Đã xoá {title}."})


@login_required
@require_POST
def task_restore(request, appendix_id, entry_id):
    """Undo a deletion, from the message after it (HTMX) or from the plan's history."""
    appendix = _editable_appendix(request.user, appendix_id)
    try:
        task = services.restore_task(actor=request.user, appendix=appendix, entry_id=entry_id)
    except ValidationError as error:
        if request.htmx:
            return render_table(request, appendix, table_error=error.messages[0])
        flash_errors(request, error)
        return redirect("plans:history", appendix.plan_id)
    done = f"Đã khôi phục {services.task_title(task)}."
    if request.htmx:
        return render_table(request, appendix, done=done)
    messages.success(request, done)
    return redirect(f"{appendix.plan.get_absolute_url()}#appendix-{appendix.pk}")


UP_DOWN = {-1: ("lên", "đầu"), 1: ("xuống", "cuối")}


@login_required
@require_POST
def task_move(request, appendix_id, task_id, direction):
    appendix = _editable_appendix(request.user, appendix_id)
    task = get_object_or_404(Task.objects.select_related("group"), pk=task_id, appendix=appendix)
    offset = offset_for(direction)
    way, end = UP_DOWN[offset]
    if services.move_task(actor=request.user, task=task, offset=offset):
        task.refresh_from_db(fields=["number"])
        return render_table(request, appendix, done=f"Đã chuyển {services.task_title(task)} {way}.")
    place = f"nhóm “{task.group}”" if task.group_id else "phụ lục"
    title = services.task_title(task)
    return render_table(request, appendix, table_error=f"Không chuyển: {title} đã ở {end} {place}.")


# Groups --------------------------------------------------------------------------------------


@login_required
def group_add(request, appendix_id):
    appendix = _editable_appendix(request.user, appendix_id)
    form = GroupForm(request.POST or None, appendix=appendix)
    done, group = submit(
        request, form, lambda data: services.add_group(actor=request.user, appendix=appendix, data=data)
    )
    if done:
        return render_table(request, appendix, done=f"Đã thêm nhóm “{group}”.")
    return render_table(request, appendix, new_group_form=form)


@login_required
def group_edit(request, appendix_id, group_id):
    appendix = _editable_appendix(request.user, appendix_id)
    group = get_object_or_404(TaskGroup, pk=group_id, appendix=appendix)
    form = GroupForm(request.POST or None, appendix=appendix, instance=TaskGroup.objects.get(pk=group.pk))
    done, saved = submit(request, form, lambda data: services.update_group(actor=request.user, group=group, data=data))
    if done:
        return render_table(request, appendix, done=f"Đã lưu nhóm “{saved}”.")
    return render_table(request, appendix, editing_group=group.pk, group_form=form)


@login_required
@require_POST
def group_delete(request, appendix_id, group_id):
    appendix = _editable_appendix(request.user, appendix_id)
    group = get_object_or_404(TaskGroup, pk=group_id, appendix=appendix)
    name = str(group)
    try:
        services.delete_group(actor=request.user, group=group)
    except ValidationError as error:
        return render_table(request, appendix, table_error=error.messages[0])
    return render_table(request, appendix, done=f"Đã xoá nhóm “{name}”.")


@login_required
@require_POST
def group_move(request, appendix_id, group_id, direction):
    appendix = _editable_appendix(request.user, appendix_id)
    group = get_object_or_404(TaskGroup, pk=group_id, appendix=appendix)
    offset = offset_for(direction)
    way, end = UP_DOWN[offset]
    if services.move_group(actor=request.user, group=group, offset=offset):
        return render_table(request, appendix, done=f"Đã chuyển nhóm “{group}” {way}.")
    return render_table(request, appendix, table_error=f"Không chuyển: nhóm “{group}” đã ở {end}.")


# The unit officer's view ---------------------------------------------------------------------

UNIT_TASKS_PER_PAGE = 50


@login_required
def unit_task_list(request):
    require(request.user, "tasks.view_unit_tasks")
    unit = request.user.unit
    today = timezone.localdate()
    task_filter = UnitTaskFilter(request.GET, queryset=unit_tasks(unit), unit=unit, today=today)
    page, tasks = task_page(task_filter.qs, request.GET.get("trang"), UNIT_TASKS_PER_PAGE)
    query = request.GET.copy()
    query.pop("trang", None)
    return render(
        request,
        "tasks/unit_task_list.html",
        {
            "unit": unit,
            "filter": task_filter,
            "page": page,
            "tasks": tasks,
            "rows": task_rows(tasks, today),
            "query": query.urlencode(),
            "today": today,
        },
    )


def _task_for(user, task_id) -> Task:
    task = get_object_or_404(
        Task.objects.select_related("appendix__plan__issuing_unit", "group").prefetch_related(
            "assignments__unit",
            Prefetch("occurrences", queryset=Occurrence.objects.select_related("updated_by").order_by("due_on")),
        ),
        pk=task_id,
    )
    require(user, "tasks.view_task", task)
    return task


def _chosen_occurrence(task, value) -> Occurrence | None:
    occurrences = list(task.occurrences.all())
    if value and str(value).isdigit():
        for occurrence in occurrences:
            if occurrence.pk == int(value):
                return occurrence
        raise Http404
    return current_occurrence(occurrences)


def _report(data) -> progress.Report:
    return progress.Report(noted_on=data["noted_on"], note=data["note"], files=data["files"])


# Where a task's progress page may have been opened from, as its "←" link names it.
BACK_LABELS = {
    "tasks:unit_tasks": "Nhiệm vụ của đơn vị",
    "tasks:dashboard": "Bảng theo dõi tiến độ",
    "home": "Việc của tôi",
}


def _back_link(request) -> tuple[str, str] | None:
    """(url, label) of the list the user opened this task from, with its filters and page."""
    target = origin(request)
    if target is None:
        return None
    try:
        name = resolve(urlsplit(target).path).view_name
    except Resolver404:
        return None
    return target, BACK_LABELS.get(name, "Trang trước")


def _progress_again(request, occurrence) -> str:
    """The progress page after a save: the same occurrence, still knowing where "←" leads."""
    query = {"ky": occurrence.pk}
    if target := origin(request):
        query[ORIGIN_PARAM] = target
    return f"{request.path}?{urlencode(query)}"


def _post_status(request, occurrence):
    """(form, HTTP status, redirect or None) for the lead unit's status update."""
    form = StatusForm(request.POST, request.FILES, status_choices=TaskStatus.choices)
    done, _ = submit(
        request,
        form,
        lambda data: progress.update_status(
            actor=request.user,
            occurrence=occurrence,
            status=data["status"],
            percent=data["percent"],
            reason=data["reason"],
            report=_report(data),
            expected_version=data["version"],
        ),
    )
    if done:
        messages.success(request, "Đã lưu cập nhật tiến độ.")
        return form, 302, redirect(_progress_again(request, occurrence))
    if form.has_error(NON_FIELD_ERRORS, code="stale"):
        # The page shows the newer state; the form keeps what this person typed, with the
        # new version, so saving again is a deliberate choice.
        occurrence.refresh_from_db()
        form.data = form.data.copy()
        form.data["version"] = occurrence.version
        return form, 409, None
    return form, 400, None


def _post_contribution(request, occurrence):
    form = ContributionForm(request.POST, request.FILES)
    done, _ = submit(
        request,
        form,
        lambda data: progress.add_contribution(actor=request.user, occurrence=occurrence, report=_report(data)),
    )
    if not done:
        return form, 400, None
    messages.success(request, "Đã gửi nội dung phối hợp.")
    return form, 302, redirect(_progress_again(request, occurrence))


@login_required
def task_progress(request, task_id):
    """A task's progress page: its occurrences, the update form for the user's unit, the history."""
    task = _task_for(request.user, task_id)
    today = timezone.localdate()
    occurrence = _chosen_occurrence(task, request.POST.get("occurrence") or request.GET.get("ky"))
    if occurrence is None:
        raise Http404("Nhiệm vụ chưa có kỳ thực hiện.")
    status_form = contribution_form = None
    if allowed(request.user, "tasks.update_status", task):
        status_form = StatusForm(
            initial={"version": occurrence.version, "status": occurrence.status, "percent": occurrence.percent},
            # The statuses it may move to, its own included (a new percent, a new note).
            status_choices=[
                (t.target, TaskStatus(t.target).label)
                for t in progress.STATUS_WORKFLOW.transitions_from(occurrence.status)
            ],
        )
    if allowed(request.user, "tasks.add_contribution", task):
        contribution_form = ContributionForm()
    response_status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "status":
            require(request.user, "tasks.update_status", task)
            status_form, response_status, done = _post_status(request, occurrence)
        elif action == "contribution":
            require(request.user, "tasks.add_contribution", task)
            contribution_form, response_status, done = _post_contribution(request, occurrence)
        else:
            raise PermissionDenied("Thao tác không hợp lệ.")
        if done is not None:
            return done
    return render(
        request,
        "tasks/task_progress.html",
        {
            "back": _back_link(request),
            "task": task,
            "plan": task.appendix.plan,
            "occurrence": occurrence,
            "occurrences": list(task.occurrences.all()),
            "today": today,
            "status_form": status_form,
            "contribution_form": contribution_form,
            "history": task_history(task),
            "can_see_dashboard": allowed(request.user, "tasks.view_dashboard", task.appendix.plan),
        },
        status=response_status,
    )


@login_required
def evidence_download(request, pk):
    evidence = get_object_or_404(Evidence.objects.select_related("update"), pk=pk)
    _task_for(request.user, evidence.update.task_id)
    return serve_file(evidence.file, evidence.name)


# The plan editor's dashboard -----------------------------------------------------------------


def _dashboard_plan(user, plan_id) -> Plan:
    plan = get_object_or_404(Plan.objects.select_related("issuing_unit"), pk=plan_id)
    require(user, "tasks.view_dashboard", plan)
    return plan


@login_required
def plan_dashboard(request, plan_id):
    plan = _dashboard_plan(request.user, plan_id)
    today = timezone.localdate()
    board = dashboard.build(plan, today)
    table_filter = DashboardTableForm(request.GET, board=board)
    can_remind = allowed(request.user, "tasks.remind_units", plan)
    context = {
        "plan": plan,
        "board": board,
        "today": today,
        "table_filter": table_filter,
        "table": dashboard.progress_table(board, table_filter.choices(), request.GET),
        "can_remind": can_remind,
        "unit_rows": dashboard.unit_rows(board, reminded_on(plan, today) if can_remind else set()),
    }
    return render(request, "tasks/plan_dashboard.html", context)


@login_required
@require_POST
def plan_remind_unit(request, plan_id, unit_id):
    """ "Nhắc đơn vị": one reminder now about the unit's overdue tasks, at most once a day."""
    plan = get_object_or_404(Plan.objects.select_related("issuing_unit"), pk=plan_id)
    require(request.user, "tasks.remind_units", plan)
    unit = get_object_or_404(Unit, pk=unit_id)
    return button_action(
        request,
        lambda: services.remind_unit(actor=request.user, plan=plan, unit=unit),
        success=lambda tasks: (
            f"Đã gửi nhắc nhở đến {unit.name} về {len(tasks)} nhiệm vụ quá hạn (thông báo trên cổng và thư điện tử)."
        ),
        then=reverse("tasks:dashboard", args=[plan.pk]) + "#theo-don-vi",
    )


@login_required
def plan_progress_export(request, plan_id):
    plan = _dashboard_plan(request.user, plan_id)
    today = timezone.localdate()
    content = exports.progress_workbook(dashboard.build(plan, today))
    return download(content, f"tien-do-{plan.number or plan.pk}-{plan.year}.xlsx")


# The plan as printed (tasks.printing) -----------------------------------------------------------


def _printable_plan(user, pk) -> Plan:
    plan = get_object_or_404(Plan.objects.select_related("issuing_unit"), pk=pk)
    require(user, "plans.view_plan", plan)
    return plan


@login_required
def plan_preview(request, pk):
    """The plan as the PDF prints it, in the browser (same template, same stylesheet)."""
    plan = _printable_plan(request.user, pk)
    return HttpResponse(printing.render_plan_html(plan, request=request, preview=True))


@login_required
def plan_docx(request, pk):
    """The plan as a Word file, for offices that pass drafts around in Word."""
    plan = _printable_plan(request.user, pk)
    return download(printing.plan_docx(plan), plan_filename(plan).removesuffix(".pdf") + ".docx")


@login_required
@require_POST
def plan_sign(request, pk):
    """Ký số: the issued plan drawn now and signed with the organisation's certificate
    (SIGNING_PKCS12); the signed file is kept and listed on the plan's page."""
    plan = get_object_or_404(Plan.objects.select_related("issuing_unit"), pk=pk)
    require(request.user, "plans.sign_plan", plan)

    # A big plan is drawn and signed in the worker: the person watches the job's progress page.
    def told(result):
        if isinstance(result, Job):
            return f"Kế hoạch {plan.reference} có nhiều nhiệm vụ: đang ký số ở chế độ nền."
        return f"Đã ký số kế hoạch {plan.reference} bằng chứng thư số của {result.organisation}."

    return button_action(
        request,
        lambda: printing.request_plan_signing(user=request.user, plan=plan),
        success=told,
        then=lambda result: reverse("jobs:detail", args=[result.pk]) if isinstance(result, Job) else plan,
    )


@login_required
def plan_signed(request, pk, signed_id):
    """A signed copy of the plan, as it was signed."""
    plan = _printable_plan(request.user, pk)
    signed = get_object_or_404(signed_copies(plan_key(plan)), pk=signed_id)
    return serve_file(signed.file, f"{plan_filename(plan).removesuffix('.pdf')}-ky-so-{signed.pk}.pdf")


@login_required
@require_http_methods(["GET", "POST"])
def plan_pdf(request, pk):
    """GET: the PDF of the plan's current version. POST ("Tải PDF"): the same, or for a big plan
    not drawn yet, a background job whose progress page links back here when done."""
    plan = _printable_plan(request.user, pk)
    try:
        if request.method == "POST":
            result = printing.request_plan_pdf(user=request.user, plan=plan)
            if isinstance(result, Job):
                return redirect("jobs:detail", result.pk)
            return redirect("tasks:plan_pdf", plan.pk)
        document = cached_plan_pdf(plan)
        if document is None:
            if printing.plan_task_count(plan) > printing.inline_max_tasks():
                messages.info(request, "Bản PDF của kế hoạch này chưa được tạo. Hãy bấm “Tải PDF” để tạo.")
                return redirect(plan)
            document = printing.plan_pdf(plan)
    except ValidationError as error:
        flash_errors(request, error)
        return redirect(plan)
    return serve_file(document.file, plan_filename(plan))
