from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from common.web import add_service_errors, button_action, download, flash_errors, flash_form_errors, form_page
from plans.models import Appendix, AppendixImport, Plan
from tasks.services import relink_changes, relink_fingerprint, relink_units
from tasks.timing import TimingError, describe, parse_timing
from units.models import Unit
from units.permissions import allowed, require

from . import services
from .forms import ChoicesForm, RelinkForm, UploadForm
from .writer import appendix_workbook, export_filename, problem_report


def _plan_for(user, pk, perm="plans.change_plan") -> Plan:
    plan = get_object_or_404(Plan.objects.select_related("issuing_unit"), pk=pk)
    require(user, perm, plan)
    return plan


def _staged_for(request, pk, import_id) -> AppendixImport:
    """The user's own upload, still waiting; raises AlreadyImported once it is imported."""
    plan = _plan_for(request.user, pk)
    staged = get_object_or_404(AppendixImport, pk=import_id, plan=plan, created_by=request.user)
    staged.plan = plan
    if staged.imported_at is not None:
        raise services.AlreadyImported(staged)
    return staged


def _once_imported(view):
    """An upload already imported (a second click on "Nhập", a page left open in another tab)
    sends the user to what the import wrote, with a word about it, instead of importing again."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except services.AlreadyImported as done:
            messages.info(request, done.messages[0])
            return redirect(done.url)

    return wrapper


@login_required
def import_start(request, pk):
    plan = _plan_for(request.user, pk)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            staged = services.stage_upload(actor=request.user, plan=plan, uploaded=form.cleaned_data["file"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect(staged)
    context = {"plan": plan, "form": form, "max_size": settings.APPENDIX_IMPORT_MAX_BYTES}
    return render(request, "plans/import_upload.html", context)


def _choices_form(staged, preview, user, data=None):
    """The preview's form. The units offered, to link a name to or to add a unit under, are those
    of the issuer's tree active on the plan's day; a name's suggestions likewise."""
    names = [name for sheet in preview.sheets for name in sheet.names if name.how in ("unresolved", "mapped")]
    issuer = staged.plan.issuing_unit
    day = services.plan_day(staged.plan)
    units = list(Unit.objects.in_tree(issuer.tree_root_id or issuer.pk).active_on(day).order_by("name"))
    active = {unit.pk for unit in units}
    for name in names:
        name.candidates = [unit for unit in name.candidates if unit.pk in active]
    proposals = services.unit_proposals(staged, names)
    by_pk = {unit.pk: unit for unit in units}
    parents = [
        unit
        for unit in units
        if unit.local_government_id == issuer.local_government_id or unit.pk == (issuer.tree_root_id or issuer.pk)
    ]
    seen = {unit.pk for unit in parents}
    parents += [by_pk[p.parent.pk] for p in proposals.values() if p and p.parent.pk in by_pk.keys() - seen]
    parents = [unit for unit in dict.fromkeys(parents) if allowed(user, "units.add_unit", unit)]
    return ChoicesForm(
        data,
        sheet_names=staged.sheet_names,
        targets=staged.targets,
        appendices=list(staged.plan.appendices.all()),
        names=names,
        units=units,
        guesses=preview.guesses,
        proposals=proposals,
        parents=parents,
    )


def _timing_words(text: str, year: int) -> str:
    """What the parser understood of a timing cell, in words ("Hạn 15/07/2026")."""
    try:
        return describe(parse_timing(text, year)) if text else ""
    except TimingError as error:
        return str(error)


def preview_rows(sheet, year: int):
    """The sheet as it will be imported: group rows and task rows, in sheet order, units marked."""
    items = [(group.row, "group", group, None) for group in sheet.table.groups]
    items += [
        (task.row, "task", task, matches) for task, matches in zip(sheet.table.tasks, sheet.assignments, strict=True)
    ]
    rows = []
    for _, kind, item, matches in sorted(items, key=lambda entry: entry[0]):
        if kind == "group":
            rows.append({"kind": "group", "number": item.number, "title": item.title, "nested": bool(item.parent)})
            continue
        cells = []
        for key in sheet.table.columns:
            if key == "timing":
                text = item.cells.get(key, "")
                cells.append({"text": text, "reading": _timing_words(text, year)})
            elif key == "note":
                cells.append({"text": item.cells.get(key, "")})
            else:
                cells.append({"units": [(result.text, result.how) for role, result in matches if role == key]})
        rows.append({"kind": "task", "row": item.row, "number": item.number, "content": item.content, "cells": cells})
    return rows


def group_starts(sheet) -> list[dict]:
    """Where each group starts and how many tasks it holds, for "how the table was read"."""
    counts = {}
    for task in sheet.table.tasks:
        counts[task.group] = counts.get(task.group, 0) + 1
    return [
        {
            "row": group.row,
            "number": group.number,
            "title": group.title,
            "nested": bool(group.parent),
            "tasks": counts.get(group.key, 0),
        }
        for group in sheet.table.groups
    ]


@login_required
@_once_imported
def import_detail(request, pk, import_id):
    staged = _staged_for(request, pk, import_id)
    preview = services.preview_staged(staged)
    form = _choices_form(staged, preview, request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        targets, mappings = form.choices(staged.mappings)
        accepted = form.accepted(staged.accepted_guesses, accept_all=request.POST.get("action") == "accept_all")
        services.save_choices(staged, targets=targets, mappings=mappings, accepted=accepted)
        if request.POST.get("action") == "create_units":
            return _create_units(request, staged, form)
        if request.POST.get("action") != "confirm":
            return redirect(staged)
        preview = services.preview_staged(staged)
        if preview.blocked:  # errors, or guesses not accepted: nothing to start, say why
            flash_errors(request, ValidationError(services.blocking_messages(preview)))
            return redirect(staged)
        if preview.summary()["tasks"] > settings.APPENDIX_IMPORT_INLINE_ROWS:
            job, started = services.start_background_import(actor=request.user, staged=staged)
            if not started:
                messages.info(request, f"Tệp “{staged.filename}” đang được nhập; không nhập lại lần nữa.")
            return redirect("jobs:detail", job_id=job.pk)
        try:
            appendices = services.confirm_import(actor=request.user, staged=staged)
        except services.AlreadyImported:
            raise
        except ValidationError as error:
            flash_errors(request, error)
            return redirect(staged)
        count = sum(appendix.tasks.count() for appendix in appendices)
        messages.success(request, f"Đã nhập {len(appendices)} phụ lục với {count} nhiệm vụ từ “{staged.filename}”.")
        return redirect(f"{staged.plan.get_absolute_url()}#appendix-{appendices[0].pk}")
    sheets = [(sheet, preview_rows(sheet, staged.plan.year), group_starts(sheet)) for sheet in preview.sheets]
    context = {
        "plan": staged.plan,
        "staged": staged,
        "preview": preview,
        "form": form,
        "sheets": sheets,
        "day": services.plan_day(staged.plan),
    }
    return render(request, "plans/import_preview.html", context)


def _create_units(request, staged, form):
    """ "Thêm vào danh mục": the ticked unmatched names become registry units, linked at once."""
    chosen = form.new_units()
    if form.errors:
        flash_form_errors(request, form)
        return redirect(staged)
    for _, parent, _ in chosen:
        require(request.user, "units.add_unit", parent)
    return button_action(
        request,
        lambda: services.create_units_for_import(actor=request.user, staged=staged, units=chosen),
        success=lambda made: (
            f"Đã thêm {len(made)} đơn vị vào danh mục: "
            + ", ".join(f"“{unit.name}” (thuộc {unit.parent.name})" for unit in made)
            + ". Các ô ghi tên này sẽ được gắn với đơn vị mới khi nhập."
        ),
        then=staged,
    )


@login_required
@_once_imported
def import_report(request, pk, import_id):
    staged = _staged_for(request, pk, import_id)
    return download(problem_report(services.preview_staged(staged)), "bao-cao-loi-nhap-phu-luc.xlsx")


@login_required
@require_POST
@_once_imported
def import_cancel(request, pk, import_id):
    staged = _staged_for(request, pk, import_id)
    services.cancel_import(staged=staged)
    messages.info(request, f"Đã huỷ nhập tệp “{staged.filename}”; kế hoạch không thay đổi.")
    return redirect(staged.plan)


@login_required
def appendix_export(request, pk, appendix_id):
    plan = _plan_for(request.user, pk, "plans.view_plan")
    appendix = get_object_or_404(Appendix.objects.select_related("plan__issuing_unit"), pk=appendix_id, plan=plan)
    return download(appendix_workbook(appendix), export_filename(appendix))


@login_required
def appendix_relink(request, pk, appendix_id):
    """ "Khớp lại đơn vị": every unit cell whose links the registry, as it is now, would change,
    before → after with its row and column; saving writes exactly what was shown."""
    plan = _plan_for(request.user, pk)
    appendix = get_object_or_404(Appendix.objects.select_related("plan__issuing_unit"), pk=appendix_id, plan=plan)
    changes = relink_changes(appendix)
    fingerprint = relink_fingerprint(changes)
    form = RelinkForm(request.POST or None, initial={"expected": fingerprint})
    return form_page(
        request,
        form,
        save=lambda data: relink_units(actor=request.user, appendix=appendix, expected=data["expected"]),
        success=lambda count: f"Đã khớp lại {count} ô đơn vị của {appendix.label.lower()} “{appendix.title}”.",
        then=f"{plan.get_absolute_url()}#appendix-{appendix.pk}",
        template="plans/appendix_relink.html",
        context={"plan": plan, "appendix": appendix, "changes": changes, "fingerprint": fingerprint},
    )
