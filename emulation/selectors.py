"""Reads the emulation pages share: a unit's scoring sheet and the group's ranking."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch

from units.models import EmulationGroup, EmulationGroupMembership, MembershipRole, Unit

from .models import CriteriaTable, Criterion, CriterionKind, CriterionSection, Score, TieBreak
from .points import format_points

ZERO = Decimal("0")


@dataclass
class SheetRow:
    criterion: Criterion
    score: Score | None
    typed: tuple | None = None  # (points, comment) as typed, when a save was refused

    @property
    def points_value(self) -> str:
        if self.typed is not None:
            return self.typed[0] or ""
        return format_points(self.score.self_points) if self.score else ""

    @property
    def comment_value(self) -> str:
        if self.typed is not None:
            return self.typed[1] or ""
        return self.score.comment if self.score else ""

    @property
    def evidence(self):
        return list(self.score.evidence.all()) if self.score else []


@dataclass
class SheetSection:
    section: CriterionSection
    rows: list[SheetRow] = field(default_factory=list)


def scoring_sheet(table: CriteriaTable, unit: Unit) -> list[SheetSection]:
    """Every criterion of the table with this unit's score (if any) and evidence: 3 queries."""
    scores = Score.objects.filter(unit=unit).prefetch_related("evidence")
    sections = table.sections.prefetch_related(
        Prefetch("criteria", queryset=Criterion.objects.prefetch_related(Prefetch("scores", queryset=scores)))
    )
    sheet = []
    for section in sections:
        rows = []
        for criterion in section.criteria.all():
            found = list(criterion.scores.all())
            rows.append(SheetRow(criterion, found[0] if found else None))
        sheet.append(SheetSection(section, rows))
    return sheet


def max_total(table: CriteriaTable) -> Decimal:
    return sum((c.max_points for c in Criterion.objects.filter(section__table=table, kind=CriterionKind.BASE)), ZERO)


@dataclass
class RankRow:
    unit: Unit
    role: str
    base: Decimal = ZERO
    bonus: Decimal = ZERO
    penalty: Decimal = ZERO
    self_total: Decimal = ZERO
    adjusted: int = 0  # criteria the leader changed
    scored: int = 0  # criteria the unit scored
    rank: int = 0

    @property
    def total(self) -> Decimal:
        return self.base + self.bonus - self.penalty


TIE_BREAK_KEYS = {
    # Sort keys after the total, most important first; units equal on all of them share a rank.
    TieBreak.PENALTY_THEN_BASE: lambda row: (row.penalty, -row.base),
    TieBreak.BASE_THEN_PENALTY: lambda row: (-row.base, row.penalty),
}


def ranking(table: CriteriaTable) -> list[RankRow]:
    """Members ranked by total (leader's points where adjusted), ties broken by the table's rule.

    Units still equal after the rule share a rank ("1, 1, 3"), as a council would read it.
    """
    memberships = table.group.memberships.select_related("unit")
    rows = {m.unit_id: RankRow(unit=m.unit, role=m.get_role_display()) for m in memberships}
    scores = Score.objects.filter(criterion__section__table=table, unit_id__in=list(rows)).select_related("criterion")
    for score in scores:
        row = rows[score.unit_id]
        final = score.final_points
        if score.self_points is not None:
            row.scored += 1
        if score.adjusted_points is not None:
            row.adjusted += 1
        kind = score.criterion.kind
        sign = -1 if kind == CriterionKind.PENALTY else 1
        row.self_total += sign * (score.self_points or ZERO)
        if final is None:
            continue
        if kind == CriterionKind.BASE:
            row.base += final
        elif kind == CriterionKind.BONUS:
            row.bonus += final
        else:
            row.penalty += final
    tie_key = TIE_BREAK_KEYS[table.tie_break]
    ordered = sorted(rows.values(), key=lambda r: (-r.total, *tie_key(r), r.unit.name))
    previous_key, rank = None, 0
    for position, row in enumerate(ordered, start=1):
        key = (row.total, *tie_key(row))
        if key != previous_key:
            rank, previous_key = position, key
        row.rank = rank
    return ordered


@dataclass
class LeaderWork:
    """What a Cụm/Khối trưởng is waiting for in one group: members that have not signed the
    covenant, members that have not scored themselves (while scoring is open)."""

    group: object
    unsigned: list = field(default_factory=list)
    unscored: list = field(default_factory=list)


def leader_work(unit: Unit) -> list[LeaderWork]:
    """Groups the unit leads, newest year first, with the members still owing something."""
    memberships = EmulationGroupMembership.objects.filter(unit=unit, role=MembershipRole.LEADER)
    groups = (
        EmulationGroup.objects.filter(pk__in=memberships.values("group_id"))
        .select_related("covenant", "criteria_table")
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=EmulationGroupMembership.objects.select_related("unit").order_by("unit__name"),
                to_attr="member_list",
            )
        )
        .order_by("-year", "name")
    )
    found = []
    for group in groups:
        members = [m.unit for m in group.member_list]
        work = LeaderWork(group=group)
        covenant = getattr(group, "covenant", None)
        if covenant is not None:
            signed = set(covenant.signatures.values_list("unit_id", flat=True))
            work.unsigned = [u for u in members if u.pk not in signed]
        table = getattr(group, "criteria_table", None)
        if table is not None and not table.is_published:
            scored = set(
                Score.objects.filter(criterion__section__table=table, self_points__isnull=False).values_list(
                    "unit_id", flat=True
                )
            )
            work.unscored = [u for u in members if u.pk not in scored]
        if work.unsigned or work.unscored:
            found.append(work)
    return found


def unscored_members(table: CriteriaTable) -> list[Unit]:
    """The group's members that have not given themselves a single point yet, by name."""
    scored = Score.objects.filter(criterion__section__table=table, self_points__isnull=False).values("unit_id")
    return list(Unit.objects.filter(group_memberships__group_id=table.group_id).exclude(pk__in=scored).order_by("name"))


def published_ranks(unit_ids, year: int) -> dict:
    """{unit_id: [(group name, rank, members), ...]}: where the published rankings of `year` place
    these units (the Cờ thi đua check in awards reads it: "dẫn đầu Cụm, Khối")."""
    tables = (
        CriteriaTable.objects.filter(
            group__year=year, published_at__isnull=False, group__memberships__unit_id__in=list(unit_ids)
        )
        .distinct()
        .select_related("group")
    )
    found = {}
    for table in tables:
        rows = ranking(table)
        for row in rows:
            if row.unit.pk in unit_ids:
                found.setdefault(row.unit.pk, []).append((table.group.name, row.rank, len(rows)))
    return found
