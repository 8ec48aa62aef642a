import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from documents.rendering import html_to_pdf
from plans.models import Plan
from tasks.printing import plan_document_context, plan_docx, render_plan_html
from tdkt_portal.demo import load_demo
from tests.documents.pdf_tools import Pdf, compact, in_order, squash
from tests.documents.word_tools import docx_text, sections
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def seed_plan():
    load_demo()
    return Plan.objects.get(number="196", symbol="KH-UBND")


def test_the_word_file_says_what_the_pdf_says_in_the_same_order(seed_plan):
    content = plan_docx(seed_plan)
    paragraphs = [squash(line) for line in docx_text(content).split("\n") if line.strip()]
    pdf_text = squash(Pdf(html_to_pdf(render_plan_html(seed_plan)).content).text(raw=True))
    assert len(paragraphs) > 100
    # Whitespace aside: the PDF sets the drafter's raised initials ("NC^D") apart.
    assert in_order(compact(pdf_text), [compact(p) for p in paragraphs]) == []
    # What the PDF has besides: page numbers and the header row repeated on each appendix page.
    word_words = {word.strip(".,;:") for word in " ".join(paragraphs).split()}
    extra = {word.strip(".,;:") for word in pdf_text.split()} - word_words - {""}
    assert all(word.isdigit() for word in extra), sorted(extra)[:20]


def test_each_appendix_is_its_own_section_with_its_own_page_numbers(seed_plan):
    context = plan_document_context(seed_plan)
    content = plan_docx(seed_plan)
    [main, *appendices] = sections(content)
    assert len(appendices) == len(context["appendices"]) >= 1
    assert (round(main.page_width.mm), round(main.page_height.mm)) == (210, 297)
    assert [round(m.mm) for m in (main.top_margin, main.bottom_margin, main.left_margin, main.right_margin)] == [
        20,
        20,
        30,
        15,
    ]
    assert main.different_first_page_header_footer
    assert "PAGE" in main.header._element.xml and "PAGE" not in main.first_page_header._element.xml
    for section, part in zip(appendices, context["appendices"], strict=True):
        assert (section.orientation == WD_ORIENT.LANDSCAPE) is part.landscape
        assert section.different_first_page_header_footer
        assert section._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "1"


def test_the_appendix_header_row_repeats_and_the_text_is_times_new_roman(seed_plan):
    from docx import Document

    document = Document(io.BytesIO(plan_docx(seed_plan)))
    appendix_table = document.tables[-1]
    assert appendix_table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert document.styles["Normal"].font.name == "Times New Roman"


def test_a_reader_downloads_the_word_file_and_the_command_writes_it(client, seed_plan, tmp_path):
    client.force_login(UserFactory(unit=seed_plan.issuing_unit))
    response = client.get(reverse("tasks:plan_docx", args=[seed_plan.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert 'filename="ke-hoach-196-kh-ubnd-2025.docx"' in response["Content-Disposition"]
    out = io.StringIO()
    call_command("render_plan", "196/KH-UBND", "-o", str(tmp_path / "kh.docx"), "--docx", stdout=out)
    assert out.getvalue() == f"Đã ghi {tmp_path / 'kh.docx'} (Word): kế hoạch 196/KH-UBND.\n"
    assert docx_text((tmp_path / "kh.docx").read_bytes()) == docx_text(
        b"".join(response.streaming_content) if response.streaming else response.content
    )
