"""Read appendix tables out of workbooks that people made, not machines.

openpyxl in full mode (read-only mode cannot see merged ranges): find the header row below any
title rows, map its columns by what the header says (Vietnamese variants, with or without
diacritics), then walk the rows: group rows ("I | Quý I", "A. CÁC NHIỆM VỤ TRỌNG TÂM"), task rows,
and rows a page break split in two (the second half has an empty number cell). Nothing here
touches the database: the result is plain data for the preview and the import service.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field

import openpyxl
from django.core.exceptions import ValidationError
from openpyxl.utils import get_column_letter

from common.xlsx import excel_text, longest_sheet, too_long_message
from units.text import clean, fold

# How many rows above the header may hold titles; a header further down is not a header.
HEADER_SEARCH_ROWS = 30
DEFAULT_MAX_ROWS = 20_000

NUMBER, CONTENT = "number", "content"
UNIT_KEYS = ("directs", "leads", "executes", "coordinates")
TEXT_KEYS = ("timing", "note")
KEY_ORDER = (NUMBER, CONTENT, *UNIT_KEYS, *TEXT_KEYS)
ROLE_LABELS = {
    NUMBER: "số thứ tự",
    CONTENT: "nội dung nhiệm vụ",
    "directs": "đơn vị chỉ đạo",
    "leads": "đơn vị chủ trì",
    "executes": "đơn vị thực hiện",
    "coordinates": "đơn vị phối hợp",
    "timing": "thời gian thực hiện",
    "note": "ghi chú",
}
# Kinds of structural guess, as the preview names them.
GUESS_SUB_HEADER, GUESS_GROUP, GUESS_CONTINUED = "sub_header", "group", "continued"
GUESS_NO_NUMBER, GUESS_TASK = "no_number", "task"
GUESS_LABELS = {
    GUESS_SUB_HEADER: "Vai trò lấy từ dòng tiêu đề thứ hai",
    GUESS_GROUP: "Dòng được đọc là dòng nhóm",
    GUESS_CONTINUED: "Dòng được đọc là phần tiếp của dòng trên",
    GUESS_NO_NUMBER: "Bảng không có cột số thứ tự",
    GUESS_TASK: "Dòng được đọc là nhiệm vụ, không phải dòng nhóm",
}

_ROMAN = re.compile(r"^(?=[IVX])X{0,3}(?:IX|IV|V?I{0,3})$")
_GROUP_NUMBER = re.compile(r"^(?P<mark>[IVX]+|[A-ZĐ])\s*[.)]?$")
_GROUP_IN_TEXT = re.compile(
    r"^(?P<mark>[IVX]+|[A-ZĐ])\s*[.)]\s*(?P<title>\S.*)$|^(?P<mark2>[IVX]+)\s+(?P<title2>\S.*)$", re.S
)
_COLUMN_NUMBER = re.compile(r"^\(?\d{1,2}\)?$")
_LABEL = re.compile(
    r"^(?P<label>ph[uụ]\s+l[uụ]c(?:\s+s[oố])?(?:\s+(?:\d+|[IVX]+)\b)?)[\s.:–-]*(?P<rest>.*)$", re.I | re.S
)
_COORDINATOR_SUFFIX = re.compile(r"[\s,]*\(?\s*phối\s+hợp\s*\)?[\s.;,]*$", re.I)


class WorkbookError(ValidationError):
    """The file cannot be read as a workbook at all; the message is Vietnamese, for the user."""

    def __init__(self, message: str):
        super().__init__(message, code="workbook")


@dataclass
class Problem:
    sheet: str
    row: int | None
    column: str
    value: str
    message: str
    blocking: bool = True
    # Set on a structural guess (a sub-header role, a row read as a group, a continued row): the
    # key the person accepts it by. An unaccepted guess blocks the import like an error.
    guess: str = ""

    def as_dict(self) -> dict:
        data = {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "message": self.message,
            "blocking": self.blocking,
        }
        if self.guess:
            data["guess"] = self.guess
        return data


@dataclass
class ColumnReading:
    """How one column was read: its letter, the header text (both rows of a two-row header) and
    the role taken from it."""

    letter: str
    key: str
    header: str
    sub_header: bool = False

    @property
    def role(self) -> str:
        return ROLE_LABELS[self.key]


@dataclass
class GroupRow:
    key: str
    number: str
    title: str
    row: int
    parent: str | None = None


@dataclass
class TaskRow:
    row: int
    number: str
    content: str
    cells: dict[str, str]
    group: str | None = None
    last_row: int = 0

    @property
    def timing(self) -> str:
        return self.cells.get("timing", "")

    @property
    def note(self) -> str:
        return self.cells.get("note", "")

    def unit_cells(self) -> dict[str, str]:
        return {key: self.cells[key] for key in UNIT_KEYS if self.cells.get(key)}


@dataclass
class SheetTable:
    name: str
    label: str = "PHỤ LỤC"
    title: str = ""
    subtitle: str = ""
    title_lines: list[str] = field(default_factory=list)
    header_row: int | None = None
    columns: list[str] = field(default_factory=list)  # optional columns in table order
    column_labels: dict[str, str] = field(default_factory=dict)
    letters: dict[str, str] = field(default_factory=dict)
    groups: list[GroupRow] = field(default_factory=list)
    tasks: list[TaskRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # What the reader decided about the sheet's structure, shown in the preview.
    readings: list[ColumnReading] = field(default_factory=list)
    header_rows: tuple[int, int] | None = None
    first_row: int | None = None  # first and last rows of the table body
    last_row: int | None = None
    merged: list[str] = field(default_factory=list)  # merged ranges below the header, "C6:C8"

    @property
    def blocked(self) -> bool:
        return any(problem.blocking for problem in self.problems)

    @property
    def guesses(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.guess]

    def guess(self, kind: str, row: int | None, key: str | None, value: str, message: str) -> None:
        """A structural reading a person must accept before the import: blocking until accepted."""
        column = self.column_name(key) if key else ""
        where = f"Trang tính “{self.name}”" + (f", dòng {row}" if row else "") + (f", cột {column}" if column else "")
        self.problems.append(
            Problem(
                self.name, row, column, value, f"{where}: {message}", True, f"{self.name}|{kind}|{row or 0}|{key or ''}"
            )
        )

    def column_name(self, key: str) -> str:
        """ "C (Đơn vị chủ trì)": how a problem names a column, as the user sees it in Excel."""
        letter = self.letters.get(key)
        label = self.column_labels.get(key, "")
        return f"{letter} ({label})" if letter else label

    def problem(self, row, key, value, message, blocking=True) -> None:
        self.problems.append(Problem(self.name, row, self.column_name(key) if key else "", value, message, blocking))


def classify_header(text: str) -> str | None:
    """Column key for a header cell's text, or None when it is not a column we know."""
    words = " ".join(re.sub(r"[^\w]+", " ", fold(text)).split())
    if not words:
        return None
    if words in {"tt", "stt", "so tt", "so thu tu", "thu tu"}:
        return NUMBER
    if words.startswith("noi dung") or words in {"nhiem vu", "ten nhiem vu", "cong viec", "noi dung nhiem vu"}:
        return CONTENT
    if "ghi chu" in words:
        return "note"
    if "phoi hop" in words:
        return "coordinates"
    if words.startswith("thoi gian") or words in {"thoi han", "han hoan thanh", "tien do"}:
        return "timing"
    if "chi dao" in words:
        return "directs"
    if "chu tri" in words or "tham muu" in words:
        return "leads"
    if "thuc hien" in words and ("don vi" in words or "co quan" in words):
        return "executes"
    return None


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value)
    if isinstance(value, datetime.datetime | datetime.date):
        return value.strftime("%d/%m/%Y")
    value = str(value)
    if "_x" in value:
        value = excel_text(value)  # Excel writes a carriage return as _x000D_
    if "\n" not in value and "  " not in value and "\t" not in value and "\xa0" not in value and "\r" not in value:
        if unicodedata.is_normalized("NFC", value):
            return value.strip()  # the common case, without clean()'s per-line work
    return clean(value)


def open_workbook(fileobj, *, filename: str = "tệp", max_rows: int = DEFAULT_MAX_ROWS):
    try:
        biggest = longest_sheet(fileobj)
    except (zipfile.BadZipFile, OSError, EOFError, zipfile.LargeZipFile) as error:
        raise WorkbookError(f"Tệp “{filename}” bị hỏng hoặc không phải bảng tính Excel (.xlsx).") from error
    if biggest > max_rows:
        raise WorkbookError(too_long_message(filename, biggest, max_rows, "phụ lục"))
    try:
        return openpyxl.load_workbook(fileobj, data_only=True)
    except Exception as error:  # openpyxl raises many kinds (KeyError, ParseError…) for broken files
        raise WorkbookError(f"Tệp “{filename}” bị hỏng hoặc không phải bảng tính Excel (.xlsx).") from error


def read_workbook(fileobj, *, filename: str = "tệp", sheets: list[str] | None = None, max_rows=DEFAULT_MAX_ROWS):
    """(sheet names, tables of the chosen sheets) of an .xlsx file."""
    workbook = open_workbook(fileobj, filename=filename, max_rows=max_rows)
    try:
        names = workbook.sheetnames
        chosen = names if sheets is None else [name for name in names if name in sheets]
        return names, [read_sheet(workbook[name]) for name in chosen]
    finally:
        workbook.close()
        # Cells point at their sheet and the sheet at its workbook, so the cells would wait for
        # the cyclic collector; emptied stores free them now, before the tasks are built.
        for sheet in workbook.worksheets:
            sheet._cells.clear()


@dataclass
class Grid:
    """A sheet's values by row (1-based rows, 0-based columns) with vertical merges filled down.

    A unit cell merged over several rows leads all of them, so its value is copied down; the
    copies are kept (`filled`): a number cell merged over two rows means one task split across
    them, not two tasks. Horizontal merges are kept too: `wide` holds the first cell of each (a
    merged group row is told from a task row by it) and `covered` maps every other cell of one to
    its first column (a header "Đơn vị" merged over the sub-headers "Chủ trì | Phối hợp")."""

    rows: list[list]
    wide: set[tuple[int, int]]
    filled: set[tuple[int, int]]
    covered: dict[tuple[int, int], int]
    ranges: list  # openpyxl CellRange
    bold_cells: set[tuple[int, int]]

    def row_is_bold(self, row: int) -> bool:
        filled = [index for index, value in enumerate(self.rows[row]) if value not in (None, "")]
        return bool(filled) and all((row, index) in self.bold_cells for index in filled)


def _grid(sheet) -> Grid:
    max_col = sheet.max_column
    rows = [[None] * max_col for _ in range(sheet.max_row + 1)]  # rows[n] is sheet row n
    bold: set[tuple[int, int]] = set()
    # Straight from the cell store: iterating rows would create a Cell for every empty position.
    for (row, column), cell in sheet._cells.items():
        rows[row][column - 1] = cell.value
        if cell.value not in (None, "") and cell.has_style and cell.font is not None and cell.font.b:
            bold.add((row, column - 1))
    wide: set[tuple[int, int]] = set()
    filled: set[tuple[int, int]] = set()
    covered: dict[tuple[int, int], int] = {}
    ranges = list(sheet.merged_cells.ranges)
    for merged in ranges:
        top, left, bottom, right = merged.min_row, merged.min_col - 1, merged.max_row, merged.max_col - 1
        if right > left:
            wide.add((top, left))
            for column in range(left + 1, right + 1):
                covered[(top, column)] = left
        if bottom > top and top < len(rows):
            value = rows[top][left]
            for r in range(top + 1, min(bottom, len(rows) - 1) + 1):
                rows[r][left] = value
                filled.add((r, left))
    return Grid(rows, wide, filled, covered, ranges, bold)


def read_sheet(sheet) -> SheetTable:
    table = SheetTable(name=sheet.title)
    grid = _grid(sheet)
    rows = grid.rows
    if not any(any(v not in (None, "") for v in row) for row in rows[1:]):
        table.problem(None, None, "", f"Trang tính “{sheet.title}” trống.")
        return table
    header = _find_header(table, grid)
    if header is None:
        return table
    header_row, last_header_row, mapping = header
    table.header_rows = (header_row, last_header_row)
    _read_titles(table, rows[1:header_row])
    _read_body(table, grid, (header_row, last_header_row), mapping)
    _describe_merges(table, grid, last_header_row)
    if not table.tasks and not table.blocked:
        table.problem(None, None, "", f"Trang tính “{sheet.title}” không có dòng nhiệm vụ nào dưới dòng tiêu đề.")
    return table


def _describe_merges(table: SheetTable, grid: Grid, last_header_row: int) -> None:
    for merged in sorted(grid.ranges, key=lambda r: (r.min_row, r.min_col)):
        if merged.max_row <= last_header_row:
            continue
        if merged.max_row > merged.min_row and merged.max_col == merged.min_col:
            how = f"một ô gộp {merged.max_row - merged.min_row + 1} dòng: giá trị dùng cho từng dòng"
        elif merged.max_row == merged.min_row:
            how = "gộp ngang cả dòng: dòng nhóm"
        else:
            how = "gộp nhiều dòng và nhiều cột"
        table.merged.append(f"{merged.coord}: {how}")


def _header_mapping(row: list) -> dict[int, str]:
    mapping: dict[int, str] = {}
    for index, value in enumerate(row):
        key = classify_header(cell_text(value)) if isinstance(value, str) else None
        if key and key not in mapping.values():
            mapping[index] = key
    return mapping


def _umbrella(grid: Grid, number: int, index: int) -> str:
    """The first header row's text above a sub-header cell: its own, the merged cell covering it,
    or (no merge) the nearest filled cell to its left that names no column by itself ("Đơn vị")."""
    row = grid.rows[number]
    if cell_text(row[index]):
        return cell_text(row[index])
    if (number, index) in grid.covered:
        return cell_text(row[grid.covered[(number, index)]])
    for left in range(index - 1, -1, -1):
        text = cell_text(row[left])
        if text:
            return text if classify_header(text) is None else ""
    return ""


def _sub_header(grid: Grid, number: int, mapping: dict[int, str]) -> dict[int, tuple[str, str]]:
    """Columns named by a second header row ("Chủ trì | Phối hợp" under a merged "Đơn vị"), if the
    row below the header is one: its number and content cells are empty (or merged down from the
    header) and at least one of its cells names a unit, timing or note column, alone or read with
    the header above it ("Thực hiện" under "Đơn vị"). Returns index -> (key, header text)."""
    rows = grid.rows
    if number + 1 >= len(rows):
        return {}
    below = {
        index: cell_text(value)
        for index, value in enumerate(rows[number + 1])
        if cell_text(value) and (number + 1, index) not in grid.filled
    }
    if not below or any(mapping.get(index) in (NUMBER, CONTENT) for index in below):
        return {}
    keys = {}
    for index, text in below.items():
        key = classify_header(text)
        umbrella = _umbrella(grid, number, index)
        if key is None and umbrella:
            key = classify_header(f"{umbrella} {text}")
        if key in (NUMBER, CONTENT):
            return {}
        if key:
            keys[index] = (key, text)
    return keys


def _find_header(table: SheetTable, grid: Grid) -> tuple[int, int, dict[int, str]] | None:
    rows = grid.rows
    best = None
    for number in range(1, min(len(rows), HEADER_SEARCH_ROWS + 1)):
        mapping = _header_mapping(rows[number])
        if CONTENT in mapping.values() and (len(mapping) >= 2 or _sub_header(grid, number, mapping)):
            best = (number, mapping)
            break
        if len(mapping) >= 2 and best is None:
            best = (number, mapping)
    if best is None:
        table.problem(
            None,
            None,
            "",
            f"Trang tính “{table.name}”: không tìm thấy dòng tiêu đề của bảng trong {HEADER_SEARCH_ROWS} dòng đầu "
            "(cần các cột như “TT”, “Nội dung”, “Đơn vị chủ trì”, “Thời gian thực hiện”).",
        )
        return None
    number, mapping = best
    table.header_row = last = number
    labels = {index: cell_text(rows[number][index]) for index in mapping}
    sub = _sub_header(grid, number, mapping)
    from_sub: set[int] = set()
    if sub:
        last = number + 1
        for index, (key, text) in sub.items():
            for other in [i for i, k in mapping.items() if k == key and i != index]:
                del mapping[other]
            mapping[index] = key
            labels[index] = text
            from_sub.add(index)
    for index, key in mapping.items():
        table.letters[key] = get_column_letter(index + 1)
        table.column_labels[key] = labels[index]
    if CONTENT not in mapping.values():
        found = ", ".join(f"“{table.column_labels[key]}”" for key in mapping.values())
        table.problems.append(
            Problem(
                table.name,
                number,
                "",
                found,
                f"Trang tính “{table.name}”, dòng {number}: dòng tiêu đề có {found} nhưng không có cột nội dung "
                "(“Nội dung”, “Nội dung thực hiện”, “Nội dung công việc”…).",
            )
        )
        return None
    for index in sorted(mapping):
        key = mapping[index]
        umbrella = _umbrella(grid, number, index) if index in from_sub else ""
        header = f"{umbrella} › {labels[index]}" if umbrella and umbrella != labels[index] else labels[index]
        table.readings.append(ColumnReading(get_column_letter(index + 1), key, header, index in from_sub))
        if index in from_sub:
            table.guess(
                GUESS_SUB_HEADER,
                last,
                key,
                header,
                f"vai trò “{ROLE_LABELS[key]}” lấy từ dòng tiêu đề thứ hai “{labels[index]}”"
                + (f" (dưới “{umbrella}”)" if umbrella and umbrella != labels[index] else "")
                + ".",
            )
    table.columns = [key for key in KEY_ORDER[2:] if key in mapping.values()]
    return number, last, mapping


# A heading of the plan's body ("II. NỘI DUNG…", "2. Nhiệm vụ cụ thể"): the title stops before it.
_BODY_HEADING = re.compile(r"^(?:[IVX]+|\d+)\s*[.)]\s+\S")


def _read_titles(table: SheetTable, rows: list[list]) -> None:
    lines = []
    for row in rows:
        texts = [cell_text(v) for v in row if cell_text(v)]
        if texts:
            lines.append(" ".join(texts))
    table.title_lines = lines
    title_parts, found_label = [], False
    for line in lines:
        label = _LABEL.match(line)
        if label and not found_label:
            # Lines above "PHỤ LỤC" name the issuing body, not the appendix.
            found_label, title_parts = True, []
            table.label = " ".join(label["label"].split()).upper()
            if label["rest"].strip():
                title_parts.append(label["rest"].strip())
        elif _BODY_HEADING.match(line) and (title_parts or found_label):
            break  # the title rows are over: what follows is the plan's text above the table
        elif line.startswith("(") and not table.subtitle:
            table.subtitle = line
        elif not table.subtitle:
            title_parts.append(line)
    table.title = " ".join(title_parts)[:500] or table.name


def _is_repeated_header(cells: list[str], header: list[str]) -> bool:
    # A page break in the source document repeats the header row; a task whose note says
    # "Ghi chú" or whose content starts "Nội dung…" is not one.
    filled = [(index, text.lower()) for index, text in enumerate(cells) if text]
    return len(filled) >= 2 and all(index < len(header) and header[index] == text for index, text in filled)


def _is_column_numbering(texts: list[str]) -> bool:
    # Many tables print "(1) (2) (3)…" or "1 2 3…" under the header.
    filled = [t for t in texts if t]
    if len(filled) < 3 or not all(_COLUMN_NUMBER.match(t) for t in filled):
        return False
    numbers = [int(t.strip("()")) for t in filled]
    return numbers == list(range(numbers[0], numbers[0] + len(numbers)))


def _marker_kind(mark: str, previous_letter: str | None) -> str:
    if _ROMAN.match(mark) and not (previous_letter and ord(mark[0]) == ord(previous_letter) + 1 and len(mark) == 1):
        return "roman"
    return "letter"


# A half ending on these goes on in the next: "Sở Giáo dục và | Đào tạo" is one unit, one sentence.
_CONTINUES = re.compile(r"(?:\b(?:và|của|thuộc|cấp|với)|[-–&,/])\s*$", re.I)
_BULLET = re.compile(r"^\s*[-+•*–]\s")


def _join(first: str, second: str) -> str:
    """Glue the halves of a cell a page break split: mid-sentence with a space, else a new line.

    A half ending on "và", "-", "&", ","… was cut mid-name or mid-sentence: glued with a space."""
    if not first:
        return second
    if not second:
        return first
    if second[0].islower() or second[0] in ",.;:)":
        return f"{first} {second}"
    if _CONTINUES.search(first) and not _BULLET.match(second):
        return f"{first} {second}"
    return f"{first}\n{second}"


# Rows that name a part of the year or of the plan, even without a numeral or a merged cell.
_GROUP_WORDS = re.compile(
    r"^(?:quý|quy|tháng|thang|giai đoạn|đợt|6 tháng|sáu tháng|nhiệm vụ trọng tâm|nhiệm vụ thường xuyên|"
    r"các nhiệm vụ|năm \d{4}|cả năm)\b",
    re.I,
)
_ROMAN_TITLE = re.compile(r"^(?P<mark>[IVX]+|[A-ZĐ])\s*[.)]\s+(?P<title>\S.*)$", re.S)


def _looks_like_group(text: str) -> bool:
    if "\n" in text or len(text) > 150:
        return False
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and (
        all(c.isupper() for c in letters) or bool(_GROUP_WORDS.match(text)) or bool(_ROMAN_TITLE.match(text))
    )


def _read_body(table, grid: Grid, header_rows, mapping) -> None:
    rows, wide, filled = grid.rows, grid.wide, grid.filled
    index_of = {key: index for index, key in mapping.items()}
    number_index = index_of.get(NUMBER)
    numbered = number_index is not None
    content_index = index_of[CONTENT]
    other_keys = [key for key in table.columns]
    levels: list[str] = []  # marker kinds in nesting order: the first kind seen is the outer level
    open_groups: dict[str, GroupRow] = {}
    previous_letter = None
    current: TaskRow | None = None

    def current_group() -> str | None:
        for kind in reversed(levels):
            if kind in open_groups:
                return open_groups[kind].key
        return None

    def open_group(number: str, title: str, kind: str, row: int) -> None:
        nonlocal current
        if kind not in levels:
            levels.append(kind)
        depth = levels.index(kind)
        if depth > 1:  # the model nests one level; deeper groups become siblings of the inner level
            depth = 1
            kind = levels[1]
        for deeper in levels[depth:]:
            open_groups.pop(deeper, None)
        parent = open_groups[levels[0]].key if depth == 1 and levels[0] in open_groups else None
        group = GroupRow(key=f"g{len(table.groups) + 1}", number=number, title=title[:300], row=row, parent=parent)
        table.groups.append(group)
        open_groups[kind] = group
        current = None

    def open_titled_group(text: str, row: int) -> None:
        nonlocal previous_letter
        match = _ROMAN_TITLE.match(text)
        if match:
            kind = _marker_kind(match["mark"], previous_letter)
            previous_letter = match["mark"] if kind == "letter" else previous_letter
            open_group(match["mark"], match["title"].strip(), kind, row)
        else:
            open_group("", text, "blank", row)

    def continue_task(number: int, texts: dict, sure: bool) -> None:
        current.cells[CONTENT] = current.content
        joined = []
        for key in [CONTENT, *other_keys]:
            if (number, index_of[key]) not in filled and texts.get(key):
                current.cells[key] = _join(current.cells.get(key, ""), texts[key])
                joined.append(f"{table.column_name(key)} thành “{current.cells[key]}”")
        current.content = current.cells.pop(CONTENT)
        current.last_row = number
        if not sure:
            said = " | ".join(text for text in texts.values() if text)
            table.guess(
                GUESS_CONTINUED,
                number,
                None,
                said[:200],
                f"dòng này được đọc là phần tiếp của nhiệm vụ dòng {current.row} (dòng bị ngắt trang"
                f"{', không có số thứ tự' if numbered else ''}); đã ghép " + "; ".join(joined) + ".",
            )

    if not numbered:
        table.guess(
            GUESS_NO_NUMBER,
            None,
            None,
            "",
            "bảng không có cột số thứ tự (TT/STT): mỗi dòng có nội dung được đọc là một nhiệm vụ; dòng nhóm được "
            "nhận ra từ ô gộp ngang, chữ đậm hoặc từ khoá (“Quý…”, chữ in hoa, “I.”, “A.”); dòng bắt đầu bằng "
            "chữ thường hoặc không có nội dung là phần tiếp của nhiệm vụ trên.",
        )
    first, last = header_rows
    headers = [[cell_text(value).lower() for value in rows[row]] for row in range(first, last + 1)]
    for number in range(last + 1, len(rows)):
        cells = [cell_text(value) for value in rows[number]]
        if not any(cells) or _is_column_numbering(cells) or any(_is_repeated_header(cells, h) for h in headers):
            continue
        table.first_row = table.first_row or number
        table.last_row = number
        texts = {key: cells[index] for index, key in mapping.items()}
        num = texts.get(NUMBER, "")
        number_filled = numbered and (number, number_index) in filled
        if number_filled:
            num = ""  # the lower part of a number cell merged over a page-split row
        content = texts[CONTENT]
        others = {key: texts.get(key, "") for key in other_keys}
        no_data = not any(others.values())

        if no_data and num and not content and len(num) > 4:
            # A section row merged across the whole table keeps its text in the number cell.
            match = _GROUP_IN_TEXT.match(num)
            if match:
                mark = match["mark"] or match["mark2"]
                title = (match["title"] or match["title2"]).strip()
                kind = _marker_kind(mark, previous_letter)
                previous_letter = mark if kind == "letter" else previous_letter
                open_group(mark, title, kind, number)
            else:
                open_group("", num, "blank", number)
            continue
        group_mark = _GROUP_NUMBER.match(num) if num else None
        if group_mark and no_data and content:
            mark = group_mark["mark"]
            kind = _marker_kind(mark, previous_letter)
            previous_letter = mark if kind == "letter" else previous_letter
            open_group(num, content, kind, number)
            continue
        merged_across = (number, content_index) in wide or (numbered and (number, number_index) in wide)
        if not num and no_data and content and not number_filled:
            if merged_across:
                open_titled_group(content, number)
                continue
            if grid.row_is_bold(number) or _looks_like_group(content):
                open_titled_group(content, number)
                why = "chữ đậm" if grid.row_is_bold(number) else "từ khoá hoặc chữ in hoa"
                table.guess(
                    GUESS_GROUP,
                    number,
                    CONTENT,
                    content[:200],
                    f"“{content[:80]}” không có số thứ tự, không gộp ô nhưng được đọc là dòng nhóm ({why}); "
                    "các nhiệm vụ bên dưới thuộc nhóm này.",
                )
                continue
        if numbered:
            if not num and current is not None:
                # The second half of a row that a page break split: its number cell is empty. Cells
                # merged over both halves were copied down and are already in the first half.
                continue_task(number, texts, sure=number_filled)
                continue
        elif current is not None and (not content or content[0].islower() or content[0] in ",.;:)"):
            continue_task(number, texts, sure=False)
            continue
        if not num and (no_data or numbered):
            # A row with a text only, in a table without numbers, or a row without its number
            # before any task: a task, or a group heading nobody marked as one?
            table.guess(
                GUESS_TASK,
                number,
                CONTENT,
                content[:200],
                f"“{content[:80]}” được đọc là một nhiệm vụ"
                + (" dù không có số thứ tự" if numbered else " dù không ghi đơn vị hay thời gian")
                + "; nếu đây là dòng nhóm, hãy gộp ô cả dòng hoặc in đậm trong tệp rồi tải lên lại.",
            )
        current = TaskRow(row=number, number=num, content=content, cells=dict(others), group=current_group())
        current.last_row = number
        table.tasks.append(current)
    _split_coordinators(table)


def _split_coordinators(table: SheetTable) -> None:
    """Move "X phối hợp" out of a lead/executor cell into the coordinator cell, as "X".

    District plans often have one "Đơn vị thực hiện" column and mark coordinators with that
    suffix. The table gains a coordinator column when it had none, so the unit shows in its role
    everywhere (table, edit form, task lists) and an export prints it in its own column. The
    lines left in the cell keep their breaks and bullets exactly as printed."""
    moved = False
    split_cache: dict[str, tuple[str, list[str]]] = {}  # cell text -> (kept text, coordinators)

    def split(text: str) -> tuple[str, list[str]]:
        if text not in split_cache:
            kept_lines, found = [], []
            for line in text.split("\n"):
                pieces = re.split(r"(;\s*)", line)  # names with the separators between them
                kept_pieces = []
                for piece in pieces[::2]:
                    stripped, suffixes = _COORDINATOR_SUFFIX.subn("", piece)
                    if suffixes and stripped.strip(" -+•*–"):
                        found.append(_BULLET.sub("", stripped).strip())
                    else:
                        kept_pieces.append(piece)
                if len(kept_pieces) == len(pieces[::2]):
                    kept_lines.append(line)  # untouched: exactly as printed
                elif any(piece.strip() for piece in kept_pieces):
                    kept_lines.append("; ".join(p.rstrip(" ;") for p in kept_pieces if p.strip()))
            kept = "\n".join(kept_lines).rstrip(" ;,\n")
            split_cache[text] = (kept, found)
        return split_cache[text]

    for task in table.tasks:
        coordinators = []
        for key in UNIT_KEYS:
            if key == "coordinates" or not task.cells.get(key):
                continue
            kept, found = split(task.cells[key])
            if found:
                task.cells[key] = kept
                coordinators.extend(found)
        if coordinators:
            existing = task.cells.get("coordinates", "")
            task.cells["coordinates"] = "\n".join([existing, *coordinators] if existing else coordinators)
            moved = True
    if moved and "coordinates" not in table.columns:
        table.columns = [key for key in KEY_ORDER[2:] if key in table.columns or key == "coordinates"]
        table.column_labels["coordinates"] = "Đơn vị phối hợp"
