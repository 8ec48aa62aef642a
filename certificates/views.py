from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from awards.models import Decision
from common.web import download, flash_errors
from units.permissions import require

from . import layout as fields
from . import preview as preview_data
from . import printing, register, services
from .models import Issue, Layout


def _decision(user, pk) -> Decision:
    decision = get_object_or_404(Decision.objects.select_related("award_type", "issuing_unit"), pk=pk)
    require(user, "certificates.print_certificates", decision)
    return decision


def _layout(user, pk) -> Layout:
    layout = get_object_or_404(Layout.objects.select_related("unit", "award_type"), pk=pk)
    require(user, "certificates.test_layout", layout)
    return layout


@login_required
def decision_certificates(request, pk):
    """The awarded nominees of a decision, their register numbers, and what would not fit."""
    decision = _decision(request.user, pk)
    nominees = list(services.awarded_nominees(decision))
    numbers = dict(Issue.objects.originals().filter(nominee__in=nominees).values_list("nominee_id", "number"))
    try:
        problems = services.problems(decision)
        refusal = ""
    except ValidationError as error:
        problems, refusal = [], " ".join(error.messages)
    layout = Layout.objects.filter(award_type_id=decision.award_type_id, unit_id=decision.issuing_unit_id).first()
    rows = [(nominee, numbers.get(nominee.pk)) for nominee in nominees]
    context = {"decision": decision, "rows": rows, "problems": problems, "refusal": refusal, "layout": layout}
    return render(request, "certificates/decision.html", context)


@login_required
@require_POST
def print_decision(request, pk):
    decision = _decision(request.user, pk)
    chosen = request.POST.getlist("nominees")
    try:
        if not all(value.isdigit() for value in chosen):
            raise ValidationError("Danh sách người được chọn không hợp lệ.")
        pdf = services.print_certificates(actor=request.user, decision=decision, nominee_ids=chosen)
    except ValidationError as error:
        flash_errors(request, error)
        return redirect("certificates:decision", pk=decision.pk)
    return download(pdf, f"bang-khen-qd-{decision.number}-{decision.issued_on:%Y%m%d}.pdf")


@login_required
def alignment(request, pk):
    layout = _layout(request.user, pk)
    return download(services.alignment_pdf(layout), f"trang-can-chinh-mau-{layout.pk}.pdf")


@login_required
def preview(request, pk):
    """The saved layout over its scanned blank stock, with a sample's text: for the screen only."""
    layout = _layout(request.user, pk)
    decision = preview_data.sample_decision(layout)
    nominee = services.awarded_nominees(decision).first() if decision else None
    page = printing.Page(marks=fields.alignment_marks(layout))
    if nominee is not None:
        page.fields = fields.sheet(layout, decision, nominee, fields.WIDEST_NUMBER)[0].fields
    scan_url = preview_data.scan_data_url(layout)
    html = printing.sheets_html(layout, [page], title=f"Xem trước – {layout}", scan_url=scan_url, request=request)
    return HttpResponse(html)


@login_required
def register_list(request):
    require(request.user, "certificates.view_register")
    issues = register.visible_issues(request.user).order_by("-printed_at", "-id")[:500]
    return render(request, "certificates/register.html", {"issues": issues, "headers": register.HEADERS})


@login_required
def register_xlsx(request):
    require(request.user, "certificates.view_register")
    return download(register.workbook(register.visible_issues(request.user)), "so-theo-doi-cap-phat.xlsx")
