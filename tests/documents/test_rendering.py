import threading

from django.template import Context, Template

from documents.rendering import html_to_pdf, render_html

from .pdf_tools import Pdf

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


def test_preview_flag_reaches_the_template(settings, tmp_path):
    (tmp_path / "doc.html").write_text("{% if preview %}xem trước{% else %}in{% endif %}", encoding="utf-8")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    assert render_html("doc.html", {}, preview=True) == "xem trước"
    assert render_html("doc.html", {}) == "in"
    assert Template("{{ x }}").render(Context({"x": 1})) == "1"
