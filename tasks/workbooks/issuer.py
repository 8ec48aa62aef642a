"""Which people's committee issued the plan a workbook's appendix belongs to, at any level.

Read from the line under the title, "(Kèm theo Kế hoạch số 12/KH-UBND ngày 05/01/2026 của Ủy ban
nhân dân xã Khoái Châu)", or else from a title row naming a committee ("ỦY BAN NHÂN DÂN XÃ KHOÁI
CHÂU"), against the registry `load_units` made: every UBND, of a province, a city, a commune, a
ward or a special zone (and the districts before 01/07/2025), each with its active period.

The answer is exact only when the text names the level and the place and one committee active on
the plan's day has that name. Anything less is still answered when one committee fits, but with
`doubt` saying what was assumed (no place written, a namesake told apart by another title row, a
committee closed before the plan's day replaced by its successor); the import shows it as a
reading to confirm. When several fit equally, or none, `unit` is None and `doubt` says why.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from units.matching import normalize_name
from units.models import Unit, UnitKind

# "uy ban nhan dan xa khoai chau" once normalize_name has spelled out UBND and TP.
_COMMITTEE = re.compile(
    r"^uy ban nhan dan(?: (?P<level>thanh pho|thi xa|thi tran|tinh|huyen|quan|xa|phuong|dac khu))?(?: (?P<place>.+))?$"
)
_OF_ISSUER = re.compile(r"\bcủa\s+(?P<issuer>[^()]+?)\s*\)?\s*$", re.I)
_COMMITTEE_LINE = re.compile(r"^(?:ủy|uỷ|uy)\s+ban\s+nhân\s+dân|^ubnd\b", re.I)
MAX_LISTED = 5


@dataclass
class IssuerReading:
    unit: Unit | None
    source: str  # the line the issuer was read from ("" when no line names one)
    written: str  # the issuer as written there
    doubt: str = ""  # what was assumed, or why no unit: empty when exact
    candidates: list[Unit] = field(default_factory=list)

    @property
    def exact(self) -> bool:
        return self.unit is not None and not self.doubt


def _written_issuer(subtitle: str, title_lines: list[str]) -> tuple[str, str]:
    """(the line, the issuer as written in it): the "của …" of the line under the title first,
    else the last title row that names a people's committee (the issuer's own, under its superior's)."""
    named = _OF_ISSUER.search(subtitle or "")
    if named:
        return subtitle, named["issuer"].strip()
    for line in reversed(title_lines):
        if _COMMITTEE_LINE.match(line.strip()):
            return line, line.strip()
    return "", ""


def _place(unit: Unit) -> tuple[str, str] | None:
    place = unit.committee_place
    return (normalize_name(place[0]), normalize_name(place[1])) if place else None


def _active(unit: Unit, day: datetime.date | None) -> bool:
    return day is None or (
        (unit.active_from is None or unit.active_from <= day) and (unit.active_to is None or unit.active_to >= day)
    )


def _successor_on(unit: Unit, day: datetime.date) -> Unit | None:
    seen = set()
    while unit.successor_id and unit.active_to is not None and unit.active_to < day and unit.pk not in seen:
        seen.add(unit.pk)
        unit = Unit.objects.filter(pk=unit.successor_id).first()
        if unit is None:
            return None
        if _active(unit, day):
            return unit
    return None


def _listed(units: list[Unit]) -> str:
    shown = ", ".join(f"“{unit.name}”" for unit in units[:MAX_LISTED])
    return shown + (f" và {len(units) - MAX_LISTED} đơn vị khác" if len(units) > MAX_LISTED else "")


def _day_text(day: datetime.date | None) -> str:
    return f"ngày {day:%d/%m/%Y}" if day else "ngày của kế hoạch"


def find_issuer(
    subtitle: str, title_lines: list[str], on: datetime.date | None = None, *, context: str = ""
) -> IssuerReading:
    """The committee the lines name, as on day `on` (None: any day). `context`: other title text
    that may tell namesakes apart ("TỈNH HƯNG YÊN" above "UBND XÃ TÂN HÒA")."""
    source, written = _written_issuer(subtitle, title_lines)
    if not written:
        return IssuerReading(None, "", "", "tệp không ghi cơ quan ban hành (dòng “Kèm theo Kế hoạch … của …”).")
    parsed = _COMMITTEE.match(normalize_name(written))
    if parsed is None:
        return IssuerReading(
            None, source, written, f"“{written}” không phải tên một Ủy ban nhân dân có trong danh mục đơn vị."
        )
    level, place = parsed["level"], parsed["place"]
    units = Unit.objects.filter(kind=UnitKind.PEOPLES_COMMITTEE)
    if place:
        units = units.filter(search_name__contains=place.split()[-1])
    elif level:
        units = units.filter(search_name__startswith=f"uy ban nhan dan {level}")
    named = []
    for unit in units.order_by("name", "pk"):
        unit_place = _place(unit)
        if unit_place and (level is None or unit_place[0] == level) and (place is None or unit_place[1] == place):
            named.append(unit)
    doubts = []
    if not place:
        doubts.append(f"“{written}” không ghi tên địa phương")
    elif not level:
        doubts.append(f"“{written}” không ghi cấp (tỉnh, thành phố, xã, phường…)")
    if not named:
        return IssuerReading(None, source, written, f"không có Ủy ban nhân dân nào tên “{written}” trong danh mục.")
    current = [unit for unit in named if _active(unit, on)]
    if not current and on is not None:
        successors = {}
        for unit in named:
            successor = _successor_on(unit, on)
            if successor is not None:
                successors.setdefault(successor.pk, (successor, unit))
        if successors:
            current = [successor for successor, _ in successors.values()]
            closed = [unit for _, unit in successors.values()]
            doubts.append(
                f"{_listed(closed)} đã thôi hoạt động trước {_day_text(on)}; lấy đơn vị kế thừa {_listed(current)}"
            )
    if not current:
        return IssuerReading(
            None,
            source,
            written,
            f"{_listed(named)} không hoạt động vào {_day_text(on)} và không có đơn vị kế thừa.",
            named,
        )
    if len(current) > 1 and context:
        told = _told_apart(current, normalize_name(context))
        if len(told) == 1:
            doubts.append(f"có {len(current)} đơn vị cùng tên ({_listed(current)}); chọn theo dòng tiêu đề khác")
            current = told
    if len(current) > 1:
        return IssuerReading(
            None,
            source,
            written,
            f"“{written}” có thể là {len(current)} đơn vị ({_listed(current)}).",
            current,
        )
    unit = current[0]
    if not place:
        active = f" hoạt động vào {_day_text(on)}" if on else ""
        doubts[0] += f"; trong danh mục chỉ có “{unit.name}”{active}"
    return IssuerReading(unit, source, written, "; ".join(doubts), current)


def _told_apart(units: list[Unit], context: str) -> list[Unit]:
    """The namesakes whose province (their tree's root) the other title rows name."""
    roots = Unit.objects.in_bulk({unit.tree_root_id for unit in units if unit.tree_root_id})
    found = []
    for unit in units:
        root = roots.get(unit.tree_root_id)
        place = _place(root) if root is not None and root.pk != unit.pk else None
        if place and re.search(rf"\b{re.escape(place[1])}\b", context):
            found.append(unit)
    return found
