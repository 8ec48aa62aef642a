"""Which council a dossier goes to, and where a council's proposal goes next.

A dossier goes to the nearest council on its unit's way up the registry (the unit's own, else its
parent's…): a Sở with its Hội đồng TĐKT cơ sở keeps its staff's dossiers, a unit without one is
considered by the level directly above it. That council:

- decides when the award type belongs to its level (its head signs, in its own register);
- votes and forwards upward when the award belongs to a higher level (`Council.parent`, up to the
  province, which proposes to the central level);
- cannot take the dossier when the award belongs to a lower level it does not stand in for, or to
  a kind of unit it is not ("Gia đình văn hóa": only a commune's chair): refused with the reason.

An award appraised and proposed without a ballot (`Procedure.APPRAISAL`: Huy chương Thanh niên
xung phong vẻ vang) does not go to the nearest council: the commune where the person lives
appraises it first and its chair submits it to the provincial chair, who proposes it to the Prime
Minister (Quyết định số 01/2026/QĐ-TTg). Its dossier goes to the council of the commune the unit
belongs to; `propose_upward` then sends it up the usual way (`next_council`).
"""

from django.core.exceptions import ValidationError

from units.models import UnitKind, UnitLevel

from .models import AwardType, Council, Procedure


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


def commune_of(unit):
    """The commune's UBND a unit belongs to (the unit itself when it is one), or None for a unit of
    the province (a Sở, the provincial UBND)."""
    government = unit.local_government
    if government and government.kind == UnitKind.PEOPLES_COMMITTEE and government.level == UnitLevel.COMMUNE:
        return government
    return None


def appraising_council(unit, award_type: AwardType) -> Council:
    """The council of the commune that appraises an award proposed without a ballot."""
    basis = f" ({award_type.procedure_basis})" if award_type.procedure_basis else ""
    commune = commune_of(unit)
    if commune is None:
        raise ValidationError(
            {
                "award_type": f"Hồ sơ “{award_type}” do Ủy ban nhân dân cấp xã nơi cư trú thẩm định trước{basis}; "
                f"{unit} không thuộc xã, phường, đặc khu nào. Hãy lập hồ sơ tại Ủy ban nhân dân cấp xã."
            }
        )
    council = Council.objects.filter(government=commune).select_related("government").first()
    if council is None:
        raise NoCouncil(
            {
                "award_type": f"{commune} chưa có Hội đồng Thi đua - Khen thưởng trên cổng, nên chưa có nơi thẩm "
                f"định hồ sơ “{award_type}”. Hãy đề nghị quản trị hệ thống lập Hội đồng."
            }
        )
    return council


def council_for(unit, award_type: AwardType) -> Council:
    """The council a dossier of `unit` for `award_type` goes to, or ValidationError saying why none."""
    if award_type.procedure == Procedure.APPRAISAL:
        return appraising_council(unit, award_type)
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
