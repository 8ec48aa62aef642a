"""Which unit stands for a registry unit on a day: itself while active, else the first active one
along its successors (a sở merged on 01/03/2025, a district closed on 30/06/2025). Used by the copy
of a plan or a Cụm/Khối's membership to the next year, and by the copy form's defaults."""

import datetime
from dataclasses import dataclass

from units.models import Unit


def date_text(day: datetime.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def is_active(unit: Unit, day: datetime.date) -> bool:
    return (unit.active_from is None or unit.active_from <= day) and (unit.active_to is None or unit.active_to >= day)


@dataclass
class UnitChange:
    unit: Unit | None  # the unit for the new year: the same, its successor, or None
    change: str = ""
    check: str = ""


def unit_on(unit: Unit, day: datetime.date) -> UnitChange:
    """The unit itself while it is active on `day`; else the first active unit along its
    successors, with a note of the change; else None, with a note to choose one."""
    if is_active(unit, day):
        return UnitChange(unit)
    closed = f"{unit.name} ngừng hoạt động từ {date_text(unit.active_to)}" if unit.active_to else unit.name
    seen, current = {unit.pk}, unit
    while current.successor_id and current.successor_id not in seen:
        seen.add(current.successor_id)
        current = Unit.objects.get(pk=current.successor_id)
        if is_active(current, day):
            return UnitChange(current, change=f"{closed}: thay bằng đơn vị kế thừa {current.name}.")
    if unit.active_from and unit.active_from > day:
        return UnitChange(None, check=f"{unit.name} chỉ hoạt động từ {date_text(unit.active_from)}: cần chọn đơn vị.")
    return UnitChange(None, check=f"{closed} và không có đơn vị kế thừa còn hoạt động: cần chọn đơn vị thay thế.")
