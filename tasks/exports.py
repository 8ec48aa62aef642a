"""The dashboard's progress table as an .xlsx workbook (openpyxl, written in memory).

Task texts and officers' notes are typed by people: they go in through `common.xlsx`, so a
note starting with "=" is text, not a formula."""

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from common.xlsx import append, save

from .dashboard import Board

HEADER_FILL = PatternFill("solid", fgColor="EEF1F4")
STATE_FILLS = {"overdue": "FDE8E7", "done": "E6F4EA"}


def _write_table(sheet, header, rows, widths):
    append(sheet, header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        append(sheet, row)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"


def progress_workbook(board: Board) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Tiến độ"
    header = [
        "TT",
        "Nhóm",
        "Nội dung",
        "Đơn vị chủ trì",
        "Đơn vị phối hợp",
        "Hạn",
        "Trạng thái",
        "Tiến độ (%)",
        "Cập nhật gần nhất",
        "Nội dung cập nhật gần nhất",
    ]
    rows = []
    for row in board.rows:
        occurrence, latest = row.occurrence, row.latest
        rows.append(
            [
                row.task.number,
                str(row.task.group) if row.task.group else "",
                row.task.content,
                "; ".join(u.name for u in row.leads),
                "; ".join(u.name for u in row.coordinators),
                occurrence.due_on,
                row.state_label,
                occurrence.percent,
                f"{latest.unit} – {latest.at:%d/%m/%Y}" if latest else "",
                latest.note if latest else "",
            ]
        )
    _write_table(sheet, header, rows, [6, 18, 60, 30, 30, 12, 16, 10, 28, 50])
    for index, row in enumerate(board.rows, start=2):
        sheet.cell(index, 6).number_format = "DD/MM/YYYY"
        fill = STATE_FILLS.get(row.state)
        if fill:
            sheet.cell(index, 7).fill = PatternFill("solid", fgColor=fill)
        sheet.cell(index, 3).alignment = Alignment(wrap_text=True, vertical="top")

    by_unit = workbook.create_sheet("Theo đơn vị")
    unit_rows = [
        [
            unit.name,
            b.total,
            b.counts["done"],
            b.counts["in_progress"],
            b.counts["not_started"],
            b.counts["overdue"],
            b.counts["not_done"],
            b.average_percent,
        ]
        for unit, b in board.by_unit
    ]
    _write_table(
        by_unit,
        [
            "Đơn vị chủ trì",
            "Tổng số",
            "Hoàn thành",
            "Đang thực hiện",
            "Chưa thực hiện",
            "Quá hạn",
            "Không thực hiện",
            "Tiến độ bình quân (%)",
        ],
        unit_rows,
        [45, 10, 12, 14, 14, 10, 14, 16],
    )
    return save(workbook)
