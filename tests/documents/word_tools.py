"""A .docx read back as a reader of the file would: its text in order, its sections' pages."""

import io

from docx import Document


def docx_text(content: bytes) -> str:
    """Every paragraph's text in document order, tables (header, closing, appendices) included."""
    document = Document(io.BytesIO(content))
    body = document.element.body
    texts = []
    for element in body.iter():
        if element.tag.endswith("}p"):
            texts.append("".join(node.text or "" for node in element.iter() if node.tag.endswith("}t")))
    return "\n".join(texts)


def sections(content: bytes) -> list:
    return list(Document(io.BytesIO(content)).sections)


def _lines(cell) -> list[str]:
    return [paragraph.text for paragraph in cell.paragraphs if paragraph.text]


def header_parts(content: bytes) -> dict:
    """The Decree 30 header as the reader sees it: the first table, two columns, two rows."""
    table = Document(io.BytesIO(content)).tables[0]
    (issuer, nation), (number, place) = (row.cells for row in table.rows)
    return {"issuer": _lines(issuer), "nation": _lines(nation), "number": number.text, "place_date": place.text}


def table_lines(table) -> list[list[list[str]]]:
    """Every row of a table as its cells' lines."""
    return [[_lines(cell) for cell in row.cells] for row in table.rows]


def tables(content: bytes) -> list:
    return list(Document(io.BytesIO(content)).tables)


def body_paragraphs(content: bytes) -> list:
    """The paragraphs outside tables, in order (python-docx Paragraph objects)."""
    return list(Document(io.BytesIO(content)).paragraphs)
