"""Certificates drawn as PDF pages the size of the stock: only the fields, placed absolutely by
WeasyPrint (documents.rendering) with the serif and the script face and no other font."""

from dataclasses import dataclass, field

from documents.rendering import html_to_pdf, render_html

from . import fonts

TEMPLATE = "certificates/sheets.html"


@dataclass
class Page:
    fields: list = field(default_factory=list)
    marks: list = field(default_factory=list)


def sheets_html(layout, pages, *, title: str, scan_url: str = "", request=None) -> str:
    width, height = layout.page_mm
    return render_html(
        TEMPLATE,
        {
            "title": title,
            "sheets": pages,
            "page_width": width,
            "page_height": height,
            "features": fonts.FEATURES_OFF,
            "scan_url": scan_url,
        },
        request=request,
    )


def sheets_pdf(layout, pages, *, title: str) -> bytes:
    return html_to_pdf(sheets_html(layout, pages, title=title), font_files=fonts.CERTIFICATE_FONT_FILES).content
