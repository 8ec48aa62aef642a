from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from common.web import download, form_page
from documents.rendering import render_html, render_pdf
from units.models import Unit
from units.permissions import allowed, require

from .. import citations, printing, services
from ..forms import DecisionForm
from ..models import AwardType, CouncilRole, Decision
from ..selectors import decision_document
from .access import decision_for, session_for


def _decision_initial(session, award_type, nominees) -> dict:
    government = session.council.government
    place = government.committee_place
    chair = session.council.members.filter(role=CouncilRole.CHAIR).select_related("user").first()
    return {
        "signer_name": str(chair.user) if chair else "",
        "issuing_unit": government,
        "issuing_body_line": f"ỦY BAN NHÂN DÂN\n{place[0]} {place[1]}".upper() if place else government.name.upper(),
        "place": place[1] if place else "",
        "symbol": "QĐ-UBND",
        "title": citations.decision_title(award_type, citations.year_of(nominees)),
        "legal_bases": "\n".join(citations.legal_bases(timezone.localdate(), session)),
        "prize_fund": citations.prize_fund(government),
        "recipients": "Như Điều 3;\nLưu: VT.",
    }


@login_required
def decision_create(request, pk, award_type_id):
    session = session_for(request.user, pk, "awards.add_decision")
    award_type = get_object_or_404(AwardType, pk=award_type_id)
    nominees = services.decidable_nominees(session, award_type)
    if not nominees.exists():
        messages.error(request, f"Không còn ai chờ quyết định “{award_type}” trong phiên họp này.")
        return redirect(session)
    form = DecisionForm(
        request.POST or None,
        nominees=nominees,
        issuing_units=Unit.objects.filter(pk=session.council.government_id),
        initial={**_decision_initial(session, award_type, nominees), "nominees": list(nominees)},
    )
    return form_page(
        request,
        form,
        save=lambda data: services.issue_decision(
            actor=request.user, session=session, award_type=award_type, data=data, nominees=data["nominees"]
        ),
        success=lambda decision: f"Đã ban hành Quyết định {decision.reference}.",
        then=lambda decision: decision,
        template="awards/decision_form.html",
        context={"session": session, "award_type": award_type},
    )


@login_required
def decision_list(request):
    require(request.user, "awards.view_decision")
    decisions = Decision.objects.select_related("award_type", "issuing_unit")
    return render(request, "awards/decision_list.html", {"decisions": decisions})


@login_required
def decision_detail(request, pk):
    decision = decision_for(request.user, pk)
    return render(
        request,
        "awards/decision_detail.html",
        {
            "decision": decision,
            "doc": decision_document(decision),
            "can_report": allowed(request.user, "awards.view_prize_report", decision.issuing_unit),
        },
    )


@login_required
def decision_print(request, pk):
    decision = decision_for(request.user, pk)
    context = printing.decision_context(decision)
    return HttpResponse(render_html(printing.DECISION_TEMPLATE, context, request=request, preview=True))


@login_required
def decision_pdf(request, pk):
    decision = decision_for(request.user, pk)
    content = render_pdf(printing.DECISION_TEMPLATE, printing.decision_context(decision))
    return download(content, printing.decision_filename(decision))
