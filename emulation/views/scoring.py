from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from common.web import button_action, flash_errors, serve_file
from units.models import Unit
from units.permissions import allowed, require

from .. import services
from ..forms import UploadForm
from ..models import CriteriaTable, Criterion, ScoreEvidence
from ..selectors import scoring_sheet
from .access import at_criterion, group_for


def _sheet_context(group, table, unit):
    return {"group": group, "table": table, "unit": unit, "sheet": scoring_sheet(table, unit)}


@login_required
def scoring(request, pk):
    group = group_for(request.user, pk)
    table = get_object_or_404(CriteriaTable, group=group)
    unit = request.user.unit
    if unit is None or not group.memberships.filter(unit=unit).exists():
        raise PermissionDenied("Đơn vị của bạn không thuộc cụm, khối này.")
    can_score = allowed(request.user, "emulation.score_own", group)
    if request.method == "POST":
        # One field per criterion, named by its id: no Django form, so no form_page here.
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
    group = group_for(request.user, pk, "emulation.score_own")
    table = get_object_or_404(CriteriaTable, group=group)
    criterion = get_object_or_404(Criterion, pk=criterion_id, section__table=table)
    return button_action(
        request,
        lambda data: services.add_evidence(
            actor=request.user, table=table, unit=request.user.unit, criterion=criterion, upload=data["file"]
        ),
        success=f"Đã nộp tài liệu kiểm chứng cho tiêu chí {criterion.number}.",
        then=at_criterion("scoring", criterion, pk=group.pk),
        form=UploadForm(request.POST, request.FILES),
    )


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
    group = group_for(request.user, pk, "emulation.review_scores")
    table = get_object_or_404(CriteriaTable, group=group)
    unit = get_object_or_404(Unit, pk=unit_id, group_memberships__group=group)
    context = _sheet_context(group, table, unit) | {
        "can_adjust": allowed(request.user, "emulation.adjust_scores", group),
    }
    return render(request, "emulation/unit_scores.html", context)


@login_required
@require_POST
def remind_unscored(request, pk):
    """The leader's "Nhắc đơn vị chưa chấm": one notice now, at most once a day per unit; the
    message names the members nobody could be told about."""
    group = group_for(request.user, pk, "emulation.remind_members")
    table = get_object_or_404(CriteriaTable, group=group)
    return button_action(
        request,
        lambda: services.remind_unscored(
            actor=request.user, table=table, url=reverse("emulation:scoring", kwargs={"pk": group.pk})
        ),
        success=_reminded_message,
        # The home page ("Việc của tôi") has the button too; the leader goes back where they clicked.
        then=reverse("home") + "#home-groups"
        if request.POST.get("tu") == "trang-chu"
        else reverse("emulation:overview", kwargs={"pk": group.pk}) + "#cham-diem",
    )


def _reminded_message(result: services.RemindOutcome) -> str:
    sent = f"Đã gửi thông báo nhắc tự chấm điểm đến {len(result.reminded)} đơn vị: " + "; ".join(
        unit.name for unit in result.reminded
    )
    # The units left out are named in the same message, so the leader knows whom nobody told.
    return f"{sent}. {services.unreachable_message(result.unreachable)}" if result.unreachable else f"{sent}."


@login_required
@require_POST
def adjust_sheet(request, pk, unit_id):
    """The leader adjusts a member's whole sheet in one form (one field pair per criterion, named by
    its id, as on the self-scoring page). A refusal shows the sheet again with what was typed."""
    group = group_for(request.user, pk, "emulation.adjust_scores")
    table = get_object_or_404(CriteriaTable, group=group)
    unit = get_object_or_404(Unit, pk=unit_id, group_memberships__group=group)
    ids = [key.removeprefix("adjust-") for key in request.POST if key.startswith("adjust-")]
    entries = {int(i): (request.POST[f"adjust-{i}"], request.POST.get(f"reason-{i}", "")) for i in ids if i.isdigit()}
    try:
        count = services.adjust_scores(actor=request.user, table=table, unit=unit, entries=entries)
    except ValidationError as error:
        flash_errors(request, error)
        context = _sheet_context(group, table, unit) | {"can_adjust": True}
        for section in context["sheet"]:
            for row in section.rows:  # show what was typed, so nothing is lost
                row.adjust_typed = entries.get(row.criterion.pk) or ("", "")
        return render(request, "emulation/unit_scores.html", context, status=400)
    messages.success(request, f"Đã lưu điều chỉnh điểm của {unit} ({count} tiêu chí thay đổi).")
    return redirect("emulation:unit_scores", pk=group.pk, unit_id=unit.pk)
