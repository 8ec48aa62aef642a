"""Documents as HTML with print CSS, and the same HTML as PDF through WeasyPrint.

How another app renders an official document:

    from documents.parts import DocumentHeader, Signer, Recipients
    from documents.rendering import render_html, render_pdf

    context = {
        "header": DocumentHeader(issuing_body="ỦY BAN NHÂN DÂN\\nTỈNH HƯNG YÊN", number="12",
                                 symbol="QĐ-UBND", place="Hưng Yên", date=issued_on),
        "subject": "Về việc tặng Bằng khen ...",
        "signer": Signer(authority="TM. ỦY BAN NHÂN DÂN", position="CHỦ TỊCH", name="..."),
        "recipients": Recipients(["Như Điều 3;", "Lưu: VT, NC."]),
    }
    html = render_html("awards/decision.html", context)   # the browser preview
    pdf = render_pdf("awards/decision.html", context)      # the same template, as PDF bytes

where awards/decision.html extends "documents/base.html" and fills its blocks (see that file).
"""

import logging
import mimetypes
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from .fonts import ClosedFontConfiguration

# Documents refer to their stylesheet and fonts by their static URL; WeasyPrint resolves them
# against this made-up origin and StaticFetcher reads them from disk.
BASE_URL = "https://van-ban.invalid/"


class StaticFetcher(URLFetcher):
    """Serves the portal's static files and nothing else: no network, no other local file.

    Errors stop the rendering instead of producing a PDF with a missing font or stylesheet."""

    def __init__(self):
        super().__init__(fail_on_errors=True)
        self.prefix = BASE_URL + settings.STATIC_URL.lstrip("/")

    def fetch(self, url, headers=None):
        if not url.startswith(self.prefix):
            raise ValueError(f"Văn bản chỉ được dùng tệp tĩnh của cổng, không tải được {url}")
        name = url[len(self.prefix) :].split("?")[0].split("#")[0]
        path = static_path(name)
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": content_type})


def static_path(name: str) -> Path:
    found = finders.find(name)
    if found:
        return Path(found)
    # With ManifestStaticFilesStorage the URL carries a hashed name only the collected copy has.
    if staticfiles_storage.exists(name):
        return Path(staticfiles_storage.path(name))
    raise FileNotFoundError(f"Không có tệp tĩnh {name}")


def render_html(template_name: str, context: dict, *, request=None, preview: bool = False) -> str:
    """The document as HTML. `preview` adds the screen toolbar; the PDF never has it."""
    return render_to_string(template_name, {**context, "preview": preview}, request=request)


# CSS pixels (what WeasyPrint lays out in) to PDF points.
POINTS_PER_PX = 0.75


@dataclass(frozen=True)
class Anchor:
    """Where an element with an ``id`` landed: its page (from 0) and its box in PDF points,
    (left, bottom, right, top) measured from the page's bottom-left corner as PDF draws."""

    page: int
    box: tuple[float, float, float, float]


@dataclass(frozen=True)
class Pdf:
    content: bytes
    page_count: int
    anchors: dict[str, Anchor] = field(default_factory=dict)


# For issued documents kept for good: PDF/A-2b (ISO 19005-2, visual appearance), which allows
# the incremental update a digital signature adds.
ARCHIVAL_VARIANT = "pdf/a-2b"


def html_to_pdf(html: str, *, on_page=None, archival: bool = False, font_files=None) -> Pdf:
    """The PDF of a document's HTML. `on_page(n)` is called as WeasyPrint lays out page n;
    `archival` writes PDF/A-2b (metadata, colour profile, every font embedded); `font_files`
    replaces the shipped Liberation Serif files as the only fonts the PDF may contain.

    ``anchors`` tells where each element with an ``id`` was drawn, so that a signature can be
    placed on the signer block wherever the text pushed it."""
    source = HTML(string=html, base_url=BASE_URL, url_fetcher=StaticFetcher())
    with _page_progress(on_page):
        fonts = ClosedFontConfiguration() if font_files is None else ClosedFontConfiguration(font_files)
        document = source.render(font_config=fonts)
    anchors = {}
    for index, page in enumerate(document.pages):
        height = page.height * POINTS_PER_PX
        for name, (x1, y1, x2, y2) in page.anchors.items():
            box = (x1 * POINTS_PER_PX, height - y2 * POINTS_PER_PX, x2 * POINTS_PER_PX, height - y1 * POINTS_PER_PX)
            anchors.setdefault(name, Anchor(page=index, box=box))
    content = document.write_pdf(pdf_variant=ARCHIVAL_VARIANT if archival else None)
    return Pdf(content=content, page_count=len(document.pages), anchors=anchors)


def render_pdf(template_name: str, context: dict, *, on_page=None) -> bytes:
    """PDF bytes of a document template (the same template render_html shows in the browser)."""
    return html_to_pdf(render_html(template_name, context), on_page=on_page).content


class _PageProgress(logging.Handler):
    """Turns WeasyPrint's "Creating layout - Page n" log lines into calls, for this thread only:
    a worker may render several documents at once."""

    def __init__(self, on_page):
        super().__init__(level=logging.INFO)
        self.on_page = on_page
        self.thread = threading.get_ident()

    def emit(self, record):
        if record.thread != self.thread or not str(record.msg).startswith("Step 5 - Creating layout - Page"):
            return
        self.on_page(record.args[0])


@contextmanager
def _page_progress(on_page):
    if on_page is None:
        yield
        return
    # settings.LOGGING keeps this logger at INFO without printing it.
    logger = logging.getLogger("weasyprint.progress")
    handler = _PageProgress(on_page)
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)
