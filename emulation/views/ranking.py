from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from common.web import button_action, download

from .. import documents, services, workbook
from ..models import CriteriaTable
from ..selectors import max_total, ranking
from .access import group_for, perms


def _table_for(request, pk, perm):
    group = group_for(request.user, pk, perm)
    return group, get_object_or_404(CriteriaTable, group=group)


@login_required
def ranking_page(request, pk):
    group, table = _table_for(request, pk, "emulation.view_ranking")
    rows = ranking(table)
    context = {
        "group": group,
        "table": table,
        "rows": rows,
        "max_total": max_total(table),
        "proposals": table.proposals.select_related("unit", "dossier__award_type"),
        **perms(request.user, group, ["publish_ranking", "review_scores", "propose_awards"]),
    }
    if context["propose_awards"]:
        context["award_types"], context["candidates"] = services.proposal_candidates(table, rows)
    return render(request, "emulation/ranking.html", context)


def _proposed(dossiers) -> str:
    names = "; ".join(d.title for d in dossiers)
    return f"Đã tạo {len(dossiers)} hồ sơ đề nghị (đang soạn): {names}."


@login_required
@require_POST
def propose(request, pk):
    group, table = _table_for(request, pk, "emulation.propose_awards")
    # One award chosen per ranked unit, named by the unit's id: no Django form.
    choices = {
        int(key.removeprefix("unit-")): request.POST.get(f"award-{key.removeprefix('unit-')}", "")
        for key in request.POST
        if key.startswith("unit-") and key.removeprefix("unit-").isdigit()
    }
    return button_action(
        request,
        lambda: services.propose_for_awards(actor=request.user, table=table, choices=choices),
        success=_proposed,
        then=reverse("emulation:ranking", kwargs={"pk": group.pk}),
    )


@login_required
@require_POST
def publish(request, pk):
    group, table = _table_for(request, pk, "emulation.publish_ranking")
    return button_action(
        request,
        lambda: services.publish_ranking(actor=request.user, table=table),
        success=services.SCORING_WORKFLOW["publish"].done_message,
        then=reverse("emulation:ranking", kwargs={"pk": group.pk}),
    )


@login_required
def ranking_export(request, pk):
    group, table = _table_for(request, pk, "emulation.view_ranking")
    return download(workbook.ranking_workbook(table, ranking(table)), f"xep-hang-{group.year}-{group.pk}.xlsx")


@login_required
def ranking_preview(request, pk):
    group, table = _table_for(request, pk, "emulation.view_ranking")
    return HttpResponse(documents.ranking_html(table, request=request, preview=True))


@login_required
def ranking_pdf(request, pk):
    group, table = _table_for(request, pk, "emulation.view_ranking")
    return download(documents.ranking_pdf(table), f"xep-hang-{group.year}-{group.pk}.pdf")


@login_required
def ranking_docx(request, pk):
    group, table = _table_for(request, pk, "emulation.view_ranking")
    return download(documents.ranking_docx(table), f"xep-hang-{group.year}-{group.pk}.docx")
