"""Every kind of bad file gets a clear Vietnamese message and nothing is written."""

import io
import tracemalloc
import zipfile

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from common.xlsx import count_rows
from plans.models import AppendixImport
from tasks.models import Task
from tasks.workbooks.services import stage_upload
from tests.factories import PlanFactory, ProvinceFactory, UserFactory

from .builders import xlsx

pytestmark = pytest.mark.django_db

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def zip_of(members: dict[str, bytes]) -> bytes:
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return data.getvalue()


def good_xlsx() -> bytes:
    return xlsx({"PL": [["TT", "Nội dung", "Đơn vị chủ trì"], [1, "Việc một", "Sở Nội vụ"]]}).getvalue()


def big_rows(count: int) -> bytes:
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("PL")
    sheet.append(["TT", "Nội dung"])
    for number in range(1, count):
        sheet.append([number, "Việc"])
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()


def refused(name: str, content: bytes) -> list[str]:
    plan = PlanFactory(issuing_unit=ProvinceFactory(), status="draft")
    with pytest.raises(ValidationError) as caught:
        stage_upload(actor=UserFactory(), plan=plan, uploaded=SimpleUploadedFile(name, content))
    assert not AppendixImport.objects.exists() and not Task.objects.exists() and not plan.appendices.exists()
    return caught.value.messages


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "phu-luc.xlsx",
            zip_of({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"}),
            "Tệp phu-luc.xlsx không đúng loại cho phép (nội dung thực tế: Word (.docx)). Chỉ nhận: Excel (.xlsx).",
        ),
        (
            "phu-luc.xlsx",
            b"%PDF-1.7\n%\xe2\xe3\n1 0 obj",
            "Tệp phu-luc.xlsx không đúng loại cho phép (nội dung thực tế: PDF). Chỉ nhận: Excel (.xlsx).",
        ),
        (
            "phu-luc.xls",
            OLE + b"\x00" * 600 + "Workbook".encode("utf-16-le"),
            "Tệp phu-luc.xls có phần mở rộng .xls, không thuộc loại được nhận "
            "(nội dung thực tế: Word/Excel đời cũ (.doc/.xls)). Chỉ nhận: Excel (.xlsx).",
        ),
        (
            "phu-luc.xlsx",
            OLE + b"\x00" * 600 + "EncryptedPackage".encode("utf-16-le"),
            "Tệp phu-luc.xlsx đang đặt mật khẩu; hãy gỡ mật khẩu rồi tải lên lại.",
        ),
        (
            "phu-luc.xlsx",
            good_xlsx()[:3000],
            "Tệp phu-luc.xlsx bị hỏng hoặc tải lên không đầy đủ, không đọc được.",
        ),
        (
            "phu-luc.xlsx",
            zip_of({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook><sheets>"}),
            "Tệp phu-luc.xlsx là Excel (.xlsx) bị hỏng hoặc không đầy đủ (thiếu phần _rels/.rels), không mở được. "
            "Hãy mở tệp trên máy, lưu lại rồi tải lên.",
        ),
    ],
    ids=["docx-renamed", "pdf-renamed", "xls", "password", "truncated", "corrupt"],
)
def test_file_that_is_not_a_usable_xlsx(name, content, message):
    assert refused(name, content) == [message]


def test_zip_bomb_is_refused_before_it_is_expanded():
    bomb = zip_of(
        {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<w/>", "xl/worksheets/sheet1.xml": b" " * (60 << 20)}
    )
    [message] = refused("bom.xlsx", bomb)
    assert message.startswith("Tệp bom.xlsx khi giải nén lớn bất thường (60,0\xa0MB từ ")
    assert message.endswith("có thể là tệp độc hại; hệ thống từ chối.")


def test_file_over_the_size_limit(settings):
    settings.APPENDIX_IMPORT_MAX_BYTES = 2048
    content = good_xlsx()
    assert len(content) > 2048
    [message] = refused("lon.xlsx", content)
    assert message.startswith("Tệp lon.xlsx có dung lượng ") and message.endswith("vượt giới hạn 2,0\xa0KB.")


def test_a_sheet_of_100000_rows_is_refused_without_loading_it():
    content = big_rows(100_000)
    tracemalloc.start()
    try:
        assert refused("dai.xlsx", content) == [
            "Tệp “dai.xlsx” có trang tính dài 100.000 dòng, vượt giới hạn 20.000 dòng cho mỗi phụ lục."
        ]
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # openpyxl would hold 200,000 cells (well over 100 MB); counting rows streams the XML.
    assert peak < 30 * 1024 * 1024
    assert count_rows(io.BytesIO(content)) == {"xl/worksheets/sheet1.xml": 100_000}


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            [["Kế hoạch năm 2025"], ["Cột 1", "Cột 2"], [1, "Việc"]],
            "Trang tính “PL”: không tìm thấy dòng tiêu đề của bảng trong 30 dòng đầu (cần các cột như “TT”, "
            "“Nội dung”, “Đơn vị chủ trì”, “Thời gian thực hiện”).",
        ),
        ([], "Trang tính “PL” trống."),
        (
            [["PHỤ LỤC"], ["STT", "Đơn vị chủ trì", "Thời gian"], [1, "Sở Nội vụ", "Quý I"]],
            "Trang tính “PL”, dòng 2: dòng tiêu đề có “STT”, “Đơn vị chủ trì”, “Thời gian” nhưng không có cột "
            "nội dung (“Nội dung”, “Nội dung thực hiện”, “Nội dung công việc”…).",
        ),
        ([["TT", "Nội dung", "Đơn vị chủ trì"]], "Trang tính “PL” không có dòng nhiệm vụ nào dưới dòng tiêu đề."),
    ],
    ids=["no-header", "empty-sheet", "no-content-column", "header-only"],
)
def test_sheet_without_a_usable_table_blocks_the_import(rows, message, django_capture_on_commit_callbacks):
    from tasks.workbooks.services import confirm_import, preview_staged

    plan = PlanFactory(issuing_unit=ProvinceFactory(), status="draft")
    staged = stage_upload(
        actor=UserFactory(), plan=plan, uploaded=SimpleUploadedFile("pl.xlsx", xlsx({"PL": rows}).getvalue())
    )
    preview = preview_staged(staged)
    assert [p.message for p in preview.problems] == [message] and preview.blocked
    with pytest.raises(ValidationError) as caught:
        confirm_import(actor=None, staged=staged)
    assert caught.value.messages == ["Chưa nhập được tệp “pl.xlsx”: có 1 lỗi.", message]
    assert not Task.objects.exists() and not plan.appendices.exists() and AppendixImport.objects.count() == 1
