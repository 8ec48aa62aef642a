"""Criteria tables and rankings to and from .xlsx, in the shape clusters already pass around:
title rows, a header row, group rows ("I. Công tác chỉ đạo…") and criteria rows with points."""

import re
from dataclasses import dataclass, field
from decimal import Decimal

import openpyxl
from django.conf import settings
from django.core.exceptions import ValidationError
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from common.uploads import validate_upload
from common.xlsx import excel_text, longest_sheet, put, save, too_long_message
from units.text import clean, fold

from .models import CriteriaTable, CriterionKind
from .points import parse_points
from .selectors import RankRow

FONT = "Times New Roman"
HEADER_SCAN_ROWS = 20
SECTION_NUMBER = re.compile(r"^(?:[IVXLC]+|[A-Z])\.?$")

COLUMN_WORDS = {
    # field: predicate on the folded header text
    "number": lambda t: t in {"tt", "stt", "so tt", "so thu tu"},
    "content": lambda t: "noi dung" in t or t.startswith("tieu chi") or "ten tieu chi" in t,
    "max_points": lambda t: "diem" in t and any(w in t for w in ("toi da", "chuan", "thang", "khung")),
    "evidence": lambda t: "kiem chung" in t or "tai lieu" in t,
    "kind": lambda t: t in {"loai", "loai tieu chi", "loai diem"},
}
COLUMN_LABELS = {
    "number": "TT",
    "content": "Nội dung tiêu chí",
    "max_points": "Điểm tối đa",
    "evidence": "Tài liệu kiểm chứng",
    "kind": "Loại",
}


@dataclass
class CriterionRow:
    number: str
    content: str
    max_points: Decimal
    kind: str
    evidence_note: str


@dataclass
class SectionRow:
    number: str
    title: str
    kind: str = CriterionKind.BASE
    criteria: list[CriterionRow] = field(default_factory=list)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return clean(excel_text(str(value)))


def too_many_criteria_message(what: str, limit: int, row: int | None = None) -> str:
    where = f" (dòng {row} là tiêu chí thứ {limit + 1})" if row else ""
    return (
        f"{what} có hơn {limit} tiêu chí{where}, vượt giới hạn {limit} tiêu chí của một bảng tiêu chí. "
        "Không có tiêu chí nào được nhập."
    )


def _kind_from_words(text: str) -> str | None:
    folded = fold(text)
    if "diem tru" in folded or folded in {"tru", "bi tru"}:
        return CriterionKind.PENALTY
    if "diem thuong" in folded or "diem cong" in folded or folded in {"thuong", "cong"}:
        return CriterionKind.BONUS
    if folded in {"tieu chi", "co ban", "tieu chi co ban"}:
        return CriterionKind.BASE
    return None


def _find_header(sheet) -> tuple[int, dict[str, int]]:
    for row_number, row in enumerate(sheet.iter_rows(min_row=1, max_row=HEADER_SCAN_ROWS, values_only=True), 1):
        columns: dict[str, int] = {}
        for index, value in enumerate(row):
            text = fold(_text(value))
            for name, matches in COLUMN_WORDS.items():
                if name not in columns and text and matches(text):
                    columns[name] = index
                    break
        if "content" in columns and "max_points" in columns:
            return row_number, columns
    raise ValidationError(
        f"Trang “{sheet.title}”: không tìm thấy dòng tiêu đề có cột “Nội dung tiêu chí” và “Điểm tối đa” "
        f"trong {HEADER_SCAN_ROWS} dòng đầu."
    )


def read_criteria(upload) -> list[SectionRow]:
    """Sections and criteria from the first sheet that has a criteria header.

    Raises ValidationError listing every bad cell by row and column; returns nothing partial.
    """
    validate_upload(upload, allowed={"xlsx"}, max_bytes=settings.APPENDIX_IMPORT_MAX_BYTES)
    try:
        rows = longest_sheet(upload)
        if rows > settings.APPENDIX_IMPORT_MAX_ROWS:
            message = too_long_message(upload.name, rows, settings.APPENDIX_IMPORT_MAX_ROWS, "bảng tiêu chí")
            raise ValidationError(message)
        workbook = openpyxl.load_workbook(upload, data_only=True)
    except ValidationError:
        raise
    except Exception as exc:  # zipfile and openpyxl raise many kinds for a damaged file
        raise ValidationError(f"Tệp {upload.name} bị hỏng, không đọc được ({exc.__class__.__name__}).") from None
    sheet = workbook.worksheets[0]
    header_row, columns = _find_header(sheet)
    sections: list[SectionRow] = []
    errors: list[str] = []

    def cell(row, name):
        index = columns.get(name)
        return row[index] if index is not None and index < len(row) else None

    limit, criteria_rows = settings.CRITERIA_MAX_ROWS, 0
    for row_number, row in enumerate(sheet.iter_rows(min_row=header_row + 1, values_only=True), header_row + 1):
        number, content = _text(cell(row, "number")), _text(cell(row, "content"))
        raw_points = cell(row, "max_points")
        if not number and not content and raw_points in (None, ""):
            continue
        where = f"Dòng {row_number}"
        if raw_points in (None, "") or SECTION_NUMBER.match(number):
            if not content:
                errors.append(f"{where}: nhóm tiêu chí “{number}” không có tên (cột {COLUMN_LABELS['content']}).")
                continue
            title = content
            if number and title.startswith(number):
                title = title[len(number) :].lstrip(". ")
            sections.append(SectionRow(number=number, title=title, kind=_kind_from_words(title) or CriterionKind.BASE))
            continue
        criteria_rows += 1
        if criteria_rows > limit:
            # Stop here: the rest would only be read, checked and listed to be refused anyway.
            raise ValidationError(too_many_criteria_message(f"Tệp {upload.name}", limit, row_number))
        column_letter = get_column_letter(columns["max_points"] + 1)
        try:
            points = parse_points(raw_points)
        except ValueError as exc:
            errors.append(f"{where}, cột {column_letter} ({COLUMN_LABELS['max_points']}): {exc}.")
            continue
        if points is None or points <= 0:
            errors.append(f"{where}, cột {column_letter} ({COLUMN_LABELS['max_points']}): điểm tối đa phải lớn hơn 0.")
            continue
        if not content:
            errors.append(f"{where}: tiêu chí “{number}” không có nội dung (cột {COLUMN_LABELS['content']}).")
            continue
        if not sections:
            sections.append(SectionRow(number="", title="Tiêu chí"))
        section = sections[-1]
        kind = _kind_from_words(_text(cell(row, "kind"))) or section.kind
        section.criteria.append(
            CriterionRow(
                number=number or str(len(section.criteria) + 1),
                content=content,
                max_points=points,
                kind=kind,
                evidence_note=_text(cell(row, "evidence")),
            )
        )
    # A group left empty by a bad row would only repeat that row's error.
    empty = [s for s in sections if not s.criteria] if not errors else []
    for section in empty:
        errors.append(f"Nhóm “{section.number} {section.title}”".replace("“ ", "“") + " không có tiêu chí nào.")
    if not errors and not sections:
        errors.append(f"Trang “{sheet.title}” không có tiêu chí nào dưới dòng tiêu đề.")
    if errors:
        raise ValidationError(errors)
    return sections


# --- Writing --------------------------------------------------------------------------------

_THIN = Side(style="thin")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="top")
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _put(sheet, row, column, value, *, bold=False, italic=False, align=_WRAP, border=True):
    cell = put(sheet.cell(row=row, column=column), value)
    cell.font = Font(name=FONT, size=12, bold=bold, italic=italic)
    cell.alignment = align
    if border:
        cell.border = _BORDER
    return cell


def _title_rows(sheet, lines: list[str], width: int) -> int:
    for row, line in enumerate(lines, start=1):
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
        _put(sheet, row, 1, line, bold=row == 1, italic=row > 1, align=_CENTER, border=False)
    return len(lines) + 2


def criteria_workbook(table: CriteriaTable) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Tiêu chí"
    group = table.group
    header = ["number", "content", "max_points", "kind", "evidence"]
    row = _title_rows(sheet, [table.title.upper(), f"{group.name} – năm {group.year}"], len(header))
    for column, name in enumerate(header, start=1):
        _put(sheet, row, column, COLUMN_LABELS[name], bold=True, align=_CENTER)
    for section in table.sections.prefetch_related("criteria"):
        row += 1
        _put(sheet, row, 1, section.number, bold=True, align=_CENTER)
        sheet.merge_cells(start_row=row, start_column=2, end_row=row, end_column=len(header))
        _put(sheet, row, 2, section.title, bold=True)
        for criterion in section.criteria.all():
            row += 1
            _put(sheet, row, 1, criterion.number, align=_CENTER)
            _put(sheet, row, 2, criterion.content)
            _put(sheet, row, 3, float(criterion.max_points), align=_CENTER)
            _put(sheet, row, 4, criterion.get_kind_display(), align=_CENTER)
            _put(sheet, row, 5, criterion.evidence_note)
    for column, width in zip("ABCDE", (7, 60, 12, 14, 40), strict=True):
        sheet.column_dimensions[column].width = width
    return save(workbook)


def ranking_workbook(table: CriteriaTable, rows: list[RankRow]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Xếp hạng"
    group = table.group
    labels = ["Hạng", "Đơn vị", "Vai trò", "Điểm tiêu chí", "Điểm thưởng", "Điểm trừ", "Tổng điểm", "Tự chấm"]
    status = "Đã công bố" if table.is_published else "Chưa công bố"
    row = _title_rows(
        sheet,
        [f"KẾT QUẢ CHẤM ĐIỂM, XẾP HẠNG THI ĐUA NĂM {group.year}", f"{group.name} ({status})"],
        len(labels),
    )
    for column, label in enumerate(labels, start=1):
        _put(sheet, row, column, label, bold=True, align=_CENTER)
    for entry in rows:
        row += 1
        values = [entry.rank, str(entry.unit), entry.role, entry.base, entry.bonus, entry.penalty, entry.total]
        values.append(entry.self_total)
        for column, value in enumerate(values, start=1):
            value = float(value) if isinstance(value, Decimal) else value
            _put(sheet, row, column, value, align=_WRAP if column in (2, 3) else _CENTER)
    for column, width in zip("ABCDEFGH", (7, 45, 12, 13, 13, 11, 12, 11), strict=True):
        sheet.column_dimensions[column].width = width
    return save(workbook)
