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
