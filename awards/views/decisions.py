from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from common.web import button_action, download, form_page, list_page, serve_file
from documents.rendering import render_html, render_pdf
from documents.services import signed_copies
from units.models import Unit
from units.permissions import allowed, require

from .. import citations, printing, services
from ..forms import DecisionForm
from ..models import AwardType, CouncilRole, Decision
from ..selectors import decision_document, next_decision_number, visible_dossiers
from .access import decision_for, session_for


def _decision_initial(session, award_type, nominees) -> dict:
    """The unit whose council voted issues the decision in its own register, signed by its head:
    "…/QĐ-UBND" by the chair of a UBND, "…/QĐ-SGDĐT" by the Giám đốc of Sở GD&ĐT."""
    council = session.council
    unit = council.government
    place = unit.committee_place
    if place:
        chair = council.members.filter(role=CouncilRole.CHAIR).select_related("user").first()
        header = {"parent_body_line": "", "issuing_body_line": f"ỦY BAN NHÂN DÂN\n{place[0]} {place[1]}".upper()}
        signer = {"signer_name": council.head_name or (str(chair.user) if chair else "")}
        if council.head_name:
            signer |= {"signer_authority": "TM. ỦY BAN NHÂN DÂN", "signer_position": council.head_title.upper()}
    else:
        above = unit.parent
        parent_line = (above.short_name or above.name).upper() if above else ""
        header = {"parent_body_line": parent_line, "issuing_body_line": unit.name.upper()}
        signer = {
            "signer_authority": "",
            "signer_position": council.head_title.upper(),
            "signer_name": council.head_name,
        }
    government_place = unit.tree_root.committee_place if unit.tree_root_id else None
    return {
        **header,
        **signer,
        "issuing_unit": unit,
        "number": next_decision_number(unit, session.meets_at.year),
        "place": (place or government_place or ("", ""))[1],
        "symbol": council.decision_symbol,
        "title": citations.decision_title(award_type, citations.year_of(nominees)),
        "legal_bases": "\n".join(citations.legal_bases(timezone.localdate(), session)),
        "prize_fund": citations.prize_fund(unit),
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
    listing = list_page(request, decisions)
    return render(request, "awards/decision_list.html", {**listing, "decisions": listing["page"].object_list})


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
            "can_sign": allowed(request.user, "awards.sign_decision", decision),
            "signed_copies": list(signed_copies(printing.decision_key(decision))),
            # Where the decision came from, for those who may open it: the session that voted and
            # the dossiers that proposed its nominees.
            "session": decision.session
            if decision.session_id and allowed(request.user, "awards.view_session", decision.session)
            else None,
            "dossiers": list(
                visible_dossiers(request.user).filter(nominees__decision=decision).distinct().order_by("pk")
            ),
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


@login_required
def decision_docx(request, pk):
    """The decision with its list as a Word file, for offices that pass drafts around in Word."""
    decision = decision_for(request.user, pk)
    filename = printing.decision_filename(decision).removesuffix(".pdf") + ".docx"
    return download(printing.decision_docx(decision), filename)


@login_required
@require_POST
def decision_sign(request, pk):
    """Ký số: the decision drawn now and signed with the organisation's certificate
    (SIGNING_PKCS12); the signed file is kept and listed on the decision's page."""
    decision = decision_for(request.user, pk)
    require(request.user, "awards.sign_decision", decision)
    return button_action(
        request,
        lambda: services.sign_decision(decision, printing.render_decision(decision), actor=request.user),
        success=lambda signed: f"Đã ký số Quyết định {decision.reference} bằng chứng thư số của {signed.organisation}.",
        then=decision,
    )


@login_required
def decision_signed(request, pk, signed_id):
    """A signed copy of the decision, as it was signed."""
    decision = decision_for(request.user, pk)
    signed = get_object_or_404(signed_copies(printing.decision_key(decision)), pk=signed_id)
    return serve_file(signed.file, f"{printing.decision_filename(decision).removesuffix('.pdf')}-ky-so-{signed.pk}.pdf")
