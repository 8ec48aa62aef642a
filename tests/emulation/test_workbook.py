import io
from decimal import Decimal as D

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from emulation import services, workbook
from emulation.models import CriteriaTable
from emulation.selectors import ranking

from .conftest import score


def upload(rows, name="tieu-chi.xlsx", title_rows=("BẢNG CHẤM ĐIỂM CÁC TIÊU CHÍ THI ĐUA NĂM 2025", "")):
    book = openpyxl.Workbook()
    sheet = book.active
    for line in title_rows:
        sheet.append([line])
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def shape(sections):
    return [
        (s.number, s.title, s.kind, [(c.number, c.content, c.max_points, c.kind, c.evidence_note) for c in s.criteria])
        for s in sections
    ]


def test_reads_an_office_sheet_with_title_rows_roman_groups_and_bonus_penalty_sections():
    rows = [
        ("STT", "Nội dung tiêu chí", "Điểm chuẩn", "Tài liệu kiểm chứng"),
        ("I", "CÔNG TÁC CHỈ ĐẠO", None, None),
        (1, "Ban hành kế hoạch thi đua", 10, "Kế hoạch"),
        ("2", "Tổ chức ký giao ước", "7,5", None),
        (None, None, None, None),
        ("II.", "Điểm thưởng", None, None),
        (1, "Có mô hình mới", 5, "Quyết định công nhận"),
        ("III", "Điểm trừ", None, None),
        (1, "Chậm báo cáo", 2, None),
    ]
    sections = workbook.read_criteria(upload(rows))
    assert shape(sections) == [
        (
            "I",
            "CÔNG TÁC CHỈ ĐẠO",
            "base",
            [
                ("1", "Ban hành kế hoạch thi đua", D("10"), "base", "Kế hoạch"),
                ("2", "Tổ chức ký giao ước", D("7.5"), "base", ""),
            ],
        ),
        ("II.", "Điểm thưởng", "bonus", [("1", "Có mô hình mới", D("5"), "bonus", "Quyết định công nhận")]),
        ("III", "Điểm trừ", "penalty", [("1", "Chậm báo cáo", D("2"), "penalty", "")]),
    ]


def test_every_bad_cell_is_named_by_row_and_column():
    rows = [
        ("TT", "Nội dung", "Điểm tối đa"),
        ("I", "Nhóm một", None),
        (1, "Tiêu chí", "mười"),
        (2, None, 5),
        (3, "Âm", -1),
    ]
    with pytest.raises(ValidationError) as caught:
        workbook.read_criteria(upload(rows))
    assert caught.value.messages == [
        "Dòng 5, cột C (Điểm tối đa): “mười” không phải là số điểm.",
        "Dòng 6: tiêu chí “2” không có nội dung (cột Nội dung tiêu chí).",
        "Dòng 7, cột C (Điểm tối đa): điểm tối đa phải lớn hơn 0.",
    ]


def test_a_sheet_without_the_header_is_refused():
    with pytest.raises(ValidationError) as caught:
        workbook.read_criteria(upload([("Họ tên", "Đơn vị")]))
    assert caught.value.messages == [
        "Trang “Sheet”: không tìm thấy dòng tiêu đề có cột “Nội dung tiêu chí” và “Điểm tối đa” trong 20 dòng đầu."
    ]


def test_a_word_file_renamed_xlsx_is_refused():
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    with pytest.raises(ValidationError, match=r"nội dung thực tế: Word \(\.docx\)"):
        workbook.read_criteria(SimpleUploadedFile("tieu-chi.xlsx", buffer.getvalue()))


def test_export_then_import_gives_the_same_table(block):
    services.update_criterion(actor=block.staff, criterion=block.c1, evidence_note='=HYPERLINK("http://x")')
    exported = workbook.criteria_workbook(block.table)
    sheet = openpyxl.load_workbook(io.BytesIO(exported)).active
    assert sheet["A1"].value == "BẢNG CHẤM ĐIỂM CÁC TIÊU CHÍ THI ĐUA"
    assert sheet["E6"].value.startswith("=HYPERLINK")
    assert sheet["E6"].data_type == "s"  # the formula-looking note stays text
    assert sheet["B4"].font.name == "Times New Roman"
    sections = workbook.read_criteria(SimpleUploadedFile("x.xlsx", exported))
    original = [
        (s.number, s.title, [(c.number, c.content, c.max_points, c.kind, c.evidence_note) for c in s.criteria.all()])
        for s in block.table.sections.all()
    ]
    assert [(s.number, s.title, [c[:5] for c in shape([s])[0][3]]) for s in sections] == original


def test_import_replaces_an_unscored_table_and_refuses_a_scored_one(block):
    rows = [("TT", "Nội dung tiêu chí", "Điểm tối đa"), ("I", "Nhóm mới", None), (1, "Một", 4), (2, "Hai", 6)]
    count = services.import_criteria_rows(
        actor=block.staff, table=block.table, rows=workbook.read_criteria(upload(rows))
    )
    assert count == 2
    table = CriteriaTable.objects.get(pk=block.table.pk)
    assert [(s.title, [c.content for c in s.criteria.all()]) for s in table.sections.all()] == [
        ("Nhóm mới", ["Một", "Hai"])
    ]
    first = table.sections.get().criteria.first()
    services.save_self_scores(actor=block.alpha_user, table=table, unit=block.alpha, entries={first.pk: ("3", "")})
    with pytest.raises(ValidationError, match="đã có đơn vị chấm điểm"):
        services.import_criteria_rows(actor=block.staff, table=table, rows=workbook.read_criteria(upload(rows)))


def test_ranking_workbook_lists_every_member_in_rank_order(block):
    score(block, block.alpha_user, block.alpha, c1="10", c2="20")
    score(block, block.beta_user, block.beta, c1="5")
    content = workbook.ranking_workbook(block.table, ranking(block.table))
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert sheet["A1"].value == "KẾT QUẢ CHẤM ĐIỂM, XẾP HẠNG THI ĐUA NĂM 2025"
    body = [[c.value for c in row] for row in sheet.iter_rows(min_row=5)]
    assert body == [
        [1, "Sở Tư pháp", "Phó", 30, 0, 0, 30, 30],
        [2, "Sở Tài chính", "Thành viên", 5, 0, 0, 5, 5],
        [3, "Sở Nội vụ", "Trưởng", 0, 0, 0, 0, 0],
    ]


def criteria_rows(count: int):
    return [("TT", "Nội dung tiêu chí", "Điểm tối đa"), ("I", "Nhóm", None)] + [
        (number, f"Tiêu chí {number}", 1) for number in range(1, count + 1)
    ]


def test_a_sheet_of_100000_rows_is_refused_before_it_is_loaded():
    import tracemalloc

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Tiêu chí")
    for row in criteria_rows(100_000):
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    tracemalloc.start()
    try:
        with pytest.raises(ValidationError) as caught:
            workbook.read_criteria(SimpleUploadedFile("dai.xlsx", buffer.getvalue()))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert caught.value.messages == [
        "Tệp “dai.xlsx” có trang tính dài 100.002 dòng, vượt giới hạn 20.000 dòng cho mỗi bảng tiêu chí."
    ]
    # Loaded, 300,000 cells would take well over 100 MB; counting rows streams the XML.
    assert peak < 30 * 1024 * 1024


def test_more_criteria_than_a_table_may_hold_are_refused_while_reading(settings):
    settings.CRITERIA_MAX_ROWS = 500
    assert len(workbook.read_criteria(upload(criteria_rows(500)))[0].criteria) == 500
    with pytest.raises(ValidationError) as caught:
        workbook.read_criteria(upload(criteria_rows(501)))
    assert caught.value.messages == [
        "Tệp tieu-chi.xlsx có hơn 500 tiêu chí (dòng 505 là tiêu chí thứ 501), vượt giới hạn 500 tiêu chí "
        "của một bảng tiêu chí. Không có tiêu chí nào được nhập."
    ]


def test_the_import_service_refuses_more_criteria_than_a_table_may_hold_and_writes_nothing(block, settings):
    settings.CRITERIA_MAX_ROWS = 3
    rows = [
        workbook.SectionRow(
            number="I",
            title="Nhóm",
            criteria=[workbook.CriterionRow(str(n), f"Tiêu chí {n}", D(1), "base", "") for n in range(1, 5)],
        )
    ]
    before = list(block.table.sections.values_list("criteria__content", flat=True))
    with pytest.raises(ValidationError) as caught:
        services.import_criteria_rows(actor=block.staff, table=block.table, rows=rows)
    assert caught.value.messages == [
        "Một bảng tiêu chí có tối đa 3 tiêu chí; dữ liệu nhập có 4 tiêu chí. Không có tiêu chí nào được nhập."
    ]
    assert list(block.table.sections.values_list("criteria__content", flat=True)) == before
