from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from activity.history import history_page
from common.web import button_action, download, form_page, list_page, serve_file
from documents.rendering import render_html, render_pdf
from units.models import Unit, UnitKind
from units.permissions import allowed, require

from .. import proposals, services
from ..filters import DossierFilter
from ..forms import AttachmentForm, DossierForm, NomineeForm, ReasonForm, ScheduleForm
from ..models import Attachment, Dossier, DossierKind, InitiativeScope, Nominee, TaskRating
from ..selectors import dossier_page, planned_sessions_for, visible_dossiers, visible_sessions
from .access import dossier_for

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
        "can_view_proposal": allowed(user, "awards.view_proposal", dossier),
        "can_download_package": allowed(user, "awards.download_package", dossier),
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
def dossier_list(request):
    dossier_filter = DossierFilter(request.GET, queryset=visible_dossiers(request.user))
    listing = list_page(request, dossier_filter.qs)
    return render(
        request,
        "awards/dossier_list.html",
        {
            **listing,
            "filter": dossier_filter,
            "dossiers": listing["page"].object_list,
            "can_add": allowed(request.user, "awards.add_dossier"),
            "sessions": visible_sessions(request.user)[:10],
            "can_add_session": allowed(request.user, "awards.add_session"),
        },
    )


@login_required
def dossier_create(request):
    require(request.user, "awards.add_dossier")
    return form_page(
        request,
        DossierForm(request.POST or None),
        save=lambda data: services.create_dossier(actor=request.user, unit=request.user.unit, data=data),
        success="Đã tạo hồ sơ. Hãy thêm người, tập thể được đề nghị và tài liệu.",
        then=lambda dossier: dossier,
        template="awards/dossier_form.html",
        context={"dossier": None},
    )


@login_required
def dossier_edit(request, pk):
    dossier = dossier_for(request.user, pk, "awards.change_dossier")
    return form_page(
        request,
        DossierForm(request.POST or None, instance=Dossier.objects.get(pk=dossier.pk)),
        save=lambda data: services.update_dossier(actor=request.user, dossier=dossier, data=data),
        success="Đã lưu thông tin hồ sơ.",
        then=dossier,
        template="awards/dossier_form.html",
        context={"dossier": dossier},
    )


@login_required
def dossier_detail(request, pk):
    dossier = dossier_for(request.user, pk)
    return render(request, "awards/dossier_detail.html", dossier_context(request.user, dossier))


@login_required
@require_POST
def nominee_add(request, pk):
    dossier = dossier_for(request.user, pk, "awards.change_dossier")
    return form_page(
        request,
        NomineeForm(request.POST, units=_nominee_units(dossier)),
        save=lambda data: services.add_nominee(actor=request.user, dossier=dossier, data=data),
        success=lambda nominee: f"Đã thêm “{nominee.display_name}”.",
        then=dossier,
        template="awards/dossier_detail.html",
        context=lambda form: dossier_context(request.user, dossier, nominee_form=form),
        refused_status=400,
    )


@login_required
def nominee_edit(request, pk, nominee_id):
    dossier = dossier_for(request.user, pk, "awards.change_dossier")
    nominee = get_object_or_404(Nominee, pk=nominee_id, dossier=dossier)
    return form_page(
        request,
        NomineeForm(request.POST or None, instance=Nominee.objects.get(pk=nominee.pk), units=_nominee_units(dossier)),
        save=lambda data: services.update_nominee(actor=request.user, nominee=nominee, data=data),
        success=f"Đã lưu thông tin “{nominee.display_name}”.",
        then=f"{dossier.get_absolute_url()}#nominee-{nominee.pk}",
        template="awards/nominee_form.html",
        context={"dossier": dossier, "nominee": nominee},
    )


@login_required
@require_POST
def nominee_remove(request, pk, nominee_id):
    dossier = dossier_for(request.user, pk, "awards.change_dossier")
    nominee = get_object_or_404(Nominee, pk=nominee_id, dossier=dossier)
    return button_action(
        request,
        lambda: services.remove_nominee(actor=request.user, nominee=nominee),
        success=f"Đã bỏ “{nominee.display_name}” khỏi danh sách.",
        then=dossier,
    )


@login_required
@require_POST
def nominee_override(request, pk, nominee_id):
    dossier = dossier_for(request.user, pk, "awards.override_eligibility")
    nominee = get_object_or_404(Nominee, pk=nominee_id, dossier=dossier)
    return button_action(
        request,
        lambda data: services.override_eligibility(actor=request.user, nominee=nominee, reason=data["reason"]),
        success=f"Đã ghi lý do xét vượt điều kiện cho “{nominee.display_name}”.",
        then=dossier,
        form=ReasonForm(request.POST),
    )


@login_required
@require_POST
def attachment_add(request, pk):
    dossier = dossier_for(request.user, pk, "awards.change_dossier")
    return form_page(
        request,
        AttachmentForm(request.POST, request.FILES, dossier=dossier),
        save=lambda data: services.add_attachment(
            actor=request.user, dossier=dossier, uploaded=data["file"], kind=data["kind"], nominee=data["nominee"]
        ),
        success=lambda attachment: f"Đã tải lên “{attachment.original_name}”.",
        then=dossier,
        template="awards/dossier_detail.html",
        context=lambda form: dossier_context(request.user, dossier, attachment_form=form),
        refused_status=400,
    )


@login_required
def attachment_download(request, pk, attachment_id):
    dossier = dossier_for(request.user, pk)
    attachment = get_object_or_404(Attachment, pk=attachment_id, dossier=dossier)
    return serve_file(attachment.file, attachment.original_name)


@login_required
@require_POST
def attachment_remove(request, pk, attachment_id):
    dossier = dossier_for(request.user, pk, "awards.change_dossier")
    attachment = get_object_or_404(Attachment, pk=attachment_id, dossier=dossier)
    return button_action(
        request,
        lambda: services.remove_attachment(actor=request.user, attachment=attachment),
        success=f"Đã xoá “{attachment.original_name}”.",
        then=dossier,
    )


@login_required
@require_POST
def dossier_transition(request, pk, name):
    transition = services.DOSSIER_WORKFLOW.transitions.get(name)
    if transition is None or not transition.manual:
        raise Http404
    dossier = dossier_for(request.user, pk, transition.permission)
    return button_action(
        request,
        lambda data: services.apply_transition(actor=request.user, dossier=dossier, name=name, reason=data["reason"]),
        success=transition.done_message,
        then=dossier,
        form=ReasonForm(request.POST),
    )


@login_required
@require_POST
def dossier_schedule(request, pk):
    dossier = dossier_for(request.user, pk, "awards.schedule_dossier")

    def schedule(data):
        services.schedule_dossier(actor=request.user, dossier=dossier, session=data["session"])
        return data["session"]

    return button_action(
        request,
        schedule,
        success=lambda session: f"Đã đưa hồ sơ vào “{session}”." if session else "Đã rút hồ sơ khỏi phiên họp.",
        then=dossier,
        form=ScheduleForm(request.POST, sessions=planned_sessions_for(dossier)),
    )


@login_required
def dossier_history(request, pk):
    dossier = dossier_for(request.user, pk, "awards.view_dossier_history")
    # Each hop: the lower levels' dossiers it was forwarded from, and the one it went up as.
    hops = proposals.chain(dossier)
    while hasattr(hops[-1], "forwarded_to"):
        hops.append(hops[-1].forwarded_to)
    return history_page(
        request,
        dossier,
        title="Lịch sử hồ sơ",
        heading="Lịch sử hồ sơ",
        back=(dossier, dossier.title),
        code_words=LOG_WORDS,
        labels=LOG_LABELS,
        also=[hop for hop in hops if hop.pk != dossier.pk],
    )


@login_required
def dossier_proposal_print(request, pk):
    """The unit's Tờ trình to the level above, as it prints: once its council voted to forward."""
    dossier = dossier_for(request.user, pk, "awards.view_proposal")
    context = proposals.proposal_context(dossier)
    return HttpResponse(render_html(proposals.PROPOSAL_TEMPLATE, context, request=request, preview=True))


@login_required
def dossier_proposal_pdf(request, pk):
    dossier = dossier_for(request.user, pk, "awards.view_proposal")
    content = render_pdf(proposals.PROPOSAL_TEMPLATE, proposals.proposal_context(dossier))
    return download(content, proposals.proposal_filename(dossier))


@login_required
def dossier_package(request, pk):
    """Every hop's Tờ trình and minutes and the unit's papers, as one .zip for the level above."""
    dossier = dossier_for(request.user, pk, "awards.download_package")
    # common.web.download names a file by the kinds uploads may be; a package of ours is a .zip.
    response = HttpResponse(proposals.package(dossier), content_type="application/zip")
    response["Content-Disposition"] = content_disposition_header(True, proposals.package_filename(dossier))
    response["X-Content-Type-Options"] = "nosniff"
    return response
