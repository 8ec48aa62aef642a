"""Parse the free-text "thời gian thực hiện" cell of a plan task into a schedule.

The original text is always kept by the caller; this module only derives a due date
(for overdue checks and reminders) from it. Text we cannot read is flagged for a human
(``UNPARSED``) rather than guessed; only a date that cannot exist raises ``TimingError``.
Pure Python on purpose: no Django import.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date


class TimingError(ValueError):
    """The text names a date that cannot exist; ``str(err)`` is a Vietnamese message for the user."""


class ScheduleKind:
    NONE = "none"
    QUARTERS = "quarters"
    DUE_DATE = "due_date"
    MONTH = "month"
    OCCASION = "occasion"
    MONTHLY = "monthly"
    DATES = "dates"
    YEAR = "year"
    UNPARSED = "unparsed"


UNPARSED_NOTE = "Chưa hiểu được thời gian — cần người kiểm tra"
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


@dataclass(frozen=True)
class Schedule:
    kind: str
    quarters: tuple[int, ...] = ()
    starts_on: date | None = None
    due_on: date | None = None
    recurrence_day: int | None = None  # MONTHLY only; 0 means the last day of each month
    note: str = ""
    # DATES only: every deadline the cell names ("15/3 và 15/9" -> both); a range "từ 15/3 đến 30/4"
    # names one deadline, its end.
    milestones: tuple[date, ...] = ()

    @property
    def needs_review(self) -> bool:
        return self.kind == ScheduleKind.UNPARSED

    def occurrences(self) -> list[date]:
        if self.kind == ScheduleKind.MONTHLY and self.starts_on is not None:
            year = self.starts_on.year
            return [_day_in_month(year, month, self.recurrence_day or 0) for month in range(1, 13)]
        if self.kind == ScheduleKind.DATES and self.milestones:
            return list(self.milestones)
        return [self.due_on] if self.due_on else []


# --- Patterns (matched against normalised text: lower case, no diacritics, single spaces) ---

_SEP = r"(?:\s*[,;]?\s*(?:va|den)\s+|\s*[,;-]\s*)"
_RANGE_SEPS = {"-", "den"}
_YEAR_SUFFIX = r"(?:\s*/\s*|\s+nam\s+)(?P<year>\d{4})"
_QUARTER = r"(?:iv|iii|ii|i|[1-4])\b"
_QUARTER_LIST = rf"{_QUARTER}(?:{_SEP}(?:qu[yi]\s+)?{_QUARTER})*"
_MONTH_LIST = rf"\d{{1,2}}(?:{_SEP}(?:thang\s+)?\d{{1,2}})*"

_QUARTERS_RE = re.compile(rf"(?:trong\s+)?qu[yi]\s+(?P<list>{_QUARTER_LIST})(?:{_YEAR_SUFFIX})?")
_QUARTERS_IN_LABEL_RE = re.compile(rf"\bqu[yi]\s+(?P<list>{_QUARTER_LIST})")
_MONTH_RE = re.compile(rf"(?:trong\s+)?thang\s+(?P<list>{_MONTH_LIST})(?:{_YEAR_SUFFIX})?")
_WHOLE_YEAR_RE = re.compile(r"(?:thuong xuyen(?:,? (?:ca|trong) nam)?|(?:ca|trong) nam|nam)(?: (?P<year>\d{4}))?")
_MONTHLY_RE = re.compile(
    r"(?:dinh ky )?(?:(?:(?:truoc|vao|cham nhat|han) )?ngay (?P<day>\d{1,2}) )?hang thang(?: nam (?P<year>\d{4}))?"
)
_DATE_RE = re.compile(
    r"(?<![\d/])(?:"
    r"(?P<d>\d{1,2})(?P<sep>[/.-])(?P<m>\d{1,2})(?:(?P=sep)(?P<y>\d+))?"
    r"|(?P<wd>\d{1,2}) thang (?P<wm>\d{1,2})(?: nam (?P<wy>\d+))?"
    r")(?!\d)"
)
_DUE_PREFIX = r"(?:hoan thanh truoc|cham nhat|han chot|han|truoc)(?: ngay)?:?"
_OCCASION_PREFIX = r"(?:(?:nhan|vao) dip|dip)(?: ngay)?|(?:vao )?ngay"
_LEAD_RE = re.compile(rf"\s*(?:tu )?(?:(?P<due>{_DUE_PREFIX})|(?P<occasion>{_OCCASION_PREFIX}))?\s*")
_RANGE_GAP_RE = re.compile(rf"\s*(?:-|den)\s+(?:{_DUE_PREFIX}\s*)?|\s*-\s*")
_BETWEEN_RE = re.compile(rf"{_SEP}(?:{_DUE_PREFIX}|{_OCCASION_PREFIX})?\s*")


def parse_timing(text: str | None, year: int) -> Schedule:
    normalised = _normalise(text or "")
    if not normalised:
        return Schedule(ScheduleKind.NONE)
    for parser in (_parse_whole_year, _parse_monthly, _parse_quarters, _parse_month, _parse_dates):
        schedule = parser(normalised, year)
        if schedule is not None:
            return schedule
    return Schedule(ScheduleKind.UNPARSED, note=UNPARSED_NOTE)


def quarters_from_label(label: str) -> tuple[int, ...]:
    match = _QUARTERS_IN_LABEL_RE.search(_normalise(label or ""))
    return _expand_list(match["list"], r"qu[yi]", _quarter_number) if match else ()


def schedule_for_quarters(quarters: tuple[int, ...], year: int) -> Schedule:
    quarters = tuple(sorted(set(quarters)))
    if not quarters:
        return Schedule(ScheduleKind.NONE)
    if not set(quarters) <= set(ROMAN):
        raise ValueError(f"Quarter numbers must be 1..4, got {quarters}")
    starts_on = date(year, 3 * quarters[0] - 2, 1)
    due_on = _day_in_month(year, 3 * quarters[-1], 0)
    note = f"Quý {', '.join(ROMAN[q] for q in quarters)} (hạn {_fmt(due_on)})"
    return Schedule(ScheduleKind.QUARTERS, quarters, starts_on, due_on, note=note)


# --- Parsers: each returns a Schedule, or None when the text is not of its form ---


def _parse_whole_year(text: str, year: int) -> Schedule | None:
    match = _WHOLE_YEAR_RE.fullmatch(text)
    if not match:
        return None
    year = _year_or(match["year"], year)
    return Schedule(ScheduleKind.YEAR, starts_on=date(year, 1, 1), due_on=date(year, 12, 31), note=f"Cả năm {year}")


def _parse_monthly(text: str, year: int) -> Schedule | None:
    match = _MONTHLY_RE.fullmatch(text)
    if not match:
        return None
    year = _year_or(match["year"], year)
    day = int(match["day"] or 0)
    if match["day"] and not 1 <= day <= 31:
        raise TimingError(f"Ngày {day} hằng tháng không tồn tại: ngày trong tháng phải từ 1 đến 31.")
    note = f"Ngày {day} hằng tháng" if day else "Hằng tháng (cuối mỗi tháng)"
    due_on = _day_in_month(year, 12, day)
    return Schedule(ScheduleKind.MONTHLY, starts_on=date(year, 1, 1), due_on=due_on, recurrence_day=day, note=note)


def _parse_quarters(text: str, year: int) -> Schedule | None:
    match = _QUARTERS_RE.fullmatch(text)
    if not match:
        return None
    quarters = _expand_list(match["list"], r"qu[yi]", _quarter_number)
    return schedule_for_quarters(quarters, _year_or(match["year"], year))


def _parse_month(text: str, year: int) -> Schedule | None:
    match = _MONTH_RE.fullmatch(text)
    if not match:
        return None
    year = _year_or(match["year"], year)
    months = _expand_list(match["list"], "thang", int)
    for month in months:
        if not 1 <= month <= 12:
            raise TimingError(f"Tháng {month} không tồn tại: một năm chỉ có 12 tháng.")
    first, last = months[0], months[-1]
    due_on = _day_in_month(year, last, 0)
    label = f"Tháng {first}/{year}" if first == last else f"Tháng {first} đến tháng {last}/{year}"
    note = f"{label} (hạn {_fmt(due_on)})"
    return Schedule(ScheduleKind.MONTH, starts_on=date(year, first, 1), due_on=due_on, note=note)


def _parse_dates(text: str, year: int) -> Schedule | None:
    matches = list(_DATE_RE.finditer(text))
    if not matches:
        return None
    gaps = [text[a.end() : b.start()] for a, b in zip(matches, matches[1:], strict=False)]
    lead = _LEAD_RE.fullmatch(text[: matches[0].start()])
    if not lead or text[matches[-1].end() :].strip() or not all(_BETWEEN_RE.fullmatch(gap) for gap in gaps):
        return None
    parts = [_date_parts(match, year) for match in matches]
    if any(part is None for part in parts):
        return None
    # Validate only once the whole cell is understood, so stray numbers in free text never raise.
    dates = sorted({_make_date(*part) for part in parts})
    if len(dates) > 1:
        listed = ", ".join(_fmt(d) for d in dates)
        note = f"Các mốc {listed} (hạn cuối {_fmt(dates[-1])})"
        is_range = len(matches) == 2 and _RANGE_GAP_RE.fullmatch(gaps[0]) is not None
        milestones = (dates[-1],) if is_range else tuple(dates)
        return Schedule(ScheduleKind.DATES, starts_on=dates[0], due_on=dates[-1], note=note, milestones=milestones)
    if lead["occasion"]:
        return Schedule(ScheduleKind.OCCASION, starts_on=dates[0], due_on=dates[0], note=f"Dịp {_fmt(dates[0])}")
    return Schedule(ScheduleKind.DUE_DATE, starts_on=dates[0], due_on=dates[0], note=f"Hạn {_fmt(dates[0])}")


# --- Helpers ---


def _normalise(text: str) -> str:
    # Matching on text stripped of diacritics accepts both "Quý" and "Quy", NFC or NFD input alike.
    text = " ".join(text.split()).lower().replace("đ", "d")
    text = re.sub(r"[\u2013\u2014]", "-", text)
    decomposed = unicodedata.normalize("NFD", text)
    text = "".join(char for char in decomposed if not unicodedata.combining(char))
    return text.rstrip(".; ").strip()


def _expand_list(text: str, item_word: str, to_number) -> tuple[int, ...]:
    """Expand "i, ii" -> (1, 2) and ranges "i - iii" / "i den iii" -> (1, 2, 3); "Quý I, Quý II" may repeat the word."""
    pieces = re.split(rf"({_SEP})(?:{item_word}\s+)?", text)
    numbers = [to_number(pieces[0])]
    for sep, item in zip(pieces[1::2], pieces[2::2], strict=True):
        number = to_number(item)
        if sep.strip() in _RANGE_SEPS:
            low, high = sorted((numbers[-1], number))
            numbers.extend(range(low, high + 1))
        else:
            numbers.append(number)
    return tuple(sorted(set(numbers)))


def _quarter_number(token: str) -> int:
    token = token.strip()
    return int(token) if token.isdigit() else {v.lower(): k for k, v in ROMAN.items()}[token]


def _date_parts(match: re.Match, year: int) -> tuple[int, int, int] | None:
    """(day, month, year) as written, or None for forms we refuse: two-digit years, "15-3" without a year."""
    if match["wd"]:
        day, month, written_year = match["wd"], match["wm"], match["wy"]
    else:
        day, month, written_year = match["d"], match["m"], match["y"]
        if written_year is None and match["sep"] != "/":
            return None
    if written_year is not None and len(written_year) != 4:
        return None
    return int(day), int(month), _year_or(written_year, year)


def _make_date(day: int, month: int, year: int) -> date:
    written = f"{day:02d}/{month:02d}/{year:04d}"
    if year < 1:
        raise TimingError(f"Ngày {written} không tồn tại: năm {year:04d} không hợp lệ.")
    if not 1 <= month <= 12:
        raise TimingError(f"Ngày {written} không tồn tại: không có tháng {month:02d}.")
    if day < 1:
        raise TimingError(f"Ngày {written} không tồn tại: không có ngày {day:02d}.")
    days_in_month = calendar.monthrange(year, month)[1]
    if day > days_in_month:
        raise TimingError(f"Ngày {written} không tồn tại: tháng {month:02d}/{year} chỉ có {days_in_month} ngày.")
    return date(year, month, day)


def _day_in_month(year: int, month: int, day: int) -> date:
    """Day ``day`` of the month, clamped to its length; 0 means the last day."""
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day, last) if day else last)


def _year_or(written: str | None, default: int) -> int:
    return int(written) if written else default


def _fmt(value: date) -> str:
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"
