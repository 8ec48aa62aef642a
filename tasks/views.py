from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_POST

from plans.models import Appendix
from tdkt_portal.web import add_service_errors, offset_for
from units.permissions import require

from . import services
from .filters import UnitTaskFilter
from .forms import GroupForm, TaskForm
from .models import Task, TaskGroup
from .selectors import appendix_table, unit_tasks


def _editable_appendix(user, appendix_id) -> Appendix:
    appendix = get_object_or_404(Appendix.objects.select_related("plan__issuing_unit"), pk=appendix_id)
    require(user, "plans.change_plan", appendix.plan)
    return appendix


def render_table(request, appendix, **extra):
    """The whole appendix block: after a move or an insert every printed number may change."""
    context = {"table": appendix_table(appendix), "plan": appendix.plan, "can_edit": True, **extra}
    return render(request, "tasks/_appendix.html", context)


# Tasks ---------------------------------------------------------------------------------------


@login_required
def task_add(request, appendix_id):
    appendix = _editable_appendix(request.user, appendix_id)
    initial = {"group": request.GET.get("group")}
    form = TaskForm(request.POST or None, appendix=appendix, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_task(actor=request.user, appendix=appendix, data=form.service_data())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return render_table(request, appendix)
    return render_table(request, appendix, new_task_form=form)


@login_required
def task_edit(request, appendix_id, task_id):
    appendix = _editable_appendix(request.user, appendix_id)
    task = get_object_or_404(Task, pk=task_id, appendix=appendix)
    form = TaskForm(request.POST or None, appendix=appendix, initial=TaskForm.initial_for(task))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_task(
                actor=request.user,
                task=task,
                data=form.service_data(),
                expected_version=form.cleaned_data.get("version"),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return render_table(request, appendix)
    return render_table(request, appendix, editing_task=task.pk, task_form=form)


@login_required
@require_POST
def task_delete(request, appendix_id, task_id):
    appendix = _editable_appendix(request.user, appendix_id)
    services.delete_task(actor=request.user, task=get_object_or_404(Task, pk=task_id, appendix=appendix))
    return render_table(request, appendix)


@login_required
@require_POST
def task_move(request, appendix_id, task_id, direction):
    appendix = _editable_appendix(request.user, appendix_id)
    task = get_object_or_404(Task, pk=task_id, appendix=appendix)
    services.move_task(actor=request.user, task=task, offset=offset_for(direction))
    return render_table(request, appendix)


# Groups --------------------------------------------------------------------------------------


@login_required
def group_add(request, appendix_id):
    appendix = _editable_appendix(request.user, appendix_id)
    form = GroupForm(request.POST or None, appendix=appendix)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_group(actor=request.user, appendix=appendix, data=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return render_table(request, appendix)
    return render_table(request, appendix, new_group_form=form)


@login_required
def group_edit(request, appendix_id, group_id):
    appendix = _editable_appendix(request.user, appendix_id)
    group = get_object_or_404(TaskGroup, pk=group_id, appendix=appendix)
    form = GroupForm(request.POST or None, appendix=appendix, instance=TaskGroup.objects.get(pk=group.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_group(actor=request.user, group=group, data=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return render_table(request, appendix)
    return render_table(request, appendix, editing_group=group.pk, group_form=form)


@login_required
@require_POST
def group_delete(request, appendix_id, group_id):
    appendix = _editable_appendix(request.user, appendix_id)
    group = get_object_or_404(TaskGroup, pk=group_id, appendix=appendix)
    try:
        services.delete_group(actor=request.user, group=group)
    except ValidationError as error:
        return render_table(request, appendix, table_error=error.messages[0])
    return render_table(request, appendix)


@login_required
@require_POST
def group_move(request, appendix_id, group_id, direction):
    appendix = _editable_appendix(request.user, appendix_id)
    group = get_object_or_404(TaskGroup, pk=group_id, appendix=appendix)
    services.move_group(actor=request.user, group=group, offset=offset_for(direction))
    return render_table(request, appendix)


# The unit officer's view ---------------------------------------------------------------------


@login_required
def unit_task_list(request):
    require(request.user, "tasks.view_unit_tasks")
    unit = request.user.unit
    task_filter = UnitTaskFilter(request.GET, queryset=unit_tasks(unit), unit=unit)
    return render(
        request,
        "tasks/unit_task_list.html",
        {
            "unit": unit,
            "filter": task_filter,
            "tasks": task_filter.qs,
        },
    )
