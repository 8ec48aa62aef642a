"""The reusable parts of an official document (Decree 30/2020/NĐ-CP, appendix I): the two-column
header, the signer block, the recipients list, an appendix table on its own pages, and the rules
for numbers, dates and body text.

Templates show these as they are; every formatting rule of the decree lives here, once.
"""

import datetime
import re
from dataclasses import dataclass, field

# Type symbols of Decree 30 (appendix III) and the name printed as the document's title.
DOCUMENT_TYPES = {
    "KH": "Kế hoạch",
    "QĐ": "Quyết định",
    "TTr": "Tờ trình",
    "BB": "Biên bản",
    "BC": "Báo cáo",
    "TB": "Thông báo",
    "HD": "Hướng dẫn",
    "CT": "Chỉ thị",
    "CTr": "Chương trình",
    "GM": "Giấy mời",
}


@dataclass(frozen=True)
class DocumentType:
    symbol: str

    def __post_init__(self):
        if self.symbol not in DOCUMENT_TYPES:
            raise ValueError(f"Không có loại văn bản ký hiệu “{self.symbol}”.")

    @property
    def name(self) -> str:
        """ "Kế hoạch", as in "(Kèm theo Kế hoạch số ...)"."""
        return DOCUMENT_TYPES[self.symbol]

    @property
    def title(self) -> str:
        """ "KẾ HOẠCH", the line above the subject."""
        return self.name.upper()

    @classmethod
    def of(cls, symbol: str) -> "DocumentType":
        """The type named by a full symbol: "KH-UBND" -> KH, "QĐ-HĐTĐKT" -> QĐ."""
        return cls(symbol.split("-", 1)[0])


def number_text(number: str) -> str:
    """A document number as printed: below 10 with a leading zero ("5" -> "05")."""
    number = (number or "").strip()
    if number.isdigit() and int(number) < 10:
        return f"{int(number):02d}"
    return number


def day_text(day: int) -> str:
    return f"{day:02d}"


def month_text(month: int) -> str:
    """Decree 30: months 1 and 2 take a leading zero ("tháng 01", "tháng 02"), the others not ("tháng 3")."""
    return f"{month:02d}" if month < 3 else str(month)


def date_text(date: datetime.date) -> str:
    """ "ngày 24 tháng 12 năm 2024" """
    return f"ngày {day_text(date.day)} tháng {month_text(date.month)} năm {date.year}"


BLANK = "\u00a0" * 6  # room left for a number or day written by hand when the document is issued


def partial_date_text(month: int | None, year: int | None) -> str:
    """A draft's date with the day (and whatever else is unknown) left blank."""
    month_part = month_text(month) if month else BLANK
    year_part = str(year) if year else BLANK
    return f"ngày{BLANK}tháng {month_part} năm {year_part}"


@dataclass(frozen=True)
class DocumentHeader:
    """The two-column header: issuing body and number on the left, national name, motto and place
    and date on the right. An empty `number` prints a draft ("Số:      /KH-UBND").

    A paper that has no number in an office's register (a Cụm/Khối's covenant or ranking) is
    `numbered=False`: no "Số:" line, its own `heading` in place of a type's title, and a draft
    only when it says so (`draft=True`)."""

    issuing_body: str
    symbol: str
    place: str
    number: str = ""
    date: datetime.date | None = None
    parent_body: str = ""
    # For a draft dated only by month and year ("ngày    tháng 01 năm 2025").
    month: int | None = None
    year: int | None = None
    # The type symbol ("KH", "QĐ"), when the document's symbol does not start with a known one.
    type_symbol: str = ""
    numbered: bool = True
    draft: bool = False
    heading: str = ""

    @property
    def type(self) -> DocumentType:
        return DocumentType(self.type_symbol) if self.type_symbol else DocumentType.of(self.symbol)

    @property
    def title(self) -> str:
        """The line above the subject: "KẾ HOẠCH", or the unnumbered paper's own heading."""
        return self.heading or self.type.title

    @property
    def is_draft(self) -> bool:
        return self.draft or (self.numbered and not self.number)

    @property
    def reference(self) -> str:
        """ "196/KH-UBND"; a draft keeps the number's place blank."""
        return f"{number_text(self.number) or BLANK}/{self.symbol}"

    @property
    def number_line(self) -> str:
        return f"Số: {self.reference}" if self.numbered else ""

    @property
    def date_words(self) -> str:
        if self.date:
            return date_text(self.date)
        return partial_date_text(self.month, self.year)

    @property
    def place_date_line(self) -> str:
        """ "Hưng Yên, ngày 24 tháng 12 năm 2024" ("Ngày … " when there is no place)."""
        if not self.place:
            return self.date_words[0].upper() + self.date_words[1:]
        return f"{self.place}, {self.date_words}"

    @property
    def issuing_body_lines(self) -> list[str]:
        return header_lines(self.issuing_body.upper(), bold=True)

    @property
    def parent_body_lines(self) -> list[str]:
        return header_lines(self.parent_body.upper())


@dataclass(frozen=True)
class Signer:
    """ "TM. ỦY BAN NHÂN DÂN" / "CHỦ TỊCH", room for signature and seal, then the name."""

    authority: str = ""
    position: str = ""
    name: str = ""
    # Printed (italic, not bold) where the name goes when there is none: "(Chưa ký giao ước)".
    note: str = ""

    @property
    def title_lines(self) -> list[str]:
        return [line.upper() for line in (*text_lines(self.authority), *text_lines(self.position))]


def signer_rows(signers: list[Signer], per_row: int = 2) -> list[list[Signer | None]]:
    """Several signers side by side (a covenant's members, the minutes' secretary and chair),
    `per_row` a row, the last row filled with None: templates/documents/_signers.html draws
    each row's titles in one table row and the signatures and names in the next, so the name
    lines of a row stay level however many lines a title takes."""
    rows = [list(signers[i : i + per_row]) for i in range(0, len(signers), per_row)]
    if rows:
        rows[-1] += [None] * (per_row - len(rows[-1]))
    return rows


@dataclass(frozen=True)
class Recipients:
    """ "Nơi nhận:" and one "- " line each, the last being "Lưu: VT, ..."."""

    lines: list[str] = field(default_factory=list)

    @property
    def items(self) -> list[list[tuple[str, bool]]]:
        """Each line as (text, superscript) runs: "Lưu: VT, NC^D." keeps the drafter's initials
        ("D") raised, as they are typed after "^" and printed small above the line."""
        items = []
        for line in self.lines:
            line = line.strip().removeprefix("- ").strip()
            if not line:
                continue
            runs, last = [], 0
            for match in re.finditer(r"\^([^\s.,;]+)", line):
                runs.append((line[last : match.start()], False))
                runs.append((match.group(1), True))
                last = match.end()
            runs.append((line[last:], False))
            items.append([(text, sup) for text, sup in runs if text])
        return items


def text_lines(text: str) -> list[str]:
    """A multi-line field as the document prints it: one item a line, blank lines dropped."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


# The header's left column: 40 % of the 165 mm between the margins, less a little for kerning.
HEADER_COLUMN_PT = 0.4 * 165 * 72 / 25.4 - 3
HEADER_SIZE_PT = 13


def header_lines(text: str, *, bold: bool = False, width_pt: float = HEADER_COLUMN_PT) -> list[str]:
    """A name in the header's left column, broken where it must be, at the words a reader would
    break it at. Of the ways that fit (widths are the font's own, documents.fonts, so the PDF and
    the .docx break at the same words), the fewest lines win; then the fewest words left alone
    on a line ("KHỐI CÁC CƠ QUAN" over "TỔNG HỢP", not "KHỐI CÁC CƠ QUAN TỔNG" over "HỢP"); then
    the fewest compounds split around a dash ("HỘI ĐỒNG" over "THI ĐUA - KHEN THƯỞNG", not "HỘI
    ĐỒNG THI ĐUA -" over "KHEN THƯỞNG" nor "HỘI ĐỒNG THI" over "ĐUA - KHEN THƯỞNG"); then the
    fullest first lines. A line starts or ends with the dash only in a column too narrow for
    anything else. Lines the writer broke stay broken there."""
    from functools import cache

    from .fonts import text_width

    @cache
    def fits(line: str) -> bool:
        return " " not in line or text_width(line, HEADER_SIZE_PT, bold=bold) <= width_pt

    result = []
    for line in text_lines(text):
        words = line.split()
        result += [" ".join(words[start:end]) for start, end in _best_breaks(words, fits)]
    return result


DASHES = {"-", "–"}


def _best_breaks(words: list[str], fits) -> list[tuple[int, int]]:
    """The (start, end) word ranges of the best way to break `words` into lines (header_lines)."""
    count = len(words)
    dashes = [i for i, word in enumerate(words) if word in DASHES]
    # A break before position i sits between words[i - 1] and words[i].
    never = {i for d in dashes for i in (d, d + 1)}
    # Vietnamese compounds are mostly two syllables: "THI ĐUA - KHEN THƯỞNG" is two of them.
    splits = {i for d in dashes for i in (d - 1, d + 2)}
    best = None

    def walk(start, lines, lone, split):
        nonlocal best
        if start == count:
            key = (len(lines), lone, split, [-(end - begin) for begin, end in lines])
            if best is None or key < best[0]:
                best = (key, list(lines))
            return
        if best is not None and len(lines) >= best[0][0]:
            return
        for end in range(count, start, -1):
            if end < count and end in forbidden:
                continue
            piece = " ".join(words[start:end])
            if not fits(piece):
                continue
            lines.append((start, end))
            walk(end, lines, lone + (end - start == 1 and count > 1), split + (end < count and end in splits))
            lines.pop()

    forbidden = never
    walk(0, [], 0, 0)
    if best is None:  # a column too narrow for "ĐUA - KHEN": the dash goes where it must
        forbidden = set()
        walk(0, [], 0, 0)
    return best[1]


# Body text ---------------------------------------------------------------------------------

SUBHEADING = re.compile(r"^\d+(\.\d+)*\.\s")
ITEM = re.compile(r"^[a-zđ]\)\s")


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of a document's body, for the PDF's templates (documents/_blocks.html) and
    the .docx alike (documents.word)."""

    text: str
    # "heading" (bold "1. Mục đích"), "note" (italic, all in brackets), "text" (justified, first
    # line indented), "plain" (no indent), "list" (an indented list line), "item" (a bold line
    # that heads what follows), "centered" (bold, centred: "QUYẾT ĐỊNH:"), "legal" (an italic
    # legal basis).
    kind: str
    # Bold words the paragraph starts with ("Điều 1.").
    lead: str = ""


def paragraphs(body: str) -> list[Paragraph]:
    """A section body (paragraphs separated by blank lines) with each paragraph's role.

    An Arabic-numbered paragraph is a bold heading when it is a title (short, no closing
    punctuation) or when lettered items "a)" follow it; a long numbered paragraph that is itself
    the content ("1. Tiếp tục đẩy mạnh ...") stays plain, as the plans print it.
    """
    texts = [" ".join(p.split()) for p in (body or "").split("\n\n") if p.strip()]
    result = []
    for index, text in enumerate(texts):
        following = texts[index + 1] if index + 1 < len(texts) else ""
        if SUBHEADING.match(text) and (_is_title(text) or ITEM.match(following)):
            kind = "heading"
        elif text.startswith("(") and text.endswith(")"):
            kind = "note"
        else:
            kind = "text"
        result.append(Paragraph(text=text, kind=kind))
    return result


def _is_title(text: str) -> bool:
    return len(text) <= 120 and text[-1] not in ".;:,"


def legal_basis_lines(lines: list[str]) -> list[str]:
    """Each "Căn cứ ..." ends with ";" and the last with "." (Decree 30, appendix I)."""
    lines = [line.strip() for line in lines if line.strip()]
    result = []
    for index, line in enumerate(lines):
        ending = "." if index == len(lines) - 1 else ";"
        result.append(line.rstrip(" ;.,") + ending)
    return result


@dataclass
class Column:
    key: str
    label: str
    width: str  # percent of the table width, written for CSS (no decimal comma)
    align: str = ""  # "center" or "right" for the column's cells; left when empty
    bold: bool = False  # the column's cells in bold (a ranking's total)


@dataclass
class Row:
    kind: str  # "group" (one cell spanning the row after the number) or anything else
    number: str
    cells: list  # text per column after the number
    depth: int = 0


@dataclass
class TablePart:
    """A ruled table inside the body (the minutes' vote counts): header row repeated on every
    page; `css` names it for its template's column rules; a column whose `align` is "center" is
    centred."""

    columns: list
    rows: list
    css: str = ""
    kind: str = "table"

    @property
    def lines(self) -> list[tuple[Row, list[tuple[str, Column]]]]:
        """Each row with its cells as (text, column) after the number."""
        return [(row, list(zip(row.cells, self.columns[1:], strict=False))) for row in self.rows]


@dataclass
class AppendixPart:
    """An appendix table printed on its own pages (templates/documents/_appendix.html)."""

    index: int
    label: str
    title: str
    subtitle: str
    columns: list
    rows: list
    landscape: bool

    @property
    def page_name(self) -> str:
        return f"phu-luc-{self.index}"

    @property
    def span(self) -> int:
        return len(self.columns) - 1
