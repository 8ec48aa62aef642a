"""Stored PDFs: the latest PDF of a document, kept under a key while the version it was drawn
from is current. The app whose document it is names the key and the version, and decides when
the PDF goes (plans.printing does for a plan).

Storing a PDF is a cache fill, not a change anyone made, so it writes no activity log row. A
signed file is different: it is kept for good, and the app that had it signed logs the signing
(plans.signing does for a plan, awards.services.signing for a decision).
"""

import hashlib

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction

from .models import RenderedDocument, SignedDocument, TrustedRoot
from .rendering import Pdf
from .signatures import SignatureCheck, check_pdf, load_certificate
from .signing import DocumentSigner, SignedPdf, sign_pdf, signer_from_settings

# Every signed PDF carries its signature's byte range; a file without one is not read further.
SIGNED_MARK = b"/ByteRange"
CHECK_SECONDS = 24 * 3600


def stored_pdf(key: str, version: str) -> RenderedDocument | None:
    return RenderedDocument.objects.filter(key=key, version=version).first()


@transaction.atomic
def store_pdf(key: str, version: str, pdf: Pdf, filename: str) -> RenderedDocument:
    """Keep `pdf` as the document's PDF for `version`, replacing the one of an older version
    (whose file is deleted once this commits)."""
    document = RenderedDocument.objects.select_for_update().filter(key=key).first()
    old_file = document.file.name if document and document.file else None
    if document is None:
        document = RenderedDocument(key=key)
    document.version = version
    document.page_count = pdf.page_count
    document.size = len(pdf.content)
    document.file.save(filename, ContentFile(pdf.content), save=False)
    document.save()
    if old_file and old_file != document.file.name:
        storage = document.file.storage
        transaction.on_commit(lambda: storage.delete(old_file))
    return document


def forget_pdf(key: str) -> None:
    """The document is gone: so is its stored PDF (its file after commit: tdkt_portal.stored_files)."""
    RenderedDocument.objects.filter(key=key).delete()


@transaction.atomic
def store_signed(key: str, signed: SignedPdf, filename: str) -> SignedDocument:
    """Keep a signed file beside the others of the same document: a signed document is never
    replaced, a new signature is a new row."""
    document = SignedDocument(key=key, sha256=signed.sha256, size=len(signed.content), organisation=signed.organisation)
    document.file.save(filename, ContentFile(signed.content), save=False)
    document.save()
    return document


@transaction.atomic
def sign_and_store(
    key: str, pdf: Pdf, *, filename: str, reason: str, location: str = "", signer: DocumentSigner | None = None
) -> tuple[SignedPdf, SignedDocument]:
    """Sign a document's PDF with the organisation's certificate (settings, unless a signer is
    given) and keep the signed file. A certificate that cannot sign is refused before anything
    is drawn or stored; the app whose document it is checks that it may be signed and logs it."""
    signer = signer or signer_from_settings()
    signed = sign_pdf(pdf, signer, reason=reason, location=location)
    return signed, store_signed(key, signed, filename)


def signed_copies(key: str):
    """The signed files of one document, newest first."""
    return SignedDocument.objects.filter(key=key)


def trusted_root_from(*, name: str, data: bytes) -> TrustedRoot:
    """A root certificate (PEM or DER) checked and ready to be trusted, not yet saved."""
    certificate = load_certificate(data)
    if not certificate.ca:
        raise ValidationError("Chứng thư này không phải chứng thư của tổ chức cấp (CA): không dùng làm gốc tin cậy.")
    fingerprint = certificate.sha256.hex()
    if TrustedRoot.objects.filter(fingerprint=fingerprint).exists():
        raise ValidationError("Chứng thư gốc này đã có trong danh sách tin cậy.")
    return TrustedRoot(
        name=name or certificate.subject.native.get("common_name") or certificate.subject.human_friendly,
        certificate=certificate.dump(),
        fingerprint=fingerprint,
        valid_until=certificate.not_valid_after,
    )


def add_trusted_root(*, name: str, data: bytes) -> TrustedRoot:
    """Trust a root certificate for the signature checks of uploads."""
    root = trusted_root_from(name=name, data=data)
    root.save()
    return root


def trusted_roots() -> list:
    return [load_certificate(bytes(root.certificate)) for root in TrustedRoot.objects.all()]


def check_signatures(content: bytes) -> list[SignatureCheck]:
    """The signatures of an uploaded PDF, checked against the roots the portal trusts."""
    return check_pdf(content, trusted_roots())


def signature_checks_of(stored) -> list[SignatureCheck]:
    """What the signatures of a stored upload say, for the page that lists it. An unsigned file
    (or not a PDF) costs one read and no query; a signed one is checked once per content and set
    of trusted roots, then remembered (a root added later gives a fresh check)."""
    if not stored or not stored.name.lower().endswith(".pdf"):
        return []
    try:
        with stored.open("rb") as handle:
            content = handle.read()
    except OSError:
        return []
    if SIGNED_MARK not in content:
        return []
    roots = list(TrustedRoot.objects.order_by("fingerprint"))
    fingerprints = ",".join(root.fingerprint for root in roots).encode()
    key = f"chu-ky-so:{hashlib.sha256(content).hexdigest()}:{hashlib.sha256(fingerprints).hexdigest()}"
    checks = cache.get(key)
    if checks is None:
        try:
            checks = check_pdf(content, [load_certificate(bytes(root.certificate)) for root in roots])
        except ValidationError:
            checks = []
        cache.set(key, checks, CHECK_SECONDS)
    return checks
