from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_http_methods

from jobs.models import Job
from plans.models import Plan
from tdkt_portal.web import flash_errors
from units.permissions import require

from . import services


def _plan_for(user, pk) -> Plan:
    plan = get_object_or_404(Plan.objects.select_related("issuing_unit"), pk=pk)
    require(user, "plans.view_plan", plan)
    return plan


@login_required
def plan_preview(request, pk):
    """The plan as the PDF prints it, in the browser (same template, same stylesheet)."""
    plan = _plan_for(request.user, pk)
    return HttpResponse(services.render_plan_html(plan, request=request, preview=True))


@login_required
@require_http_methods(["GET", "POST"])
def plan_pdf(request, pk):
    """GET: the PDF of the plan's current version. POST ("Tải PDF"): the same, or for a big plan
    not drawn yet, a background job whose progress page links back here when done."""
    plan = _plan_for(request.user, pk)
    try:
        if request.method == "POST":
            result = services.request_plan_pdf(user=request.user, plan=plan)
            if isinstance(result, Job):
                return redirect("jobs:detail", result.pk)
            return redirect("documents:plan_pdf", plan.pk)
        document = services.cached_plan_pdf(plan)
        if document is None:
            if services.plan_task_count(plan) > services.inline_max_tasks():
                messages.info(request, "Bản PDF của kế hoạch này chưa được tạo. Hãy bấm “Tải PDF” để tạo.")
                return redirect(plan)
            document = services.plan_pdf(plan)
    except ValidationError as error:
        flash_errors(request, error)
        return redirect(plan)
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=services.plan_filename(plan),
        content_type="application/pdf",
    )
