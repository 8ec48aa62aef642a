"""The Checks of the issue, on the real PDF bytes of both seed plans loaded as demo data."""

import pytest
from django.db import transaction

from plans.models import Plan
from tasks.models import Task
from tasks.printing import render_plan
from tdkt_portal.demo import load_demo
from tests.documents.pdf_tools import MM, Pdf, compact, in_order, squash

pytestmark = pytest.mark.django_db

SEEDS = ["196", "83"]
A4_PORTRAIT, A4_LANDSCAPE = (595, 842), (842, 595)


@pytest.fixture(scope="module")
def seed_pdfs(django_db_setup, django_db_blocker):
    """Both seed plans loaded as demo data and drawn once for the module: {number: (Pdf, expected)}.

    `expected` holds what the PDF must show, read from the database (task rows in order, with the
    unit cells as the plan wrote them)."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo()
        result = {}
        for plan in Plan.objects.filter(copied_from__isnull=True):  # the two seed plans, not their drafts
            tasks = Task.objects.filter(appendix__plan=plan).order_by(
                "appendix__position", "group__position", "position"
            )
            rows = []
            for task in tasks.select_related("appendix"):
                cells = [task.content]
                cells += [task.unit_cells.get(key, "") for key in task.appendix.columns if key in task.unit_cells]
                if "timing" in task.appendix.columns:
                    cells.append(task.timing_text)
                rows.append((task.number, [c for c in cells if c]))
            _, pdf = render_plan(plan.pk)
            result[plan.number] = (
                Pdf(pdf.content),
                {
                    "rows": rows,
                    "sections": list(plan.sections.values_list("heading", flat=True)),
                    "appendix_count": plan.appendices.count(),
                    "page_count": pdf.page_count,
                },
            )
        transaction.set_rollback(True)
    return result


@pytest.fixture(params=SEEDS)
def seed(request, seed_pdfs):
    return seed_pdfs[request.param]


def test_only_our_font_family_is_in_the_pdf_and_it_is_embedded(seed):
    pdf, _ = seed
    fonts = pdf.fonts()
    assert {f["name"] for f in fonts} == {
        "Liberation-Serif",
        "Liberation-Serif-Bold",
        "Liberation-Serif-Italic",
        "Liberation-Serif-Bold-Italic",
    }
    assert all(f["embedded"] for f in fonts)


def test_every_task_and_unit_text_is_printed_in_order(seed):
    pdf, expected = seed
    text = compact(pdf.text(raw=True))
    needles = [compact(cell) for number, cells in expected["rows"] for cell in [number, *cells]]
    assert len(expected["rows"]) in (27, 29)
    assert in_order(text, needles) == []


def test_sections_follow_in_order(seed):
    pdf, expected = seed
    assert in_order(squash(pdf.text(raw=True)), expected["sections"]) == []


def test_hung_yen_header_on_page_one(seed_pdfs):
    pdf, _ = seed_pdfs["196"]
    page_one = pdf.text(1, 1, layout=True)
    lines = [squash(line) for line in page_one.splitlines() if line.strip()]
    # Two columns side by side: the issuing body and the national name share a line, the number
    # and the place and date share another.
    assert lines[0] == "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert lines[1] == "TỈNH HƯNG YÊN Độc lập - Tự do - Hạnh phúc"
    assert lines[2] == "Số: 196/KH-UBND Hưng Yên, ngày 24 tháng 12 năm 2024"
    assert lines[3:5] == ["KẾ HOẠCH", "Công tác thi đua, khen thưởng năm 2025"]
    assert lines[5] == "Căn cứ Luật Thi đua, khen thưởng ngày 15/6/2022."


def test_bac_ninh_dates_february_with_its_leading_zero(seed_pdfs):
    pdf, _ = seed_pdfs["83"]
    page_one = squash(pdf.text(1, 1))
    assert "Số: 83/KH-UBND" in page_one
    assert "Bắc Ninh, ngày 13 tháng 02 năm 2025" in page_one


def test_page_numbers_start_on_page_two_centred_in_the_top_margin(seed):
    pdf, _ = seed
    first, second = pdf.words(1), pdf.words(2)
    top_margin = 20 * MM
    assert [w for w in first if w.y_max < top_margin] == []
    number = [w for w in second if w.y_max < top_margin]
    assert [w.text for w in number] == ["2"]
    # Centred over the text block (left margin 30 mm, right 15 mm on a 595 pt page).
    centre = (30 * MM + 595.28 - 15 * MM) / 2
    assert abs((number[0].x_min + number[0].x_max) / 2 - centre) < 1


def test_body_text_starts_30_mm_from_the_left_edge(seed):
    pdf, _ = seed
    for page in (1, 2):
        left = min(w.x_min for w in pdf.words(page) if w.y_min > 20 * MM)
        assert 30 * MM - 0.5 <= left <= 35 * MM, (page, left / MM)


def test_appendices_are_landscape_and_number_their_own_pages(seed):
    pdf, expected = seed
    sizes = pdf.page_sizes()
    assert len(sizes) == expected["page_count"]
    first_landscape = sizes.index(A4_LANDSCAPE)
    assert set(sizes[:first_landscape]) == {A4_PORTRAIT}
    assert set(sizes[first_landscape:]) == {A4_LANDSCAPE}
    pages = pdf.pages_text(layout=True)
    appendix_pages = pages[first_landscape:]
    assert len(appendix_pages) >= 2
    assert squash(appendix_pages[0]).startswith("PHỤ LỤC")
    for index, text in enumerate(appendix_pages[1:], start=2):
        assert text.splitlines()[0].strip() == str(index)


def test_appendix_header_row_is_repeated_on_every_page(seed_pdfs):
    pdf, _ = seed_pdfs["83"]
    sizes = pdf.page_sizes()
    for number in range(sizes.index(A4_LANDSCAPE) + 1, len(sizes) + 1):
        assert "STT Nội dung thực hiện Đơn vị chỉ đạo Đơn vị thực hiện Đơn vị phối hợp Ghi chú" in squash(
            pdf.text(number, number, layout=True)
        )


def test_appendix_carries_its_title_and_attachment_line(seed_pdfs):
    pdf, _ = seed_pdfs["196"]
    text = squash(pdf.text(raw=True))
    assert (
        "PHỤ LỤC Nội dung công tác thi đua, khen thưởng năm 2025 (Kèm theo Kế hoạch số 196/KH-UBND ngày 24 tháng 12 "
        "năm 2024 của Ủy ban nhân dân tỉnh)" in text
    )


def test_closing_has_recipients_and_signer(seed_pdfs):
    pdf, _ = seed_pdfs["196"]
    text = squash(pdf.text(raw=True))
    assert (
        in_order(
            text,
            [
                "Nơi nhận:",
                "- Thường trực Tỉnh ủy;",
                "- Lưu: VT, NC",
                "TM. ỦY BAN NHÂN DÂN",
                "CHỦ TỊCH",
                "Trần Quốc Văn",
            ],
        )
        == []
    )


def test_no_appendix_page_starts_with_the_rest_of_a_row(seed):
    """Rows are not split across pages: below the repeated header row, every page starts with a
    row whose number (or group number) stands level with its first line."""
    pdf, _ = seed
    sizes = pdf.page_sizes()
    for page in range(sizes.index(A4_LANDSCAPE) + 2, len(sizes) + 1):
        words = pdf.words(page)
        header = next(w for w in words if w.text == "Nội")  # "Nội dung" heads the content column
        header_bottom = max(w.y_max for w in words if abs(w.y_min - header.y_min) < 1)
        body = [w for w in words if w.y_min > header_bottom + 2]
        top = min(w.y_min for w in body)
        first_line = [w for w in body if abs(w.y_min - top) < 1]
        number_column = [w for w in first_line if w.x_max < header.x_min - 5]
        assert number_column, (page, [w.text for w in first_line])


def test_quarter_group_rows_print_their_number_and_title(seed_pdfs):
    pdf, _ = seed_pdfs["83"]
    lines = [squash(line) for line in pdf.text(layout=True).splitlines()]
    assert [line for line in lines if line.startswith(("I Quý", "II Quý", "III Quý", "IV Quý"))] == [
        "I Quý I",
        "II Quý II",
        "III Quý III",
        "IV Quý IV",
    ]
