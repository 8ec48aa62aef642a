from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from common.web import button_action, download, form_page, list_page
from documents.rendering import render_html, render_pdf
from units.permissions import allowed, require

from .. import printing, services
from ..forms import BallotForm, SessionForm, SessionMinutesForm, StageForm, WrittenOpinionForm
from ..models import AwardType, BallotReceipt, CouncilSession, DossierStatus, SessionStatus
from ..selectors import (
    council_members,
    councils_run_by,
    minutes_document,
    results_by_nominee,
    session_agenda,
    visible_sessions,
)
from .access import session_for


def _agenda_nominees(session) -> list:
    return [nominee for dossier in session_agenda(session) for nominee in dossier.nominees.all()]


def session_context(user, session, ballot_form=None, stage_form=None, opinion_form=None) -> dict:
    agenda = session_agenda(session)
    nominees = [n for d in agenda for n in d.nominees.all()]
    members = council_members(session.council_id)
    seat = next((m for m in members if m.user_id == user.pk), None)
    voted = (
        set(BallotReceipt.objects.filter(member=seat, session=session).values_list("nominee_id", flat=True))
        if seat
        else set()
    )
    can_vote = allowed(user, "awards.vote", session)
    open_to_vote = [n for n in nominees if n.pk not in voted]
    results = results_by_nominee(session) if allowed(user, "awards.view_tally", session) else {}
    can_run = allowed(user, "awards.run_session", session)
    context = {
        "session": session,
        "agenda": agenda,
        "seat": seat,
        "voted_count": len(voted),
        "nominee_count": len(nominees),
        "can_vote": can_vote and bool(open_to_vote),
        "results": results,
        "can_run": can_run,
        "can_edit_minutes": allowed(user, "awards.edit_minutes", session),
        "transitions": services.SESSION_WORKFLOW.available(session, user),
        "can_decide": allowed(user, "awards.add_decision", session) and session.status == SessionStatus.APPLIED,
        # The decisions issued from this session's results, from the nominees already loaded.
        "decisions": sorted({n.decision for n in nominees if n.decision_id}, key=lambda d: (d.issued_on, d.pk)),
    }
    if session.status == SessionStatus.VOTING:
        # Progress in members, never in ballots: who took part is public (the minutes list it).
        voters = set(session.receipts.values_list("member_id", flat=True).distinct())
        missing = [m for m in members if m.pk not in voters]
        context["progress"] = f"{len(members) - len(missing)}/{len(members)} thành viên đã bỏ phiếu"
        if can_run:
            context["not_voted"] = missing
            context["close_confirm"] = (
                f"{services.missing_votes_message(missing)} Vẫn kết thúc bỏ phiếu và kiểm phiếu?" if missing else ""
            )
            written_nominees = [n for n in nominees if n.dossier.award_type.written_opinions_count]
            if missing and written_nominees:
                context["opinion_form"] = opinion_form or WrittenOpinionForm(members=missing, nominees=written_nominees)
    if context["can_vote"]:
        context["ballot_form"] = ballot_form or BallotForm(nominees=open_to_vote)
    if can_run and session.status == SessionStatus.CLOSED:
        context["stage_form"] = stage_form or StageForm(nominees=nominees)
    if context["can_decide"]:
        context["decidable_types"] = AwardType.objects.filter(
            dossiers__session=session, dossiers__status=DossierStatus.VOTED
        ).distinct()
    return context


@login_required
def session_list(request):
    listing = list_page(request, visible_sessions(request.user))
    return render(request, "awards/session_list.html", {**listing, "sessions": listing["page"].object_list})


@login_required
def session_create(request):
    require(request.user, "awards.add_session")
    councils = councils_run_by(request.user)
    return form_page(
        request,
        SessionForm(request.POST or None, councils=councils),
        save=lambda data: services.create_session(actor=request.user, data=data),
        success="Đã tạo phiên họp. Hãy đưa các hồ sơ đủ điều kiện vào phiên họp.",
        then=lambda session: session,
        template="awards/session_form.html",
    )


@login_required
def session_edit(request, pk):
    session = session_for(request.user, pk, "awards.edit_minutes")
    return form_page(
        request,
        SessionMinutesForm(request.POST or None, instance=CouncilSession.objects.get(pk=session.pk)),
        save=lambda data: services.update_session(actor=request.user, session=session, data=data),
        success="Đã lưu thông tin phiên họp.",
        then=session,
        template="awards/session_form.html",
        context={"session": session},
    )


@login_required
def session_detail(request, pk):
    session = session_for(request.user, pk)
    return render(request, "awards/session_detail.html", session_context(request.user, session))


@login_required
@require_POST
def session_vote(request, pk):
    session = session_for(request.user, pk, "awards.cast_ballot")
    form = BallotForm(request.POST, nominees=_agenda_nominees(session))
    # An unticked row is an unanswered one, not an error: the service says what is missing.
    form.is_valid()
    return button_action(
        request,
        lambda: services.cast_ballots(actor=request.user, session=session, choices=form.choices()),
        success=lambda count: f"Đã ghi nhận phiếu của bạn cho {count} người, tập thể.",
        then=session,
    )


SESSION_ACTIONS = {
    "open_voting": services.open_voting,
    "close_voting": services.close_voting,
    "apply_results": services.apply_results,
}


@login_required
@require_POST
def session_transition(request, pk, name):
    if name not in SESSION_ACTIONS:
        raise Http404
    transition = services.SESSION_WORKFLOW[name]
    session = session_for(request.user, pk, transition.permission)
    options = {"confirmed": request.POST.get("confirmed") == "1"} if name == "close_voting" else {}
    return button_action(
        request,
        lambda: SESSION_ACTIONS[name](actor=request.user, session=session, **options),
        success=transition.done_message,
        then=session,
    )


@login_required
@require_POST
def session_written_opinion(request, pk):
    """The secretary records an absent member's written opinion, with the signed paper."""
    session = session_for(request.user, pk, "awards.run_session")
    form = WrittenOpinionForm(
        request.POST,
        request.FILES,
        members=services.members_not_voted(session),
        nominees=_agenda_nominees(session),
    )
    return button_action(
        request,
        lambda data: services.record_written_opinion(
            actor=request.user, session=session, member=data["member"], choices=form.choices(), paper=data["paper"]
        ),
        success=lambda opinion: f"Đã ghi ý kiến bằng văn bản của {opinion.member.user}.",
        then=session,
        form=form,
    )


@login_required
@require_POST
def session_stage(request, pk):
    session = session_for(request.user, pk, "awards.run_session")
    form = StageForm(request.POST, nominees=_agenda_nominees(session))

    def stage():
        if not form.is_valid():
            raise ValidationError("Hãy chọn kết quả cho từng người, tập thể.")
        return services.stage_outcomes(actor=request.user, session=session, outcomes=form.outcomes())

    return button_action(
        request,
        stage,
        success="Đã lưu kết quả dự kiến. Bấm “Áp dụng kết quả” để áp dụng cùng lúc.",
        then=session,
    )


@login_required
def session_minutes(request, pk):
    session = session_for(request.user, pk, "awards.view_tally")
    return render(request, "awards/minutes.html", {"session": session, "doc": minutes_document(session)})


@login_required
def session_minutes_print(request, pk):
    """The Biên bản as it prints, in the browser: once the vote is closed, for whoever sees the tally."""
    session = session_for(request.user, pk, "awards.view_tally")
    context = printing.minutes_context(session)
    return HttpResponse(render_html(printing.MINUTES_TEMPLATE, context, request=request, preview=True))


@login_required
def session_minutes_pdf(request, pk):
    session = session_for(request.user, pk, "awards.view_tally")
    content = render_pdf(printing.MINUTES_TEMPLATE, printing.minutes_context(session))
    return download(content, printing.minutes_filename(session))


@login_required
def session_minutes_docx(request, pk):
    """The minutes as a Word file."""
    session = session_for(request.user, pk, "awards.view_tally")
    return download(printing.minutes_docx(session), printing.minutes_filename(session).removesuffix(".pdf") + ".docx")
