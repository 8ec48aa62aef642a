"""Digital signatures (ký số) on the portal's PDFs.

A signed document is PAdES (ETSI EN 319 142, the profile the national CAs' tools read), with the
visible mark Decree 30/2020/NĐ-CP gives an electronic document's organisation signature
(Phụ lục I, Phần II): the organisation's name and the signing time, "ngày tháng năm; giờ phút
giây; múi giờ Việt Nam theo tiêu chuẩn ISO 8601", placed at the signer block. The mark is drawn
over the room the document leaves for signature and seal (the ``chu-ky-so`` anchor of
``documents/_signer.html``), on whichever page the text pushed it to.

Who signs is a ``DocumentSigner``: anything that gives a pyHanko signer and the organisation's
name. ``Pkcs12Signer`` reads a .p12/.pfx file (settings ``SIGNING_PKCS12`` and
``SIGNING_PASSWORD``); a USB token (pyHanko's PKCS#11 signer) or a remote signing service fits
the same two members.
"""

import asyncio
import datetime
import hashlib
import io
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol
from zoneinfo import ZoneInfo

from asn1crypto import keys, x509
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, pkcs12
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError
from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.sign import fields, signers
from pyhanko.stamp import TextStampStyle
from pyhanko_certvalidator.registry import SimpleCertificateStore

from .rendering import Pdf

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
SIGNATURE_ANCHOR = "chu-ky-so"
FIELD_NAME = "ChuKySoCoQuan"
# pyHanko formats the signing time with this; VietnamTimeStamp turns it into ISO 8601 at +07:00.
_MACHINE_FORMAT = "%Y-%m-%dT%H:%M:%S%z"


def run_async(make_coroutine):
    """Run one of pyHanko's coroutines to the end. Its own sync wrappers call asyncio.run, which
    refuses to start inside a running event loop (an ASGI server, a browser driven from the same
    thread): there, the coroutine gets a thread and a loop of its own."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(make_coroutine())
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: asyncio.run(make_coroutine())).result()


class DocumentSigner(Protocol):
    organisation: str

    def pyhanko_signer(self) -> signers.Signer: ...


def _certificate_name(certificate, attribute) -> str:
    values = certificate.subject.get_attributes_for_oid(attribute)
    return values[0].value if values else ""


@dataclass
class Pkcs12Signer:
    """The organisation's certificate and key from a PKCS#12 file. Every way it can be unusable
    is told in words before anything is signed."""

    path: Path
    password: str
    now: datetime.datetime | None = None

    def __post_init__(self):
        from cryptography.x509.oid import NameOID

        path = Path(self.path)
        if not path.is_file():
            raise ValidationError(f"Không tìm thấy tệp chứng thư số {path}.")
        try:
            key, certificate, others = pkcs12.load_key_and_certificates(
                path.read_bytes(), self.password.encode() if self.password else None
            )
        except ValueError:
            raise ValidationError(
                f"Mật khẩu của tệp chứng thư số {path.name} không đúng (hoặc tệp không phải PKCS#12)."
            ) from None
        if key is None:
            raise ValidationError(f"Tệp {path.name} không có khoá bí mật đi kèm chứng thư số: không ký được.")
        if certificate is None:
            raise ValidationError(f"Tệp {path.name} không có chứng thư số của cơ quan đi kèm khoá bí mật.")
        now = self.now or datetime.datetime.now(datetime.UTC)
        if now > certificate.not_valid_after_utc:
            ends = certificate.not_valid_after_utc.astimezone(VIETNAM).strftime("%d/%m/%Y")
            raise ValidationError(f"Chứng thư số trong {path.name} đã hết hạn ngày {ends}.")
        if now < certificate.not_valid_before_utc:
            starts = certificate.not_valid_before_utc.astimezone(VIETNAM).strftime("%d/%m/%Y")
            raise ValidationError(f"Chứng thư số trong {path.name} chỉ có hiệu lực từ ngày {starts}.")
        self.organisation = _certificate_name(certificate, NameOID.ORGANIZATION_NAME) or _certificate_name(
            certificate, NameOID.COMMON_NAME
        )
        self._signer = signers.SimpleSigner(
            signing_cert=x509.Certificate.load(certificate.public_bytes(Encoding.DER)),
            signing_key=keys.PrivateKeyInfo.load(key.private_bytes(Encoding.DER, PrivateFormat.PKCS8, NoEncryption())),
            cert_registry=SimpleCertificateStore.from_certs(
                [x509.Certificate.load(other.public_bytes(Encoding.DER)) for other in others]
            ),
        )

    def pyhanko_signer(self) -> signers.Signer:
        return self._signer


def signer_from_settings() -> Pkcs12Signer:
    if not settings.SIGNING_PKCS12:
        raise ValidationError(
            "Chưa cấu hình chứng thư số của cơ quan: đặt SIGNING_PKCS12 (đường dẫn tệp .p12) "
            "và SIGNING_PASSWORD trong môi trường."
        )
    return Pkcs12Signer(Path(settings.SIGNING_PKCS12), settings.SIGNING_PASSWORD)


@dataclass(frozen=True)
class VietnamTimeStamp(TextStampStyle):
    """A text stamp whose time reads in Vietnam's time zone, ISO 8601 (2026-11-26T10:15:30+07:00),
    whatever the machine's own zone is: pyHanko formats the time it signs at; this re-reads it."""

    def create_stamp(self, writer, box, text_params):
        signed_at = datetime.datetime.strptime(text_params["ts"], _MACHINE_FORMAT).astimezone(VIETNAM)
        return super().create_stamp(writer, box, {**text_params, "ts": signed_at.isoformat(timespec="seconds")})


def _stamp_style() -> VietnamTimeStamp:
    font = finders.find("fonts/LiberationSerif-Regular.ttf")
    return VietnamTimeStamp(
        stamp_text="Ký bởi: %(organisation)s\nThời gian ký: %(ts)s",
        timestamp_format=_MACHINE_FORMAT,
        text_box_style=TextBoxStyle(font=GlyphAccumulatorFactory(font, font_size=9), text_color=(0.8, 0, 0)),
        border_width=1,
        background=None,
    )


@dataclass(frozen=True)
class SignedPdf:
    content: bytes
    sha256: str
    organisation: str


def sign_pdf(pdf: Pdf, signer: DocumentSigner, *, reason: str, location: str = "") -> SignedPdf:
    """The PDF signed by the organisation, the mark drawn on its signer block.

    The document must have been drawn by documents.rendering with a signer block: a document
    without one has no place the decree allows for the mark, so it is refused."""
    anchor = pdf.anchors.get(SIGNATURE_ANCHOR)
    if anchor is None:
        raise ValidationError("Văn bản không có khối chữ ký của người có thẩm quyền: không có chỗ để ký số.")
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf.content), strict=False)
    metadata = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME, reason=reason, location=location, subfilter=fields.SigSeedSubFilter.PADES
    )
    left, bottom, right, top = anchor.box
    pdf_signer = signers.PdfSigner(
        metadata,
        signer=signer.pyhanko_signer(),
        stamp_style=_stamp_style(),
        new_field_spec=fields.SigFieldSpec(
            FIELD_NAME, on_page=anchor.page, box=(round(left), round(bottom), round(right), round(top))
        ),
    )
    output = run_async(
        lambda: pdf_signer.async_sign_pdf(writer, appearance_text_params={"organisation": signer.organisation})
    )
    content = output.getvalue()
    return SignedPdf(content=content, sha256=hashlib.sha256(content).hexdigest(), organisation=signer.organisation)
