"""Which council a dossier goes to, and where a council's proposal goes next.

A dossier goes to the nearest council on its unit's way up the registry (the unit's own, else its
parent's…): a Sở with its Hội đồng TĐKT cơ sở keeps its staff's dossiers, a unit without one is
considered by the level directly above it. That council:

- decides when the award type belongs to its level (its head signs, in its own register);
- votes and forwards upward when the award belongs to a higher level (`Council.parent`, up to the
  province, which proposes to the central level);
- cannot take the dossier when the award belongs to a lower level it does not stand in for, or to
  a kind of unit it is not ("Gia đình văn hóa": only a commune's chair): refused with the reason.
"""

from django.core.exceptions import ValidationError

from .models import AwardType, Council


def councils_up(unit) -> list[Council]:
    """The councils on the unit's way up, nearest first."""
    chain, seen = [], set()
    while unit is not None and unit.pk not in seen:
        seen.add(unit.pk)
        chain.append(unit.pk)
        unit = unit.parent
    by_unit = {c.government_id: c for c in Council.objects.filter(government_id__in=chain).select_related("government")}
    return [by_unit[pk] for pk in chain if pk in by_unit]


class NoCouncil(ValidationError):
    """No council on the unit's way up yet: a draft may wait for one, a submission may not."""


def council_for(unit, award_type: AwardType) -> Council:
    """The council a dossier of `unit` for `award_type` goes to, or ValidationError saying why none."""
    councils = councils_up(unit)
    if not councils:
        raise NoCouncil(
            {
                "award_type": f"{unit} và các đơn vị cấp trên chưa có Hội đồng Thi đua - Khen thưởng trên cổng, "
                "nên chưa có nơi xét hồ sơ. Hãy đề nghị quản trị hệ thống lập Hội đồng."
            }
        )
    # The nearest council: a unit without a council of its own is considered by the level directly
    # above (its head decides the base-level titles of a unit without legal personality).
    council = councils[0]
    if not award_type.decided_above(council.level) and not award_type.decidable_by(council.government):
        raise ValidationError(
            {
                "award_type": f"“{award_type}” do {award_type.decider_phrase} quyết định; "
                f"{council.government} không xét, không trình được danh hiệu, hình thức này."
            }
        )
    return council


def next_council(council: Council) -> Council | None:
    """Where a council's proposal goes: its parent, else the council of the unit's tree root
    (a Sở's goes to the province's); None at the top (the province proposes to the central level)."""
    if council.parent_id:
        return council.parent
    root = council.government.tree_root_id
    if root and root != council.government_id:
        return Council.objects.filter(government_id=root).select_related("government").first()
    return None
