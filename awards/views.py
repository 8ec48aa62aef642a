from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from activity.models import ActivityLog
from activity.presenters import describe
from common.web import add_service_errors, download, flash_errors, serve_file
from documents.rendering import render_html, render_pdf
from units.models import Unit, UnitKind
from units.permissions import allowed, require

from . import printing, services
from .filters import DossierFilter
from .forms import (
    AttachmentForm,
    BallotForm,
    DecisionForm,
    DossierForm,
    NomineeForm,
    ReasonForm,
    ScheduleForm,
    SessionForm,
    SessionMinutesForm,
    StageForm,
)
from .models import (
    Attachment,
    AwardType,
    BallotReceipt,
    Council,
    CouncilRole,
    CouncilSession,
    Decision,
    Dossier,
    DossierKind,
    DossierStatus,
    InitiativeScope,
    Nominee,
    SessionStatus,
    TaskRating,
)
from .selectors import (
    award_history,
    council_members,
    decision_document,
    dossier_page,
    minutes_document,
    planned_sessions_for,
    results_by_nominee,
    session_agenda,
    visible_dossiers,
    visible_sessions,
)

# Log keys that are not fields of the logged model, and code values, in words.
LOG_LABELS = {
    "nominees": "Người, tập thể",
    "decision": "Quyết định",
    "checks": "Điều kiện chưa đạt",
    "file": "Tệp",
    "kind": "Loại",
    "session": "Phiên họp",
}
LOG_WORDS = {**dict(DossierKind.choices), **dict(TaskRating.choices), **dict(InitiativeScope.choices)}


def _dossier_for(user, pk, perm="awards.view_dossier") -> Dossier:
    dossier = get_object_or_404(Dossier.objects.select_related("unit", "award_type", "session__council"), pk=pk)
    require(user, perm, dossier)
    return dossier


def _session_for(user, pk, perm="awards.view_session") -> CouncilSession:
    session = get_object_or_404(CouncilSession.objects.select_related("council__government"), pk=pk)
    require(user, perm, session)
    return session


# Dossiers ----------------------------------------------------------------------------------


@login_required
def dossier_list(request):
    dossier_filter = DossierFilter(request.GET, queryset=visible_dossiers(request.user))
    return render(
        request,
        "awards/dossier_list.html",
        {
            "filter": dossier_filter,
            "dossiers": dossier_filter.qs,
            "can_add": allowed(request.user, "awards.add_dossier"),
            "sessions": visible_sessions(request.user)[:10],
            "can_add_session": allowed(request.user, "awards.add_session"),
        },
    )


@login_required
def dossier_create(request):
    require(request.user, "awards.add_dossier")
    form = DossierForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            dossier = services.create_dossier(actor=request.user, unit=request.user.unit, data=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Đã tạo hồ sơ. Hãy thêm người, tập thể được đề nghị và tài liệu.")
            return redirect(dossier)
    return render(request, "awards/dossier_form.html", {"form": form, "dossier": None})


@login_required
def dossier_edit(request, pk):
    dossier = _dossier_for(request.user, pk, "awards.change_dossier")
    form = DossierForm(request.POST or None, instance=Dossier.objects.get(pk=dossier.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_dossier(actor=request.user, dossier=dossier, data=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Đã lưu thông tin hồ sơ.")
            return redirect(dossier)
    return render(request, "awards/dossier_form.html", {"form": form, "dossier": dossier})


def _nominee_units(dossier):
    return Unit.objects.in_tree(dossier.unit.tree_root_id).exclude(kind=UnitKind.PEOPLES_COUNCIL)


def dossier_context(user, dossier, **forms) -> dict:
    can_change = allowed(user, "awards.change_dossier", dossier)
    context = {
        "dossier": dossier,
        **dossier_page(dossier),
        "can_change": can_change,
        "can_override": allowed(user, "awards.override_eligibility", dossier),
        "can_see_history": allowed(user, "awards.view_dossier_history", dossier),
        "transitions": services.DOSSIER_WORKFLOW.available(dossier, user),
        "can_schedule": allowed(user, "awards.schedule_dossier", dossier),
    }
    if can_change:
        context["nominee_form"] = forms.get("nominee_form") or NomineeForm(units=_nominee_units(dossier))
        context["attachment_form"] = forms.get("attachment_form") or AttachmentForm(dossier=dossier)
    if context["can_schedule"]:
        context["schedule_form"] = ScheduleForm(
            sessions=planned_sessions_for(dossier), initial={"session": dossier.session_id}
        )
    return context


@login_required
def dossier_detail(request, pk):
    dossier = _dossier_for(request.user, pk)
    return render(request, "awards/dossier_detail.html", dossier_context(request.user, dossier))


@login_required
@require_POST
def nominee_add(request, pk):
    dossier = _dossier_for(request.user, pk, "awards.change_dossier")
    form = NomineeForm(request.POST, units=_nominee_units(dossier))
    if form.is_valid():
        try:
            nominee = services.add_nominee(actor=request.user, dossier=dossier, data=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Đã thêm “{nominee.display_name}”.")
            return redirect(dossier)
    context = dossier_context(request.user, dossier, nominee_form=form)
    return render(request, "awards/dossier_detail.html", context, status=400)


@login_required
def nominee_edit(request, pk, nominee_id):
    dossier = _dossier_for(request.user, pk, "awards.change_dossier")
    nominee = get_object_or_404(Nominee, pk=nominee_id, dossier=dossier)
    form = NomineeForm(request.POST or None, instance=Nominee.objects.get(pk=nominee.pk), units=_nominee_units(dossier))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_nominee(actor=request.user, nominee=nominee, data=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Đã lưu thông tin “{nominee.display_name}”.")
            return redirect(f"{dossier.get_absolute_url()}#nominee-{nominee.pk}")
    return render(request, "awards/nominee_form.html", {"form": form, "dossier": dossier, "nominee": nominee})


@login_required
@require_POST
def nominee_remove(request, pk, nominee_id):
    dossier = _dossier_for(request.user, pk, "awards.change_dossier")
    nominee = get_object_or_404(Nominee, pk=nominee_id, dossier=dossier)
    services.remove_nominee(actor=request.user, nominee=nominee)
    messages.success(request, f"Đã bỏ “{nominee.display_name}” khỏi danh sách.")
    return redirect(dossier)


@login_required
@require_POST
def attachment_add(request, pk):
    dossier = _dossier_for(request.user, pk, "awards.change_dossier")
    form = AttachmentForm(request.POST, request.FILES, dossier=dossier)
    if form.is_valid():
        try:
            attachment = services.add_attachment(
                actor=request.user,
                dossier=dossier,
                uploaded=form.cleaned_data["file"],
                kind=form.cleaned_data["kind"],
                nominee=form.cleaned_data["nominee"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Đã tải lên “{attachment.original_name}”.")
            return redirect(dossier)
    context = dossier_context(request.user, dossier, attachment_form=form)
    return render(request, "awards/dossier_detail.html", context, status=400)


@login_required
def attachment_download(request, pk, attachment_id):
    dossier = _dossier_for(request.user, pk)
    attachment = get_object_or_404(Attachment, pk=attachment_id, dossier=dossier)
    return serve_file(attachment.file, attachment.original_name)


@login_required
@require_POST
def attachment_remove(request, pk, attachment_id):
    dossier = _dossier_for(request.user, pk, "awards.change_dossier")
    attachment = get_object_or_404(Attachment, pk=attachment_id, dossier=dossier)
    services.remove_attachment(actor=request.user, attachment=attachment)
    messages.success(request, f"Đã xoá “{attachment.original_name}”.")
    return redirect(dossier)


@login_required
@require_POST
def dossier_transition(request, pk, name):
    transition = services.DOSSIER_WORKFLOW.transitions.get(name)
    if transition is None or not transition.manual:
        raise Http404
    dossier = _dossier_for(request.user, pk, transition.permission)
    form = ReasonForm(request.POST)
    form.is_valid()
    try:
        services.apply_transition(
            actor=request.user, dossier=dossier, name=name, reason=form.cleaned_data.get("reason", "")
        )
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, transition.done_message)
    return redirect(dossier)


@login_required
@require_POST
def nominee_override(request, pk, nominee_id):
    dossier = _dossier_for(request.user, pk, "awards.override_eligibility")
    nominee = get_object_or_404(Nominee, pk=nominee_id, dossier=dossier)
    form = ReasonForm(request.POST)
    form.is_valid()
    try:
        services.override_eligibility(actor=request.user, nominee=nominee, reason=form.cleaned_data.get("reason", ""))
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, f"Đã ghi lý do xét vượt điều kiện cho “{nominee.display_name}”.")
    return redirect(dossier)


@login_required
@require_POST
def dossier_schedule(request, pk):
    dossier = _dossier_for(request.user, pk, "awards.schedule_dossier")
    form = ScheduleForm(request.POST, sessions=planned_sessions_for(dossier))
    if not form.is_valid():
        flash_errors(request, ValidationError(list(form.errors.values())[0]))
        return redirect(dossier)
    try:
        services.schedule_dossier(actor=request.user, dossier=dossier, session=form.cleaned_data["session"])
    except ValidationError as error:
        flash_errors(request, error)
    else:
        session = form.cleaned_data["session"]
        messages.success(request, f"Đã đưa hồ sơ vào “{session}”." if session else "Đã rút hồ sơ khỏi phiên họp.")
    return redirect(dossier)


@login_required
def dossier_history(request, pk):
    dossier = _dossier_for(request.user, pk, "awards.view_dossier_history")
    entries = ActivityLog.objects.for_context(dossier).select_related("target_type")[:500]
    rows = []
    for entry in entries:
        changes = describe(entry, LOG_WORDS)
        for change in changes:
            change.label = LOG_LABELS.get(change.label, change.label)
        rows.append((entry, changes))
    return render(request, "awards/history.html", {"dossier": dossier, "rows": rows})


# Sessions ----------------------------------------------------------------------------------


@login_required
def session_create(request):
    require(request.user, "awards.add_session")
    councils = Council.objects.select_related("government")
    if request.user.unit_id and not request.user.is_superuser:
        councils = councils.filter(government__local_government_id=request.user.unit.local_government_id)
    form = SessionForm(request.POST or None, councils=councils)
    if request.method == "POST" and form.is_valid():
        try:
            session = services.create_session(actor=request.user, data=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Đã tạo phiên họp. Hãy đưa các hồ sơ đủ điều kiện vào phiên họp.")
            return redirect(session)
    return render(request, "awards/session_form.html", {"form": form})


@login_required
def session_edit(request, pk):
    session = _session_for(request.user, pk, "awards.edit_minutes")
    form = SessionMinutesForm(request.POST or None, instance=CouncilSession.objects.get(pk=session.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_session(actor=request.user, session=session, data=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Đã lưu thông tin phiên họp.")
            return redirect(session)
    return render(request, "awards/session_form.html", {"form": form, "session": session})


@login_required
def session_list(request):
    return render(request, "awards/session_list.html", {"sessions": visible_sessions(request.user)})


def session_context(user, session, ballot_form=None, stage_form=None) -> dict:
    agenda = session_agenda(session)
    nominees = [n for d in agenda for n in d.nominees.all()]
    seat = next((m for m in council_members(session.council_id) if m.user_id == user.pk), None)
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
        "receipt_count": session.receipts.count() if can_run and session.status == SessionStatus.VOTING else None,
    }
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
def session_detail(request, pk):
    session = _session_for(request.user, pk)
    return render(request, "awards/session_detail.html", session_context(request.user, session))


@login_required
@require_POST
def session_vote(request, pk):
    session = _session_for(request.user, pk, "awards.cast_ballot")
    nominees = [n for d in session_agenda(session) for n in d.nominees.all()]
    form = BallotForm(request.POST, nominees=nominees)
    form.is_valid()
    try:
        count = services.cast_ballots(actor=request.user, session=session, choices=form.choices())
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, f"Đã ghi nhận phiếu của bạn cho {count} người, tập thể.")
    return redirect(session)


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
    session = _session_for(request.user, pk, transition.permission)
    try:
        SESSION_ACTIONS[name](actor=request.user, session=session)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, transition.done_message)
    return redirect(session)


@login_required
@require_POST
def session_stage(request, pk):
    session = _session_for(request.user, pk, "awards.run_session")
    nominees = [n for d in session_agenda(session) for n in d.nominees.all()]
    form = StageForm(request.POST, nominees=nominees)
    if form.is_valid():
        try:
            services.stage_outcomes(actor=request.user, session=session, outcomes=form.outcomes())
        except ValidationError as error:
            flash_errors(request, error)
        else:
            messages.success(request, "Đã lưu kết quả dự kiến. Bấm “Áp dụng kết quả” để áp dụng cùng lúc.")
    else:
        flash_errors(request, ValidationError("Hãy chọn kết quả cho từng người, tập thể."))
    return redirect(session)


@login_required
def session_minutes(request, pk):
    session = _session_for(request.user, pk, "awards.view_tally")
    return render(request, "awards/minutes.html", {"session": session, "doc": minutes_document(session)})


@login_required
def session_minutes_print(request, pk):
    """The Biên bản as it prints, in the browser: once the vote is closed, for whoever sees the tally."""
    session = _session_for(request.user, pk, "awards.view_tally")
    context = printing.minutes_context(session)
    return HttpResponse(render_html(printing.MINUTES_TEMPLATE, context, request=request, preview=True))


@login_required
def session_minutes_pdf(request, pk):
    session = _session_for(request.user, pk, "awards.view_tally")
    content = render_pdf(printing.MINUTES_TEMPLATE, printing.minutes_context(session))
    return download(content, printing.minutes_filename(session))


# Decisions ---------------------------------------------------------------------------------


def _decision_initial(session, award_type) -> dict:
    government = session.council.government
    place = government.committee_place
    chair = session.council.members.filter(role=CouncilRole.CHAIR).select_related("user").first()
    return {
        "signer_name": str(chair.user) if chair else "",
        "issuing_unit": government,
        "issuing_body_line": f"ỦY BAN NHÂN DÂN\n{place[0]} {place[1]}".upper() if place else government.name.upper(),
        "place": place[1] if place else "",
        "symbol": "QĐ-UBND",
        "title": f"Về việc tặng {award_type.award_phrase}",
        "legal_bases": "\n".join(
            [
                "Căn cứ Luật Tổ chức chính quyền địa phương;",
                f"Căn cứ {award_type.legal_basis};" if award_type.legal_basis else "",
                f"Căn cứ kết quả {session.title};",
            ]
        ).replace("\n\n", "\n"),
        "recipients": "Như Điều 3;\nLưu: VT.",
    }


@login_required
def decision_create(request, pk, award_type_id):
    session = _session_for(request.user, pk, "awards.add_decision")
    award_type = get_object_or_404(AwardType, pk=award_type_id)
    nominees = services.decidable_nominees(session, award_type)
    if not nominees.exists():
        messages.error(request, f"Không còn ai chờ quyết định “{award_type}” trong phiên họp này.")
        return redirect(session)
    form = DecisionForm(
        request.POST or None,
        nominees=nominees,
        issuing_units=Unit.objects.filter(pk=session.council.government_id),
        initial={**_decision_initial(session, award_type), "nominees": list(nominees)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            decision = services.issue_decision(
                actor=request.user,
                session=session,
                award_type=award_type,
                data=form.cleaned_data,
                nominees=form.cleaned_data["nominees"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Đã ban hành Quyết định {decision.reference}.")
            return redirect(decision)
    return render(request, "awards/decision_form.html", {"form": form, "session": session, "award_type": award_type})


@login_required
def decision_list(request):
    require(request.user, "awards.view_decision")
    decisions = Decision.objects.select_related("award_type", "issuing_unit")
    return render(request, "awards/decision_list.html", {"decisions": decisions})


@login_required
def decision_detail(request, pk):
    decision = get_object_or_404(Decision.objects.select_related("award_type", "session"), pk=pk)
    require(request.user, "awards.view_decision", decision)
    return render(request, "awards/decision_detail.html", {"decision": decision, "doc": decision_document(decision)})


def _decision_for(user, pk) -> Decision:
    decision = get_object_or_404(Decision.objects.select_related("award_type", "session", "issuing_unit"), pk=pk)
    require(user, "awards.view_decision", decision)
    return decision


@login_required
def decision_print(request, pk):
    decision = _decision_for(request.user, pk)
    context = printing.decision_context(decision)
    return HttpResponse(render_html(printing.DECISION_TEMPLATE, context, request=request, preview=True))


@login_required
def decision_pdf(request, pk):
    decision = _decision_for(request.user, pk)
    content = render_pdf(printing.DECISION_TEMPLATE, printing.decision_context(decision))
    return download(content, printing.decision_filename(decision))


@login_required
def history(request):
    require(request.user, "awards.view_records")
    query = request.GET.get("q", "").strip()
    return render(request, "awards/award_history.html", {"records": award_history(query)[:500], "q": query})


@login_required
def catalogue(request):
    require(request.user, "awards.view_catalogue")
    return render(request, "awards/catalogue.html", {"award_types": AwardType.objects.all()})
