"""What an uploaded file really is, judged by its bytes, never by its name.

Officers rename files freely ("bao-cao.pdf" that is a .docx, an .xls saved as .xlsx), and a
file is the easiest way to smuggle something onto a colleague's machine, so every upload
(evidence, dossier papers, appendix workbooks) goes through `validate_upload`.
"""

import zipfile

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

KIND_LABELS = {
    "pdf": "PDF",
    "docx": "Word (.docx)",
    "xlsx": "Excel (.xlsx)",
    "png": "ảnh PNG",
    "jpeg": "ảnh JPEG",
    "ole": "Word/Excel đời cũ (.doc/.xls)",
    "encrypted_office": "tệp Office có đặt mật khẩu",
    "zip": "tệp nén ZIP",
}

DOCUMENT_KINDS = frozenset({"pdf", "docx", "xlsx", "png", "jpeg", "ole"})

_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# A password-protected .docx/.xlsx is not a zip at all: Office wraps it in an OLE container
# whose directory names these streams (UTF-16).
_ENCRYPTION_STREAMS = ("EncryptionInfo".encode("utf-16-le"), "EncryptedPackage".encode("utf-16-le"))

# Expansion limits for zip containers (docx/xlsx are zips): real office files compress text
# about 5–20×; a zip bomb compresses by thousands.
MAX_EXPANSION_RATIO = 100
MAX_EXPANDED_BYTES = 200 * 1024 * 1024


def _read_all(fileobj) -> bytes:
    fileobj.seek(0)
    data = fileobj.read()
    fileobj.seek(0)
    return data


def sniff(fileobj) -> str | None:
    """The file's kind from its content: one of KIND_LABELS' keys, or None when unknown."""
    fileobj.seek(0)
    head = fileobj.read(8)
    fileobj.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(_OLE_SIGNATURE):
        data = _read_all(fileobj)
        return "encrypted_office" if any(s in data for s in _ENCRYPTION_STREAMS) else "ole"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(fileobj) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, EOFError, ValueError):
            return None
        finally:
            fileobj.seek(0)
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
        return "zip"
    return None


def check_zip_expansion(fileobj, name: str = "tải lên") -> None:
    """Refuse a zip container that would expand far beyond its size when read."""
    fileobj.seek(0, 2)
    size = fileobj.tell()
    fileobj.seek(0)
    try:
        with zipfile.ZipFile(fileobj) as archive:
            expanded = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise ValidationError(f"Tệp {name} bị hỏng hoặc không đầy đủ, không đọc được.") from exc
    finally:
        fileobj.seek(0)
    if expanded > MAX_EXPANDED_BYTES or expanded > max(size, 1) * MAX_EXPANSION_RATIO:
        raise ValidationError(
            f"Tệp {name} khi giải nén lớn bất thường ({filesizeformat(expanded)} từ "
            f"{filesizeformat(size)}), có thể là tệp độc hại; hệ thống từ chối."
        )


def describe_kinds(kinds) -> str:
    return ", ".join(KIND_LABELS[k] for k in sorted(kinds))


def validate_upload(uploaded, *, allowed, max_bytes: int) -> str:
    """Check size, real type and (for zip containers) expansion; return the kind.

    Raises ValidationError with a Vietnamese message naming the file.
    """
    name = getattr(uploaded, "name", "") or "tải lên"
    if uploaded.size > max_bytes:
        raise ValidationError(
            f"Tệp {name} có dung lượng {filesizeformat(uploaded.size)}, vượt giới hạn {filesizeformat(max_bytes)}."
        )
    if uploaded.size == 0:
        raise ValidationError(f"Tệp {name} rỗng.")
    kind = sniff(uploaded)
    if kind == "encrypted_office" and kind not in allowed:
        raise ValidationError(f"Tệp {name} đang đặt mật khẩu; hãy gỡ mật khẩu rồi tải lên lại.")
    if kind not in allowed:
        actual = KIND_LABELS.get(kind, "không nhận dạng được") if kind else "không nhận dạng được"
        raise ValidationError(
            f"Tệp {name} không đúng loại cho phép (nội dung thực tế: {actual}). Chỉ nhận: {describe_kinds(allowed)}."
        )
    if kind in {"docx", "xlsx", "zip"}:
        check_zip_expansion(uploaded, name)
    return kind
