"""Workbooks built the way offices build them, for the importer's tests."""

import io

import openpyxl
from openpyxl.styles import Font

from tdkt_portal.demo import DEMO_DIR
from units.models import Unit
from units.registry import load_registry_file


def xlsx(sheets: dict, merges: dict | None = None, bold: dict | None = None) -> io.BytesIO:
    """`sheets`: name -> rows (lists of cell values, None for empty); `merges`: name -> ["A1:E1", …];
    `bold`: name -> sheet row numbers typed in bold."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
        for merged in (merges or {}).get(name, []):
            sheet.merge_cells(merged)
        for number in (bold or {}).get(name, []):
            for cell in sheet[number]:
                cell.font = Font(bold=True)
    output = io.BytesIO()
    book.save(output)
    output.seek(0)
    return output


def demo_registry() -> None:
    load_registry_file(DEMO_DIR / "units.json")


def province(name: str = "Hưng Yên") -> Unit:
    return Unit.objects.get(name=f"Ủy ban nhân dân tỉnh {name}")
