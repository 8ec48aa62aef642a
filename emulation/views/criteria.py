from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from common.web import button_action, download, form_page
from units.permissions import allowed

from .. import services, workbook
from ..forms import CopyCriteriaForm, CriteriaTableForm, CriterionForm, SectionForm, UploadForm
from ..models import CriteriaTable, Criterion
from ..points import format_points
from ..selectors import max_total
from .access import group_for, table_of


def _criteria_url(group) -> str:
    return reverse("emulation:criteria", kwargs={"pk": group.pk})


@login_required
def criteria(request, pk):
    group = group_for(request.user, pk)
    table = table_of(group)
    can_edit = allowed(request.user, "emulation.edit_criteria", group)
    context = {"group": group, "table": table, "can_edit": can_edit}
    if table is None:
        if not can_edit:
            raise PermissionDenied("Bảng tiêu chí chưa được lập.")
        source = services.previous_table(group)
        context |= {"create_form": CriteriaTableForm(), "copy_form": CopyCriteriaForm(), "source": source}
    else:
        context |= {
            "sections": table.sections.prefetch_related("criteria"),
            "max_total": max_total(table),
        }
        if can_edit:
            context |= {
                "table_form": CriteriaTableForm(instance=table),
                "section_form": SectionForm(),
                "criterion_form": CriterionForm(table=table),
                "upload_form": UploadForm(),
            }
    return render(request, "emulation/criteria.html", context)


# The criteria page's forms: each posts to criteria_action with its own word ------------------


def _write(request, group, form, save, success):
    return button_action(request, save, success=success, then=_criteria_url(group), form=form)


def create_table(request, group, table):
    return _write(
        request,
        group,
        CriteriaTableForm(request.POST),
        lambda data: services.create_criteria_table(actor=request.user, group=group, **data),
        "Đã lập bảng tiêu chí.",
    )


def copy_table(request, group, table):
    return _write(
        request,
        group,
        CopyCriteriaForm(request.POST),
        lambda data: services.copy_criteria(actor=request.user, group=group, **data),
        lambda copy: f"Đã sao chép bảng tiêu chí năm {copy.copied_from.group.year}. Hãy sửa cho năm nay.",
    )


def edit_table(request, group, table):
    # A fresh copy of the table: a refused form must not leave its values on the one the page shows.
    form = CriteriaTableForm(request.POST, instance=CriteriaTable.objects.get(pk=table.pk))
    return _write(
        request,
        group,
        form,
        lambda data: services.update_criteria_table(actor=request.user, table=table, **data),
        "Đã lưu thông tin bảng tiêu chí.",
    )


def add_section(request, group, table):
    return _write(
        request,
        group,
        SectionForm(request.POST),
        lambda data: services.add_section(actor=request.user, table=table, **data),
        "Đã thêm nhóm tiêu chí.",
    )


def add_criterion(request, group, table):
    return _write(
        request,
        group,
        CriterionForm(request.POST, table=table),
        lambda data: services.add_criterion(actor=request.user, **data),
        "Đã thêm tiêu chí.",
    )


def import_rows(request, group, table):
    form = UploadForm(request.POST, request.FILES)

    def save(data):
        return services.import_criteria_rows(actor=request.user, table=table, rows=workbook.read_criteria(data["file"]))

    return _write(
        request, group, form, save, lambda count: f"Đã nhập {count} tiêu chí từ tệp {form.cleaned_data['file'].name}."
    )


# Before the table exists only these two make sense; the others need a table to write into.
WITHOUT_TABLE = {"tao": create_table, "sao-chep": copy_table}
WITH_TABLE = {"sua": edit_table, "them-nhom": add_section, "them-tieu-chi": add_criterion, "nhap": import_rows}


@login_required
@require_POST
def criteria_action(request, pk, action):
    view = WITHOUT_TABLE.get(action) or WITH_TABLE.get(action)
    if view is None:
        raise Http404
    group = group_for(request.user, pk, "emulation.edit_criteria")
    table = table_of(group)
    if table is None and action in WITH_TABLE:
        messages.error(request, "Chưa có bảng tiêu chí.")
        return redirect(_criteria_url(group))
    return view(request, group, table)


@login_required
def criterion_edit(request, pk, criterion_id):
    group = group_for(request.user, pk, "emulation.edit_criteria")
    criterion = get_object_or_404(Criterion, pk=criterion_id, section__table__group=group)
    initial = {
        "number": criterion.number,
        "content": criterion.content,
        "kind": criterion.kind,
        "max_points": format_points(criterion.max_points),
        "evidence_note": criterion.evidence_note,
    }
    form = CriterionForm(request.POST or None, initial=initial, table=criterion.section.table, with_section=False)
    return form_page(
        request,
        form,
        save=lambda data: services.update_criterion(actor=request.user, criterion=criterion, **data),
        success=lambda _: f"Đã lưu tiêu chí {form.cleaned_data['number']}.",
        then=_criteria_url(group),
        template="emulation/criterion_form.html",
        context={"group": group, "criterion": criterion},
    )


@login_required
@require_POST
def criterion_delete(request, pk, criterion_id):
    group = group_for(request.user, pk, "emulation.edit_criteria")
    criterion = get_object_or_404(Criterion, pk=criterion_id, section__table__group=group)
    return button_action(
        request,
        lambda: services.delete_criterion(actor=request.user, criterion=criterion),
        success=f"Đã xóa tiêu chí {criterion.number}.",
        then=_criteria_url(group),
    )


@login_required
def criteria_export(request, pk):
    group = group_for(request.user, pk)
    table = get_object_or_404(CriteriaTable, group=group)
    return download(workbook.criteria_workbook(table), f"tieu-chi-{group.year}-{group.pk}.xlsx")
