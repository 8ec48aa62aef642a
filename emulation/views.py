from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from common.web import add_service_errors, button_action, download, flash_errors, flash_form_errors, serve_file
from units.models import EmulationGroup, EmulationGroupMembership, Unit
from units.permissions import allowed, require

from . import copying, documents, services, workbook
from .forms import (
    AdjustForm,
    CopyCriteriaForm,
    CopyGroupForm,
    CovenantForm,
    CriteriaTableForm,
    CriterionForm,
    MemberReviewForm,
    SectionForm,
    SignatureForm,
    UploadForm,
)
from .models import Covenant, CriteriaTable, Criterion, MembershipReview, ScoreEvidence
from .points import format_points
from .rules import remember_roles
from .selectors import max_total, ranking, scoring_sheet


def _group_for(user, pk, perm="emulation.view_group") -> EmulationGroup:
    group = get_object_or_404(EmulationGroup.objects.select_related("organiser"), pk=pk)
    require(user, perm, group)
    return group


@login_required
def group_list(request):
    """Every Cụm/Khối with its members; a link into the ones the user may open."""
    groups = (
        EmulationGroup.objects.select_related("organiser")
        .prefetch_related(
            Prefetch("memberships", EmulationGroupMembership.objects.leader_first().select_related("unit"))
        )
        .order_by("-year", "kind", "name")
    )
    year = request.GET.get("year")
    if year and year.isdigit():
        groups = groups.filter(year=int(year))
    groups = list(groups)
    remember_roles(request.user, groups)
    for group in groups:
        group.can_open = allowed(request.user, "emulation.view_group", group)
    return render(request, "emulation/group_list.html", {"groups": groups})


def _table_of(group) -> CriteriaTable | None:
    return CriteriaTable.objects.filter(group=group).first()


def _perms(user, group, names) -> dict:
    return {name: allowed(user, f"emulation.{name}", group) for name in names}


@login_required
def overview(request, pk):
    group = _group_for(request.user, pk)
    covenant = Covenant.objects.filter(group=group).prefetch_related("signatures__unit").first()
    signed = {s.unit_id for s in covenant.signatures.all()} if covenant else set()
    members = list(group.memberships.leader_first().select_related("unit"))
    sign_form = None
    if covenant and allowed(request.user, "emulation.edit_covenant", group):
        unsigned = Unit.objects.filter(pk__in=[m.unit_id for m in members]).exclude(pk__in=signed)
        sign_form = SignatureForm(units=unsigned) if unsigned.exists() else None
    table = _table_of(group)
    can_review = allowed(request.user, "emulation.review_members", group)
    reviews = list(MembershipReview.objects.filter(group=group).select_related("previous_unit").order_by("id"))
    by_membership = {r.membership_id: r for r in reviews if r.membership_id}
    for member in members:
        member.copy_review = by_membership.get(member.pk)
    return render(
        request,
        "emulation/overview.html",
        {
            "left_out": [r for r in reviews if r.membership_id is None],
            "open_reviews": sum(1 for r in reviews if r.is_open) if can_review else 0,
            "can_review": can_review,
            "copy_form": CopyGroupForm(initial={"year": group.year + 1})
            if allowed(request.user, "emulation.copy_group", group)
            else None,
            "group": group,
            "covenant": covenant,
            "members": members,
            "signed": signed,
            "sign_form": sign_form,
            "table": table,
            "is_member": request.user.unit_id in {m.unit_id for m in members},
            **_perms(
                request.user, group, ["edit_covenant", "edit_criteria", "score_own", "review_scores", "view_ranking"]
            ),
        },
    )


@login_required
def covenant_edit(request, pk):
    group = _group_for(request.user, pk, "emulation.edit_covenant")
    covenant = Covenant.objects.filter(group=group).first()
    initial = {"title": f"Giao ước thi đua năm {group.year} – {group.name}"}
    form = CovenantForm(request.POST or None, instance=covenant, initial=initial if covenant is None else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_covenant(actor=request.user, group=group, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Đã lưu giao ước thi đua.")
            return redirect("emulation:overview", pk=group.pk)
    return render(request, "emulation/covenant_form.html", {"group": group, "form": form})


@login_required
@require_POST
def covenant_sign(request, pk):
    group = _group_for(request.user, pk, "emulation.edit_covenant")
    covenant = get_object_or_404(Covenant, group=group)
    form = SignatureForm(request.POST, units=Unit.objects.filter(group_memberships__group=group))
    if form.is_valid():
        try:
            services.record_signature(actor=request.user, covenant=covenant, **form.cleaned_data)
        except ValidationError as error:
            flash_errors(request, error)
        else:
            messages.success(request, f"Đã ghi nhận {form.cleaned_data['unit']} ký giao ước.")
    else:
        flash_form_errors(request, form)
    return redirect("emulation:overview", pk=group.pk)


@login_required
def criteria(request, pk):
    group = _group_for(request.user, pk)
    table = _table_of(group)
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


@dataclass(frozen=True)
class CriteriaAction:
    """One form of the criteria page: how it is bound, the service it calls, and what the user is
    told. `done` is the message, or a function of the service's result and the form's data for a
    message that varies."""

    bind: Callable  # (request, table) -> form
    run: Callable  # (user, group, table, cleaned_data) -> the service's result
    done: str | Callable
    needs_table: bool = True


CRITERIA_ACTIONS = {
    "tao": CriteriaAction(
        bind=lambda request, table: CriteriaTableForm(request.POST),
        run=lambda user, group, table, data: services.create_criteria_table(actor=user, group=group, **data),
        done="Đã lập bảng tiêu chí.",
        needs_table=False,
    ),
    "sao-chep": CriteriaAction(
        bind=lambda request, table: CopyCriteriaForm(request.POST),
        run=lambda user, group, table, data: services.copy_criteria(actor=user, group=group, **data),
        done=lambda copy, data: f"Đã sao chép bảng tiêu chí năm {copy.copied_from.group.year}. Hãy sửa cho năm nay.",
        needs_table=False,
    ),
    # A fresh copy of the table: a refused form must not leave its values on the one the page shows.
    "sua": CriteriaAction(
        bind=lambda request, table: CriteriaTableForm(request.POST, instance=CriteriaTable.objects.get(pk=table.pk)),
        run=lambda user, group, table, data: services.update_criteria_table(actor=user, table=table, **data),
        done="Đã lưu thông tin bảng tiêu chí.",
    ),
    "them-nhom": CriteriaAction(
        bind=lambda request, table: SectionForm(request.POST),
        run=lambda user, group, table, data: services.add_section(actor=user, table=table, **data),
        done="Đã thêm nhóm tiêu chí.",
    ),
    "them-tieu-chi": CriteriaAction(
        bind=lambda request, table: CriterionForm(request.POST, table=table),
        run=lambda user, group, table, data: services.add_criterion(actor=user, **data),
        done="Đã thêm tiêu chí.",
    ),
    "nhap": CriteriaAction(
        bind=lambda request, table: UploadForm(request.POST, request.FILES),
        run=lambda user, group, table, data: services.import_criteria_rows(
            actor=user, table=table, rows=workbook.read_criteria(data["file"])
        ),
        done=lambda count, data: f"Đã nhập {count} tiêu chí từ tệp {data['file'].name}.",
    ),
}


@login_required
@require_POST
def criteria_action(request, pk, action):
    """Every write of the criteria page, as declared in CRITERIA_ACTIONS."""
    declared = CRITERIA_ACTIONS.get(action)
    if declared is None:
        raise Http404
    group = _group_for(request.user, pk, "emulation.edit_criteria")
    table = _table_of(group)
    if declared.needs_table and table is None:
        messages.error(request, "Chưa có bảng tiêu chí.")
        return redirect("emulation:criteria", pk=group.pk)
    form = declared.bind(request, table)
    if form.is_valid():
        try:
            result = declared.run(request.user, group, table, form.cleaned_data)
            done = declared.done(result, form.cleaned_data) if callable(declared.done) else declared.done
            messages.success(request, done)
        except ValidationError as error:
            flash_errors(request, error)
    else:
        flash_form_errors(request, form)
    return redirect("emulation:criteria", pk=group.pk)


@login_required
def criterion_edit(request, pk, criterion_id):
    group = _group_for(request.user, pk, "emulation.edit_criteria")
    criterion = get_object_or_404(Criterion, pk=criterion_id, section__table__group=group)
    initial = {
        "number": criterion.number,
        "content": criterion.content,
        "kind": criterion.kind,
        "max_points": format_points(criterion.max_points),
        "evidence_note": criterion.evidence_note,
    }
    form = CriterionForm(request.POST or None, initial=initial, table=criterion.section.table, with_section=False)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_criterion(actor=request.user, criterion=criterion, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Đã lưu tiêu chí {form.cleaned_data['number']}.")
            return redirect("emulation:criteria", pk=group.pk)
    return render(request, "emulation/criterion_form.html", {"group": group, "criterion": criterion, "form": form})


@login_required
@require_POST
def criterion_delete(request, pk, criterion_id):
    group = _group_for(request.user, pk, "emulation.edit_criteria")
    criterion = get_object_or_404(Criterion, pk=criterion_id, section__table__group=group)
    try:
        services.delete_criterion(actor=request.user, criterion=criterion)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, f"Đã xóa tiêu chí {criterion.number}.")
    return redirect("emulation:criteria", pk=group.pk)


@login_required
def criteria_export(request, pk):
    group = _group_for(request.user, pk)
    table = get_object_or_404(CriteriaTable, group=group)
    return download(workbook.criteria_workbook(table), f"tieu-chi-{group.year}-{group.pk}.xlsx")


def _sheet_context(group, table, unit):
    return {"group": group, "table": table, "unit": unit, "sheet": scoring_sheet(table, unit)}


@login_required
def scoring(request, pk):
    group = _group_for(request.user, pk)
    table = get_object_or_404(CriteriaTable, group=group)
    unit = request.user.unit
    if unit is None or not group.memberships.filter(unit=unit).exists():
        raise PermissionDenied("Đơn vị của bạn không thuộc cụm, khối này.")
    can_score = allowed(request.user, "emulation.score_own", group)
    if request.method == "POST":
        require(request.user, "emulation.score_own", group)
        ids = [key.removeprefix("points-") for key in request.POST if key.startswith("points-")]
        entries = {int(i): (request.POST.get(f"points-{i}", ""), request.POST.get(f"comment-{i}", "")) for i in ids}
        try:
            count = services.save_self_scores(actor=request.user, table=table, unit=unit, entries=entries)
        except ValidationError as error:
            flash_errors(request, error)
            context = _sheet_context(group, table, unit) | {"can_score": can_score, "upload_form": UploadForm()}
            for section in context["sheet"]:
                for row in section.rows:  # show what was typed, not the stored value, so nothing is lost
                    row.typed = entries.get(row.criterion.pk) or (None, None)
            return render(request, "emulation/scoring.html", context, status=400)
        messages.success(request, f"Đã lưu điểm tự chấm ({count} tiêu chí thay đổi).")
        return redirect("emulation:scoring", pk=group.pk)
    context = _sheet_context(group, table, unit) | {"can_score": can_score, "upload_form": UploadForm()}
    return render(request, "emulation/scoring.html", context)


@login_required
@require_POST
def evidence_upload(request, pk, criterion_id):
    group = _group_for(request.user, pk, "emulation.score_own")
    table = get_object_or_404(CriteriaTable, group=group)
    criterion = get_object_or_404(Criterion, pk=criterion_id, section__table=table)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "Hãy chọn tệp tài liệu kiểm chứng.")
    else:
        try:
            services.add_evidence(
                actor=request.user,
                table=table,
                unit=request.user.unit,
                criterion=criterion,
                upload=form.cleaned_data["file"],
            )
        except ValidationError as error:
            flash_errors(request, error)
        else:
            messages.success(request, f"Đã nộp tài liệu kiểm chứng cho tiêu chí {criterion.number}.")
    return redirect(reverse("emulation:scoring", kwargs={"pk": group.pk}) + f"#criterion-{criterion.pk}")


@login_required
def evidence_download(request, evidence_id):
    evidence = get_object_or_404(
        ScoreEvidence.objects.select_related("score__unit", "score__criterion__section__table__group"), pk=evidence_id
    )
    group = evidence.score.criterion.section.table.group
    own = request.user.unit_id == evidence.score.unit_id
    if not own:
        require(request.user, "emulation.review_scores", group)
    return serve_file(evidence.file, evidence.original_name)


@login_required
def unit_scores(request, pk, unit_id):
    group = _group_for(request.user, pk, "emulation.review_scores")
    table = get_object_or_404(CriteriaTable, group=group)
    unit = get_object_or_404(Unit, pk=unit_id, group_memberships__group=group)
    context = _sheet_context(group, table, unit) | {
        "can_adjust": allowed(request.user, "emulation.adjust_scores", group),
        "adjust_form": AdjustForm(),
    }
    return render(request, "emulation/unit_scores.html", context)


@login_required
@require_POST
def adjust(request, pk, unit_id, criterion_id):
    group = _group_for(request.user, pk, "emulation.adjust_scores")
    table = get_object_or_404(CriteriaTable, group=group)
    unit = get_object_or_404(Unit, pk=unit_id, group_memberships__group=group)
    criterion = get_object_or_404(Criterion, pk=criterion_id, section__table=table)
    form = AdjustForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError("Cần nhập điểm sau điều chỉnh và lý do.")
        services.adjust_score(actor=request.user, table=table, unit=unit, criterion=criterion, **form.cleaned_data)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, f"Đã điều chỉnh điểm tiêu chí {criterion.number} của {unit}.")
    return redirect(
        reverse("emulation:unit_scores", kwargs={"pk": group.pk, "unit_id": unit.pk}) + f"#criterion-{criterion.pk}"
    )


@login_required
def ranking_page(request, pk):
    group = _group_for(request.user, pk, "emulation.view_ranking")
    table = get_object_or_404(CriteriaTable, group=group)
    rows = ranking(table)
    context = {
        "group": group,
        "table": table,
        "rows": rows,
        "max_total": max_total(table),
        "proposals": table.proposals.select_related("unit", "dossier__award_type"),
        **_perms(request.user, group, ["publish_ranking", "review_scores", "propose_awards"]),
    }
    if context["propose_awards"]:
        context["award_types"], context["candidates"] = services.proposal_candidates(table, rows)
    return render(request, "emulation/ranking.html", context)


@login_required
@require_POST
def propose(request, pk):
    group = _group_for(request.user, pk, "emulation.propose_awards")
    table = get_object_or_404(CriteriaTable, group=group)
    choices = {
        int(key.removeprefix("unit-")): request.POST.get(f"award-{key.removeprefix('unit-')}", "")
        for key in request.POST
        if key.startswith("unit-") and key.removeprefix("unit-").isdigit()
    }
    try:
        dossiers = services.propose_for_awards(actor=request.user, table=table, choices=choices)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        names = "; ".join(d.title for d in dossiers)
        messages.success(request, f"Đã tạo {len(dossiers)} hồ sơ đề nghị (đang soạn): {names}.")
    return redirect("emulation:ranking", pk=group.pk)


@login_required
@require_POST
def publish(request, pk):
    group = _group_for(request.user, pk, "emulation.publish_ranking")
    table = get_object_or_404(CriteriaTable, group=group)
    try:
        services.publish_ranking(actor=request.user, table=table)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, services.SCORING_WORKFLOW["publish"].done_message)
    return redirect("emulation:ranking", pk=group.pk)


@login_required
def ranking_export(request, pk):
    group = _group_for(request.user, pk, "emulation.view_ranking")
    table = get_object_or_404(CriteriaTable, group=group)
    return download(workbook.ranking_workbook(table, ranking(table)), f"xep-hang-{group.year}-{group.pk}.xlsx")


@login_required
def covenant_preview(request, pk):
    group = _group_for(request.user, pk)
    get_object_or_404(Covenant, group=group)
    return HttpResponse(documents.covenant_html(group, request=request, preview=True))


@login_required
def covenant_pdf(request, pk):
    group = _group_for(request.user, pk)
    get_object_or_404(Covenant, group=group)
    return download(documents.covenant_pdf(group), f"giao-uoc-thi-dua-{group.year}-{group.pk}.pdf")


@login_required
def ranking_preview(request, pk):
    group = _group_for(request.user, pk, "emulation.view_ranking")
    table = get_object_or_404(CriteriaTable, group=group)
    return HttpResponse(documents.ranking_html(table, request=request, preview=True))


@login_required
def ranking_pdf(request, pk):
    group = _group_for(request.user, pk, "emulation.view_ranking")
    table = get_object_or_404(CriteriaTable, group=group)
    return download(documents.ranking_pdf(table), f"xep-hang-{group.year}-{group.pk}.pdf")


@login_required
@require_POST
def group_copy(request, pk):
    """Next year's list of the group, from this year's, with every member marked for review."""
    group = _group_for(request.user, pk, "emulation.copy_group")
    form = CopyGroupForm(request.POST)
    if not form.is_valid():
        flash_form_errors(request, form)
        return redirect("emulation:overview", pk=group.pk)
    try:
        copy = copying.copy_group_to_year(actor=request.user, group=group, year=form.cleaned_data["year"])
    except ValidationError as error:
        flash_errors(request, error)
        return redirect("emulation:overview", pk=group.pk)
    noun = copy.get_kind_display().lower()
    messages.success(request, f"Đã tạo danh sách {noun} năm {copy.year}. Hãy rà soát từng thành viên.")
    return redirect("emulation:overview", pk=copy.pk)


@login_required
@require_POST
def member_review(request, pk):
    """ "Đã rà soát": one of last year's members in this year's list, or all of them."""
    group = _group_for(request.user, pk, "emulation.review_members")
    return button_action(
        request,
        lambda data: copying.clear_membership_reviews(
            actor=request.user,
            group=group,
            review_ids=None if data["all"] else [data["review"]] if data["review"] else [],
        ),
        success=lambda count: f"Đã đánh dấu {count} thành viên là đã rà soát.",
        then=reverse("emulation:overview", args=[group.pk]),
        form=MemberReviewForm(request.POST),
    )
