"""What an uploaded file really is, judged by its bytes and held to its name.

Officers rename files freely ("bao-cao.pdf" that is a .docx, an .xls saved as .xlsx), and a file is
the easiest way to smuggle something onto a colleague's machine: a file that starts like a PDF but
is named `bao-cao.hta` would open as a program on the colleague's Windows. So every upload
(evidence, dossier papers, criteria and appendix workbooks) goes through `validate_upload`, which
asks three things:

1. Does the extension name a kind this upload point accepts, and is the content that same kind?
   (`EXTENSIONS`: a .pdf must be a PDF, .jpg/.jpeg a JPEG…)
2. Is the whole container sound, not just its first bytes? A PDF must parse (pypdf) and carry no
   JavaScript, launch or submit actions, embedded files or XFA forms; a .docx/.xlsx must be a real
   OOXML package (see `_check_ooxml` for what it may not hold); a .doc/.xls must hold no macros or
   embedded objects (olefile); a PNG/JPEG must decode (Pillow).
3. Is there web markup (HTML/SVG/script) in its first kilobyte, which is how polyglots hide?

Stored files get a name we make (`stored_name`) and are served back only through
`common.web.serve_file`, whose type comes from `sniff`, never from a name.
"""

import posixpath
import re
import unicodedata
import uuid
import warnings
import zipfile
from io import BytesIO
from urllib.parse import unquote
from xml.etree import ElementTree

import olefile
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.template.defaultfilters import filesizeformat
from PIL import Image
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

KIND_LABELS = {
    "pdf": "PDF",
    "docx": "Word (.docx)",
    "xlsx": "Excel (.xlsx)",
    "doc": "Word đời cũ (.doc)",
    "xls": "Excel đời cũ (.xls)",
    "png": "ảnh PNG",
    "jpeg": "ảnh JPEG",
    # Kinds we recognise only to say what a refused file really is.
    "docm": "Word có macro (.docm)",
    "xlsm": "Excel có macro (.xlsm)",
    "office": "tệp Office khác (PowerPoint, tệp mẫu…)",
    "ole": "Word/Excel đời cũ (.doc/.xls)",
    "encrypted_office": "tệp Office có đặt mật khẩu",
    "zip": "tệp nén ZIP",
    "exe": "chương trình chạy được (.exe)",
    "html": "trang web (HTML)",
    "svg": "ảnh SVG (có thể chứa mã chạy được)",
}

# The extensions each accepted kind may carry; the first is the one it is stored and served under.
EXTENSIONS = {
    "pdf": ("pdf",),
    "docx": ("docx",),
    "xlsx": ("xlsx",),
    "doc": ("doc",),
    "xls": ("xls",),
    "jpeg": ("jpg", "jpeg"),
    "png": ("png",),
}

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "jpeg": "image/jpeg",
    "png": "image/png",
}

DOCUMENT_KINDS = frozenset(EXTENSIONS)

# A name is shortened to this many characters (extension kept) before it is shown or stored in a row.
MAX_NAME_LENGTH = 120

_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# A password-protected .docx/.xlsx is not a zip at all: Office wraps it in an OLE container
# whose directory names these streams (UTF-16).
_ENCRYPTION_STREAMS = ("EncryptionInfo", "EncryptedPackage")

# Expansion limits for zip containers (docx/xlsx are zips): real office files compress text
# about 5–20×; a zip bomb compresses by thousands.
MAX_EXPANSION_RATIO = 100
MAX_EXPANDED_BYTES = 200 * 1024 * 1024

# Browsers (and old Internet Explorer most of all) decide a file is a web page from markup near its
# start; a file that is a PDF or an image to us but HTML to a browser is a polyglot.
_MARKUP = (b"<script", b"<html", b"<svg", b"<!doctype", b"<body", b"<iframe", b"<object", b"<embed", b"<hta:")


def _head(fileobj, size: int = 1024) -> bytes:
    fileobj.seek(0)
    head = fileobj.read(size)
    fileobj.seek(0)
    return head


def sniff(fileobj) -> str | None:
    """The file's kind from its content: one of KIND_LABELS' keys, or None when unknown."""
    head = _head(fileobj)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(_OLE_SIGNATURE):
        return _ole_kind(fileobj)
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(fileobj)
    if head.startswith((b"MZ", b"\x7fELF")):
        return "exe"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith(b"<svg") or (text.startswith(b"<?xml") and b"<svg" in text):
        return "svg"
    if text.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<script", b"<hta:")):
        return "html"
    return None


# Names ----------------------------------------------------------------------------------------

_UNSAFE_CHARACTERS = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')


def extension(name: str) -> str:
    """The lower-case extension of a file name without its dot ("" when there is none)."""
    base = posixpath.basename((name or "").replace("\\", "/"))
    stem, dot, ext = base.rpartition(".")
    return ext.lower() if dot and stem.strip(". ") else ""


def display_name(name: str, *, limit: int = MAX_NAME_LENGTH) -> str:
    """The uploaded name as people may see it: no folders, no control characters, at most `limit`
    characters with the extension kept ("…rất dài.pdf")."""
    base = posixpath.basename(unicodedata.normalize("NFC", name or "").replace("\\", "/"))
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C")
    base = " ".join(base.split()).strip(". ") or "tep"
    if len(base) <= limit:
        return base
    ext = extension(base)
    suffix = f".{ext}" if ext and len(ext) < 16 else ""
    return base[: limit - len(suffix)].rstrip(". ") + suffix


def download_name(name: str, kind: str | None) -> str:
    """A name that is safe on any disk, carrying the extension of what the file really is."""
    shown = display_name(name)
    ext = extension(shown)
    stem = shown[: -len(ext) - 1] if ext else shown
    stem = _UNSAFE_CHARACTERS.sub("-", stem).strip(". -") or "tep"
    return f"{stem}.{EXTENSIONS[kind][0] if kind in EXTENSIONS else 'bin'}"


def stored_name(kind: str) -> str:
    """The name a file is kept under on disk: ours, never the uploader's."""
    return f"{uuid.uuid4().hex}.{EXTENSIONS[kind][0] if kind in EXTENSIONS else 'bin'}"


def describe_kinds(kinds) -> str:
    order = list(EXTENSIONS)
    described = []
    for kind in sorted(kinds, key=lambda k: (order.index(k) if k in order else len(order), k)):
        label = KIND_LABELS[kind]
        if kind in EXTENSIONS and "(." not in label:
            label = f"{label} ({', '.join('.' + ext for ext in EXTENSIONS[kind])})"
        described.append(label)
    return ", ".join(described)


# The whole check -------------------------------------------------------------------------------


def check_size(uploaded, *, max_bytes: int) -> None:
    """Refuse an empty or too big file from its size alone, before a byte of it is read."""
    name = display_name(getattr(uploaded, "name", "") or "tải lên")
    if uploaded.size > max_bytes:
        raise ValidationError(
            f"Tệp {name} có dung lượng {filesizeformat(uploaded.size)}, vượt giới hạn {filesizeformat(max_bytes)}."
        )
    if uploaded.size == 0:
        raise ValidationError(f"Tệp {name} rỗng.")


def validate_upload(uploaded, *, allowed, max_bytes: int) -> str:
    """Check size, extension, real type and the whole container; return the kind.

    Raises ValidationError with one Vietnamese message naming the file and what is wrong.
    """
    check_size(uploaded, max_bytes=max_bytes)
    name = display_name(getattr(uploaded, "name", "") or "tải lên")
    ext = extension(name)
    kind = sniff(uploaded)
    actual = KIND_LABELS.get(kind, "không nhận dạng được") if kind else "không nhận dạng được"
    accepted_extensions = {e for k in allowed for e in EXTENSIONS.get(k, ())}
    if ext not in accepted_extensions:
        which = f"có phần mở rộng .{ext}" if ext else "không có phần mở rộng"
        raise ValidationError(
            f"Tệp {name} {which}, không thuộc loại được nhận (nội dung thực tế: {actual}). "
            f"Chỉ nhận: {describe_kinds(allowed)}."
        )
    if kind == "encrypted_office" and kind not in allowed:
        raise ValidationError(f"Tệp {name} đang đặt mật khẩu; hãy gỡ mật khẩu rồi tải lên lại.")
    if kind not in allowed:
        raise ValidationError(
            f"Tệp {name} không đúng loại cho phép (nội dung thực tế: {actual}). Chỉ nhận: {describe_kinds(allowed)}."
        )
    if ext not in EXTENSIONS[kind]:
        raise ValidationError(
            f"Tệp {name} có phần mở rộng .{ext} nhưng nội dung thực tế là {actual}: tên và nội dung phải cùng "
            f"một loại. Hãy đặt lại tên tệp với phần mở rộng {' hoặc '.join('.' + e for e in EXTENSIONS[kind])} "
            "hoặc lưu lại đúng định dạng rồi tải lên."
        )
    if any(marker in _head(uploaded).lower() for marker in _MARKUP):
        raise ValidationError(
            f"Tệp {name} có mã trang web (HTML/SVG/script) lẫn trong phần đầu tệp, dấu hiệu của tệp giả dạng "
            f"{actual}; hệ thống từ chối."
        )
    try:
        CHECKS[kind](uploaded, name, kind)
    finally:
        uploaded.seek(0)
    return kind


def _broken(name: str, kind: str, detail: str = "") -> ValidationError:
    detail = f" ({detail})" if detail else ""
    return ValidationError(
        f"Tệp {name} là {KIND_LABELS[kind]} bị hỏng hoặc không đầy đủ{detail}, không mở được. "
        "Hãy mở tệp trên máy, lưu lại rồi tải lên."
    )


def _refuse_active(name: str, kind: str, what: str, where: str) -> ValidationError:
    return ValidationError(
        f"Tệp {name} có chứa {what} tại {where}. Hệ thống không nhận tệp có macro, mã chạy được, đối tượng "
        f"hay tệp nhúng bên trong; hãy lưu lại thành {KIND_LABELS[kind]} thường rồi tải lên."
    )


# PDF ------------------------------------------------------------------------------------------

# What a PDF may not carry: each would make a reader run code, start a program, send data away or
# open a file hidden inside. Found by name anywhere in the objects reachable from the trailer
# (pypdf decodes "#xx" escapes, so /J#61vaScript is /JavaScript).
_PDF_KEYS = {
    "/JS": "mã JavaScript",
    "/JavaScript": "mã JavaScript",
    "/EmbeddedFiles": "tệp nhúng bên trong",
    "/EF": "tệp nhúng bên trong",
    "/XFA": "biểu mẫu XFA (có thể chứa mã)",
    "/RichMediaContent": "nội dung đa phương tiện nhúng (RichMedia)",
}
_PDF_NAMES = {
    "/JavaScript": "mã JavaScript",
    "/Launch": "lệnh mở chương trình (Launch)",
    "/ImportData": "lệnh nạp dữ liệu ngoài (ImportData)",
    "/SubmitForm": "lệnh gửi dữ liệu đi (SubmitForm)",
    "/GoToE": "liên kết tới tệp nhúng (GoToE)",
    "/RichMedia": "nội dung đa phương tiện nhúng (RichMedia)",
    "/RichMediaExecute": "nội dung đa phương tiện nhúng (RichMedia)",
    "/EmbeddedFile": "tệp nhúng bên trong",
    "/FileAttachment": "tệp nhúng bên trong",
}
MAX_PDF_OBJECTS = 500_000


def _check_pdf(fileobj, name: str, kind: str) -> None:
    try:
        reader = PdfReader(fileobj, strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise ValidationError(f"Tệp {name} là PDF đặt mật khẩu mở; hãy gỡ mật khẩu rồi tải lên lại.")
        if len(reader.pages) == 0:
            raise _broken(name, kind, "không có trang nào")
        found = _pdf_active_content(reader)
    except ValidationError:
        raise
    except Exception as exc:  # pypdf raises many kinds (and ValueError, KeyError…) for a damaged file
        raise _broken(name, kind) from exc
    if found:
        what, where = found
        raise _refuse_active(name, kind, what, where)


def _pdf_active_content(reader) -> tuple[str, str] | None:
    """(what, where) for the first forbidden thing reachable from the trailer, or None."""
    seen: set[tuple[int, int]] = set()
    stack = [("trailer", reader.trailer)]
    while stack:
        where, node = stack.pop()
        if isinstance(node, IndirectObject):
            key = (node.idnum, node.generation)
            if key in seen:
                continue
            seen.add(key)
            if len(seen) > MAX_PDF_OBJECTS:
                raise ValueError("too many objects")
            where, node = f"đối tượng {node.idnum}", node.get_object()
        if isinstance(node, DictionaryObject):
            for key, value in node.items():
                if key in _PDF_KEYS:
                    return _PDF_KEYS[key], f"{where}, khóa {key}"
                if key in ("/S", "/Type", "/Subtype") and isinstance(value, NameObject) and value in _PDF_NAMES:
                    return _PDF_NAMES[value], f"{where}, {key} {value}"
                stack.append((where, value))
        elif isinstance(node, ArrayObject):
            stack.extend((where, item) for item in node)
    return None


# Office Open XML (.docx, .xlsx) ---------------------------------------------------------------

_MAIN_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": "docx",
    "application/vnd.ms-word.document.macroenabled.main+xml": "docm",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": "xlsx",
    "application/vnd.ms-excel.sheet.macroenabled.main+xml": "xlsm",
}
_XML_PART_LIMIT = 5 * 1024 * 1024

# Parts an accepted .docx/.xlsx may not hold (by name, case-insensitive), with what they are:
# VBA projects and their data, Excel 4.0 macro sheets, ActiveX controls, embedded objects (OLE
# objects and whole embedded packages), and anything executable or script-like. `.bin` parts are
# binary blobs Office uses for exactly these; only printer settings are harmless and common.
_EXECUTABLE_EXTENSIONS = frozenset(
    "exe dll com scr pif cpl msi msp bat cmd ps1 psm1 vbs vbe js jse wsf wsh hta jar lnk reg sh application".split()
)
# Words of content types (split at . / +) and relationship types (their last path word) that mean
# the same things, case-insensitive.
_FORBIDDEN_CONTENT_TYPE_WORDS = {
    "vbaproject": "macro (VBA)",
    "vbadata": "macro (VBA)",
    "macroenabled": "macro (VBA)",
    "macrosheet": "macro Excel 4.0",
    "intlmacrosheet": "macro Excel 4.0",
    "activex": "điều khiển ActiveX",
    "oleobject": "đối tượng nhúng (OLE)",
}
_FORBIDDEN_RELATIONSHIPS = {
    "vbaproject": "macro (VBA)",
    "vbaprojectsignature": "macro (VBA)",
    "wordvbadata": "macro (VBA)",
    "attachedtoolbars": "macro (VBA)",
    "keymapcustomizations": "macro (VBA)",
    "xlmacrosheet": "macro Excel 4.0",
    "xlintlmacrosheet": "macro Excel 4.0",
    "control": "điều khiển ActiveX",
    "activexcontrol": "điều khiển ActiveX",
    "activexcontrolbinary": "điều khiển ActiveX",
    "oleobject": "đối tượng nhúng (OLE)",
    "package": "tệp nhúng bên trong",
}
# Relationships that may point outside the file: links people click, linked pictures and Excel's
# links to other workbooks. Any other external target (a remote template, an OLE link, a frame)
# makes Office fetch and run something when the file opens.
_EXTERNAL_OK = frozenset(
    {"hyperlink", "image", "externallinkpath", "xlpathmissing", "xlstartup", "xlalternatestartup", "xllibrary"}
)


class _NotAPackage(Exception):
    pass


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _xml(archive: zipfile.ZipFile, member: str):
    try:
        info = archive.getinfo(member)
    except KeyError:
        raise _NotAPackage(f"thiếu phần {member}") from None
    if info.file_size > _XML_PART_LIMIT:
        raise _NotAPackage(f"phần {member} lớn bất thường")
    data = archive.read(info)
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise _NotAPackage(f"phần {member} khai báo DOCTYPE")
    try:
        return ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        raise _NotAPackage(f"phần {member} không đọc được") from exc


def _content_types(archive) -> tuple[dict, dict]:
    """({extension: type}, {part name: type}), lower-cased, from [Content_Types].xml."""
    defaults, overrides = {}, {}
    for element in _xml(archive, "[Content_Types].xml"):
        tag, content_type = _local(element.tag), (element.get("ContentType") or "").lower()
        if tag == "Default":
            defaults[(element.get("Extension") or "").lower()] = content_type
        elif tag == "Override":
            overrides[(element.get("PartName") or "").lstrip("/").lower()] = content_type
    return defaults, overrides


def _part_type(part: str, defaults: dict, overrides: dict) -> str:
    part = part.lower()
    return overrides.get(part) or defaults.get(part.rsplit(".", 1)[-1], "")


def _main_part(archive) -> str:
    """The package's main part (word/document.xml, xl/workbook.xml…) as _rels/.rels names it."""
    for relationship in _xml(archive, "_rels/.rels"):
        if (relationship.get("Type") or "").endswith("/officeDocument"):
            target = unquote(relationship.get("Target") or "")
            return posixpath.normpath(posixpath.join("/", target)).lstrip("/")
    raise _NotAPackage("_rels/.rels không chỉ ra phần nội dung chính")


def _zip_kind(fileobj) -> str | None:
    try:
        with zipfile.ZipFile(fileobj) as archive:
            names = set(archive.namelist())
            try:
                defaults, overrides = _content_types(archive)
                main_type = _part_type(_main_part(archive), defaults, overrides)
            except _NotAPackage:
                main_type = ""
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError):
        return None
    finally:
        fileobj.seek(0)
    if main_type in _MAIN_TYPES:
        return _MAIN_TYPES[main_type]
    if main_type.startswith(("application/vnd.openxmlformats-officedocument.", "application/vnd.ms-")):
        return "office"
    # A package without a readable manifest still says what it wants to be; the full check refuses it.
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return "zip"


def _forbidden_member(member: str) -> str | None:
    path = member.lower()
    base = posixpath.basename(path)
    ext = base.rsplit(".", 1)[-1] if "." in base else ""
    if base in ("vbaproject.bin", "vbadata.xml") or base.startswith("vbaprojectsignature"):
        return "macro (VBA)"
    if "macrosheets/" in path:
        return "macro Excel 4.0"
    if "activex/" in path:
        return "điều khiển ActiveX"
    if "embeddings/" in path or base.startswith("oleobject"):
        return "đối tượng nhúng (OLE)"
    if ext in _EXECUTABLE_EXTENSIONS:
        return "chương trình hoặc tập lệnh chạy được"
    if ext == "bin" and "printersettings/" not in path:
        return "phần nhị phân lạ (.bin)"
    return None


def _forbidden_content_type(content_type: str) -> str | None:
    for word in re.split(r"[./+]", content_type.lower()):
        if word in _FORBIDDEN_CONTENT_TYPE_WORDS:
            return _FORBIDDEN_CONTENT_TYPE_WORDS[word]
    return None


def _check_ooxml(fileobj, name: str, kind: str) -> None:
    check_zip_expansion(fileobj, name)
    try:
        with zipfile.ZipFile(fileobj) as archive:
            members = archive.namelist()
            for member in members:
                if member.startswith("/") or "\\" in member or ".." in member.split("/"):
                    raise _NotAPackage(f"tên phần lạ “{member}”")
                if what := _forbidden_member(member):
                    raise _refuse_active(name, kind, what, member)
            defaults, overrides = _content_types(archive)
            for part, content_type in [*overrides.items(), *(("*." + e, t) for e, t in defaults.items())]:
                if what := _forbidden_content_type(content_type):
                    raise _refuse_active(name, kind, what, f"[Content_Types].xml: {part}")
            main = _main_part(archive)
            if main not in members:
                raise _NotAPackage(f"thiếu phần nội dung chính {main}")
            if _MAIN_TYPES.get(_part_type(main, defaults, overrides)) != kind:
                raise _NotAPackage(f"phần {main} không phải nội dung {KIND_LABELS[kind]}")
            for member in members:
                if member.endswith(".rels"):
                    _check_relationships(archive, member, name, kind)
    except _NotAPackage as exc:
        raise _broken(name, kind, str(exc)) from None
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
        raise _broken(name, kind) from exc


def _check_relationships(archive, member: str, name: str, kind: str) -> None:
    for relationship in _xml(archive, member):
        word = (relationship.get("Type") or "").rsplit("/", 1)[-1]
        if what := _FORBIDDEN_RELATIONSHIPS.get(word.lower()):
            raise _refuse_active(name, kind, what, f"{member}: {word}")
        if (relationship.get("TargetMode") or "").lower() == "external" and word.lower() not in _EXTERNAL_OK:
            target = (relationship.get("Target") or "")[:80]
            raise _refuse_active(name, kind, f"liên kết tự tải nội dung từ bên ngoài ({target})", f"{member}: {word}")


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


# Legacy Office (.doc, .xls): OLE compound files -----------------------------------------------


def _ole_entries(fileobj) -> list[list[str]] | None:
    """Every storage and stream path of an OLE file, or None when it does not parse."""
    try:
        ole = olefile.OleFileIO(fileobj)
        try:
            return ole.listdir(streams=True, storages=True)
        finally:
            ole.close()
    except Exception:  # olefile raises OSError, struct.error, IndexError… for damaged files
        return None
    finally:
        fileobj.seek(0)


def _ole_kind(fileobj) -> str:
    entries = _ole_entries(fileobj)
    if entries is None:
        # Unreadable as a compound file; a password-protected OOXML still names its streams.
        fileobj.seek(0)
        data = fileobj.read()
        fileobj.seek(0)
        return "encrypted_office" if any(s.encode("utf-16-le") in data for s in _ENCRYPTION_STREAMS) else "ole"
    top = {path[0] for path in entries}
    if top & set(_ENCRYPTION_STREAMS):
        return "encrypted_office"
    if "WordDocument" in top:
        return "doc"
    if top & {"Workbook", "Book"}:
        return "xls"
    return "ole"


def _check_ole(fileobj, name: str, kind: str) -> None:
    entries = _ole_entries(fileobj)
    if entries is None:
        raise _broken(name, kind)
    for path in entries:
        lowered = [part.lower() for part in path]
        where = "/".join(path)
        if {"macros", "_vba_project_cur", "vba", "_vba_project"} & set(lowered):
            raise _refuse_active(name, kind, "macro (VBA)", where)
        # Word keeps an ObjectPool storage even when it is empty; something inside it is an object.
        if (
            (lowered[0] == "objectpool" and len(path) > 1)
            or lowered[0].startswith("mbd")
            or ("\x01ole10native" in lowered)
        ):
            raise _refuse_active(name, kind, "đối tượng nhúng (OLE)", where.replace("\x01", ""))


# Images ---------------------------------------------------------------------------------------


def _check_image(fileobj, name: str, kind: str) -> None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # the size is judged below
            with Image.open(fileobj) as image:
                if image.format != {"png": "PNG", "jpeg": "JPEG"}[kind]:
                    raise _broken(name, kind)
                width, height = image.size
                if width * height > Image.MAX_IMAGE_PIXELS:
                    raise ValidationError(
                        f"Tệp {name} là ảnh {width}×{height} điểm ảnh, lớn bất thường; hãy thu nhỏ ảnh rồi tải lên."
                    )
                if kind == "png":
                    image.verify()  # every chunk's checksum, without decoding the pixels
                else:
                    image.draft("RGB", (max(1, width // 8), max(1, height // 8)))  # decode at 1/8 scale: cheap
                    image.load()
    except ValidationError:
        raise
    except Image.DecompressionBombError:
        raise ValidationError(f"Tệp {name} là ảnh lớn bất thường; hãy thu nhỏ ảnh rồi tải lên.") from None
    except Exception as exc:  # Pillow raises OSError, SyntaxError, struct.error… for damaged images
        raise _broken(name, kind) from exc


CHECKS = {
    "pdf": _check_pdf,
    "docx": _check_ooxml,
    "xlsx": _check_ooxml,
    "doc": _check_ole,
    "xls": _check_ole,
    "png": _check_image,
    "jpeg": _check_image,
}


# Refusing by size while the request is read ---------------------------------------------------


class OversizedUpload(UploadedFile):
    """Stands in for a file that passed `UPLOAD_MAX_BYTES` while it was being received: it has the
    name and the size that arrived, and no content, so the upload point's own size check refuses
    it with its usual message."""

    def __init__(self, name, content_type, size, charset, content_type_extra=None):
        super().__init__(BytesIO(), name, content_type, size, charset, content_type_extra)


class SizeLimitUploadHandler(FileUploadHandler):
    """First in FILE_UPLOAD_HANDLERS: once a file passes UPLOAD_MAX_BYTES (the largest any upload
    point accepts), the rest of it is counted and dropped instead of being written to a temporary
    file and read again, so a 60 MB file is refused as fast as it arrives."""

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.limit = settings.UPLOAD_MAX_BYTES
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        return raw_data if self.received <= self.limit else None

    def file_complete(self, file_size):
        if self.received <= self.limit:
            return None  # the next handler holds the file
        return OversizedUpload(self.file_name, self.content_type, self.received, self.charset, self.content_type_extra)
