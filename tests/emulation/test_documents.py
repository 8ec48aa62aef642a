import datetime

import pytest
from django.urls import reverse

from emulation import documents, services
from tests.documents.pdf_tools import Pdf, compact, in_order, squash
from tests.documents.word_tools import body_paragraphs, docx_text, header_parts, sections, table_lines, tables

from .conftest import score

OUR_FONTS = {"Liberation-Serif", "Liberation-Serif-Bold", "Liberation-Serif-Italic", "Liberation-Serif-Bold-Italic"}


def sign(block, covenant, unit, name, position):
    """The leader records `unit`'s signature of the covenant, signed on 05/03/2025."""
    services.record_signature(
        actor=block.leader_user,
        covenant=covenant,
        unit=unit,
        signed_on=datetime.date(2025, 3, 5),
        signer_name=name,
        signer_position=position,
    )


@pytest.fixture
def covenant(block):
    covenant = services.save_covenant(
        actor=block.leader_user,
        group=block.group,
        title="Giao ước thi đua năm 2025",
        content="Các đơn vị thành viên thống nhất giao ước thi đua năm 2025.",
        targets="100% nhiệm vụ hoàn thành đúng hạn\nKhông có cán bộ vi phạm kỷ luật",
        place="Bắc Ninh",
        signing_due=datetime.date(2025, 3, 31),
        signed_on=datetime.date(2025, 3, 5),
    )
    sign(block, covenant, block.alpha, "Nguyễn Văn Bình", "Giám đốc")
    return covenant


def test_covenant_pdf_has_the_group_header_targets_and_every_member_to_sign(block, covenant):
    pdf = Pdf(documents.covenant_pdf(block.group))
    assert {f["name"] for f in pdf.fonts()} <= OUR_FONTS and all(f["embedded"] for f in pdf.fonts())
    text = squash(pdf.text(raw=True))
    assert (
        in_order(
            text,
            [
                "UBND TỈNH THỬ",
                "KHỐI CÁC CƠ QUAN TỔNG HỢP",
                "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                "Độc lập - Tự do - Hạnh phúc",
                "Bắc Ninh, ngày 05 tháng 3 năm 2025",
                "GIAO ƯỚC THI ĐUA NĂM 2025",
                "Các đơn vị thành viên thống nhất giao ước thi đua năm 2025.",
                "- 100% nhiệm vụ hoàn thành đúng hạn",
                "- Không có cán bộ vi phạm kỷ luật",
            ],
        )
        == []
    )
    for unit in ("SỞ NỘI VỤ", "SỞ TÀI CHÍNH", "SỞ TƯ PHÁP"):
        assert f"ĐẠI DIỆN {unit}" in text
    assert "GIÁM ĐỐC" in text and "Nguyễn Văn Bình" in text


def test_ranking_pdf_lists_members_in_rank_order_with_points_as_written(block):
    score(block, block.alpha_user, block.alpha, c1="9,5", c2="20")
    score(block, block.beta_user, block.beta, c1="10", c2="15", penalty="1")
    pdf = Pdf(documents.ranking_pdf(block.table))
    assert {f["name"] for f in pdf.fonts()} <= OUR_FONTS
    text = squash(pdf.text(raw=True))
    assert (
        in_order(
            text,
            [
                "KẾT QUẢ CHẤM ĐIỂM, XẾP HẠNG THI ĐUA NĂM 2025",
                "(Kết quả chưa công bố)",
                "1 Sở Tư pháp 29,5 0 0 29,5",
                "2 Sở Tài chính 25 0 1 24",
                # Not ranked level with the others at 0 points: named as not scored.
                "Chưa chấm điểm, không xếp hạng: Sở Nội vụ.",
                "Nơi nhận:",
                "- Các đơn vị thành viên Khối thi đua;",
                f"- UBND tỉnh {block.province.committee_place[1]} (để báo cáo);",
                "- Lưu: VT.",
            ],
        )
        == []
    )
    assert "3 Sở Nội vụ" not in text
    # Not published yet: "DỰ THẢO" in the top margin, on the right, of page 1.
    mark = [w for w in pdf.words(1) if w.text in ("DỰ", "THẢO")]
    assert [w.text for w in mark] == ["DỰ", "THẢO"] and all(w.y_max < 20 * 72 / 25.4 and w.x_min > 400 for w in mark)
    assert "TM. KHỐI CÁC CƠ QUAN TỔNG HỢP KHỐI TRƯỞNG SỞ NỘI VỤ" in text


def _line_of(words, text):
    """The top of the first word reading `text`."""
    return next(w.y_min for w in words if w.text == text)


def test_ranking_signer_has_a_name_line_from_the_leaders_covenant_signature(block, covenant):
    sign(block, covenant, block.leader, "Trần Thị Hương", "Giám đốc")
    members = ((block.leader_user, block.leader), (block.alpha_user, block.alpha), (block.beta_user, block.beta))
    for user, unit in members:
        score(block, user, unit, c1="8", c2="15")
    table = services.publish_ranking(actor=block.leader_user, table=block.table)
    pdf = Pdf(documents.ranking_pdf(table))
    text = squash(pdf.text(raw=True))
    assert "DỰ THẢO" not in text and "(Kết quả chưa công bố)" not in text
    assert "TM. KHỐI CÁC CƠ QUAN TỔNG HỢP KHỐI TRƯỞNG GIÁM ĐỐC SỞ NỘI VỤ Trần Thị Hương" in text
    # Recipients and signer side by side: "Nơi nhận:" level with the signer's first line.
    words = pdf.words(pdf.page_count)
    assert abs(_line_of(words, "Nơi") - _line_of(words, "TM.")) < 2


def test_ranking_unpublished_without_leaders_name_leaves_a_line_to_write_it(block):
    text = squash(Pdf(documents.ranking_pdf(block.table)).text(raw=True))
    assert "KHỐI TRƯỞNG SỞ NỘI VỤ …………………………………" in text


def test_covenant_header_keeps_no_word_alone_and_signers_names_are_level(block, covenant):
    pdf = Pdf(documents.covenant_pdf(block.group))
    words = pdf.words(1)
    # "KHỐI CÁC CƠ QUAN" over "TỔNG HỢP", never "... TỔNG" over a lone "HỢP".
    header = [w for w in words if w.text in ("KHỐI", "QUAN", "TỔNG", "HỢP") and w.y_min < 120]
    lines = {}
    for word in header:
        lines.setdefault(round(word.y_min), []).append(word.text)
    assert sorted(lines.values(), key=len, reverse=True) == [["KHỐI", "QUAN"], ["TỔNG", "HỢP"]]
    # Members two a row, by name: Sở Nội vụ (not signed) beside Sở Tài chính (not signed), then
    # Sở Tư pháp, signed by its Giám đốc: the note where a name would be, never a blank block.
    text = squash(pdf.text(raw=True))
    assert text.count("(Chưa ký giao ước)") == 2
    assert "Thủ trưởng đơn vị" not in text


def test_covenant_signers_of_one_row_have_their_names_level(block, covenant):
    sign(block, covenant, block.leader, "Trần Thị Hương", "Phó Giám đốc phụ trách điều hành")
    pdf = Pdf(documents.covenant_pdf(block.group))
    words = pdf.words(pdf.page_count)
    # Sở Nội vụ's title takes three lines, Sở Tài chính's one: the name and the note still level.
    assert _line_of(words, "ĐIỀU") > _line_of(words, "TÀI") + 20
    assert abs(_line_of(words, "Trần") - _line_of(words, "(Chưa")) < 1


@pytest.mark.parametrize("paragraphs", [8, 9])
def test_covenants_last_page_never_holds_signature_blocks_alone(block, covenant, paragraphs):
    """With 8 or 9 paragraphs the second row of blocks would fall on a page of its own: the
    blocks go over together with the closing sentence."""
    sentence = (
        "Các đơn vị thành viên thống nhất giao ước thi đua năm 2025 với các nội dung chủ yếu được nêu tại giao ước này."
    )
    services.save_covenant(
        actor=block.leader_user,
        group=block.group,
        title="Giao ước thi đua năm 2025",
        content="\n".join([sentence] * paragraphs),
        targets="",
        place="Bắc Ninh",
        signing_due=datetime.date(2025, 3, 31),
        signed_on=datetime.date(2025, 3, 5),
    )
    block.group.refresh_from_db()
    pdf = Pdf(documents.covenant_pdf(block.group))
    assert pdf.page_count == 2
    last = squash(pdf.pages_text(raw=True)[-1])
    assert last.startswith("Giao ước này được các đơn vị thành viên thống nhất ký kết ngày 05/03/2025")
    assert all(f"ĐẠI DIỆN {unit}" in last for unit in ("SỞ NỘI VỤ", "SỞ TÀI CHÍNH", "SỞ TƯ PHÁP"))


def test_documents_follow_the_page_permissions(client, block, covenant):
    client.force_login(block.beta_user)
    assert client.get(reverse("emulation:covenant_pdf", args=[block.group.pk]))["Content-Type"] == "application/pdf"
    assert (
        "GIAO ƯỚC THI ĐUA NĂM 2025"
        in client.get(reverse("emulation:covenant_preview", args=[block.group.pk])).content.decode()
    )
    assert client.get(reverse("emulation:ranking_pdf", args=[block.group.pk])).status_code == 403
    client.force_login(block.leader_user)
    response = client.get(reverse("emulation:ranking_pdf", args=[block.group.pk]))
    assert response.content.startswith(b"%PDF-")


def _same_text(docx: bytes, pdf: bytes):
    """Every paragraph of the .docx is in the PDF's text, in the same order (the PDF draws the
    "DỰ THẢO" mark last, in the top margin: it is checked by position)."""
    paragraphs = [compact(line) for line in docx_text(docx).split("\n") if line.strip() and line != "DỰ THẢO"]
    assert len(paragraphs) > 10
    assert in_order(compact(Pdf(pdf).text(raw=True)), paragraphs) == []


def test_covenant_as_word_has_the_header_title_text_and_every_members_block(block, covenant):
    content = documents.covenant_docx(block.group)
    place = block.province.committee_place[1].upper()
    assert header_parts(content) == {
        "issuer": [f"UBND TỈNH {place}", "KHỐI CÁC CƠ QUAN", "TỔNG HỢP"],
        "nation": ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"],
        # A covenant has no number in a register: no "Số:" line.
        "number": "",
        "place_date": "Bắc Ninh, ngày 05 tháng 3 năm 2025",
    }
    texts = [p.text for p in body_paragraphs(content) if p.text]
    assert texts == [
        "GIAO ƯỚC THI ĐUA NĂM 2025",
        "Khối các cơ quan tổng hợp",
        "Các đơn vị thành viên thống nhất giao ước thi đua năm 2025.",
        "Các chỉ tiêu thi đua",
        "- 100% nhiệm vụ hoàn thành đúng hạn",
        "- Không có cán bộ vi phạm kỷ luật",
        "Giao ước này được các đơn vị thành viên thống nhất ký kết ngày 05/03/2025; các đơn vị có trách nhiệm tổ "
        "chức thực hiện và là căn cứ chấm điểm, xếp hạng thi đua cuối năm.",
    ]
    # Two blocks a row: titles in one row, then the names, level.
    assert table_lines(tables(content)[-1]) == [
        [["ĐẠI DIỆN SỞ NỘI VỤ"], ["ĐẠI DIỆN SỞ TÀI CHÍNH"]],
        [["(Chưa ký giao ước)"], ["(Chưa ký giao ước)"]],
        [["ĐẠI DIỆN SỞ TƯ PHÁP", "GIÁM ĐỐC"], []],
        [["Nguyễn Văn Bình"], []],
    ]
    [main] = sections(content)
    assert (round(main.page_width.mm), round(main.page_height.mm)) == (210, 297)
    assert [round(m.mm) for m in (main.top_margin, main.bottom_margin, main.left_margin, main.right_margin)] == [
        20,
        20,
        30,
        15,
    ]
    _same_text(content, documents.covenant_pdf(block.group))


def test_ranking_as_word_has_the_draft_mark_table_recipients_and_signer(block):
    score(block, block.alpha_user, block.alpha, c1="9,5", c2="20")
    score(block, block.beta_user, block.beta, c1="10", c2="15", penalty="1")
    content = documents.ranking_docx(block.table)
    texts = [p.text for p in body_paragraphs(content) if p.text]
    assert texts[:4] == [
        "DỰ THẢO",
        "KẾT QUẢ CHẤM ĐIỂM, XẾP HẠNG THI ĐUA NĂM 2025",
        "Khối các cơ quan tổng hợp",
        "(Kết quả chưa công bố)",
    ]
    assert texts[4] == "Chưa chấm điểm, không xếp hạng: Sở Nội vụ."
    _, ranking, closing = tables(content)
    assert [[" ".join(cell) for cell in row] for row in table_lines(ranking)] == [
        ["Xếp hạng", "Đơn vị", "Điểm tiêu chí", "Điểm thưởng", "Điểm trừ", "Tổng điểm"],
        ["1", "Sở Tư pháp", "29,5", "0", "0", "29,5"],
        ["2", "Sở Tài chính", "25", "0", "1", "24"],
    ]
    [[recipients, signer]] = table_lines(closing)
    assert recipients == [
        "Nơi nhận:",
        "- Các đơn vị thành viên Khối thi đua;",
        f"- UBND tỉnh {block.province.committee_place[1]} (để báo cáo);",
        "- Lưu: VT.",
    ]
    assert signer == ["TM. KHỐI CÁC CƠ QUAN TỔNG HỢP", "KHỐI TRƯỞNG", "SỞ NỘI VỤ", "…………………………………"]
    _same_text(content, documents.ranking_pdf(block.table))


def test_word_files_follow_the_page_permissions(client, block, covenant):
    word = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    client.force_login(block.beta_user)
    response = client.get(reverse("emulation:covenant_docx", args=[block.group.pk]))
    assert response["Content-Type"] == word
    assert f'filename="giao-uoc-thi-dua-2025-{block.group.pk}.docx"' in response["Content-Disposition"]
    assert client.get(reverse("emulation:ranking_docx", args=[block.group.pk])).status_code == 403
    assert "Tải Word" in client.get(reverse("emulation:overview", args=[block.group.pk])).content.decode()
    client.force_login(block.leader_user)
    response = client.get(reverse("emulation:ranking_docx", args=[block.group.pk]))
    assert response["Content-Type"] == word
    assert "Tải Word" in client.get(reverse("emulation:ranking", args=[block.group.pk])).content.decode()
