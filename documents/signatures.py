"""What the digital signatures on an uploaded PDF say: signed or not, by whom and when, whether
the file is still what was signed, and whether the signer's certificate leads to a root the
portal trusts (``TrustedRoot``, loaded by an admin). Nothing is fetched from the network: an
upload is checked against what the portal holds, so a check gives the same answer offline.
"""

import datetime
import io
import logging
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from asn1crypto import pem, x509
from django.core.exceptions import ValidationError
from pyhanko.pdf_utils.misc import PdfReadError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import async_validate_pdf_signature
from pyhanko.sign.validation.errors import SignatureValidationError
from pyhanko_certvalidator import ValidationContext

from .signing import run_async

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SignatureCheck:
    signer: str
    organisation: str
    signed_at: datetime.datetime | None
    intact: bool
    unchanged_since: bool
    trusted: bool

    @property
    def sound(self) -> bool:
        return self.intact and self.unchanged_since and self.trusted

    @property
    def who(self) -> str:
        if self.organisation and self.signer and self.organisation != self.signer:
            return f"{self.signer} ({self.organisation})"
        return self.signer or self.organisation or "người ký không rõ tên"

    @property
    def summary(self) -> str:
        when = f" lúc {self.signed_at.astimezone(VIETNAM):%H:%M ngày %d/%m/%Y}" if self.signed_at else ""
        if not self.intact:
            return f"Chữ ký số của {self.who} không còn khớp nội dung: tệp đã bị sửa, chữ ký không có giá trị."
        if not self.unchanged_since:
            return f"Đã ký số bởi {self.who}{when}, nhưng tệp đã bị sửa sau khi ký."
        if not self.trusted:
            return (
                f"Đã ký số bởi {self.who}{when}; chứng thư số chưa được tin cậy "
                "(cổng chưa có chứng thư gốc của tổ chức cấp)."
            )
        return f"Đã ký số bởi {self.who}{when}."


def load_certificate(data: bytes) -> x509.Certificate:
    """A certificate from PEM or DER bytes, or a Vietnamese refusal."""
    try:
        if pem.detect(data):
            _, _, data = pem.unarmor(data)
        certificate = x509.Certificate.load(data)
        certificate.native  # noqa: B018 — parsing is lazy; this reads the whole structure now.
    except (ValueError, TypeError):
        raise ValidationError("Tệp không phải chứng thư số (X.509, dạng PEM hoặc DER).") from None
    return certificate


def _name(name: x509.Name, field: str) -> str:
    return str(name.native.get(field, "") or "")


def check_pdf(content: bytes, roots: list[x509.Certificate]) -> list[SignatureCheck]:
    """One check per signature in the PDF, in signing order; an empty list for an unsigned PDF.
    A file that is not a readable PDF is refused with a message."""
    try:
        reader = PdfFileReader(io.BytesIO(content), strict=False)
        embedded = list(reader.embedded_signatures)
    except (PdfReadError, ValueError, KeyError) as error:
        raise ValidationError("Không đọc được tệp PDF để kiểm tra chữ ký số.") from error
    context = ValidationContext(trust_roots=roots, allow_fetching=False, revocation_mode="soft-fail")
    checks = []
    for signature in embedded:
        subject = signature.signer_cert.subject
        try:
            status = run_async(lambda signature=signature: async_validate_pdf_signature(signature, context))
        except (SignatureValidationError, ValueError) as error:
            logger.info("Signature could not be validated: %s", error)
            checks.append(
                SignatureCheck(
                    signer=_name(subject, "common_name"),
                    organisation=_name(subject, "organization_name"),
                    signed_at=signature.self_reported_timestamp,
                    intact=False,
                    unchanged_since=False,
                    trusted=False,
                )
            )
            continue
        checks.append(
            SignatureCheck(
                signer=_name(subject, "common_name"),
                organisation=_name(subject, "organization_name"),
                signed_at=status.signer_reported_dt,
                intact=status.intact and status.valid,
                unchanged_since=bool(status.docmdp_ok)
                and status.modification_level is not None
                and status.modification_level.value <= 2,
                trusted=status.trusted,
            )
        )
    return checks
