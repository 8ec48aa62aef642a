"""Documents as Word files (.docx) in the Decree 30/2020 format, from the same parts the PDF is
drawn from (documents.parts): offices pass drafts around in Word, so the file they get must read
like the printed document and keep its layout when they edit it.

What Decree 30/2020 (Phụ lục I) fixes and this file follows: A4; margins top and bottom 20 mm,
left 30 mm, right 15 mm; Times New Roman; the two-column header (issuing body and number on the
left, national name, motto, place and date on the right, each with its rule); the title and
subject; italic legal bases; the recipients and the signer side by side; page numbers at the top
from the second page. Each appendix is its own section: landscape where the PDF is, its own page
numbers from its second page, the table's header row repeated on every page.

    content = docx_bytes(WordDocument(header=..., subject=..., legal_bases=[...],
                                      body=[Paragraph, ("heading", "I. MỤC ĐÍCH")...],
                                      signer=..., recipients=..., appendices=[AppendixPart...]))
"""

import io
from dataclasses import dataclass, field

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from .parts import AppendixPart, DocumentHeader, Paragraph, Recipients, Signer, TablePart

FONT = "Times New Roman"
A4 = (Mm(210), Mm(297))
MARGINS = {"top_margin": Mm(20), "bottom_margin": Mm(20), "left_margin": Mm(30), "right_margin": Mm(15)}
NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


@dataclass
class WordDocument:
    header: DocumentHeader
    subject: str
    signer: Signer | None = None
    recipients: Recipients = field(default_factory=Recipients)
    legal_bases: list[str] = field(default_factory=list)
    # The body in order: documents.parts.Paragraph (by its kind) and TablePart.
    body: list[Paragraph | TablePart] = field(default_factory=list)
    appendices: list[AppendixPart] = field(default_factory=list)
    title: str = ""
    # Signers side by side (documents.parts.signer_rows) in place of recipients and one signer.
    signer_rows: list = field(default_factory=list)


def docx_from_context(context: dict, *, body=None, legal_bases=(), appendices=()) -> bytes:
    """A printed document's context as a .docx. The context is the one its PDF template reads
    (header, subject, blocks, signer or signer_rows, recipients, document_title), so a Word file
    cannot drift from its PDF by picking its parts under other names. `body` replaces the context's
    blocks where a document lays its opening out itself (a decision's authority and legal bases)."""
    return docx_bytes(
        WordDocument(
            header=context["header"],
            subject=context["subject"],
            body=list(context["blocks"] if body is None else body),
            signer=context.get("signer"),
            recipients=context.get("recipients") or Recipients(),
            signer_rows=context.get("signer_rows") or [],
            legal_bases=list(legal_bases),
            appendices=list(appendices),
            title=context.get("document_title", ""),
        )
    )


def docx_bytes(document: WordDocument) -> bytes:
    word = Document()
    _base_style(word)
    section = word.sections[0]
    _page(section, landscape=False)
    _page_numbers(section)
    if document.header.is_draft:
        _draft_mark(word)
    _header(word, document.header)
    _title(word, document.header, document.subject)
    for line in document.legal_bases:
        _text(word, line, italic=True)
    for block in document.body:
        if isinstance(block, TablePart):
            _table(word, block.columns, block.rows, _text_width(word.sections[-1]))
        else:
            _paragraph(word, block)
    if document.signer_rows:
        _signers(word, document.signer_rows)
    if document.signer:
        _closing(word, document.signer, document.recipients)
    for appendix in document.appendices:
        _appendix(word, appendix)
    word.core_properties.title = document.title or f"{document.header.title} {document.header.reference.strip()}"
    word.core_properties.author = " ".join(document.header.issuing_body_lines)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


# Page and text ------------------------------------------------------------------------------


def _base_style(word) -> None:
    style = word.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(14)
    # Word picks the font per script; without these it may set Vietnamese in the theme's font.
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)
    style.paragraph_format.space_after = Pt(6)
    style.paragraph_format.space_before = Pt(0)
    style.paragraph_format.line_spacing = 1.15


def _page(section, *, landscape: bool) -> None:
    width, height = A4
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (height, width) if landscape else (width, height)
    for name, value in MARGINS.items():
        setattr(section, name, value)
    section.header_distance = Mm(10)


def _text_width(section):
    return section.page_width - section.left_margin - section.right_margin


def _field(paragraph, instruction: str) -> None:
    """A Word field (PAGE): Word fills it in as it lays out the pages."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, instruction), ("separate", None), (None, "2"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == instruction:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {instruction} "
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._r.append(element)


def _page_numbers(section, *, restart: bool = False) -> None:
    """The number at the top centre from the section's second page (Decree 30: not on page 1)."""
    section.different_first_page_header_footer = True
    section.header.is_linked_to_previous = False
    section.first_page_header.is_linked_to_previous = False
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _field(paragraph, "PAGE")
    if restart:
        numbering = OxmlElement("w:pgNumType")
        numbering.set(qn("w:start"), "1")
        section._sectPr.append(numbering)


def _text(container, text: str, *, bold=False, italic=False, size=14, indent=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY):
    paragraph = container.add_paragraph()
    paragraph.alignment = align
    if indent:
        paragraph.paragraph_format.first_line_indent = Mm(12.7)
    run = paragraph.add_run(text)
    run.bold, run.italic, run.font.size = bold, italic, Pt(size)
    return paragraph


def _paragraph(word, block: Paragraph) -> None:
    """One body paragraph as its kind prints it in the PDF (documents/_blocks.html)."""
    kind = block.kind
    if kind == "centered":
        paragraph = _centered(word, block.text, bold=True, after=6)
        paragraph.paragraph_format.space_before = Pt(12)
        paragraph.paragraph_format.keep_with_next = True
        return
    paragraph = word.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    if kind == "list":
        paragraph.paragraph_format.left_indent = Mm(12.7)
        paragraph.paragraph_format.space_after = Pt(0)
    elif kind != "plain":
        paragraph.paragraph_format.first_line_indent = Mm(12.7)
    if kind in ("heading", "item"):
        paragraph.paragraph_format.keep_with_next = True
    if block.lead:
        lead = paragraph.add_run(f"{block.lead} ")
        lead.bold, lead.font.size = True, Pt(14)
    run = paragraph.add_run(block.text)
    run.bold = kind in ("heading", "item")
    run.italic = kind in ("note", "legal")
    run.font.size = Pt(14)


def _centered(container, text: str, *, bold=False, italic=False, size=14, after=0):
    paragraph = _text(
        container, text, bold=bold, italic=italic, size=size, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER
    )
    paragraph.paragraph_format.space_after = Pt(after)
    return paragraph


def _rule(paragraph, *, side: str, inset) -> None:
    """A line drawn on one side of a paragraph, as long as the paragraph between its indents:
    the short rules under the issuing body, the motto and the subject."""
    borders = OxmlElement("w:pBdr")
    line = OxmlElement(f"w:{side}")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        line.set(qn(key), value)
    borders.append(line)
    paragraph._p.get_or_add_pPr().append(borders)
    paragraph.paragraph_format.left_indent = inset
    paragraph.paragraph_format.right_indent = inset


def _no_borders(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = OxmlElement(f"w:{side}")
        line.set(qn("w:val"), "nil")
        borders.append(line)
    table._tbl.tblPr.append(borders)


def _widths(table, widths) -> None:
    table.autofit = False
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=False):
            cell.width = width


# The parts of a document ------------------------------------------------------------------


def _draft_mark(word) -> None:
    paragraph = word.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = paragraph.add_run("DỰ THẢO")
    run.bold, run.font.size = True, Pt(13)


def _header(word, header: DocumentHeader) -> None:
    width = _text_width(word.sections[0])
    table = word.add_table(rows=2, cols=2)
    _no_borders(table)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = table.rows[0].cells
    _fill_issuer(left, header)
    right.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    nation = right.paragraphs[0].add_run(NATION)
    nation.bold, nation.font.size = True, Pt(13)
    motto = _centered(right, MOTTO, bold=True)
    _rule(motto, side="bottom", inset=Mm(19))
    number, place = table.rows[1].cells
    number.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    number.paragraphs[0].paragraph_format.space_before = Pt(6)
    number.paragraphs[0].add_run(header.number_line).font.size = Pt(13)
    place.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    place.paragraphs[0].paragraph_format.space_before = Pt(6)
    dated = place.paragraphs[0].add_run(header.place_date_line)
    dated.italic, dated.font.size = True, Pt(14)
    _widths(table, [int(width * 0.4), int(width * 0.6)])


def _fill_issuer(cell, header: DocumentHeader) -> None:
    first = cell.paragraphs[0]
    first.alignment = WD_ALIGN_PARAGRAPH.CENTER
    lines = [(line, False) for line in header.parent_body_lines] + [(line, True) for line in header.issuing_body_lines]
    for index, (line, bold) in enumerate(lines):
        paragraph = first if index == 0 else cell.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_after = Pt(0)
        run = paragraph.add_run(line)
        run.bold, run.font.size = bold, Pt(13)
    # Decree 30: under the issuing body, a rule a third to a half of the line's width.
    _rule(cell.add_paragraph(), side="top", inset=Mm(20))


def _title(word, header: DocumentHeader, subject: str) -> None:
    heading = _centered(word, header.title, bold=True)
    heading.paragraph_format.space_before = Pt(18)
    heading.paragraph_format.keep_with_next = True
    if subject:
        line = _centered(word, subject, bold=True)
        line.paragraph_format.keep_with_next = True
        _rule(_centered(word, "", after=12), side="top", inset=Mm(67))


def _closing(word, signer: Signer, recipients: Recipients) -> None:
    width = _text_width(word.sections[0])
    table = word.add_table(rows=1, cols=2)
    _no_borders(table)
    left, right = table.rows[0].cells
    if recipients.items:
        label = left.paragraphs[0].add_run("Nơi nhận:")
        label.bold, label.italic, label.font.size = True, True, Pt(12)
        left.paragraphs[0].paragraph_format.space_after = Pt(0)
        for runs in recipients.items:
            paragraph = left.add_paragraph()
            paragraph.paragraph_format.space_after = Pt(0)
            paragraph.add_run("- ").font.size = Pt(11)
            for text, raised in runs:
                run = paragraph.add_run(text)
                run.font.size = Pt(11)
                run.font.superscript = raised
    for index, line in enumerate(signer.title_lines):
        paragraph = right.paragraphs[0] if index == 0 else right.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_after = Pt(0)
        paragraph.add_run(line).bold = True
    # The room for signature and seal (28 mm, as the PDF leaves).
    space = right.add_paragraph()
    space.paragraph_format.space_after = Mm(28) - Pt(14)
    name = right.add_paragraph()
    name.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = name.add_run(signer.name or signer.note)
    run.bold, run.italic = bool(signer.name) or not signer.note, not signer.name and bool(signer.note)
    _widths(table, [int(width * 0.45), int(width * 0.55)])


def _signers(word, rows) -> None:
    """Signers side by side as the PDF draws them (documents/_signers.html): a row of titles, then
    the room to sign and the names, so the names of one row are level."""
    width = _text_width(word.sections[-1])
    columns = len(rows[0])
    table = word.add_table(rows=0, cols=columns)
    _no_borders(table)
    for row in rows:
        titles, names = table.add_row(), table.add_row()
        for part in (titles, names):
            _cant_split(part)
        for index, signer in enumerate(row):
            if signer is None:
                continue
            cell = titles.cells[index]
            for number, line in enumerate(signer.title_lines):
                paragraph = cell.paragraphs[0] if number == 0 else cell.add_paragraph()
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                paragraph.paragraph_format.space_after = Pt(0)
                paragraph.paragraph_format.keep_with_next = True
                paragraph.add_run(line).bold = True
            cell = names.cells[index]
            cell.paragraphs[0].paragraph_format.space_after = Mm(24) - Pt(14)
            name = cell.add_paragraph()
            name.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = name.add_run(signer.name or signer.note)
            run.bold, run.italic = bool(signer.name), not signer.name
    _widths(table, [int(width / columns)] * columns)


def _cant_split(row) -> None:
    element = OxmlElement("w:cantSplit")
    element.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(element)


ALIGN = {"center": WD_ALIGN_PARAGRAPH.CENTER, "num": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT}


def _table(word, columns, rows, width) -> None:
    """A ruled table (an appendix, the minutes' vote counts, a ranking): the header row repeated
    on every page, group rows spanning the row after their number."""
    table = word.add_table(rows=1, cols=len(columns))
    table.style = word.styles["Table Grid"]
    heading = table.rows[0]
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    heading._tr.get_or_add_trPr().append(repeat)
    for cell, column in zip(heading.cells, columns, strict=True):
        _cell(cell, column.label, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    for row in rows:
        line = table.add_row()
        _cant_split(line)
        cells = line.cells
        _cell(cells[0], row.number, align=WD_ALIGN_PARAGRAPH.CENTER, bold=row.kind == "group")
        if row.kind == "group":
            merged = cells[1].merge(cells[-1]) if len(cells) > 2 else cells[1]
            _cell(merged, row.cells[0], bold=True, italic=row.depth == 1)
        else:
            for cell, text, column in zip(cells[1:], row.cells, columns[1:], strict=False):
                _cell(
                    cell,
                    text,
                    bold=column.bold or row.kind == "total",
                    align=ALIGN.get(column.align, WD_ALIGN_PARAGRAPH.LEFT),
                )
    _widths(table, [int(width * float(column.width) / 100) for column in columns])


def _appendix(word, appendix: AppendixPart) -> None:
    section = word.add_section(WD_SECTION.NEW_PAGE)
    _page(section, landscape=appendix.landscape)
    _page_numbers(section, restart=True)
    _centered(word, appendix.label, bold=True)
    _centered(word, appendix.title, bold=True)
    _centered(word, appendix.subtitle, italic=True, after=10)
    _table(word, appendix.columns, appendix.rows, _text_width(section))


def _cell(cell, text: str, *, bold=False, italic=False, align=WD_ALIGN_PARAGRAPH.LEFT) -> None:
    """Table text at 12 pt; a line break typed in the cell stays a line break."""
    lines = ("" if text is None else str(text)).split("\n")
    for index, line in enumerate(lines):
        paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
        paragraph.alignment = align
        paragraph.paragraph_format.space_after = Pt(0)
        run = paragraph.add_run(line)
        run.bold, run.italic, run.font.size = bold, italic, Pt(12)
