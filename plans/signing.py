"""An issued plan signed with the organisation's certificate (documents.signing)."""

from django.core.exceptions import ValidationError
from django.db import transaction

from activity.services import record
from documents.rendering import Pdf
from documents.services import store_signed
from documents.signing import SignedPdf, sign_pdf, signer_from_settings

from .models import Plan
from .printing import plan_filename, plan_key


@transaction.atomic
def sign_issued_plan(plan: Plan, pdf: Pdf, *, actor=None, signer=None) -> SignedPdf:
    """Sign the PDF of an issued plan and keep the signed file with its hash. A draft is refused:
    what is signed is what was issued, with its number and date."""
    if plan.is_draft or not plan.number or not plan.issued_on:
        raise ValidationError(
            f"Kế hoạch {plan.reference.strip()} chưa ban hành (chưa có số và ngày): chỉ ký số văn bản đã ban hành."
        )
    signer = signer or signer_from_settings()
    signed = sign_pdf(pdf, signer, reason=f"Ban hành Kế hoạch {plan.reference}", location=plan.place)
    stored = store_signed(plan_key(plan), signed, plan_filename(plan).replace(".pdf", "-ky-so.pdf"))
    record(
        actor=actor,
        action="plan.signed",
        summary=f"Ký số kế hoạch {plan.reference} (SHA-256 {signed.sha256[:16]}…)",
        target=stored,
        context=plan,
        after={"organisation": signed.organisation, "sha256": signed.sha256},
    )
    return signed
