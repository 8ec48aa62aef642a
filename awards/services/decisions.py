"""Award decisions and the award history they write."""

from django.core.exceptions import ValidationError
from django.db import transaction

from activity.services import record
from activity.snapshot import snapshot
from common.fields import assign
from units.text import clean_attributes

from .. import citations
from ..models import (
    AwardRecord,
    AwardType,
    CouncilSession,
    Decision,
    Dossier,
    DossierStatus,
    Nominee,
    NomineeKind,
    Outcome,
)
from ..signals import decision_issued
from .dossier_workflow import DOSSIER_WORKFLOW
from .prizes import record_prizes, rewards_for

DECISION_FIELDS = [
    "issuing_unit",
    "parent_body_line",
    "issuing_body_line",
    "number",
    "symbol",
    "place",
    "issued_on",
    "title",
    "legal_bases",
    "proposal",
    "prize_fund",
    "recipients",
    "signer_authority",
    "signer_position",
    "signer_name",
]


# Decisions and the award history -------------------------------------------------------------


def decidable_nominees(session: CouncilSession, award_type: AwardType):
    """Nominees the council approved for this award type whose decision is not yet issued."""
    return (
        Nominee.objects.filter(
            dossier__session=session,
            dossier__award_type=award_type,
            dossier__status=DossierStatus.VOTED,
            outcome=Outcome.AWARDED,
            decision__isnull=True,
        )
        .select_related("dossier__unit", "unit")
        .order_by("dossier__agenda_position", "position_in_list")
    )


@transaction.atomic
def issue_decision(*, actor, session: CouncilSession, award_type: AwardType, data: dict, nominees) -> Decision:
    """Record the signed Quyết định: its awarded nominees land in the award history (sổ vàng)."""
    wanted = {n.pk for n in nominees}
    if not wanted:
        raise ValidationError("Hãy chọn ít nhất một người, tập thể được khen thưởng trong quyết định.")
    available = {n.pk: n for n in decidable_nominees(session, award_type).select_for_update(of=("self",))}
    if wanted - set(available):
        raise ValidationError("Có người, tập thể không còn chờ quyết định (đã có quyết định hoặc không được đề nghị).")
    decision = Decision(
        session=session, award_type=award_type, created_by=actor if actor and actor.is_authenticated else None
    )
    assign(decision, data, DECISION_FIELDS)
    clean_attributes(decision, DECISION_FIELDS)
    decision.full_clean()
    # The catalogue row in force on the signing day: a row a decree replaced gives way to its
    # successor (“Xã, phường, thị trấn tiêu biểu” signed from 01/07/2025 is “Xã, phường, đặc khu tiêu biểu”).
    in_force = award_type.on(decision.issued_on)
    if in_force is None:
        raise ValidationError(
            {
                "issued_on": f"“{award_type}” không áp dụng ngày {decision.issued_on:%d/%m/%Y} "
                f"(áp dụng {award_type.validity_text}); không ban hành được quyết định ký ngày này."
            }
        )
    award_type = decision.award_type = in_force
    # The form offers the texts in force the day it is opened; the signing day may be another.
    out_of_force = citations.bases_out_of_force(decision.legal_basis_lines, decision.issued_on)
    if out_of_force:
        raise ValidationError({"legal_bases": out_of_force})
    chosen = [nominee for pk, nominee in available.items() if pk in wanted]  # in agenda order
    # Refused, naming what to enter, when the coefficient or the day's base salary is missing.
    rewards = rewards_for(award_type, decision.issued_on, chosen)
    decision.save()
    for nominee in chosen:
        nominee.decision = decision
        person = nominee.kind != NomineeKind.COLLECTIVE
        AwardRecord.objects.create(
            award_type=award_type,
            year=nominee.dossier.year,
            kind=nominee.kind,
            full_name=nominee.display_name,
            birth_year=nominee.birth_year if person else None,
            gender=nominee.gender if nominee.kind == NomineeKind.PERSON else "",
            citizen_id=nominee.citizen_id if nominee.kind == NomineeKind.PERSON else "",
            posthumous=nominee.posthumous,
            commendation_kind=nominee.dossier.kind,
            unit=nominee.dossier.unit if person else nominee.unit,
            decided_by=decision.issuing_unit,
            decided_on=decision.issued_on,
            decision=decision,
            nominee=nominee,
        )
    Nominee.objects.bulk_update(chosen, ["decision"])
    record_prizes(decision, rewards)
    record(
        actor=actor,
        action="decision.issue",
        summary=f"Ban hành Quyết định {decision.reference} khen thưởng {len(chosen)} người, tập thể",
        target=decision,
        context=session,
        after={
            **snapshot(decision, DECISION_FIELDS),
            "nominees": [n.display_name for n in chosen],
            "prize_total": sum(r.amount for r in rewards),
        },
    )
    dossier_ids = {n.dossier_id for n in chosen}
    for dossier in Dossier.objects.select_for_update().filter(pk__in=dossier_ids).select_related("unit", "award_type"):
        waiting = dossier.nominees.filter(outcome=Outcome.AWARDED, decision__isnull=True).exists()
        if not waiting:
            DOSSIER_WORKFLOW.apply(dossier, "decide", actor, facts={"decision": decision.reference})
    decision_issued.send(sender=Decision, decision=decision, actor=actor, nominee_count=len(chosen))
    return decision
