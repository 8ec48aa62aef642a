"""Parse the free-text "thời gian thực hiện" cell of a plan task into a schedule.

The original text is always kept by the caller; this module derives a due date (for overdue
checks and reminders) from it and says in words what it understood (`describe`). Text we cannot
read is flagged for a human (``UNPARSED``) rather than guessed; only a date that cannot exist
raises ``TimingError``. Pure Python on purpose: no Django import.

What a cell may say, and how it is read (dates are shown dd/mm/yyyy):

- quarters: "Quý I", "Quý I,II", "quý 2", "Q.II", "Quý I - III", "Trong quý IV/2026" -> the
  quarters, due at the end of the last one. Roman and Arabic numbers alike; "Quý I, III" keeps
  both quarters and is due at the end of the third.
- a quarter (or month, or "cả năm") with a deadline: "Quý III, trước ngày 20/8/2026" -> the
  quarter AND the due date 20/08/2026. The date must fall inside the quarter or in the month
  after it (the quarter's report, "Quý IV, trước 15/01/2027"); for months, inside the last month;
  for the year, inside it. Otherwise the cell is UNPARSED.
- a due date: "Trước ngày 15/7/2026", "Hạn chót: 30/6", "Chậm nhất ngày 20/11", "Không quá ngày
  30/11", "15/3/2026", "15-3-2026", "15.3.2026", "15 tháng 3 năm 2026", a two-digit year "15/3/26"
  (-> 2026); also inside a sentence ("Tổ chức hội nghị sơ kết trước ngày 15/7/2026"), with a note
  in brackets ("Trước 30/6/2026 (gửi bản mềm qua email)"), or qualified by "hằng năm". A date
  without a year takes the plan's. "cuối tháng 6", "hết quý III", "cuối năm" -> the last day of
  that period ("đầu"/"giữa" are not read: no day is meant).
- an occasion: "Dịp 2/9", "Nhân dịp 19/5", "Dịp Quốc khánh 2/9", "Ngày 15/3/2026", "Hội nghị ngày
  15/7/2026" -> that day; but not when the words name a document ("Theo Công văn ngày 12/12/2025"
  dates the letter). Occasions named without a date ("Trước Tết Nguyên đán") stay UNPARSED.
- a month: "Tháng 6/2026", "Trong tháng 3", "Tháng 3 - 4", "Từ tháng 3 đến tháng 5",
  "6 tháng đầu năm" (months 1-6), "6 tháng cuối năm" -> due at the end of the last month.
  Months with gaps ("Tháng 3, 6, 9, 12") are one milestone per month, not one span.
- monthly: "Ngày 20 hằng tháng", "20 hàng tháng", "trước ngày 25 hằng tháng", "Hằng tháng, ngày 20",
  "Định kỳ hằng tháng" / "Hằng tháng" / "ngày cuối tháng" (the last day of each month).
  "Hằng quý" is one milestone per quarter.
- a range: "Từ 01/3/2026 đến 30/4/2026", "01/3 - 30/4/2026" -> starts and ends; its one deadline
  is the end. A year written once serves both ends.
- several dates or steps: "15/3 và 15/9", or bulleted lines / ";"-separated steps each with a
  date, a quarter or a month ("- Xây dựng kế hoạch: trước 31/3\n- Tổ chức: Quý II\n- Báo cáo:
  trước 15/11") -> one milestone per step. A line starting in lower case continues the one before.
- the whole year: "Cả năm", "Năm 2026", "Thường xuyên", "Trong năm"; "hằng năm" alone is not read.

Not read, on purpose (UNPARSED, a person decides): "đầu/giữa tháng", "đầu quý", "trước tháng 6",
"sau 15/3", "từ 15/3" without an end, "đến 30/6", week counts, school years, "Khi có văn bản",
two days a month, a bare date or quarter among words without "trước", "trong", "ngày" or a like
word ("Tổ chức hội nghị quý III", "Báo cáo kết quả quý III" may be due after the quarter), a
step with no time while others have one ("- Xây dựng: trước 31/3\n- Tổ chức thực hiện": the task
goes on), steps whose dates without a year run backwards ("- 15/11\n- 15/01": which year?), a
list mixing dates without a year and a year other than the plan's ("15/3 và 15/9/2027"), "A - B"
after "trước" (a list or a range?), and any cell with a number or time word left over that none
of the forms above explains ("Sơ kết 05 năm ... trước 15/7").

Dates outside the plan's year are read but not taken silently: the schedule carries a warning
(``Schedule.warnings``). A date or period in the first quarter of the next year ("trước
15/01/2027" for a 2026 plan, typical of a final report) gets a softer wording than any other year.
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
    # How the cell named each milestone ("31/03/2026", "Quý II", "Tháng 6/2026"), for `describe`.
    milestone_labels: tuple[str, ...] = ()
    # Vietnamese sentences a person must confirm, e.g. a date outside the plan's year.
    warnings: tuple[str, ...] = ()

    @property
    def needs_review(self) -> bool:
        return self.kind == ScheduleKind.UNPARSED

    @property
    def summary(self) -> str:
        return describe(self)

    def occurrences(self) -> list[date]:
        if self.kind == ScheduleKind.MONTHLY and self.starts_on is not None:
            year = self.starts_on.year
            return [_day_in_month(year, month, self.recurrence_day or 0) for month in range(1, 13)]
        if self.kind == ScheduleKind.DATES and self.milestones:
            return list(self.milestones)
        return [self.due_on] if self.due_on else []


def describe(schedule: Schedule) -> str:
    """What the schedule says, in Vietnamese: "Hạn 15/07/2026", "Quý III, hạn 20/08/2026"…

    Works from the schedule's fields alone, so a schedule rebuilt from stored task fields reads the
    same as the one the parser produced."""
    kind, due = schedule.kind, schedule.due_on
    if kind == ScheduleKind.NONE:
        return ""
    if kind == ScheduleKind.UNPARSED and due is not None and schedule.quarters:
        # Not understood; the task follows its group's quarters meanwhile (tasks.services.apply_schedule).
        return f"{UNPARSED_NOTE}; tạm theo {fallback_words(schedule)} của nhóm"
    if kind == ScheduleKind.UNPARSED or (due is None and kind != ScheduleKind.MONTHLY):
        return UNPARSED_NOTE
    if kind == ScheduleKind.QUARTERS:
        return f"Quý {', '.join(ROMAN[q] for q in schedule.quarters)}, hạn {_fmt(due)}"
    if kind == ScheduleKind.DUE_DATE:
        return f"Hạn {_fmt(due)}"
    if kind == ScheduleKind.OCCASION:
        return f"Ngày {_fmt(due)}"
    if kind == ScheduleKind.MONTH:
        first = (schedule.starts_on or due).month
        return f"{_month_label(first, due.month, due.year)}, hạn {_fmt(due)}"
    if kind == ScheduleKind.MONTHLY:
        day = schedule.recurrence_day
        return f"Hằng tháng, ngày {day}" if day else "Hằng tháng, ngày cuối tháng"
    if kind == ScheduleKind.YEAR:
        whole = f"Cả năm {due.year}"
        return whole if (due.month, due.day) == (12, 31) else f"{whole}, hạn {_fmt(due)}"
    if kind == ScheduleKind.DATES:
        milestones = schedule.milestones or (due,)
        if len(milestones) == 1 and schedule.starts_on and schedule.starts_on < milestones[0]:
            return f"Từ {_fmt(schedule.starts_on)} đến {_fmt(milestones[0])}"
        labels = schedule.milestone_labels or tuple(_fmt(d) for d in milestones)
        return f"{len(labels)} mốc: {', '.join(labels)}"
    return UNPARSED_NOTE


def fallback_words(schedule: Schedule) -> str:
    """ "Quý II, hạn 30/06/2025": the quarters a task not understood follows meanwhile."""
    return f"Quý {', '.join(ROMAN[q] for q in schedule.quarters)}, hạn {_fmt(schedule.due_on)}"


def parse_timing(text: str | None, year: int) -> Schedule:
    """Read a timing cell for a plan of ``year``; see the module docstring for what is read."""
    lines = [line for line in (text or "").splitlines() if line.strip()]
    if not lines:
        return Schedule(ScheduleKind.NONE)
    bulleted = len(lines) > 1 and any(_BULLET_RE.match(line) for line in lines)
    sentences = _sentences(lines)
    steps = [part for sentence in sentences for part in _split_steps(sentence)]
    if len(steps) > 1 and any(_undated_step(step, year) for step in steps):
        # "- Xây dựng kế hoạch: trước 31/3\n- Tổ chức thực hiện": the task goes on after 31/3.
        return _unparsed()
    result = None
    if not bulleted:
        # One reading of the whole cell first: "Quý III\nTrước 20/8" is a quarter with a deadline.
        result = _read_segment(_prepare(", ".join(sentences)), year)
        if result.kind == _Reading.NOTE:
            return _unparsed()
    if (result is None or result.kind == _Reading.UNPARSED) and len(steps) > 1:
        result = _read_steps(steps, year)
    if result is None or result.kind != _Reading.SCHEDULE:
        return _unparsed()
    return _finish(result, year)


def quarters_from_label(label: str) -> tuple[int, ...]:
    match = _QUARTERS_IN_LABEL_RE.search(_prepare(label or ""))
    return _expand_list(match["list"], r"qu[yi]", _quarter_number) if match else ()


def schedule_for_quarters(quarters: tuple[int, ...], year: int) -> Schedule:
    quarters = tuple(sorted(set(quarters)))
    if not quarters:
        return Schedule(ScheduleKind.NONE)
    if not set(quarters) <= set(ROMAN):
        raise ValueError(f"Quarter numbers must be 1..4, got {quarters}")
    starts_on = date(year, 3 * quarters[0] - 2, 1)
    due_on = _day_in_month(year, 3 * quarters[-1], 0)
    return _with_note(Schedule(ScheduleKind.QUARTERS, quarters, starts_on, due_on))


# --- Text preparation -------------------------------------------------------------------------
#
# Patterns match a folded form: lower case, no diacritics, single spaces. Folding alone would
# make "thắng" (won) a "tháng" (month) and "sáu" (six) a "sau" (after), so a word that folds to
# one of our keywords but carries other diacritics becomes "_" and matches nothing. Words typed
# without any diacritics are taken as they are.

_KEYWORDS = {
    "truoc": {"trước"}, "sau": set(), "tu": {"từ"}, "den": {"đến"}, "toi": {"tới"}, "ngay": {"ngày"},
    "thang": {"tháng"}, "quy": {"quý"}, "qui": {"quí"}, "nam": {"năm"}, "tuan": {"tuần"},
    "hang": {"hằng", "hàng"}, "moi": {"mỗi"}, "dinh": {"định"}, "ky": {"kỳ", "kì"}, "ki": {"kì"},
    "cuoi": {"cuối"}, "dau": {"đầu"}, "giua": {"giữa"}, "het": {"hết"}, "han": {"hạn"},
    "chot": {"chót"}, "cham": {"chậm"}, "nhat": {"nhất"}, "muon": {"muộn"}, "dip": {"dịp"},
    "tet": {"tết"}, "hoac": {"hoặc"}, "lui": {"lùi"}, "khi": set(), "trong": set(),
    "thuong": {"thường"}, "xuyen": {"xuyên"}, "lien": {"liên"}, "tuc": {"tục"}, "nua": {"nửa"},
    "som": {"sớm"}, "ca": {"cả"}, "suot": {"suốt"}, "va": {"và"}, "vao": {"vào"}, "nhan": {"nhân"},
    "hoan": {"hoàn"}, "thanh": {"thành"}, "khong": {"không"}, "qua": {"quá", "quả"}, "la": {"là"},
    "cung": {"cùng"}, "cua": {"của"}, "bat": {"bắt"}, "lan": {"lần"}, "dot": {"đợt"},
    "buoc": {"bước"}, "doan": {"đoạn"}, "phien": {"phiên"}, "thu": {"thứ"}, "thoi": {"thời"},
    "cac": {"các"}, "nop": {"nộp"},
}  # fmt: skip


def _strip_diacritics(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word.replace("đ", "d"))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _fold_word(match: re.Match) -> str:
    word = match.group()
    if word.isascii():
        return word
    folded = _strip_diacritics(word)
    if folded in _KEYWORDS and unicodedata.normalize("NFC", word) not in _KEYWORDS[folded]:
        return "_" * len(folded)
    return folded


_SHORT_QUARTER_RE = re.compile(r"(?<![a-z_])q\s*\.?\s*(iv|iii|ii|i|[1-4])(?![a-z0-9_])")


def _prepare(text: str) -> str:
    text = unicodedata.normalize("NFC", text).lower().replace("\u00a0", " ")
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", text)
    text = re.sub(r"(?<!\w)(sáu|chín)(?=\s+tháng)", lambda m: {"sáu": "6", "chín": "9"}[m[1]], text)
    text = re.sub(r"[^\W\d_]+", _fold_word, text)
    text = " ".join(text.split())
    text = _SHORT_QUARTER_RE.sub(r"quy \1", text)  # "Q.II", "Q2"
    text = re.sub(r"(?<=\d) ?/ ?(?=\d)", "/", text)  # "15 / 7 / 2026"
    text = re.sub(r"(?<=[a-z])(?=\d)|(?<=\d)(?=[a-z])", " ", text)  # "truoc15/7", "20hang thang"
    return text.strip(" .;,")


_BULLET_RE = re.compile(r"^\s*(?:[-+•*–—]|\d{1,2}[.)](?=\s)|[a-h][.)](?=\s))\s*", re.IGNORECASE)


def _sentences(lines: list[str]) -> list[str]:
    """The cell's lines without bullets; a line starting in lower case continues the one before
    (a sentence wrapped by hand), a bulleted or capitalised line starts a new step."""
    sentences: list[str] = []
    for line in lines:
        body = _BULLET_RE.sub("", line).strip()
        if sentences and not _BULLET_RE.match(line) and body[:1].islower():
            sentences[-1] += " " + body
        else:
            sentences.append(body)
    return sentences


def _undated_step(step: str, year: int) -> bool:
    """A step that names no time at all; a note in brackets is not a step."""
    prepared = _prepare(step)
    if step.startswith("(") or re.fullmatch(r"[\divx\s,.-]*", prepared):
        return False  # a note, or the rest of a list: "Quý I; II"
    try:
        return _read_segment(prepared, year).kind == _Reading.NOTE
    except TimingError:
        return False


def _split_steps(line: str) -> list[str]:
    """A line's ";"-separated parts, leaving brackets whole."""
    parts, depth, current = [], 0, ""
    for char in line:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == ";" and depth <= 0:
            parts.append(current)
            current = ""
        else:
            current += char
    parts.append(current)
    return [part.strip() for part in parts if part.strip()]


# --- Atoms: the pieces of timing a cell is made of ----------------------------------------------

_Q = r"(?:iv|iii|ii|i|[1-4])(?![a-z0-9_])"
_SEP = r"(?:\s*[,;]?\s*(?:va|den|toi)\s+|\s*[,;-]\s*)"
_RANGE_SEPS = {"-", "den", "toi"}
_Q_LIST = rf"{_Q}(?:{_SEP}(?:qu[yi]\s+)?{_Q})*"
_M_ITEM = r"\d{1,2}(?!\d|/\d{1,2}(?!\d))"  # "6", "6/2026", never "11/25"
_M_LIST = rf"{_M_ITEM}(?:{_SEP}(?:thang\s+)?{_M_ITEM})*"
_YEAR_SUFFIX = r"(?:\s*/\s*(?P<y>\d{4})|\s+nam\s+(?P<y2>\d{4}))?(?!\d)"
_W = r"(?<![a-z_])"  # a keyword starts a word


def _date_pattern(tag: str) -> str:
    return (
        rf"(?<![\d/.])(?<!thang )(?<!quy )(?<!qui )(?:"
        rf"(?P<d{tag}>\d{{1,2}})/(?P<m{tag}>\d{{1,2}})(?:/(?P<y{tag}>\d{{4}}|\d{{2}}))?"
        rf"|(?P<pd{tag}>\d{{1,2}})(?P<ps{tag}>[.-])(?P<pm{tag}>\d{{1,2}})(?P=ps{tag})(?P<py{tag}>\d{{4}}|\d{{2}})"
        rf"|(?P<wd{tag}>\d{{1,2}})\s+thang\s+(?P<wm{tag}>\d{{1,2}})"
        rf")(?![\d/])(?!\.\d)(?:\s*,?\s+nam\s+(?P<ny{tag}>\d{{4}})(?!\d))?"
    )


_DUE = (
    r"(?:(?:hoan thanh|xong)\s+)?(?:truoc|cham nhat(?:\s+la)?|muon nhat(?:\s+la)?|han chot|han nop|han"
    r"|khong qua|khong muon hon)(?:\s*:)?(?:\s+(?:het\s+)?ngay)?|hoan thanh(?:\s+(?:vao|trong))?(?:\s+ngay)?"
)
_DAY = r"(?:\d{1,2}|cuoi(?:\s+cung)?)"
_DAY_PREFIX = r"(?:(?:truoc|vao|cham nhat|han chot|han|khong qua)\s+)"

_MONTHLY_RE = re.compile(
    rf"{_W}(?:dinh ky\s+)?(?:{_DAY_PREFIX}?(?:ngay\s+)?(?P<day>{_DAY})\s+(?:cua\s+)?)?(?:hang|moi)\s+thang"
    rf"(?:\s*[,:(]?\s*{_DAY_PREFIX}?ngay\s+(?P<day2>{_DAY})(?:\s+(?:cua\s+)?thang)?\s*\)?)?"
    rf"(?:\s+(?:nam\s+)?(?P<year>\d{{4}})(?!\d))?"
    rf"|{_W}(?:dinh ky\s+)?{_DAY_PREFIX}?ngay\s+cuoi(?:\s+cung)?\s+(?:cua\s+)?thang(?!\s*[\d,;-])"
)
_QUARTERLY_RE = re.compile(rf"{_W}(?:dinh ky\s+)?(?:hang|moi)\s+quy(?!\s+{_Q})")
_YEARLY_RE = re.compile(rf"{_W}(?:dinh ky\s+)?(?:hang|moi)\s+nam(?!\s*\d)")
_RANGE_RE = re.compile(
    rf"(?:{_W}(?:(?:ke\s+)?tu|bat dau(?:\s+tu)?)(?:\s+ngay)?\s+)?{_date_pattern('a')}"
    rf"\s*(?:-|den\s|toi\s)\s*(?:(?:het|truoc)\s+)?(?:ngay\s+)?{_date_pattern('b')}"
)
# The name of an occasion between "dịp" and its date: "Dịp Quốc khánh 2/9".
_OCCASION_NAME = (
    r"(?:\s+(?:(?!(?:truoc|sau|tu|den|toi|thang|qu[yi]|nam|tuan|hang|moi|cuoi|dau|giua|het|han|cham|hoac|khi"
    r"|trong)(?![a-z_]))[a-z_]+|-)){0,10}?"
)
_DATE_RE = re.compile(
    rf"(?:{_W}(?:(?P<due>{_DUE})|(?P<dip>(?:(?:nhan|vao)\s+)?dip{_OCCASION_NAME})|(?P<day>vao\s+ngay|vao|ngay)"
    rf"|(?P<start>(?:ke\s+)?tu(?:\s+ngay)?|bat dau(?:\s+tu)?(?:\s+ngay)?)|(?P<after>sau(?:\s+ngay)?))\s*:?\s*)?"
    rf"{_date_pattern('')}"
)
_HALF_RE = re.compile(r"(?<![\d/])(?P<n>0?[369])\s+thang(?:\s+(?P<half>dau|cuoi)\s+nam(?:\s+(?P<y>\d{4}))?)?(?![\d/])")
_YEAR_END_RE = re.compile(rf"{_W}(?:cuoi|het)\s+nam(?:\s+(?P<y>\d{{4}}))?(?!\d|\s+hoc)")
_QUARTERS_RE = re.compile(
    rf"{_W}(?:(?P<pre>trong|tu|cuoi|het)\s+)?(?:cac\s+)?qu[yi]\s+(?P<list>{_Q_LIST}){_YEAR_SUFFIX}"
)
_MONTHS_RE = re.compile(
    rf"{_W}(?:(?P<pre>trong|tu|cuoi|het|vao)\s+)?(?<!\d\s)thang\s+(?P<list>{_M_LIST}){_YEAR_SUFFIX}"
)
_WHOLE_YEAR_RE = re.compile(
    rf"{_W}(?:(?:thuong xuyen|lien tuc)(?:\s*,?\s*(?:thuong xuyen|lien tuc))?(?:\s*,?\s*(?:ca|trong|suot)\s+nam)?"
    rf"|(?:ca|trong|suot)(?:\s+ca)?\s+nam)(?:\s+(?:nam\s+)?(?P<y>\d{{4}})(?!\s*-\s*\d))?(?!\s*\d|\s+hoc)"
)
_BARE_YEAR_RE = re.compile(rf"{_W}nam\s+(?P<y>\d{{4}})(?!\d|\s*-\s*\d)")
_QUARTERS_IN_LABEL_RE = re.compile(rf"{_W}qu[yi]\s+(?P<list>{_Q_LIST})")

# A quarter, month or year right after these words names what a report is about, not when it is
# due: "Báo cáo sơ kết 6 tháng đầu năm, trước 15/7" is due 15/07.
_REPORT_RE = re.compile(rf"{_W}(?:so ket|tong ket|bao cao|danh gia|ket qua|kiem diem)(?![a-z_])")

# Left-over words that speak of time: if any remains unexplained, the cell is not understood.
_TIME_WORDS_RE = re.compile(
    r"(?<![a-z_])(?:truoc|sau|tu|den|toi|ngay|thang|qu[yi]|nam|tuan|hang|moi|dinh ky|ky|ki|cuoi|dau|giua"
    r"|het|han|cham|muon|dip|tet|hoac|lui|khi|trong|thuong xuyen|lien tuc|nua|som|thoi gian)(?![a-z_])"
)
# ...except inside these phrases.
_HARMLESS_RE = re.compile(
    r"(?<![a-z_])(?:quy (?:dinh|che|trinh|mo|chuan)|viet nam|nam (?:bo|dinh)|dau tu|dau moi|ky niem|ky thuat"
    r"|ky ket|tu lieu|tu van)(?![a-z_])"
)
_STEP_LABEL_RE = re.compile(
    r"(?<![a-z_])(?:dot|lan|buoc|giai doan|phien|ky)\s+(?:thu\s+[a-z]+|\d{1,2}|[ivx]+)(?![a-z0-9_/])"
)
_CONSUMED = "\x01"


@dataclass
class _Atom:
    kind: str  # date, range, quarters, months, half, monthly, quarterly, yearly, year, year_end
    start: int
    end: int = 0
    prefix: str | None = None  # dates: due, dip, day, start, after; quarters/months: trong, tu, cuoi, het…
    parts: tuple = ()  # dates: (day, month, year|None); ranges: both
    numbers: tuple[int, ...] = ()
    year: int | None = None
    day: int | None = None
    subject: bool = False  # names what a report is about ("Báo cáo quý III")
    bare: bool = False  # years: "năm 2026" alone, not "cả năm"/"thường xuyên"


def _extract(text: str) -> tuple[list[_Atom], str]:
    """Every timing atom of the text, in order, and the text with their spans blanked out."""
    atoms: list[_Atom] = []
    work = text
    for pattern, make in _ATOM_READERS:
        for match in pattern.finditer(work):
            atom = make(match)
            atom.end = match.end()
            before = work[: match.start()].replace(_CONSUMED, " ")
            atom.subject = atom.subject and bool(_REPORT_RE.search(before))
            atoms.append(atom)
        work = pattern.sub(lambda m: _CONSUMED * len(m.group()), work)
    atoms.sort(key=lambda atom: atom.start)
    return atoms, work


def _date_parts(match: re.Match, tag: str = "") -> tuple | None:
    if match[f"d{tag}"]:
        day, month, written = match[f"d{tag}"], match[f"m{tag}"], match[f"y{tag}"]
    elif match[f"pd{tag}"]:
        day, month, written = match[f"pd{tag}"], match[f"pm{tag}"], match[f"py{tag}"]
    else:
        day, month, written = match[f"wd{tag}"], match[f"wm{tag}"], None
    suffix = match[f"ny{tag}"]
    if written and suffix:
        return None
    written = written or suffix
    year = None if written is None else int(written) + (2000 if len(written) == 2 else 0)
    return int(day), int(month), year


def _read_monthly(match: re.Match) -> _Atom:
    days = [_monthly_day(value) for value in (match["day"], match["day2"]) if value]
    if len(set(days)) > 1:
        return _Atom("invalid", match.start())
    year = int(match["year"]) if match["year"] else None
    day = days[0] if days else 0
    return _Atom("monthly", match.start(), day=day, year=year)


def _monthly_day(value: str) -> int:
    return 0 if value.startswith("cuoi") else int(value) or -1


def _read_range(match: re.Match) -> _Atom:
    first, second = _date_parts(match, "a"), _date_parts(match, "b")
    if first is None or second is None:
        return _Atom("invalid", match.start())
    return _Atom("range", match.start(), parts=(first, second))


def _read_date(match: re.Match) -> _Atom:
    parts = _date_parts(match)
    if parts is None:
        return _Atom("invalid", match.start())
    prefix = next((name for name in ("due", "dip", "day", "start", "after") if match[name]), None)
    return _Atom("date", match.start(), prefix=prefix, parts=parts)


def _read_half(match: re.Match) -> _Atom:
    n = int(match["n"])
    if not match["half"]:
        # "Báo cáo 6 tháng" names a report; "6 tháng" alone says no when.
        return _Atom("half", match.start(), subject=True, numbers=())
    months = tuple(range(1, n + 1)) if match["half"] == "dau" else tuple(range(13 - n, 13))
    year = int(match["y"]) if match["y"] else None
    return _Atom("half", match.start(), numbers=months, year=year, subject=True)


def _read_year_end(match: re.Match) -> _Atom:
    return _Atom("year_end", match.start(), prefix="cuoi", year=int(match["y"]) if match["y"] else None)


def _read_quarters(match: re.Match) -> _Atom:
    quarters = _expand_list(match["list"], r"qu[yi]", _quarter_number)
    year = match["y"] or match["y2"]
    pre = match["pre"]
    return _Atom(
        "quarters", match.start(), prefix=pre, numbers=quarters, year=int(year) if year else None, subject=pre is None
    )


def _read_months(match: re.Match) -> _Atom:
    months = _expand_list(match["list"], "thang", int)
    year = match["y"] or match["y2"]
    pre = match["pre"]
    return _Atom(
        "months", match.start(), prefix=pre, numbers=months, year=int(year) if year else None, subject=pre is None
    )


def _read_whole_year(match: re.Match) -> _Atom:
    return _Atom("year", match.start(), year=int(match["y"]) if match["y"] else None)


def _read_bare_year(match: re.Match) -> _Atom:
    return _Atom("year", match.start(), year=int(match["y"]), bare=True, subject=True)


# In this order: each reader sees only text the ones before it left.
_ATOM_READERS = [
    (_MONTHLY_RE, _read_monthly),
    (_QUARTERLY_RE, lambda m: _Atom("quarterly", m.start())),
    (_YEARLY_RE, lambda m: _Atom("yearly", m.start())),
    (_RANGE_RE, _read_range),
    (_DATE_RE, _read_date),
    (_HALF_RE, _read_half),
    (_YEAR_END_RE, _read_year_end),
    (_QUARTERS_RE, _read_quarters),
    (_MONTHS_RE, _read_months),
    (_WHOLE_YEAR_RE, _read_whole_year),
    (_BARE_YEAR_RE, _read_bare_year),
]


# --- Reading a segment ---------------------------------------------------------------------------


@dataclass
class _Milestone:
    on: date
    label: str
    start: date


@dataclass
class _Reading:
    SCHEDULE, NOTE, UNPARSED = "schedule", "note", "unparsed"

    kind: str
    schedule: Schedule | None = None
    milestones: tuple[_Milestone, ...] = ()  # what a step contributes to a several-steps cell
    periods: tuple[tuple[str, date, date], ...] = ()  # (label, first day, last day), for warnings
    yearless: bool = False  # some date was written without a year


_NOT_READ = _Reading(_Reading.UNPARSED)


@dataclass
class _Leftover:
    free_outside: bool  # words outside brackets and step labels ("Tổ chức hội nghị …")
    free_anywhere: bool
    names_document: bool  # "Công văn ngày 12/12/2025": that date is the document's


_DOCUMENT_RE = re.compile(
    r"(?<![a-z_])(?:theo|can cu|cong van|van ban|quyet dinh|ke hoach|thong bao|chi thi|nghi quyet|nghi dinh"
    r"|thong tu|huong dan|ban hanh|so(?! ket))(?![a-z_])"
)


def _leftover(work: str) -> _Leftover | None:
    """What the atoms did not explain; None if it holds a number or a time word."""
    text = _STEP_LABEL_RE.sub(" ", _HARMLESS_RE.sub(" ", re.sub(f"{_CONSUMED}+", " § ", work)))
    if re.search(r"\d", text) or _TIME_WORDS_RE.search(text):
        return None
    outside = re.sub(r"\([^()]*\)?|\[[^\]]*\]?", " ", text)
    outside = re.sub(r"[^:§]*:(?=[^:]*§)", " ", outside)  # "Xây dựng kế hoạch: trước 31/3"
    outside = re.sub(r"§\s*:[^§]*", "§", outside)  # "Quý I: Xây dựng kế hoạch"
    words = re.compile(r"[a-z_]{2,}")
    separators = {"va", "la"}
    return _Leftover(
        free_outside=any(w not in separators for w in words.findall(outside)),
        free_anywhere=any(w not in separators for w in words.findall(text)),
        names_document=bool(_DOCUMENT_RE.search(text)),
    )


def _read_segment(text: str, year: int) -> _Reading:
    if not text:
        return _Reading(_Reading.NOTE)
    if text == "nam":
        text = "ca nam"
    atoms, work = _extract(text)
    leftover = _leftover(work)
    if leftover is None or any(atom.kind == "invalid" for atom in atoms):
        return _NOT_READ
    if not atoms:
        return _Reading(_Reading.NOTE)
    if any(_dash_between(work, a, b) for a, b in zip(atoms, atoms[1:], strict=False)):
        return _NOT_READ  # "Trước 30/6 - 15/12": a list or a range?
    atoms = _drop_context(atoms)
    if atoms is None:
        return _NOT_READ
    if len(atoms) == 1:
        return _read_single(atoms[0], leftover, year)
    return _read_several(atoms, leftover, year)


def _dash_between(work: str, first: _Atom, second: _Atom) -> bool:
    if first.kind not in ("date", "range") or second.kind not in ("date", "range"):
        return False
    return work[first.end : second.start].strip() == "-"


def _drop_context(atoms: list[_Atom]) -> list[_Atom] | None:
    """Remove atoms that only qualify the others: "hằng năm", the subject of a report."""
    atoms = [a for a in atoms if a.kind != "yearly"]
    if not atoms:
        return None  # "Hằng năm" alone names no date of this plan
    if any(not a.subject for a in atoms):
        atoms = [a for a in atoms if not a.subject]
    if any(a.kind == "half" and not a.numbers for a in atoms):
        return None  # "6 tháng" that is not the name of a report
    return atoms


def _read_single(atom: _Atom, leftover: _Leftover, year: int) -> _Reading:
    free = leftover.free_outside
    kind = atom.kind
    if kind == "date":
        if atom.prefix in ("start", "after") or (free and atom.prefix is None):
            return _NOT_READ
        if free and atom.prefix == "day" and leftover.names_document:
            return _NOT_READ  # "Theo Công văn ngày 12/12/2025" dates the letter, not the task
        day = _make_date(*_resolve(atom.parts, year))
        sched_kind = ScheduleKind.OCCASION if atom.prefix in ("dip", "day") else ScheduleKind.DUE_DATE
        return _dated(Schedule(sched_kind, starts_on=day, due_on=day), atom.parts[2] is None, [(_fmt(day), day, day)])
    if kind == "range":
        return _read_range_atom(atom, year)
    if kind == "monthly":
        return _read_monthly_atom(atom, year)
    if kind == "quarterly":
        milestones = [_quarter_milestone((q,), year, year) for q in ROMAN]
        return _milestones_reading(milestones, yearless=True, periods=[])
    if free and (atom.prefix is None if kind != "year" else atom.bare):
        # "Báo cáo quý III" may be about the quarter and due after it; "trong quý III" is plain.
        return _NOT_READ
    return _period_reading(atom, year)


def _read_several(atoms: list[_Atom], leftover: _Leftover, year: int) -> _Reading:
    dated = [a for a in atoms if a.kind in ("date", "range")]
    periods = [a for a in atoms if a.kind not in ("date", "range")]
    for atom in dated:
        if atom.kind == "date" and atom.prefix in ("start", "after"):
            return _NOT_READ
        if atom.kind == "date" and atom.prefix in (None, "day") and leftover.free_anywhere:
            return _NOT_READ  # a bare date among words may be a document's date
    if not periods:
        written = {parts[2] for a in dated for parts in (a.parts if a.kind == "range" else (a.parts,))}
        if None in written and written - {None, year}:
            return _NOT_READ  # "15/3 và 15/9/2027": does 2027 cover both dates?
        readings = [_read_single(atom, leftover, year) for atom in dated]
        return _combine_steps(readings, ordered=False)
    if (
        len(periods) == 1
        and len(dated) == 1
        and dated[0].kind == "date"
        and periods[0].kind
        in (
            "quarters",
            "months",
            "half",
            "year",
        )
    ):
        return _period_with_deadline(periods[0], dated[0], year)
    return _NOT_READ


def _period_with_deadline(period_atom: _Atom, date_atom: _Atom, year: int) -> _Reading:
    """ "Quý III, trước ngày 20/8" keeps the quarter and the deadline, which must lie inside it."""
    if date_atom.prefix in ("dip", "day"):
        return _NOT_READ
    period = _period_reading(period_atom, year)
    if period.kind != _Reading.SCHEDULE:
        return period
    base = period.schedule
    if base.kind not in (ScheduleKind.QUARTERS, ScheduleKind.MONTH, ScheduleKind.YEAR):
        return _NOT_READ  # "cuối tháng 6, trước 20/6"
    due = _make_date(*_resolve(date_atom.parts, year))
    earliest, latest = base.starts_on, base.due_on
    if base.kind == ScheduleKind.MONTH:
        earliest = date(base.due_on.year, base.due_on.month, 1)  # `describe` names months by their ends
    if base.kind == ScheduleKind.QUARTERS:
        # The quarter's report may be due in the next month: "Quý IV, trước 15/01/2027".
        following = date(latest.year + latest.month // 12, latest.month % 12 + 1, 1)
        latest = _day_in_month(following.year, following.month, 0)
    if not earliest <= due <= latest:
        return _NOT_READ
    schedule = Schedule(base.kind, base.quarters, base.starts_on, due)
    periods = (*period.periods, (_fmt(due), due, due))
    return _Reading(
        _Reading.SCHEDULE,
        schedule,
        (_Milestone(due, _fmt(due), base.starts_on),),
        periods,
        period.yearless or date_atom.parts[2] is None,
    )


def _period_reading(atom: _Atom, year: int) -> _Reading:
    at = atom.year or year
    yearless = atom.year is None
    if atom.kind == "year_end":
        end = date(at, 12, 31)
        return _dated(Schedule(ScheduleKind.DUE_DATE, starts_on=end, due_on=end), yearless, [(f"Năm {at}", end, end)])
    if atom.kind == "year":
        schedule = Schedule(ScheduleKind.YEAR, starts_on=date(at, 1, 1), due_on=date(at, 12, 31))
        return _Reading(
            _Reading.SCHEDULE,
            schedule,
            (_Milestone(schedule.due_on, f"Cả năm {at}", schedule.starts_on),),
            ((f"Năm {at}", schedule.starts_on, schedule.due_on),),
            yearless,
        )
    if atom.kind == "quarters":
        if atom.prefix in ("cuoi", "het"):
            if len(atom.numbers) != 1:
                return _NOT_READ
            end = _day_in_month(at, 3 * atom.numbers[0], 0)
            label = _quarters_label(atom.numbers, at, year)
            return _dated(Schedule(ScheduleKind.DUE_DATE, starts_on=end, due_on=end), yearless, [(label, end, end)])
        milestone = _quarter_milestone(atom.numbers, at, year)
        schedule = schedule_for_quarters(atom.numbers, at)
        period = (milestone.label, schedule.starts_on, schedule.due_on)
        return _Reading(_Reading.SCHEDULE, schedule, (milestone,), (period,), yearless)
    if atom.kind in ("months", "half"):
        months = atom.numbers
        for month in months:
            if not 1 <= month <= 12:
                raise TimingError(f"Tháng {month} không tồn tại: một năm chỉ có 12 tháng.")
        if atom.prefix in ("cuoi", "het"):
            if len(months) != 1:
                return _NOT_READ
            end = _day_in_month(at, months[0], 0)
            label = _month_label(months[0], months[0], at)
            return _dated(Schedule(ScheduleKind.DUE_DATE, starts_on=end, due_on=end), yearless, [(label, end, end)])
        if list(months) != list(range(months[0], months[-1] + 1)):
            # "Tháng 3, 6, 9, 12": one deadline per month, not one span from March to December.
            milestones = [_month_milestone(m, m, at) for m in months]
            periods = [(m.label, m.start, m.on) for m in milestones]
            return _milestones_reading(milestones, yearless, periods)
        milestone = _month_milestone(months[0], months[-1], at)
        schedule = Schedule(ScheduleKind.MONTH, starts_on=milestone.start, due_on=milestone.on)
        return _Reading(
            _Reading.SCHEDULE, schedule, (milestone,), ((milestone.label, milestone.start, milestone.on),), yearless
        )
    return _NOT_READ


def _read_range_atom(atom: _Atom, year: int) -> _Reading:
    (d1, m1, y1), (d2, m2, y2) = atom.parts
    # A year written once serves both ends: "từ 15/3 đến 30/4/2026", "từ 15/12 đến 15/01/2027".
    if y1 is None and y2 is not None:
        y1 = y2 if (m1, d1) <= (m2, d2) else y2 - 1
    elif y2 is None and y1 is not None:
        y2 = y1 if (m1, d1) <= (m2, d2) else y1 + 1
    elif y1 is None:
        y1 = y2 = year
    start, end = _make_date(d1, m1, y1), _make_date(d2, m2, y2)
    if start >= end:
        return _NOT_READ
    schedule = Schedule(ScheduleKind.DATES, starts_on=start, due_on=end, milestones=(end,))
    periods = ((_fmt(start), start, start), (_fmt(end), end, end))
    yearless = atom.parts[0][2] is None or atom.parts[1][2] is None
    return _Reading(_Reading.SCHEDULE, schedule, (_Milestone(end, _fmt(end), start),), periods, yearless)


def _read_monthly_atom(atom: _Atom, year: int) -> _Reading:
    day = atom.day
    if day is not None and not 0 <= day <= 31:
        raise TimingError(f"Ngày {0 if day < 0 else day} hằng tháng không tồn tại: ngày trong tháng phải từ 1 đến 31.")
    at = atom.year or year
    schedule = Schedule(
        ScheduleKind.MONTHLY, starts_on=date(at, 1, 1), due_on=_day_in_month(at, 12, day), recurrence_day=day
    )
    return _Reading(_Reading.SCHEDULE, schedule, (), ((f"Năm {at}", date(at, 1, 1), date(at, 12, 31)),))


def _dated(schedule: Schedule, yearless: bool, periods: list) -> _Reading:
    milestone = _Milestone(schedule.due_on, _fmt(schedule.due_on), schedule.starts_on)
    return _Reading(_Reading.SCHEDULE, schedule, (milestone,), tuple(periods), yearless)


def _quarter_milestone(quarters: tuple[int, ...], at: int, plan_year: int) -> _Milestone:
    schedule = schedule_for_quarters(quarters, at)
    return _Milestone(schedule.due_on, _quarters_label(quarters, at, plan_year), schedule.starts_on)


def _quarters_label(quarters: tuple[int, ...], at: int, plan_year: int) -> str:
    label = f"Quý {', '.join(ROMAN[q] for q in quarters)}"
    return label if at == plan_year else f"{label}/{at}"


def _month_milestone(first: int, last: int, at: int) -> _Milestone:
    return _Milestone(_day_in_month(at, last, 0), _month_label(first, last, at), date(at, first, 1))


def _month_label(first: int, last: int, at: int) -> str:
    return f"Tháng {first}/{at}" if first == last else f"Tháng {first} đến tháng {last}/{at}"


def _milestones_reading(milestones: list[_Milestone], yearless: bool, periods: list) -> _Reading:
    by_date: dict[date, _Milestone] = {}
    for milestone in sorted(milestones, key=lambda m: m.on):
        by_date.setdefault(milestone.on, milestone)
    ordered = list(by_date.values())
    if len(ordered) == 1:
        only = ordered[0]
        schedule = Schedule(ScheduleKind.DUE_DATE, starts_on=only.on, due_on=only.on)
        return _Reading(_Reading.SCHEDULE, schedule, (only,), tuple(periods), yearless)
    schedule = Schedule(
        ScheduleKind.DATES,
        starts_on=min(m.start for m in ordered),
        due_on=ordered[-1].on,
        milestones=tuple(m.on for m in ordered),
        milestone_labels=tuple(m.label for m in ordered),
    )
    return _Reading(_Reading.SCHEDULE, schedule, tuple(ordered), tuple(periods), yearless)


def _combine_steps(readings: list[_Reading], ordered: bool) -> _Reading:
    """Several dated parts of one cell: one milestone each (a range counts by its end)."""
    timed = [r for r in readings if r.kind != _Reading.NOTE]
    if not timed or any(r.kind != _Reading.SCHEDULE for r in timed):
        return _NOT_READ
    if len(timed) == 1:
        return timed[0]
    milestones, periods = [], []
    for reading in timed:
        if reading.schedule.kind in (ScheduleKind.MONTHLY, ScheduleKind.YEAR) or not reading.milestones:
            return _NOT_READ
        milestones.extend(reading.milestones)
        periods.extend(reading.periods)
    yearless = any(r.yearless for r in timed)
    if ordered and yearless and any(b.on < a.on for a, b in zip(milestones, milestones[1:], strict=False)):
        return _NOT_READ  # "- Tổng kết: trước 15/12\n- Báo cáo: trước 15/01" — which year?
    return _milestones_reading(milestones, yearless, periods)


def _read_steps(steps: list[str], year: int) -> _Reading:
    readings = []
    error = None
    for step in steps:
        try:
            readings.append(_read_segment(_prepare(step), year))
        except TimingError as exc:  # raise only if the whole cell is understood
            error = error or exc
            readings.append(_Reading(_Reading.SCHEDULE))
    if error is not None:
        if all(r.kind != _Reading.UNPARSED for r in readings):
            raise error
        return _NOT_READ
    return _combine_steps(readings, ordered=True)


def _finish(reading: _Reading, year: int) -> Schedule:
    schedule = reading.schedule
    warnings = []
    for label, first, last in reading.periods:
        warning = _year_warning(label, first, last, year)
        if warning and warning not in warnings:
            warnings.append(warning)
    return _with_note(
        Schedule(
            schedule.kind,
            schedule.quarters,
            schedule.starts_on,
            schedule.due_on,
            schedule.recurrence_day,
            milestones=schedule.milestones,
            milestone_labels=schedule.milestone_labels,
            warnings=tuple(warnings),
        )
    )


def _year_warning(label: str, first: date, last: date, year: int) -> str | None:
    if first.year == last.year == year:
        return None
    label = f"Ngày {label}" if label[:1].isdigit() else label
    if first.year == last.year == year + 1 and last <= date(year + 1, 3, 31):
        # A final report of the year is often due early next year: likely meant, but say so.
        return (
            f"{label} thuộc đầu năm {year + 1}, sau năm của kế hoạch ({year}) — cần xác nhận "
            "nếu không phải hạn báo cáo, tổng kết năm"
        )
    return f"{label} không thuộc năm của kế hoạch ({year}) — cần xác nhận"


def _unparsed() -> Schedule:
    return Schedule(ScheduleKind.UNPARSED, note=UNPARSED_NOTE)


def _with_note(schedule: Schedule) -> Schedule:
    return Schedule(
        schedule.kind,
        schedule.quarters,
        schedule.starts_on,
        schedule.due_on,
        schedule.recurrence_day,
        describe(schedule),
        schedule.milestones,
        schedule.milestone_labels,
        schedule.warnings,
    )


# --- Helpers ---


def _resolve(parts: tuple, year: int) -> tuple[int, int, int]:
    day, month, written = parts
    return day, month, written if written is not None else year


def _expand_list(text: str, item_word: str, to_number) -> tuple[int, ...]:
    """Expand "i, ii" -> (1, 2) and ranges "i - iii" / "i den iii" -> (1, 2, 3); "Quý I, Quý II" may repeat the word."""
    pieces = re.split(rf"({_SEP})(?:{item_word}\s+)?", text)
    numbers = [to_number(pieces[0])]
    for sep, item in zip(pieces[1::2], pieces[2::2], strict=True):
        number = to_number(item)
        if sep.strip(" ,;") in _RANGE_SEPS or sep.strip() in _RANGE_SEPS:
            low, high = sorted((numbers[-1], number))
            numbers.extend(range(low, high + 1))
        else:
            numbers.append(number)
    return tuple(sorted(set(numbers)))


def _quarter_number(token: str) -> int:
    token = token.strip()
    return int(token) if token.isdigit() else {v.lower(): k for k, v in ROMAN.items()}[token]


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


def _fmt(value: date) -> str:
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"
