import io
import re
import struct
import zipfile
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import MemoryFileUploadHandler
from django.http.multipartparser import MultiPartParser
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.utils.datastructures import MultiValueDict
from pypdf import PdfWriter

from common.uploads import (
    DOCUMENT_KINDS,
    OversizedUpload,
    SizeLimitUploadHandler,
    display_name,
    download_name,
    sniff,
    stored_name,
    validate_upload,
)

from . import samples
from .samples import GOOD_DOCX, GOOD_FILES, LONG_NAME, REFUSED_DOCUMENTS, REFUSED_WORKBOOKS, docx, ole, pdf, xlsx

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def refusal(name: str, content: bytes, allowed=DOCUMENT_KINDS, max_bytes=10_000_000) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        validate_upload(upload(name, content), allowed=allowed, max_bytes=max_bytes)
    return caught.value.messages


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (samples.GOOD_PDF, "pdf"),
        (b"%PDF-1.7\n%\xe2\xe3\n1 0 obj", "pdf"),
        (samples.GOOD_PNG, "png"),
        (samples.GOOD_JPEG, "jpeg"),
        (GOOD_DOCX, "docx"),
        (samples.GOOD_XLSX, "xlsx"),
        (samples.GOOD_DOC, "doc"),
        (samples.GOOD_XLS, "xls"),
        (samples.zip_bytes({"readme.txt": b"hello"}), "zip"),
        (OLE + b"\x00" * 600 + "Workbook".encode("utf-16-le"), "ole"),
        (OLE + b"\x00" * 600 + "EncryptionInfo".encode("utf-16-le"), "encrypted_office"),
        (ole({"EncryptionInfo": b"\x04\x00", "EncryptedPackage": b"\x00"}), "encrypted_office"),
        (b"MZ\x90\x00\x03", "exe"),
        (b"\xef\xbb\xbf  <!DOCTYPE html><html>", "html"),
        (b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>', "svg"),
        (b"PK\x03\x04 truncated", None),
        (b"Bao cao thanh tich", None),
    ],
)
def test_sniff_reads_the_content_not_the_name(content, kind):
    assert sniff(io.BytesIO(content)) == kind


def test_sniff_tells_a_macro_workbook_by_its_main_part_not_by_its_folder_names():
    macro_main = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
    sheet_main = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
    with zipfile.ZipFile(io.BytesIO(samples.GOOD_XLSX)) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(sheet_main.encode(), macro_main.encode())
    assert sniff(io.BytesIO(samples.zip_bytes(parts))) == "xlsm"


@pytest.mark.parametrize(("name", "content"), list(GOOD_FILES.items()), ids=list(GOOD_FILES))
def test_a_good_file_of_each_allowed_kind_passes_and_its_kind_is_returned(name, content):
    expected = {"pdf": "pdf", "docx": "docx", "xlsx": "xlsx", "doc": "doc", "xls": "xls", "png": "png"}
    kind = validate_upload(upload(name, content), allowed=DOCUMENT_KINDS, max_bytes=10_000_000)
    assert kind == expected.get(name.rsplit(".", 1)[-1], "jpeg")


@pytest.mark.parametrize(("name", "content", "message"), list(REFUSED_DOCUMENTS.values()), ids=list(REFUSED_DOCUMENTS))
def test_dangerous_files_are_refused_where_documents_are_taken(name, content, message):
    assert refusal(name, content) == [message]


@pytest.mark.parametrize(("name", "content", "message"), list(REFUSED_WORKBOOKS.values()), ids=list(REFUSED_WORKBOOKS))
def test_dangerous_files_are_refused_where_workbooks_are_taken(name, content, message):
    assert refusal(name, content, allowed={"xlsx"}) == [message]


def test_a_docx_renamed_to_pdf_is_refused_with_what_it_really_is():
    assert refusal("bao-cao.pdf", GOOD_DOCX, allowed={"pdf"}) == [
        "Tệp bao-cao.pdf không đúng loại cho phép (nội dung thực tế: Word (.docx)). Chỉ nhận: PDF (.pdf)."
    ]


def test_an_extension_must_match_the_content_even_between_accepted_kinds():
    assert refusal("anh.png", samples.GOOD_JPEG) == [
        "Tệp anh.png có phần mở rộng .png nhưng nội dung thực tế là ảnh JPEG: tên và nội dung phải cùng một loại. "
        "Hãy đặt lại tên tệp với phần mở rộng .jpg hoặc .jpeg hoặc lưu lại đúng định dạng rồi tải lên."
    ]
    assert refusal("bang.xls", samples.GOOD_DOC)[0].startswith(
        "Tệp bang.xls có phần mở rộng .xls nhưng nội dung thực tế là Word đời cũ (.doc)"
    )


def test_a_file_without_an_extension_is_refused_whatever_it_holds():
    assert refusal("bao-cao", samples.GOOD_PDF) == [
        f"Tệp bao-cao không có phần mở rộng, không thuộc loại được nhận (nội dung thực tế: PDF). "
        f"Chỉ nhận: {samples.DOCUMENTS}."
    ]


def test_an_upper_case_extension_is_still_the_extension():
    assert validate_upload(upload("BAO-CAO.PDF", samples.GOOD_PDF), allowed={"pdf"}, max_bytes=10_000) == "pdf"


# PDF --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "what", "where"),
    [
        (samples.PDF_WITH_JAVASCRIPT, "mã JavaScript", "đối tượng 1, /S /JavaScript"),
        (samples.PDF_WITH_LAUNCH, "lệnh mở chương trình (Launch)", "đối tượng 4, /S /Launch"),
        (samples.PDF_WITH_EMBEDDED_FILE, "tệp nhúng bên trong", "đối tượng 1, khóa /EmbeddedFiles"),
        # A name spelt with a #xx escape is the same name.
        (pdf(b"/OpenAction << /S /J#61vaScript /JS (x) >>"), "mã JavaScript", "đối tượng 1, /S /JavaScript"),
        (
            pdf(b"/AcroForm << /Fields [] /XFA 4 0 R >>", (b"[]",)),
            "biểu mẫu XFA (có thể chứa mã)",
            "đối tượng 1, khóa /XFA",
        ),
        (
            pdf(b"/OpenAction << /S /SubmitForm /F (http://example.invalid/) >>"),
            "lệnh gửi dữ liệu đi (SubmitForm)",
            "đối tượng 1, /S /SubmitForm",
        ),
    ],
)
def test_a_pdf_that_runs_code_launches_or_carries_files_is_refused(content, what, where):
    assert refusal("to-trinh.pdf", content) == [samples.active("to-trinh.pdf", what, where, "PDF")]


def test_a_pdf_with_only_a_link_passes():
    linked = pdf(b"/OpenAction << /S /URI /URI (https://thiduakhenthuong.example.invalid/) >>")
    assert validate_upload(upload("to-trinh.pdf", linked), allowed={"pdf"}, max_bytes=10_000) == "pdf"


def encrypted(user_password: str) -> bytes:
    writer = PdfWriter(clone_from=io.BytesIO(samples.GOOD_PDF))
    writer.encrypt(user_password=user_password, owner_password="chu-so-huu", algorithm="AES-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_a_pdf_locked_against_editing_only_is_read_and_one_that_needs_a_password_is_refused():
    assert validate_upload(upload("khoa-sua.pdf", encrypted("")), allowed={"pdf"}, max_bytes=100_000) == "pdf"
    assert refusal("mat-khau.pdf", encrypted("123456")) == [
        "Tệp mat-khau.pdf là PDF đặt mật khẩu mở; hãy gỡ mật khẩu rồi tải lên lại."
    ]


def test_a_pdf_with_no_page_is_refused():
    empty = pdf().replace(b"/Kids [3 0 R] /Count 1", b"/Kids [] /Count 0")
    assert refusal("trang.pdf", empty) == [
        "Tệp trang.pdf là PDF bị hỏng hoặc không đầy đủ (không có trang nào), không mở được. "
        "Hãy mở tệp trên máy, lưu lại rồi tải lên."
    ]


# Office packages ------------------------------------------------------------------------------


def test_a_remote_template_is_refused():
    assert refusal("to-trinh.docx", samples.DOCX_WITH_REMOTE_TEMPLATE) == [
        samples.active(
            "to-trinh.docx",
            "liên kết tự tải nội dung từ bên ngoài (http://example.invalid/mau.dotm)",
            "word/_rels/document.xml.rels: attachedTemplate",
            "Word (.docx)",
        )
    ]


@pytest.mark.parametrize(
    ("part", "what"),
    [
        ("word/vbaData.xml", "macro (VBA)"),
        ("word/activeX/activeX1.xml", "điều khiển ActiveX"),
        ("word/embeddings/Microsoft_Excel_Worksheet.xlsx", "đối tượng nhúng (OLE)"),
        ("word/media/cai-dat.exe", "chương trình hoặc tập lệnh chạy được"),
        ("word/media/chay.js", "chương trình hoặc tập lệnh chạy được"),
        ("word/media/mo.hta", "chương trình hoặc tập lệnh chạy được"),
        ("word/media/lenh.bat", "chương trình hoặc tập lệnh chạy được"),
        ("word/attachedToolbars.bin", "phần nhị phân lạ (.bin)"),
    ],
)
def test_a_docx_carrying_macros_controls_objects_or_programs_is_refused(part, what):
    assert refusal("to-trinh.docx", docx({part: b"\x00" * 16})) == [
        samples.active("to-trinh.docx", what, part, "Word (.docx)")
    ]


def test_excel_4_macro_sheets_are_refused():
    content = xlsx({"xl/macrosheets/sheet1.xml": b"<xm:macrosheet/>"})
    assert refusal("bang.xlsx", content, allowed={"xlsx"}) == [
        samples.active("bang.xlsx", "macro Excel 4.0", "xl/macrosheets/sheet1.xml", "Excel (.xlsx)")
    ]


def test_printer_settings_and_links_to_web_pages_are_harmless():
    content = docx(
        {"word/printerSettings/printerSettings1.bin": b"\x00" * 64},
        document_rels='<Relationship Id="rId7" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" '
        'Target="https://vanban.chinhphu.vn/" TargetMode="External"/>',
    )
    assert validate_upload(upload("to-trinh.docx", content), allowed={"docx"}, max_bytes=100_000) == "docx"


def test_a_docx_without_its_manifest_or_main_part_is_not_a_docx():
    no_manifest = samples.zip_bytes({"word/document.xml": b"<w:document/>"})
    assert refusal("to-trinh.docx", no_manifest) == [
        "Tệp to-trinh.docx là Word (.docx) bị hỏng hoặc không đầy đủ (thiếu phần [Content_Types].xml), không mở được. "
        "Hãy mở tệp trên máy, lưu lại rồi tải lên."
    ]
    with zipfile.ZipFile(io.BytesIO(GOOD_DOCX)) as archive:
        parts = {n: archive.read(n) for n in archive.namelist() if n != "word/document.xml"}
    parts["word/document2.xml"] = b"<w:document/>"
    assert refusal("to-trinh.docx", samples.zip_bytes(parts))[0].startswith(
        "Tệp to-trinh.docx là Word (.docx) bị hỏng hoặc không đầy đủ (thiếu phần nội dung chính word/document.xml)"
    )


def test_a_macro_enabled_document_renamed_to_docx_is_called_what_it_is():
    with zipfile.ZipFile(io.BytesIO(GOOD_DOCX)) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        samples.DOCX_MAIN.encode(), b"application/vnd.ms-word.document.macroEnabled.main+xml"
    )
    assert refusal("to-trinh.docx", samples.zip_bytes(parts)) == [
        f"Tệp to-trinh.docx không đúng loại cho phép (nội dung thực tế: Word có macro (.docm)). "
        f"Chỉ nhận: {samples.DOCUMENTS}."
    ]


def test_a_doctype_in_a_package_part_is_refused():
    content = docx({"docProps/app.xml": b'<!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>'})
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    parts["_rels/.rels"] = b'<!DOCTYPE r [<!ENTITY e "x">]>' + parts["_rels/.rels"]
    assert refusal("to-trinh.docx", samples.zip_bytes(parts))[0].startswith(
        "Tệp to-trinh.docx là Word (.docx) bị hỏng hoặc không đầy đủ (phần _rels/.rels khai báo DOCTYPE)"
    )


def test_password_protected_workbook_gets_its_own_message():
    encrypted_package = OLE + b"\x00" * 600 + "EncryptedPackage".encode("utf-16-le")
    assert refusal("phu-luc.xlsx", encrypted_package, allowed={"xlsx"}) == [
        "Tệp phu-luc.xlsx đang đặt mật khẩu; hãy gỡ mật khẩu rồi tải lên lại."
    ]


def test_zip_bomb_is_refused_before_anyone_expands_it():
    bomb = samples.zip_bytes({"xl/workbook.xml": b"<workbook/>", "xl/worksheets/sheet1.xml": b"\x00" * 20_000_000})
    assert len(bomb) < 100_000
    messages = refusal("bom.xlsx", bomb, allowed={"xlsx"})
    assert messages[0].startswith("Tệp bom.xlsx khi giải nén lớn bất thường (19,1\xa0MB từ ")


# Legacy Office and images ---------------------------------------------------------------------


def test_a_doc_with_macros_or_an_embedded_object_is_refused_and_an_empty_object_pool_is_not():
    assert refusal("van-ban.doc", samples.DOC_WITH_MACRO) == [
        samples.active("van-ban.doc", "macro (VBA)", "Macros", "Word đời cũ (.doc)")
    ]
    embedded = ole({"WordDocument": b"\xec\xa5", "ObjectPool": None, "ObjectPool/_1234": None})
    assert refusal("van-ban.doc", embedded) == [
        samples.active("van-ban.doc", "đối tượng nhúng (OLE)", "ObjectPool/_1234", "Word đời cũ (.doc)")
    ]
    workbook_object = ole({"Workbook": b"\x09\x08", "MBD0001": None, "MBD0001/Ole": b"\x01"})
    assert refusal("bang.xls", workbook_object)[0].startswith("Tệp bang.xls có chứa đối tượng nhúng (OLE) tại MBD0001")
    empty_pool = ole({"WordDocument": b"\xec\xa5", "ObjectPool": None})
    assert validate_upload(upload("van-ban.doc", empty_pool), allowed={"doc"}, max_bytes=100_000) == "doc"


@pytest.mark.parametrize(("name", "content"), [("anh.png", samples.GOOD_PNG), ("anh.jpg", samples.GOOD_JPEG)])
def test_an_image_cut_short_does_not_decode_and_is_refused(name, content):
    label = "ảnh PNG" if name.endswith("png") else "ảnh JPEG"
    assert refusal(name, content[: len(content) * 2 // 3]) == [
        f"Tệp {name} là {label} bị hỏng hoặc không đầy đủ, không mở được. Hãy mở tệp trên máy, lưu lại rồi tải lên."
    ]


def test_a_huge_image_is_refused_from_its_header():
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    # Only the header: the pixels would take 324 MB to decode, which is the point.
    header = struct.pack(">IIBBBBB", 12_000, 9_000, 8, 2, 0, 0, 0)
    huge = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b"")
    assert refusal("anh.png", huge) == [
        "Tệp anh.png là ảnh 12000×9000 điểm ảnh, lớn bất thường; hãy thu nhỏ ảnh rồi tải lên."
    ]


# Size, names ----------------------------------------------------------------------------------


def test_too_big_names_both_sizes():
    assert refusal("anh.png", b"\x89PNG\r\n\x1a\n" + b"0" * 3000, allowed={"png"}, max_bytes=2048) == [
        "Tệp anh.png có dung lượng 2,9\xa0KB, vượt giới hạn 2,0\xa0KB."
    ]


def test_the_size_is_judged_before_a_byte_is_read():
    class Unreadable(SimpleUploadedFile):
        def read(self, *args):
            raise AssertionError("read before the size was checked")

    with pytest.raises(ValidationError, match="vượt giới hạn"):
        validate_upload(Unreadable("lon.pdf", b"%PDF-" + b"0" * 100), allowed={"pdf"}, max_bytes=10)


def test_empty_file_is_refused():
    with pytest.raises(ValidationError, match="rỗng"):
        validate_upload(upload("a.pdf", b""), allowed={"pdf"}, max_bytes=100)


def test_a_250_character_name_is_shortened_keeping_its_extension():
    shown = display_name(LONG_NAME)
    assert len(shown) == 120 and shown.endswith(".pdf") and LONG_NAME.startswith(shown[:-4])
    assert refusal(LONG_NAME, b"Bao cao")[0].startswith(f"Tệp {shown} không đúng loại cho phép")


@pytest.mark.parametrize(
    ("name", "kind", "expected"),
    [
        ("bao-cao.hta", "pdf", "bao-cao.pdf"),
        ("Tờ trình số 12.PDF", "pdf", "Tờ trình số 12.pdf"),
        ("bao-cao.pdf", "docx", "bao-cao.docx"),
        ("anh.jpeg", "jpeg", "anh.jpg"),
        ("trang.html", None, "trang.bin"),
        ('C:\\fakepath\\..\\a"b<c>|d.pdf', "pdf", "a-b-c-d.pdf"),
        ("..pdf", "pdf", "pdf.pdf"),
        ("...", None, "tep.bin"),
        ("bao\x00cao\r\n.pdf", "pdf", "baocao.pdf"),
    ],
)
def test_a_download_name_is_safe_and_carries_the_real_type(name, kind, expected):
    assert download_name(name, kind) == expected


def test_stored_names_are_ours_with_the_real_extension():
    assert re.fullmatch(r"[0-9a-f]{32}\.jpg", stored_name("jpeg"))
    assert stored_name("pdf") != stored_name("pdf")


# Refusing by size while the request is read ---------------------------------------------------


def parse(body: bytes, settings, limit: int):
    settings.UPLOAD_MAX_BYTES = limit
    meta = {"CONTENT_TYPE": MULTIPART_CONTENT, "CONTENT_LENGTH": str(len(body))}
    handlers = [SizeLimitUploadHandler(), MemoryFileUploadHandler()]
    _, files = MultiPartParser(meta, io.BytesIO(body), handlers).parse()
    return files


def test_a_file_past_the_portal_limit_is_counted_not_kept(settings):
    body = encode_multipart(BOUNDARY, {"file": SimpleUploadedFile("lon.xlsx", b"PK\x03\x04" + b"0" * 300_000)})
    files: MultiValueDict = parse(body, settings, limit=100_000)
    received = files["file"]
    assert isinstance(received, OversizedUpload)
    assert (received.name, received.size, received.read()) == ("lon.xlsx", 300_004, b"")
    with pytest.raises(ValidationError) as caught:
        validate_upload(received, allowed={"xlsx"}, max_bytes=200_000)
    assert caught.value.messages == ["Tệp lon.xlsx có dung lượng 293,0\xa0KB, vượt giới hạn 195,3\xa0KB."]


def test_a_file_within_the_limit_is_handed_on_whole(settings):
    body = encode_multipart(BOUNDARY, {"file": SimpleUploadedFile("nho.pdf", samples.GOOD_PDF)})
    received = parse(body, settings, limit=100_000)["file"]
    assert not isinstance(received, OversizedUpload)
    assert received.read() == samples.GOOD_PDF


def test_the_portal_reads_uploads_through_the_limit():
    from django.conf import settings

    assert settings.FILE_UPLOAD_HANDLERS[0] == "common.uploads.SizeLimitUploadHandler"
    assert settings.UPLOAD_MAX_BYTES == max(
        settings.EVIDENCE_MAX_BYTES, settings.AWARDS_MAX_UPLOAD_BYTES, settings.APPENDIX_IMPORT_MAX_BYTES
    )
