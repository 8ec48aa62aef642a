"""Write an appendix back to .xlsx in the shape offices use, so export → import gives the same table.

Title rows (label, title, "(Kèm theo …)"), the header, group rows merged across the table,
wrapped multi-line cells, column widths and Times New Roman, as the official appendix prints.
Unit cells are written as the plan printed them (`Task.unit_cells`), so importing the file
again finds the same units in the same roles. Every value goes in through `common.xlsx`,
so text is never a formula.
"""

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from common.xlsx import put, save, sheet_title
from tasks.selectors import appendix_table

FONT = "Times New Roman"
WIDTHS = {"number": 6, "content": 60}
OTHER_WIDTH = 24
_thin = Side(style="thin")
BORDER = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)
WRAP_TOP = Alignment(wrap_text=True, vertical="top")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _number_value(number: str):
    # Plain numbers go in as numbers (as offices type them); "1.", "01" or "I" stay text.
    return int(number) if number.isdigit() and str(int(number)) == number else number


def _task_value(task, key: str):
    if key == "number":
        return _number_value(task.number)
    if key == "content":
        return task.content
    if key == "timing":
        return task.timing_text
    if key == "note":
        return task.note
    return task.unit_cells.get(key, "")


def appendix_workbook(appendix) -> bytes:
    table = appendix_table(appendix)
    keys = [key for key, _ in appendix.header]
    last = get_column_letter(len(keys))
    book = Workbook()
    sheet = book.active
    sheet.title = sheet_title(appendix.title, "Phụ lục")
    for row, (text, bold, italic) in enumerate(
        [(appendix.label, True, False), (appendix.title, True, False), (appendix.subtitle_line, False, True)], start=1
    ):
        put(sheet.cell(row=row, column=1), text)
        sheet.cell(row=row, column=1).font = Font(name=FONT, size=13, bold=bold, italic=italic)
        sheet.cell(row=row, column=1).alignment = CENTER
        sheet.merge_cells(f"A{row}:{last}{row}")
    header_row = 5
    for column, (key, label) in enumerate(appendix.header, start=1):
        cell = sheet.cell(row=header_row, column=column)
        put(cell, label)
        cell.font = Font(name=FONT, size=12, bold=True)
        cell.alignment = CENTER
        cell.border = BORDER
        sheet.column_dimensions[get_column_letter(column)].width = WIDTHS.get(key, OTHER_WIDTH)
    row = header_row
    for kind, item, _depth in table.rows:
        row += 1
        if kind == "group":
            values = [_number_value(item.number), item.title]
            font = Font(name=FONT, size=12, bold=True)
        else:
            values = [_task_value(item, key) for key in keys]
            font = Font(name=FONT, size=12)
        for column in range(1, len(keys) + 1):
            cell = sheet.cell(row=row, column=column)
            if column <= len(values):
                put(cell, values[column - 1])
            cell.font = font
            cell.border = BORDER
            cell.alignment = Alignment(horizontal="center", vertical="top") if column == 1 else WRAP_TOP
        if kind == "group" and len(keys) > 2:
            sheet.merge_cells(f"B{row}:{last}{row}")
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    return save(book)


def export_filename(appendix) -> str:
    plan = appendix.plan
    reference = f"{plan.number or 'du-thao'}-{plan.symbol}".replace("/", "-")
    return f"phu-luc-{appendix.position or appendix.pk}-ke-hoach-{reference}-{plan.year}.xlsx"


def problem_report(preview) -> bytes:
    """The preview's problems (sheet, row, column, value, message) and the unit names that matched
    no registry unit, as a workbook the sender can fix their file from."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Lỗi"
    headers = ["Trang tính", "Dòng", "Cột", "Giá trị", "Lỗi", "Mức độ"]
    widths = [20, 8, 28, 40, 80, 16]
    for column, (label, width) in enumerate(zip(headers, widths, strict=True), start=1):
        cell = put(sheet.cell(row=1, column=column), label)
        cell.font = Font(name=FONT, bold=True)
        sheet.column_dimensions[get_column_letter(column)].width = width
    for row, problem in enumerate(preview.problems, start=2):
        if problem.guess:
            level = "Cách đọc cần xác nhận" if problem.blocking else "Cách đọc đã xác nhận"
        else:
            level = "Chặn việc nhập" if problem.blocking else "Lưu ý"
        for column, value in enumerate(
            [problem.sheet, problem.row, problem.column, problem.value, problem.message, level], start=1
        ):
            put(sheet.cell(row=row, column=column), value)
            sheet.cell(row=row, column=column).alignment = WRAP_TOP
    units = book.create_sheet("Đơn vị chưa khớp")
    for column, (label, width) in enumerate(
        zip(["Trang tính", "Dòng", "Tên đơn vị như trong tệp", "Gợi ý trong danh mục"], [20, 16, 50, 60], strict=True),
        start=1,
    ):
        put(units.cell(row=1, column=column), label).font = Font(name=FONT, bold=True)
        units.column_dimensions[get_column_letter(column)].width = width
    row = 1
    for sheet_preview in preview.sheets:
        for name in sheet_preview.names:
            if name.how != "unresolved":
                continue
            row += 1
            values = [
                sheet_preview.name,
                ", ".join(str(r) for r in name.rows),
                name.text,
                "; ".join(unit.name for unit in name.candidates),
            ]
            for column, value in enumerate(values, start=1):
                put(units.cell(row=row, column=column), value)
    return save(book)
