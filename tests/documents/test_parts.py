import datetime

import pytest

from documents.parts import (
    BLANK,
    DocumentHeader,
    DocumentType,
    Recipients,
    Signer,
    date_text,
    header_lines,
    legal_basis_lines,
    number_text,
    paragraphs,
)


@pytest.mark.parametrize(
    ("symbol", "title", "name"),
    [
        ("KH-UBND", "KẾ HOẠCH", "Kế hoạch"),
        ("QĐ-UBND", "QUYẾT ĐỊNH", "Quyết định"),
        ("TTr-SNV", "TỜ TRÌNH", "Tờ trình"),
        ("BB-HĐTĐKT", "BIÊN BẢN", "Biên bản"),
    ],
)
def test_document_type_comes_from_the_symbol(symbol, title, name):
    kind = DocumentType.of(symbol)
    assert (kind.title, kind.name) == (title, name)


def test_unknown_type_symbol_is_refused_with_a_message():
    with pytest.raises(ValueError, match="Không có loại văn bản ký hiệu “XX”"):
        DocumentType.of("XX-UBND")


@pytest.mark.parametrize(("number", "printed"), [("5", "05"), ("09", "09"), ("10", "10"), ("196", "196"), ("", "")])
def test_numbers_below_ten_take_a_leading_zero(number, printed):
    assert number_text(number) == printed


@pytest.mark.parametrize(
    ("date", "printed"),
    [
        (datetime.date(2024, 12, 24), "ngày 24 tháng 12 năm 2024"),
        (datetime.date(2025, 2, 13), "ngày 13 tháng 02 năm 2025"),
        (datetime.date(2025, 1, 5), "ngày 05 tháng 01 năm 2025"),
        (datetime.date(2025, 3, 9), "ngày 09 tháng 3 năm 2025"),
    ],
)
def test_dates_follow_decree_30(date, printed):
    assert date_text(date) == printed


def test_issued_header_lines():
    header = DocumentHeader(
        issuing_body="Ủy ban nhân dân\ntỉnh Hưng Yên",
        symbol="KH-UBND",
        place="Hưng Yên",
        number="7",
        date=datetime.date(2025, 1, 6),
        parent_body="",
    )
    assert header.issuing_body_lines == ["ỦY BAN NHÂN DÂN", "TỈNH HƯNG YÊN"]
    assert header.parent_body_lines == []
    assert header.number_line == "Số: 07/KH-UBND"
    assert header.place_date_line == "Hưng Yên, ngày 06 tháng 01 năm 2025"
    assert not header.is_draft


def test_draft_header_leaves_number_and_day_blank():
    header = DocumentHeader(
        issuing_body="UBND HUYỆN A", parent_body="UBND tỉnh Cao Bằng", symbol="KH-UBND", place="A", month=1, year=2025
    )
    assert header.is_draft
    assert header.number_line == f"Số: {BLANK}/KH-UBND"
    assert header.place_date_line == f"A, ngày{BLANK}tháng 01 năm 2025"
    assert header.parent_body_lines == ["UBND TỈNH CAO BẰNG"]


def test_signer_titles_are_capitals():
    signer = Signer(authority="KT. Chủ tịch", position="Phó Chủ tịch", name="Nguyễn Văn A")
    assert signer.title_lines == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]


def test_recipients_strip_dashes_and_raise_the_drafters_initials():
    recipients = Recipients(["- Thường trực Tỉnh ủy;", "", "Lưu: VT, NC^D."])
    assert recipients.items == [[("Thường trực Tỉnh ủy;", False)], [("Lưu: VT, NC", False), ("D", True), (".", False)]]


def test_legal_bases_end_with_semicolons_and_a_full_stop():
    assert legal_basis_lines(["Căn cứ Luật A;", "Căn cứ Nghị định B.", " Căn cứ Thông tư C; "]) == [
        "Căn cứ Luật A;",
        "Căn cứ Nghị định B;",
        "Căn cứ Thông tư C.",
    ]


def test_numbered_titles_and_parents_of_lettered_items_are_headings():
    body = "\n\n".join(
        [
            "1. Mục đích",
            "a) Đẩy mạnh các phong trào thi đua.",
            "2. Xây dựng và ban hành văn bản chỉ đạo.",
            "a) Ban hành các văn bản.",
            "3. Tiếp tục đẩy mạnh nghiên cứu, quán triệt sâu sắc tư tưởng của Chủ tịch Hồ Chí Minh.",
            "- Tiếp tục thực hiện 05 nội dung thi đua;",
            "(Có Phụ lục nhiệm vụ cụ thể kèm theo)",
        ]
    )
    assert [(p.kind, p.text[:12]) for p in paragraphs(body)] == [
        ("heading", "1. Mục đích"),
        ("text", "a) Đẩy mạnh "),
        ("heading", "2. Xây dựng "),
        ("text", "a) Ban hành "),
        ("text", "3. Tiếp tục "),
        ("text", "- Tiếp tục t"),
        ("note", "(Có Phụ lục "),
    ]


def test_header_lines_break_by_measured_width_at_the_words_a_reader_would():
    # Wider than the column: the head noun over the dashed name, never a dash at a line's edge.
    assert header_lines("HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG", bold=True) == ["HỘI ĐỒNG", "THI ĐUA - KHEN THƯỞNG"]
    # Narrow enough for one line: one line.
    assert header_lines("HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG", bold=True, width_pt=300) == ["HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG"]
    assert header_lines("KHỐI CÁC CƠ QUAN TỔNG HỢP", bold=True) == ["KHỐI CÁC CƠ QUAN", "TỔNG HỢP"]
    assert header_lines("HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG SỞ GIÁO DỤC VÀ ĐÀO TẠO", bold=True) == [
        "HỘI ĐỒNG",
        "THI ĐUA - KHEN THƯỞNG",
        "SỞ GIÁO DỤC VÀ ĐÀO TẠO",
    ]
    # The writer's own break stays, each line then broken by width on its own.
    assert header_lines("ỦY BAN NHÂN DÂN\nTỈNH HƯNG YÊN", bold=True) == ["ỦY BAN NHÂN DÂN", "TỈNH HƯNG YÊN"]
    assert header_lines("", bold=True) == []


def test_header_lines_keep_the_dash_inside_a_line_and_a_word_too_wide_whole():
    for width in (90, 120, 150):
        lines = header_lines("HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG", bold=True, width_pt=width)
        assert " ".join(lines) == "HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG"
        assert not any(line.startswith("-") or line.endswith("-") for line in lines), (width, lines)
    assert header_lines("NGHIÊNG", bold=True, width_pt=10) == ["NGHIÊNG"]
