"""An issued plan signed with the organisation's certificate (documents.services.sign_and_store)."""

from django.core.exceptions import ValidationError
from django.db import transaction

from activity.services import record
from documents.rendering import Pdf
from documents.services import sign_and_store
from documents.signing import SignedPdf

from .models import Plan
from .printing import plan_filename, plan_key


def ensure_signable(plan: Plan) -> None:
    """A draft is refused: what is signed is what was issued, with its number and date."""
    if plan.is_draft or not plan.number or not plan.issued_on:
        raise ValidationError(
            f"Kế hoạch {plan.reference.strip()} chưa ban hành (chưa có số và ngày): chỉ ký số văn bản đã ban hành."
        )


@transaction.atomic
def sign_issued_plan(plan: Plan, pdf: Pdf, *, actor=None, signer=None) -> SignedPdf:
    """Sign the PDF of an issued plan and keep the signed file with its hash."""
    ensure_signable(plan)
    signed, stored = sign_and_store(
        plan_key(plan),
        pdf,
        filename=plan_filename(plan).replace(".pdf", "-ky-so.pdf"),
        reason=f"Ban hành Kế hoạch {plan.reference}",
        location=plan.place,
        signer=signer,
    )
    record(
        actor=actor,
        action="plan.signed",
        summary=f"Ký số kế hoạch {plan.reference} (SHA-256 {signed.sha256[:16]}…)",
        target=stored,
        context=plan,
        after={"organisation": signed.organisation, "sha256": signed.sha256},
    )
    return signed
