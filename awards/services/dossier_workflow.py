"""The dossier workflow: its guards and effects, the transitions as one table, and the
eligibility override the Sở Nội vụ may record."""

import rules
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from activity.services import record
from units.text import clean
from workflows import Transition, Workflow

from .. import eligibility
from ..models import (
    Dossier,
    DossierStatus,
    Nominee,
    Outcome,
)
from ..notify import announce, audience_for
from ..routing import council_for
from .dossiers import locked_dossier, missing_documents
from .forwarding import forward_upward

# The dossier workflow -------------------------------------------------------------------------


def has_nominees_and_papers(dossier: Dossier, change) -> None:
    """Someone is nominated, and every paper the award type asks for is attached."""
    nominees = list(dossier.nominees.all())
    if not nominees:
        raise ValidationError("Chưa gửi được: hồ sơ chưa có người, tập thể nào được đề nghị.")
    missing = missing_documents(dossier, nominees)
    if missing:
        raise ValidationError(f"Chưa gửi được: hồ sơ còn thiếu {'; '.join(missing)}.")


def goes_to_a_council(dossier: Dossier, change) -> None:
    """The dossier has a council to go to: the one of its level, or the nearest on its way up."""
    if dossier.forwarded_from_id:
        return
    try:
        council = council_for(dossier.unit, dossier.award_type)
    except ValidationError as error:
        raise ValidationError(f"Chưa gửi được: {' '.join(error.messages)}") from error
    if council.pk != dossier.council_id:
        dossier.council = council
        dossier.save(update_fields=["council"])


def meets_the_conditions(dossier: Dossier, change) -> None:
    """Every nominee meets the award type's conditions, or staff wrote why it is considered anyway."""
    failing = eligibility.blocking(eligibility.check_dossier(dossier))
    if failing:
        details = " ".join(f"{n.display_name}: {c.sentence}" for n, checks in failing.items() for c in checks)
        raise ValidationError(
            "Chưa trình Hội đồng được vì có điều kiện chưa đạt. "
            f"{details} Hãy yêu cầu bổ sung hồ sơ hoặc ghi lý do xét vượt điều kiện."
        )


def goes_to_a_vote(dossier: Dossier, change) -> None:
    """An award the proposing level only appraises (Huy chương Thanh niên xung phong vẻ vang) is not
    put to the council's ballot."""
    award_type = dossier.award_type
    if not award_type.voted:
        basis = f" ({award_type.procedure_basis})" if award_type.procedure_basis else ""
        raise ValidationError(
            f"“{award_type}” không đưa ra Hội đồng bỏ phiếu: thẩm định xong thì đề nghị cấp trên{basis}."
        )


def may_propose_without_a_vote(user, dossier: Dossier) -> bool:
    """Appraisal staff, for an award appraised and proposed upward without a council ballot."""
    return not dossier.award_type.voted and rules.has_perm("awards.appraise_dossier", user, dossier)


def forward_every_nominee(dossier: Dossier, change) -> None:
    dossier.nominees.update(outcome=Outcome.FORWARDED)


def stamp_submitted(dossier: Dossier, change) -> None:
    """Note when the dossier was (re)submitted."""
    dossier.submitted_at = timezone.now()
    dossier.save(update_fields=["submitted_at"])


def keep_return_reason(dossier: Dossier, change) -> None:
    """Keep what the unit is asked to add; the dossier page shows it."""
    dossier.return_reason = change.reason
    dossier.save(update_fields=["return_reason"])


def leave_session(dossier: Dossier, change) -> None:
    """Off the agenda of the session that lacked quorum: staff put it on the next one."""
    dossier.session, dossier.agenda_position = None, 0
    dossier.save(update_fields=["session", "agenda_position", "updated_at"])


def _tell(audience: str, dossier: Dossier, change) -> None:
    announce(
        "dossier_transition",
        audience_for(audience, dossier=dossier),
        {"dossier": dossier, "transition": change.transition, "reason": change.reason},
        about=dossier,
        actor=change.user,
    )


def tell_staff(dossier: Dossier, change) -> None:
    """Notify the appraising staff (Nội vụ of the unit's administration), in the portal and by e-mail."""
    _tell("staff", dossier, change)


def tell_unit(dossier: Dossier, change) -> None:
    """Notify the unit's officers and the dossier's author, in the portal and by e-mail."""
    _tell("unit", dossier, change)


_BY_COUNCIL = {"manual": False, "permission": "awards.apply_results", "effects": (tell_unit,)}

DOSSIER_WORKFLOW = Workflow(
    name="dossier",
    title="Hồ sơ đề nghị khen thưởng",
    noun="hồ sơ",
    model=Dossier,
    states=DossierStatus,
    initial=DossierStatus.DRAFT,
    lock=locked_dossier,
    clean_reason=clean,
    reason_message="Hãy ghi rõ lý do, nội dung cần bổ sung.",
    transitions=[
        Transition(
            name="submit",
            sources=(DossierStatus.DRAFT,),
            target=DossierStatus.SUBMITTED,
            label="Gửi hồ sơ",
            done_message="Đã gửi hồ sơ đề nghị khen thưởng.",
            permission="awards.submit_dossier",
            guards=(has_nominees_and_papers, goes_to_a_council),
            effects=(stamp_submitted, tell_staff),
        ),
        Transition(
            name="resubmit",
            sources=(DossierStatus.RETURNED,),
            target=DossierStatus.SUBMITTED,
            label="Gửi lại hồ sơ đã bổ sung",
            done_message="Đã gửi lại hồ sơ sau khi bổ sung.",
            permission="awards.submit_dossier",
            guards=(has_nominees_and_papers, goes_to_a_council),
            effects=(stamp_submitted, tell_staff),
        ),
        Transition(
            name="start_appraisal",
            sources=(DossierStatus.SUBMITTED,),
            target=DossierStatus.APPRAISING,
            label="Tiếp nhận và thẩm định",
            done_message="Đã tiếp nhận hồ sơ để thẩm định.",
            permission="awards.appraise_dossier",
            effects=(tell_unit,),
        ),
        Transition(
            name="request_papers",
            sources=(DossierStatus.APPRAISING,),
            target=DossierStatus.RETURNED,
            label="Yêu cầu bổ sung hồ sơ",
            done_message="Đã yêu cầu đơn vị bổ sung hồ sơ.",
            permission="awards.appraise_dossier",
            needs_reason=True,
            css="secondary",
            effects=(keep_return_reason, tell_unit),
        ),
        Transition(
            name="mark_ready",
            sources=(DossierStatus.APPRAISING,),
            target=DossierStatus.READY,
            label="Đủ điều kiện, trình Hội đồng",
            done_message="Hồ sơ đã đủ điều kiện trình Hội đồng.",
            permission="awards.appraise_dossier",
            guards=(goes_to_a_vote, meets_the_conditions),
            effects=(tell_unit,),
        ),
        # Huy chương Thanh niên xung phong vẻ vang: the commune appraises and its chair submits to the
        # provincial chair, who proposes upward; no council ballot (Quyết định số 01/2026/QĐ-TTg).
        Transition(
            name="propose_upward",
            sources=(DossierStatus.APPRAISING,),
            target=DossierStatus.FORWARDED,
            label="Thẩm định xong, đề nghị cấp trên",
            done_message="Đã thẩm định và đề nghị cấp trên (không bỏ phiếu).",
            permission=may_propose_without_a_vote,
            guards=(meets_the_conditions,),
            effects=(forward_every_nominee, forward_upward, tell_unit),
        ),
        # Taken by the session's apply_results, one per dossier on its agenda.
        Transition(
            name="council_approve",
            sources=(DossierStatus.READY,),
            target=DossierStatus.VOTED,
            label="Hội đồng đề nghị khen thưởng",
            done_message="Hội đồng đã bỏ phiếu đề nghị khen thưởng; chờ quyết định.",
            **_BY_COUNCIL,
        ),
        Transition(
            name="council_forward",
            sources=(DossierStatus.READY,),
            target=DossierStatus.FORWARDED,
            label="Trình cấp trên",
            done_message="Hội đồng đã bỏ phiếu đề nghị; hồ sơ được trình cấp trên.",
            manual=False,
            permission="awards.apply_results",
            effects=(forward_upward, tell_unit),
        ),
        Transition(
            name="council_postpone",
            sources=(DossierStatus.READY,),
            target=DossierStatus.READY,
            label="Xét lại ở phiên họp sau",
            done_message="Phiên họp không đủ số thành viên dự họp; hồ sơ chờ phiên họp sau.",
            manual=False,
            permission="awards.apply_results",
            effects=(leave_session, tell_unit),
        ),
        Transition(
            name="council_reject",
            sources=(DossierStatus.READY,),
            target=DossierStatus.NOT_AWARDED,
            label="Không khen thưởng",
            done_message="Hội đồng không đề nghị khen thưởng hồ sơ này.",
            **_BY_COUNCIL,
        ),
        # Taken by issue_decision once no nominee of the dossier waits for a decision.
        Transition(
            name="decide",
            sources=(DossierStatus.VOTED,),
            target=DossierStatus.DECIDED,
            label="Ban hành quyết định khen thưởng",
            done_message="Đã có quyết định khen thưởng.",
            permission="awards.issue_decision",
            manual=False,
            effects=(tell_unit,),
        ),
    ],
)


def apply_transition(*, actor, dossier: Dossier, name: str, reason: str = "") -> Dossier:
    """A transition someone asks for by button (submit, appraise, ask for papers, mark ready)."""
    transition = DOSSIER_WORKFLOW[name]
    if not transition.manual:
        raise ValidationError(f"“{transition.label}” chỉ thực hiện qua phiên họp hoặc quyết định khen thưởng.")
    return DOSSIER_WORKFLOW.apply(dossier, name, actor, reason=reason).obj


@transaction.atomic
def override_eligibility(*, actor, nominee: Nominee, reason: str) -> Nominee:
    dossier = locked_dossier(nominee.dossier)
    if dossier.status not in (DossierStatus.SUBMITTED, DossierStatus.APPRAISING):
        raise ValidationError("Chỉ xét vượt điều kiện khi hồ sơ đang được thẩm định.")
    reason = clean(reason)
    if not reason:
        raise ValidationError({"reason": "Hãy ghi lý do xét vượt điều kiện."})
    nominee = Nominee.objects.select_for_update().get(pk=nominee.pk)
    failing = [c.sentence for c in eligibility.check_dossier(dossier, [nominee])[nominee] if not c.passed]
    nominee.override_reason, nominee.override_by = reason, actor
    nominee.save(update_fields=["override_reason", "override_by"])
    record(
        actor=actor,
        action="nominee.override",
        summary=f"Xét vượt điều kiện cho “{nominee.display_name}”. Lý do: {reason}",
        target=nominee,
        context=dossier,
        after={"reason": reason, "checks": failing},
    )
    return nominee
