"""Real files of every kind the portal accepts, and the dangerous ones it must refuse.

Built from their formats here (no binary fixtures): a PDF with a valid xref, OOXML packages with a
manifest and relationships, OLE compound files laid out sector by sector, images drawn by Pillow.
"""

import io
import struct
import zipfile

import openpyxl
from PIL import Image

from tests.factories import pdf_bytes

# PDF ------------------------------------------------------------------------------------------


def pdf(catalog_extra: bytes = b"", extra_objects: tuple[bytes, ...] = ()) -> bytes:
    """A one-page PDF; `catalog_extra` goes into the catalog, `extra_objects` are numbered from 4."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R " + catalog_extra + b" >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        *extra_objects,
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


GOOD_PDF = pdf_bytes()
PDF_WITH_JAVASCRIPT = pdf(b"/OpenAction << /S /JavaScript /JS (app.alert\\(1\\)) >>")
PDF_WITH_LAUNCH = pdf(b"/OpenAction 4 0 R", (b"<< /S /Launch /F (cmd.exe) >>",))
PDF_WITH_EMBEDDED_FILE = pdf(
    b"/Names << /EmbeddedFiles << /Names [(a.exe) 4 0 R] >> >>",
    (
        b"<< /Type /Filespec /F (a.exe) /EF << /F 5 0 R >> >>",
        b"<< /Type /EmbeddedFile /Length 2 >>\nstream\nMZ\nendstream",
    ),
)
BROKEN_PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog"

# Office Open XML ------------------------------------------------------------------------------

CT = "http://schemas.openxmlformats.org/package/2006/content-types"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def docx(extra_parts: dict[str, bytes] | None = None, document_rels: str = "", overrides: str = "") -> bytes:
    """A Word document as Word writes its bones: manifest, package relationships, the document."""
    parts = {
        "[Content_Types].xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="{CT}">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/word/document.xml" ContentType="{DOCX_MAIN}"/>{overrides}</Types>'
        ).encode(),
        "_rels/.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{RELS}">'
            f'<Relationship Id="rId1" Type="{OFFICE_DOCUMENT}" Target="word/document.xml"/></Relationships>'
        ).encode(),
        "word/document.xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            "<w:body><w:p><w:r><w:t>Báo cáo thành tích</w:t></w:r></w:p></w:body></w:document>"
        ).encode(),
    }
    if document_rels:
        parts["word/_rels/document.xml.rels"] = (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{RELS}">{document_rels}</Relationships>'
        ).encode()
    parts.update(extra_parts or {})
    return zip_bytes(parts)


def xlsx(extra_parts: dict[str, bytes] | None = None) -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "Tiêu chí"
    buffer = io.BytesIO()
    workbook.save(buffer)
    if not extra_parts:
        return buffer.getvalue()
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    return zip_bytes({**parts, **extra_parts})


GOOD_DOCX = docx()
GOOD_XLSX = xlsx()
XLSX_WITH_MACRO = xlsx({"xl/vbaProject.bin": b"\xcc\x61" + b"\x00" * 64})
DOCX_WITH_OLE_OBJECT = docx(
    {"word/embeddings/oleObject1.bin": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64},
    document_rels='<Relationship Id="rId9" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/oleObject" '
    'Target="embeddings/oleObject1.bin"/>',
)
DOCX_WITH_REMOTE_TEMPLATE = docx(
    document_rels='<Relationship Id="rId9" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate" '
    'Target="http://example.invalid/mau.dotm" TargetMode="External"/>'
)

# OLE compound files (.doc, .xls) --------------------------------------------------------------

_FREE, _END, _FAT, _NONE = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


def ole(entries: dict[str, bytes | None]) -> bytes:
    """A version-3 compound file: "Name" is a stream of the root, "A/B" a stream B in storage A,
    a value of None a storage. Streams are padded to 4 KiB so they live in ordinary sectors."""
    names = list(entries)
    # Directory: 0 is the root; every other entry gets an index in order.
    index = {name: number for number, name in enumerate(names, start=1)}
    children: dict[str | None, list[str]] = {}
    for name in names:
        parent = name.rsplit("/", 1)[0] if "/" in name else None
        children.setdefault(parent, []).append(name)
    data_sectors, chains, next_sector = [], {}, 2  # sector 0: FAT, 1: directory
    for name in names:
        content = entries[name]
        if content is None:
            continue
        content = content.ljust(4096, b"\x00")
        count = len(content) // 512 + (1 if len(content) % 512 else 0)
        chains[name] = (next_sector, count, len(content))
        data_sectors.append(content.ljust(count * 512, b"\x00"))
        next_sector += count
    fat = [_FAT, _END]
    for start, count, _ in chains.values():
        fat += [start + i + 1 for i in range(count - 1)] + [_END]
    assert len(fat) <= 128 and len(names) + 1 <= 4
    fat_sector = b"".join(struct.pack("<I", v) for v in fat + [_FREE] * (128 - len(fat)))

    def entry(name, kind, child=_NONE, right=_NONE, start=_END, size=0):
        encoded = name.encode("utf-16-le") + b"\x00\x00"
        return (
            encoded.ljust(64, b"\x00")
            + struct.pack("<HBB", len(encoded), kind, 1)
            + struct.pack("<III", _NONE, right, child)
            + b"\x00" * 16
            + struct.pack("<I", 0)
            + b"\x00" * 16
            + struct.pack("<IQ", start, size)
        )

    def first(parent):
        siblings = children.get(parent, [])
        return index[siblings[0]] if siblings else _NONE

    directory = [entry("Root Entry", 5, child=first(None))]
    for name in names:
        parent = name.rsplit("/", 1)[0] if "/" in name else None
        siblings = children[parent]
        position = siblings.index(name)
        right = index[siblings[position + 1]] if position + 1 < len(siblings) else _NONE
        short = name.rsplit("/", 1)[-1]
        if entries[name] is None:
            directory.append(entry(short, 1, child=first(name), right=right))
        else:
            start, _, size = chains[name]
            directory.append(entry(short, 2, right=right, start=start, size=size))
    directory_sector = b"".join(directory).ljust(512, b"\x00")
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\x00" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\x00" * 6
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, _END, 0, _END, 0)
        + struct.pack("<I", 0)
        + struct.pack("<I", _FREE) * 108
    )
    assert len(header) == 512
    return header + fat_sector + directory_sector + b"".join(data_sectors)


GOOD_DOC = ole({"WordDocument": b"\xec\xa5" + b"Bao cao"})
GOOD_XLS = ole({"Workbook": b"\x09\x08" + b"Bang tinh"})
DOC_WITH_MACRO = ole({"WordDocument": b"\xec\xa5", "Macros": None, "Macros/VBA": b"Attribute VB_Name"})

# Images ---------------------------------------------------------------------------------------


def image(kind: str, size=(40, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format=kind)
    return buffer.getvalue()


GOOD_PNG = image("PNG")
GOOD_JPEG = image("JPEG")

# Dangerous ------------------------------------------------------------------------------------

PDF_HEADED = b"%PDF-1.4\n"
HTA = PDF_HEADED + b'<hta:application id="x"/><script>new ActiveXObject("WScript.Shell").Run("calc")</script>'
HTML = PDF_HEADED + b"<html><body><script>fetch('/quan-tri/')</script></body></html>"
EXE = PDF_HEADED + b"MZ\x90\x00\x03\x00\x00\x00 This program cannot be run in DOS mode."
SVG_POLYGLOT = PDF_HEADED + b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(document.cookie)"/>\n%%EOF\n'

GOOD_FILES = {
    "bao-cao.pdf": GOOD_PDF,
    "to-trinh.docx": GOOD_DOCX,
    "bang-diem.xlsx": GOOD_XLSX,
    "van-ban-cu.doc": GOOD_DOC,
    "bang-cu.xls": GOOD_XLS,
    "anh-hien-truong.png": GOOD_PNG,
    "anh-chup.jpg": GOOD_JPEG,
    "anh-chup-2.jpeg": GOOD_JPEG,
}

# Refusals, with the exact message, at the points that take documents (task evidence, dossier
# papers, score evidence) and at those that take only workbooks (criteria, appendix tables).

DOCUMENTS = (
    "PDF (.pdf), Word (.docx), Excel (.xlsx), Word đời cũ (.doc), Excel đời cũ (.xls), "
    "ảnh JPEG (.jpg, .jpeg), ảnh PNG (.png)"
)
WORKBOOKS = "Excel (.xlsx)"


def wrong_extension(name: str, actual: str, accepted: str) -> str:
    ext = name.rsplit(".", 1)[-1]
    return (
        f"Tệp {name} có phần mở rộng .{ext}, không thuộc loại được nhận (nội dung thực tế: {actual}). "
        f"Chỉ nhận: {accepted}."
    )


def active(name: str, what: str, where: str, label: str) -> str:
    return (
        f"Tệp {name} có chứa {what} tại {where}. Hệ thống không nhận tệp có macro, mã chạy được, đối tượng hay "
        f"tệp nhúng bên trong; hãy lưu lại thành {label} thường rồi tải lên."
    )


MACRO_IN_XLSX = active("bang-diem.xlsx", "macro (VBA)", "xl/vbaProject.bin", "Excel (.xlsx)")

REFUSED_DOCUMENTS = {
    "pdf-headed-hta": ("bao-cao.hta", HTA, wrong_extension("bao-cao.hta", "PDF", DOCUMENTS)),
    "pdf-headed-html": ("bao-cao.html", HTML, wrong_extension("bao-cao.html", "PDF", DOCUMENTS)),
    "pdf-headed-exe": ("bao-cao.exe", EXE, wrong_extension("bao-cao.exe", "PDF", DOCUMENTS)),
    "svg-polyglot": ("anh.svg", SVG_POLYGLOT, wrong_extension("anh.svg", "PDF", DOCUMENTS)),
    "svg-polyglot-named-pdf": (
        "anh.pdf",
        SVG_POLYGLOT,
        "Tệp anh.pdf có mã trang web (HTML/SVG/script) lẫn trong phần đầu tệp, dấu hiệu của tệp giả dạng PDF; "
        "hệ thống từ chối.",
    ),
    "pdf-that-is-docx": (
        "bao-cao.pdf",
        GOOD_DOCX,
        "Tệp bao-cao.pdf có phần mở rộng .pdf nhưng nội dung thực tế là Word (.docx): tên và nội dung phải cùng "
        "một loại. Hãy đặt lại tên tệp với phần mở rộng .docx hoặc lưu lại đúng định dạng rồi tải lên.",
    ),
    "broken-pdf": (
        "hong.pdf",
        BROKEN_PDF,
        "Tệp hong.pdf là PDF bị hỏng hoặc không đầy đủ, không mở được. Hãy mở tệp trên máy, lưu lại rồi tải lên.",
    ),
    "xlsx-with-macro": ("bang-diem.xlsx", XLSX_WITH_MACRO, MACRO_IN_XLSX),
    "docx-with-ole-object": (
        "to-trinh.docx",
        DOCX_WITH_OLE_OBJECT,
        active("to-trinh.docx", "đối tượng nhúng (OLE)", "word/embeddings/oleObject1.bin", "Word (.docx)"),
    ),
}

REFUSED_WORKBOOKS = {
    "pdf-headed-hta": ("bao-cao.hta", HTA, wrong_extension("bao-cao.hta", "PDF", WORKBOOKS)),
    "pdf-headed-html": ("bao-cao.html", HTML, wrong_extension("bao-cao.html", "PDF", WORKBOOKS)),
    "pdf-headed-exe": ("bao-cao.exe", EXE, wrong_extension("bao-cao.exe", "PDF", WORKBOOKS)),
    "svg-polyglot": ("anh.svg", SVG_POLYGLOT, wrong_extension("anh.svg", "PDF", WORKBOOKS)),
    "svg-polyglot-named-pdf": ("anh.pdf", SVG_POLYGLOT, wrong_extension("anh.pdf", "PDF", WORKBOOKS)),
    "pdf-that-is-docx": ("bao-cao.pdf", GOOD_DOCX, wrong_extension("bao-cao.pdf", "Word (.docx)", WORKBOOKS)),
    "broken-pdf": ("hong.pdf", BROKEN_PDF, wrong_extension("hong.pdf", "PDF", WORKBOOKS)),
    "xlsx-with-macro": ("bang-diem.xlsx", XLSX_WITH_MACRO, MACRO_IN_XLSX),
    "docx-with-ole-object": (
        "to-trinh.docx",
        DOCX_WITH_OLE_OBJECT,
        wrong_extension("to-trinh.docx", "Word (.docx)", WORKBOOKS),
    ),
}

# 250 characters, as Windows allows and as some offices name their scans.
LONG_NAME = ("Báo cáo kết quả thực hiện nhiệm vụ thi đua khen thưởng năm 2025 của đơn vị " * 4)[:246] + ".pdf"
assert len(LONG_NAME) == 250
# What people see of it, and what rows keep: 120 characters, the extension kept.
LONG_NAME_SHOWN = (
    "Báo cáo kết quả thực hiện nhiệm vụ thi đua khen thưởng năm 2025 của đơn vị "
    "Báo cáo kết quả thực hiện nhiệm vụ thi đu.pdf"
)
assert len(LONG_NAME_SHOWN) == 120


def served(response) -> tuple[str, str, str, bytes]:
    """(Content-Disposition, Content-Type, X-Content-Type-Options, body) of a download."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return (
        response["Content-Disposition"],
        response["Content-Type"],
        response.get("X-Content-Type-Options", ""),
        body,
    )


CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
}
