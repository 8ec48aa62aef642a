"""Printing a decision's certificates: checks, register numbers and the PDF in one transaction."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from activity.services import record
from awards.models import Outcome
from units.models import Unit

from . import layout as fields
from .models import Issue, Layout
from .printing import Page, sheets_pdf


def layout_for(decision) -> Layout:
    found = (
        Layout.objects.filter(award_type_id=decision.award_type_id, unit_id=decision.issuing_unit_id)
        .prefetch_related("fields")
        .first()
    )
    if found is None:
        raise ValidationError(
            f"Chưa có mẫu in phôi “{decision.award_type}” của {decision.issuing_unit}: "
            "quản trị viên cần tạo mẫu trước khi in."
        )
    return found


def check_issued(decision) -> None:
    """A Quyết định is recorded when it is signed; one dated later than today is not issued yet."""
    today = timezone.localdate()
    if decision.issued_on is None or decision.issued_on > today:
        when = f" (ngày ký {decision.issued_on:%d/%m/%Y})" if decision.issued_on else ""
        raise ValidationError(
            f"Quyết định {decision.reference} chưa được ban hành{when}: chưa in được Bằng khen, Giấy khen."
        )


def awarded_nominees(decision):
    return (
        decision.nominees.filter(outcome=Outcome.AWARDED)
        .select_related("unit", "dossier")
        .order_by("dossier__agenda_position", "dossier_id", "position_in_list", "id")
    )


def chosen_nominees(decision, nominee_ids=None) -> list:
    nominees = list(awarded_nominees(decision))
    if nominee_ids:
        wanted = {int(pk) for pk in nominee_ids}
        unknown = wanted - {n.pk for n in nominees}
        if unknown:
            raise ValidationError("Có người, tập thể được chọn không được khen thưởng trong quyết định này.")
        nominees = [n for n in nominees if n.pk in wanted]
    if not nominees:
        raise ValidationError(f"Quyết định {decision.reference} không có người, tập thể nào được khen thưởng để in.")
    return nominees


def problems(decision, nominee_ids=None) -> list[str]:
    """What stops printing, field by field, before anything is printed or numbered."""
    check_issued(decision)
    chosen = chosen_nominees(decision, nominee_ids)
    return fields.check(layout_for(decision), decision, chosen)


@transaction.atomic
def print_certificates(*, actor, decision, nominee_ids=None) -> bytes:
    """The PDF of the chosen awarded nominees' certificates (all of them by default). Each gets the
    next number in the deciding unit's register; a nominee printed before keeps its number and the
    register records a reprint. Nothing is written when anything does not fit."""
    check_issued(decision)
    chosen = chosen_nominees(decision, nominee_ids)
    layout = layout_for(decision)
    fields.raise_problems(fields.check(layout, decision, chosen))
    # The deciding unit's row is the lock of its register: two printings number one after the other.
    Unit.objects.select_for_update().only("pk").get(pk=decision.issuing_unit_id)
    originals = {
        issue.nominee_id: issue for issue in Issue.objects.originals().filter(nominee__in=chosen).select_for_update()
    }
    last = Issue.objects.filter(unit_id=decision.issuing_unit_id).aggregate(last=Max("number"))["last"] or 0
    pages, issued, reprinted = [], [], []
    for nominee in chosen:
        original = originals.get(nominee.pk)
        if original is None:
            last += 1
            number = last
            issued.append(nominee)
        else:
            number = original.number
            reprinted.append(nominee)
        Issue.objects.create(
            unit_id=decision.issuing_unit_id,
            number=number,
            decision=decision,
            nominee=nominee,
            recipient=nominee.display_name,
            reprint_of=original,
            printed_by=actor if actor is not None and actor.is_authenticated else None,
        )
        sheet, sheet_problems = fields.sheet(layout, decision, nominee, number)
        fields.raise_problems(sheet_problems)
        pages.append(Page(fields=sheet.fields))
    pdf = sheets_pdf(layout, pages, title=f"Bằng, giấy khen theo Quyết định {decision.reference}")
    summary = f"In {len(chosen)} {decision.award_type} theo Quyết định {decision.reference}"
    if reprinted:
        summary += f" ({len(reprinted)} bản in lại)"
    record(
        actor=actor,
        action="certificate.print",
        summary=summary,
        target=decision,
        context=decision,
        after={
            "layout": layout.pk,
            "issued": [n.display_name for n in issued],
            "reprinted": [n.display_name for n in reprinted],
        },
    )
    return pdf


def alignment_pdf(layout) -> bytes:
    """The test page: crosses at the corners and at each field's origin, with the layout's offset."""
    page = Page(marks=fields.alignment_marks(layout))
    return sheets_pdf(layout, [page], title=f"Trang căn chỉnh – {layout}")
