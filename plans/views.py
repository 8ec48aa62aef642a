from django.contrib.auth.decorators import login_required
from django.db.models import F
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from activity.history import history_page
from common.web import button_action, form_page, offset_for, submit
from documents.services import signed_copies
from units.permissions import allowed, require

from . import copying, services
from .filters import PlanFilter
from .forms import AppendixForm, CopyPlanForm, PlanForm, ReviewForm, SectionForm, TransitionForm
from .models import FIXED_COLUMN_LABELS, Appendix, AppendixColumn, Plan, PlanSection
from .printing import plan_key
from .selectors import copy_defaults, issuing_units_for, new_plan_defaults, review_of, visible_plans


def _plan_for(user, pk, perm="plans.view_plan") -> Plan:
    plan = get_object_or_404(Plan.objects.select_related("issuing_unit", "based_on", "copied_from"), pk=pk)
    require(user, perm, plan)
    return plan


@login_required
def plan_list(request):
    # Newest first: this year's drafts, then plans by their issue date, latest first.
    plans = visible_plans(request.user).order_by("-year", F("issued_on").desc(nulls_first=True), "-created_at", "-id")
    plan_filter = PlanFilter(request.GET, queryset=plans)
    return render(
        request,
        "plans/plan_list.html",
        {
            "filter": plan_filter,
            "plans": plan_filter.qs,
            "can_add": allowed(request.user, "plans.add_plan"),
        },
    )


@login_required
def plan_create(request):
    require(request.user, "plans.add_plan")
    issuers = issuing_units_for(request.user)
    initial = new_plan_defaults(request.user, timezone.localdate())
    form = PlanForm(request.POST or None, user=request.user, issuing_units=issuers, initial=initial)
    return form_page(
        request,
        form,
        save=lambda data: services.create_plan(actor=request.user, data=data),
        success="Đã tạo kế hoạch. Hãy thêm các mục và phụ lục.",
        then=lambda plan: plan,
        template="plans/plan_form.html",
        context={"plan": None},
    )


@login_required
def plan_edit(request, pk):
    plan = _plan_for(request.user, pk, "plans.change_plan")
    form = PlanForm(
        request.POST or None,
        user=request.user,
        instance=Plan.objects.get(pk=plan.pk),
        issuing_units=issuing_units_for(request.user),
    )
    return form_page(
        request,
        form,
        save=lambda data: services.update_plan(
            actor=request.user, plan=plan, data=data, expected_version=data.get("version")
        ),
        success="Đã lưu thông tin chung của kế hoạch.",
        then=plan,
        template="plans/plan_form.html",
        context={"plan": plan},
    )


def plan_context(user, plan: Plan) -> dict:
    can_edit = allowed(user, "plans.change_plan", plan)
    return {
        "plan": plan,
        "sections": list(plan.sections.all()),
        "can_edit": can_edit,
        "can_see_history": allowed(user, "plans.view_history", plan),
        "transitions": services.PLAN_WORKFLOW.available(plan, user),
        "can_copy": allowed(user, "plans.copy_plan", plan),
        "can_sign": allowed(user, "plans.sign_plan", plan),
        "signed_copies": list(signed_copies(plan_key(plan))) if not plan.is_draft else [],
        "review": review_of(plan) if plan.copied_from_id else None,
    }


@login_required
def plan_detail(request, pk):
    plan = _plan_for(request.user, pk)
    return render(request, "plans/plan_detail.html", plan_context(request.user, plan))


@login_required
@require_POST
def plan_transition(request, pk, name):
    transition = services.PLAN_WORKFLOW.transitions.get(name)
    if transition is None:
        raise Http404
    plan = _plan_for(request.user, pk, transition.permission)
    return button_action(
        request,
        lambda data: services.apply_transition(actor=request.user, plan=plan, name=name, reason=data["reason"]),
        success=transition.done_message,
        then=plan,
        form=TransitionForm(request.POST),
    )


@login_required
def plan_history(request, pk):
    plan = _plan_for(request.user, pk, "plans.view_history")
    return history_page(
        request,
        plan,
        title=f"Lịch sử {plan.reference}",
        heading="Lịch sử thay đổi",
        back=(plan, f"Kế hoạch {plan.reference}"),
        code_words={**dict(AppendixColumn.choices), **FIXED_COLUMN_LABELS},
        template="plans/plan_history.html",
    )


@login_required
def plan_copy(request, pk):
    """ "Tạo kế hoạch năm sau": a draft for a later year, for an issuer the editor writes for."""
    source = _plan_for(request.user, pk, "plans.copy_plan")
    issuers = issuing_units_for(request.user)
    initial = copy_defaults(request.user, source, issuers)
    form = CopyPlanForm(request.POST or None, issuing_units=issuers, initial=initial)
    return form_page(
        request,
        form,
        save=lambda data: copying.copy_plan(
            actor=request.user, source=source, year=data["year"], issuing_unit=data["issuing_unit"]
        ),
        success=lambda plan: (
            f"Đã tạo dự thảo kế hoạch năm {plan.year}. Hãy rà soát từng mục được đánh dấu “Cần rà soát” trước khi "
            "ban hành."
        ),
        then=lambda plan: plan,
        template="plans/plan_copy.html",
        context={"plan": source},
    )


@login_required
@require_POST
def plan_review(request, pk):
    """ "Đã rà soát": one copied row, or every one still marked."""
    plan = _plan_for(request.user, pk, "plans.change_plan")
    form = ReviewForm(request.POST)
    return button_action(
        request,
        lambda data: copying.clear_reviews(
            actor=request.user,
            plan=plan,
            mark_ids=None if data["all"] else [data["mark"]] if data["mark"] else [],
        ),
        success=lambda count: f"Đã đánh dấu {count} mục là đã rà soát.",
        then=f"{plan.get_absolute_url()}#ra-soat",
        form=form,
    )


# Sections (inline, HTMX) ---------------------------------------------------------------------


def _render_sections(request, plan, **extra):
    context = {"plan": plan, "sections": list(plan.sections.all()), "can_edit": True, **extra}
    return render(request, "plans/_sections.html", context)


@login_required
def section_add(request, pk):
    plan = _plan_for(request.user, pk, "plans.change_plan")
    form = SectionForm(request.POST or None)
    done, section = submit(request, form, lambda data: services.add_section(actor=request.user, plan=plan, **data))
    if done:
        return _render_sections(request, plan, done=f"Đã thêm mục “{section.heading}”.")
    return _render_sections(request, plan, new_section_form=form)


@login_required
def section_edit(request, pk, section_id):
    plan = _plan_for(request.user, pk, "plans.change_plan")
    section = get_object_or_404(PlanSection, pk=section_id, plan=plan)
    form = SectionForm(request.POST or None, instance=PlanSection.objects.get(pk=section.pk))
    done, saved = submit(
        request, form, lambda data: services.update_section(actor=request.user, section=section, **data)
    )
    if done:
        return _render_sections(request, plan, done=f"Đã lưu mục “{saved.heading}”.")
    return _render_sections(request, plan, editing=section.pk, edit_form=form)


@login_required
@require_POST
def section_delete(request, pk, section_id):
    plan = _plan_for(request.user, pk, "plans.change_plan")
    section = get_object_or_404(PlanSection, pk=section_id, plan=plan)
    heading = section.heading
    services.delete_section(actor=request.user, section=section)
    return _render_sections(request, plan, done=f"Đã xoá mục “{heading}”.")


@login_required
@require_POST
def section_move(request, pk, section_id, direction):
    plan = _plan_for(request.user, pk, "plans.change_plan")
    section = get_object_or_404(PlanSection, pk=section_id, plan=plan)
    offset = offset_for(direction)
    way, end = ("lên", "đầu") if offset < 0 else ("xuống", "cuối")
    if services.move_section(actor=request.user, section=section, offset=offset):
        return _render_sections(request, plan, done=f"Đã chuyển mục “{section.heading}” {way}.")
    return _render_sections(request, plan, refused=f"Không chuyển: mục “{section.heading}” đã ở {end}.")


# Appendices ----------------------------------------------------------------------------------


@login_required
def appendix_add(request, pk):
    plan = _plan_for(request.user, pk, "plans.change_plan")
    return form_page(
        request,
        AppendixForm(request.POST or None),
        save=lambda data: services.add_appendix(actor=request.user, plan=plan, data=data),
        success=lambda appendix: f"Đã thêm {appendix.label.lower()} “{appendix.title}”.",
        then=lambda appendix: f"{plan.get_absolute_url()}#appendix-{appendix.pk}",
        template="plans/appendix_form.html",
        context={"plan": plan, "appendix": None},
    )


@login_required
def appendix_edit(request, pk, appendix_id):
    plan = _plan_for(request.user, pk, "plans.change_plan")
    appendix = get_object_or_404(Appendix, pk=appendix_id, plan=plan)
    initial = {
        "label": appendix.label,
        "title": appendix.title,
        "subtitle": appendix.subtitle,
        "columns": appendix.columns,
    }
    return form_page(
        request,
        AppendixForm(request.POST or None, initial=initial),
        save=lambda data: services.update_appendix(actor=request.user, appendix=appendix, data=data),
        success="Đã lưu phụ lục.",
        then=f"{plan.get_absolute_url()}#appendix-{appendix.pk}",
        template="plans/appendix_form.html",
        context={"plan": plan, "appendix": appendix},
    )


@login_required
@require_POST
def appendix_delete(request, pk, appendix_id):
    plan = _plan_for(request.user, pk, "plans.change_plan")
    appendix = get_object_or_404(Appendix, pk=appendix_id, plan=plan)
    return button_action(
        request,
        lambda: services.delete_appendix(actor=request.user, appendix=appendix),
        success=f"Đã xoá phụ lục “{appendix.title}”.",
        then=plan,
    )
