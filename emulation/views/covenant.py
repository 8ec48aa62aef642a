from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.http import require_POST

from common.web import button_action, download, form_page
from units.models import Unit

from .. import documents, services
from ..forms import CovenantForm, SignatureForm
from ..models import Covenant
from .access import group_for


@login_required
def covenant_edit(request, pk):
    group = group_for(request.user, pk, "emulation.edit_covenant")
    covenant = Covenant.objects.filter(group=group).first()
    initial = {"title": f"Giao ước thi đua năm {group.year} – {group.name}"}
    return form_page(
        request,
        CovenantForm(request.POST or None, instance=covenant, initial=initial if covenant is None else None),
        save=lambda data: services.save_covenant(actor=request.user, group=group, **data),
        success="Đã lưu giao ước thi đua.",
        then=reverse("emulation:overview", kwargs={"pk": group.pk}),
        template="emulation/covenant_form.html",
        context={"group": group},
    )


@login_required
@require_POST
def covenant_sign(request, pk):
    group = group_for(request.user, pk, "emulation.edit_covenant")
    covenant = get_object_or_404(Covenant, group=group)
    form = SignatureForm(request.POST, units=Unit.objects.filter(group_memberships__group=group))
    return button_action(
        request,
        lambda data: services.record_signature(actor=request.user, covenant=covenant, **data),
        success=lambda _: f"Đã ghi nhận {form.cleaned_data['unit']} ký giao ước.",
        then=reverse("emulation:overview", kwargs={"pk": group.pk}),
        form=form,
    )


@login_required
def covenant_preview(request, pk):
    group = group_for(request.user, pk)
    get_object_or_404(Covenant, group=group)
    return HttpResponse(documents.covenant_html(group, request=request, preview=True))


@login_required
def covenant_pdf(request, pk):
    group = group_for(request.user, pk)
    get_object_or_404(Covenant, group=group)
    return download(documents.covenant_pdf(group), f"giao-uoc-thi-dua-{group.year}-{group.pk}.pdf")


@login_required
def covenant_docx(request, pk):
    group = group_for(request.user, pk)
    get_object_or_404(Covenant, group=group)
    return download(documents.covenant_docx(group), f"giao-uoc-thi-dua-{group.year}-{group.pk}.docx")
