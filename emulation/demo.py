"""A cluster year for the demo: Bắc Ninh's Khối các cơ quan tổng hợp, covenant signed, criteria
set, three members already scored, so the leader (bn.snv) has something to review."""

import datetime
import json
from pathlib import Path

from django.conf import settings
from django.db import transaction

from units.models import EmulationGroup, Unit

from . import services
from .models import CriteriaTable, CriterionKind

DEMO_FILE = Path(settings.BASE_DIR) / "fixtures" / "demo" / "emulation.json"


def _member(group, name):
    return Unit.objects.get(group_memberships__group=group, name=name)


@transaction.atomic
def load_emulation_demo(actor=None) -> bool:
    """Create the demo cluster year once; False when it is already there."""
    data = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
    group = EmulationGroup.objects.get(name=data["group"], year=data["year"], organiser__name=data["organiser"])
    if CriteriaTable.objects.filter(group=group).exists():
        return False
    covenant_data = data["covenant"]
    covenant = services.save_covenant(
        actor=actor,
        group=group,
        title=covenant_data["title"],
        content=covenant_data["content"],
        targets=covenant_data["targets"],
        place=covenant_data["place"],
        signing_due=datetime.date.fromisoformat(covenant_data["signing_due"]),
        signed_on=datetime.date.fromisoformat(covenant_data["signed_on"]),
    )
    # Each member's head by name and post (invented people): a name line, not a placeholder.
    for signature in covenant_data["signatures"]:
        services.record_signature(
            actor=actor,
            covenant=covenant,
            unit=_member(group, signature["unit"]),
            signed_on=covenant.signed_on,
            signer_name=signature["name"],
            signer_position=signature["position"],
        )
    table_data = data["table"]
    table = services.create_criteria_table(
        actor=actor,
        group=group,
        title=table_data["title"],
        scoring_due=datetime.date.fromisoformat(table_data["scoring_due"]),
    )
    criteria = []
    for section_data in table_data["sections"]:
        section = services.add_section(
            actor=actor, table=table, number=section_data["number"], title=section_data["title"]
        )
        for item in section_data["criteria"]:
            criteria.append(
                services.add_criterion(
                    actor=actor,
                    section=section,
                    number=item["number"],
                    content=item["content"],
                    max_points=item["max_points"],
                    kind=item.get("kind", CriterionKind.BASE),
                    evidence_note=item["evidence_note"],
                )
            )
    for name, points in data["scores"].items():
        entries = {c.pk: (p, "") for c, p in zip(criteria, points, strict=True)}
        services.save_self_scores(actor=actor, table=table, unit=_member(group, name), entries=entries)
    return True
