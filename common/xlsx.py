"""Every .xlsx the portal writes goes through `put`/`append` and `save`; every one it reads is
measured by `longest_sheet` before openpyxl loads it.

Writing. Text people typed ends up in exports: task contents, officers' notes, unit and group
names. Excel and LibreOffice run a cell as a formula when it is stored as one, and openpyxl
stores any text starting with "=" as a formula; text starting with + - @ (or a tab or carriage
return) becomes one as soon as somebody edits the cell. So text is always a string cell, and
text starting with one of those characters also gets Excel's "quote prefix" (what typing '=…
does): it shows exactly as typed, nothing is evaluated, editing it keeps it text. A leading
apostrophe or space, OWASP's advice for CSV, would change the text; the quote prefix does not.

XML 1.0 cannot hold most control characters (openpyxl refuses them) and turns a carriage return
into a line feed, so those are written as OOXML's _xHHHH_ escapes, which Excel and LibreOffice
read back as the character itself (a literal "_x0041_" in the text has its underscore escaped
too, so it reads back as typed). `excel_text` is what Excel reads; our own readers use it.

Reading. A sheet of 100,000 rows costs openpyxl gigabytes before anyone can count its rows:
`longest_sheet` counts them from the XML stream, in flat memory, so such a file is refused first.
"""

from __future__ import annotations

import io
import re
import zipfile

from openpyxl.cell.cell import TYPE_STRING

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

_UNWRITABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0d\x0e-\x1f]")
_LOOKS_ESCAPED = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)")
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _escape(text: str) -> str:
    if "_x" in text:
        text = _LOOKS_ESCAPED.sub("_x005F_", text)
    return _UNWRITABLE.sub(lambda match: f"_x{ord(match[0]):04X}_", text)


def excel_text(text: str) -> str:
    """A cell's text as Excel shows it: OOXML's _xHHHH_ escapes decoded (openpyxl leaves them)."""
    if "_x" not in text:
        return text
    return _ESCAPE.sub(lambda match: chr(int(match[1], 16)), text)


def _as_text(cell) -> None:
    cell.data_type = TYPE_STRING
    if cell.value.startswith(FORMULA_STARTS):
        cell.quotePrefix = True


def put(cell, value):
    """Write `value` into `cell`: text as text (never a formula), anything else as it is; an empty
    text leaves the cell empty. Returns the cell, for styling."""
    if isinstance(value, str):
        if not value:
            cell.value = None
            return cell
        cell.value = _escape(value)
        cell.data_type = TYPE_STRING  # openpyxl made "=…" a formula and "#N/A" an error
        if value.startswith(FORMULA_STARTS):
            cell.quotePrefix = True
    else:
        cell.value = value
    return cell


def append(sheet, values) -> int:
    """Write `values` as the row below the sheet's last one, through `put`; returns its number."""
    row = sheet.max_row + 1 if sheet._cells else 1  # an empty sheet's max_row is 1 too
    for column, value in enumerate(values, start=1):
        put(sheet.cell(row=row, column=column), value)
    return row


_NOT_IN_SHEET_TITLES = re.compile(r"[\[\]:*?/\\\x00-\x1f\s]+")


def sheet_title(text: str, fallback: str) -> str:
    """`text` as a sheet's name: Excel allows 31 characters, none of [ ] : * ? / \\, no control
    characters and no apostrophe at either end."""
    title = _NOT_IN_SHEET_TITLES.sub(" ", text or "")[:31].strip().strip("'").strip()
    return title or fallback


def save(workbook) -> bytes:
    """The workbook's bytes. The portal writes no formulas: a text cell that reached a sheet some
    other way than `put` is made text here too, so no export can carry one."""
    for sheet in workbook.worksheets:
        for cell in sheet._cells.values():  # the cells that exist; iter_rows() would fill the gaps
            if isinstance(cell.value, str):
                _as_text(cell)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


# Reading ------------------------------------------------------------------------------------

_ROW_TAG = re.compile(rb"<(?:\w+:)?row[\s>/]")


def count_rows(fileobj) -> dict[str, int]:
    """Rows per worksheet part, counted from the XML stream: memory stays flat however big the file.

    Raises zipfile.BadZipFile (or OSError, EOFError) for a file that is not a readable zip."""
    counts = {}
    fileobj.seek(0)
    with zipfile.ZipFile(fileobj) as archive:
        for info in archive.infolist():
            if not (info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")):
                continue
            total, tail = 0, b""
            with archive.open(info) as stream:
                while chunk := stream.read(1 << 20):
                    data = tail + chunk
                    total += len(_ROW_TAG.findall(data))
                    # Keep the last bytes so a tag split across two chunks is counted once.
                    cut = data.rfind(b"<")
                    tail = data[cut:] if cut >= max(0, len(data) - 8) else b""
                    if tail:
                        total -= len(_ROW_TAG.findall(tail))
            counts[info.filename] = total
    fileobj.seek(0)
    return counts


def longest_sheet(fileobj) -> int:
    """Rows of the workbook's longest sheet, before anything loads it (see `count_rows`)."""
    return max(count_rows(fileobj).values(), default=0)


def thousands(number: int) -> str:
    return f"{number:,}".replace(",", ".")  # Vietnamese groups thousands with dots


def too_long_message(filename: str, rows: int, limit: int, per: str) -> str:
    """How a sheet over the row limit is refused, whatever the workbook holds (`per`: "phụ lục")."""
    return (
        f"Tệp “{filename}” có trang tính dài {thousands(rows)} dòng, vượt giới hạn "
        f"{thousands(limit)} dòng cho mỗi {per}."
    )
