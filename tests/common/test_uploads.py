import io
import zipfile

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from common.uploads import DOCUMENT_KINDS, sniff, validate_upload

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    buffer = io.BytesIO()
    openpyxl.Workbook().save(buffer)
    return buffer.getvalue()


DOCX = zip_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\n1 0 obj", "pdf"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "png"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "jpeg"),
        (DOCX, "docx"),
        (xlsx_bytes(), "xlsx"),
        (zip_bytes({"readme.txt": b"hello"}), "zip"),
        (OLE + b"\x00" * 600 + "Workbook".encode("utf-16-le"), "ole"),
        (OLE + b"\x00" * 600 + "EncryptionInfo".encode("utf-16-le"), "encrypted_office"),
        (b"PK\x03\x04 truncated", None),
        (b"Bao cao thanh tich", None),
    ],
)
def test_sniff_reads_the_content_not_the_name(content, kind):
    assert sniff(io.BytesIO(content)) == kind


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def test_a_docx_renamed_to_pdf_is_refused_with_what_it_really_is():
    with pytest.raises(ValidationError) as caught:
        validate_upload(upload("bao-cao.pdf", DOCX), allowed={"pdf"}, max_bytes=10_000)
    assert caught.value.messages == [
        "Tệp bao-cao.pdf không đúng loại cho phép (nội dung thực tế: Word (.docx)). Chỉ nhận: PDF."
    ]


def test_allowed_kind_passes_and_is_returned():
    assert validate_upload(upload("to-trinh.docx", DOCX), allowed=DOCUMENT_KINDS, max_bytes=10_000) == "docx"


def test_too_big_names_both_sizes():
    with pytest.raises(ValidationError) as caught:
        validate_upload(upload("anh.png", b"\x89PNG\r\n\x1a\n" + b"0" * 3000), allowed={"png"}, max_bytes=2048)
    assert caught.value.messages == ["Tệp anh.png có dung lượng 2,9\xa0KB, vượt giới hạn 2,0\xa0KB."]


def test_empty_file_is_refused():
    with pytest.raises(ValidationError, match="rỗng"):
        validate_upload(upload("a.pdf", b""), allowed={"pdf"}, max_bytes=100)


def test_password_protected_workbook_gets_its_own_message():
    encrypted = OLE + b"\x00" * 600 + "EncryptedPackage".encode("utf-16-le")
    with pytest.raises(ValidationError) as caught:
        validate_upload(upload("phu-luc.xlsx", encrypted), allowed={"xlsx"}, max_bytes=10_000)
    assert caught.value.messages == ["Tệp phu-luc.xlsx đang đặt mật khẩu; hãy gỡ mật khẩu rồi tải lên lại."]


def test_zip_bomb_is_refused_before_anyone_expands_it():
    bomb = zip_bytes({"xl/workbook.xml": b"<workbook/>", "xl/worksheets/sheet1.xml": b"\x00" * 20_000_000})
    assert len(bomb) < 100_000
    with pytest.raises(ValidationError) as caught:
        validate_upload(upload("bom.xlsx", bomb), allowed={"xlsx"}, max_bytes=10_000_000)
    assert caught.value.messages[0].startswith("Tệp bom.xlsx khi giải nén lớn bất thường (19,1\xa0MB từ ")
