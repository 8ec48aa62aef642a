"""Forwarding upward: a council voted for an award of a higher level; its unit proposes it to the
council above with a Tờ trình (awards.proposals), and the level above receives it as a dossier in
its own queue. At the top (the province proposing to the central level) the package is offered
for download instead."""

from django.utils import timezone

from activity.services import record

from ..models import Dossier, DossierStatus, Nominee, Outcome
from ..notify import announce, audience_for
from ..routing import next_council
from .dossiers import NOMINEE_FIELDS


def forward_upward(dossier: Dossier, change) -> dict:
    """Date the unit's Tờ trình and, when there is a council above, put a dossier of the unit with
    the forwarded nominees in its queue (received, waiting for appraisal)."""
    dossier.forwarded_on = timezone.localdate()
    dossier.save(update_fields=["forwarded_on"])
    council = dossier.council
    upper = next_council(council) if council else None
    if upper is None:
        return {"to": "cấp Trung ương (tải trọn bộ hồ sơ)"}
    unit = council.government
    received = Dossier.objects.create(
        unit=unit,
        kind=dossier.kind,
        award_type=dossier.award_type,
        year=dossier.year,
        movement=dossier.movement,
        title=f"Tờ trình của {unit.name} đề nghị tặng {dossier.award_type} năm {dossier.year}",
        status=DossierStatus.SUBMITTED,
        council=upper,
        forwarded_from=dossier,
        created_by=change.user,
        submitted_at=timezone.now(),
    )
    for position, nominee in enumerate(dossier.nominees.filter(outcome=Outcome.FORWARDED), start=1):
        Nominee.objects.create(
            dossier=received, position_in_list=position, **{f: getattr(nominee, f) for f in NOMINEE_FIELDS}
        )
    record(
        actor=change.user,
        action="dossier.receive",
        summary=f"Nhận hồ sơ trình lên từ {unit.name} (hồ sơ số {dossier.pk}, {council.name})",
        target=received,
        after={"from": dossier.pk, "council": upper.name},
    )
    announce(
        "dossier_transition",
        audience_for("staff", dossier=received),
        {"dossier": received, "transition": change.transition, "reason": ""},
        about=received,
        actor=change.user,
    )
    return {"to": upper.name, "received": received.pk}
