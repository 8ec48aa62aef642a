"""An issued award decision signed with the organisation's certificate, as plans.signing signs a
plan: the same signer and store (documents.services.sign_and_store), the decision's own key,
file name and activity row."""

from django.db import transaction

from activity.services import record
from documents.rendering import Pdf
from documents.services import sign_and_store
from documents.signing import SignedPdf

from ..models import Decision


@transaction.atomic
def sign_decision(decision: Decision, pdf: Pdf, *, actor=None, signer=None) -> SignedPdf:
    """Sign the PDF of a recorded decision and keep the signed file with its hash. A decision in
    the portal is issued once recorded (its number and signing day are required), so there is no
    draft to refuse."""
    # Printing reads the selectors, which read this package: imported here, not at the top.
    from ..printing import decision_filename, decision_key

    signed, stored = sign_and_store(
        decision_key(decision),
        pdf,
        filename=decision_filename(decision).replace(".pdf", "-ky-so.pdf"),
        reason=f"Ban hành Quyết định {decision.reference}",
        location=decision.place,
        signer=signer,
    )
    record(
        actor=actor,
        action="decision.signed",
        summary=f"Ký số quyết định {decision.reference} (SHA-256 {signed.sha256[:16]}…)",
        target=stored,
        context=decision,
        after={"organisation": signed.organisation, "sha256": signed.sha256},
    )
    return signed
