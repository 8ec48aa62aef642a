import datetime
import threading

import pytest
from django.template import engines

from documents.parts import DocumentHeader, Recipients, Signer, paragraphs
from documents.rendering import html_to_pdf, render_html, render_pdf

from .pdf_tools import Pdf, squash

LONG = "<html><body>" + "<p>Đoạn văn bản dài để kín nhiều trang.</p>" * 120 + "</body></html>"


def test_progress_is_reported_for_every_page_laid_out():
    pages = []
    pdf = html_to_pdf(LONG, on_page=pages.append)
    assert pdf.page_count >= 2
    assert pages == list(range(1, pdf.page_count + 1))
    assert Pdf(pdf.content).page_count == pdf.page_count


def test_progress_of_another_thread_is_not_reported_here():
    mine, other = [], []
    worker = threading.Thread(target=lambda: html_to_pdf(LONG, on_page=other.append))
    worker.start()
    html_to_pdf("<p>một trang</p>", on_page=mine.append)
    worker.join()
    assert mine == [1]
    assert other == list(range(1, len(other) + 1)) and len(other) >= 2


@pytest.fixture
def own_templates(settings, tmp_path):
    """A template folder of another app, beside the portal's own."""
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]
    return tmp_path


def test_preview_flag_reaches_the_template(own_templates):
    (own_templates / "doc.html").write_text("{% if preview %}xem trước{% else %}in{% endif %}", encoding="utf-8")
    assert render_html("doc.html", {}, preview=True) == "xem trước"
    assert render_html("doc.html", {}) == "in"


def test_another_document_type_reuses_header_signer_and_recipients(own_templates):
    """How the awards app will print a Quyết định: its own body, our parts."""
    (own_templates / "decision.html").write_text(
        '{% extends "documents/base.html" %}{% block body %}<div class="doc-body">'
        '{% for p in articles %}<p class="{{ p.kind }}">{{ p.text }}</p>{% endfor %}</div>{% endblock %}',
        encoding="utf-8",
    )
    context = {
        "document_title": "Quyết định 12/QĐ-UBND",
        "header": DocumentHeader(
            issuing_body="Ủy ban nhân dân\ntỉnh Hưng Yên",
            symbol="QĐ-UBND",
            place="Hưng Yên",
            number="12",
            date=datetime.date(2025, 3, 4),
        ),
        "subject": "Về việc tặng Bằng khen của Chủ tịch UBND tỉnh",
        "articles": paragraphs("Điều 1. Tặng Bằng khen cho 02 tập thể.\n\nĐiều 2. Quyết định có hiệu lực."),
        "signer": Signer(authority="KT. CHỦ TỊCH", position="PHÓ CHỦ TỊCH", name="Nguyễn Văn B"),
        "recipients": Recipients(["Như Điều 2;", "Lưu: VT, NC."]),
    }
    pdf = Pdf(render_pdf("decision.html", context))
    assert squash(pdf.text(raw=True)) == squash(  # drawn in reading order
        """ỦY BAN NHÂN DÂN TỈNH HƯNG YÊN
        CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc
        Số: 12/QĐ-UBND Hưng Yên, ngày 04 tháng 3 năm 2025
        QUYẾT ĐỊNH Về việc tặng Bằng khen của Chủ tịch UBND tỉnh
        Điều 1. Tặng Bằng khen cho 02 tập thể. Điều 2. Quyết định có hiệu lực.
        Nơi nhận: - Như Điều 2; - Lưu: VT, NC. KT. CHỦ TỊCH PHÓ CHỦ TỊCH Nguyễn Văn B"""
    )
    assert pdf.info()["Title"] == "Quyết định 12/QĐ-UBND"


def test_the_signature_never_starts_a_page_alone():
    """Whatever the body length, the page with "Nơi nhận:" and the signer also carries body text."""
    template = engines["django"].from_string(
        '{% extends "documents/base.html" %}{% block body %}<div class="doc-body">'
        "{% for p in body %}<p>{{ p.text }}</p>{% endfor %}</div>{% endblock %}"
    )
    header = DocumentHeader(
        issuing_body="UBND TỈNH A", symbol="KH-UBND", place="A", number="1", date=datetime.date.today()
    )
    page_counts = set()
    for count in range(14, 19):  # around the length where the closing first spills onto page 3
        body = paragraphs("\n\n".join(f"Đoạn {i}: " + "nội dung " * 30 for i in range(count)))
        context = {
            "header": header,
            "subject": "S",
            "signer": Signer("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Tên"),
            "recipients": Recipients(["Lưu: VT."]),
            "body": body,
        }
        rendered = html_to_pdf(template.render(context))
        page_counts.add(rendered.page_count)
        pages = Pdf(rendered.content).pages_text(layout=True)
        closing_page = next(page for page in pages if "Nơi nhận:" in page)
        assert "nội dung" in closing_page.split("Nơi nhận:")[0], count
    assert page_counts == {2, 3}
