"""Writes to the award history (sổ vàng) after the award: revoking one (thu hồi, khoản 2 Điều 93
Luật Thi đua, khen thưởng 2022) and confirming whether two rows are the same person."""

from django.core.exceptions import ValidationError
from django.db import transaction

from activity.services import record
from activity.snapshot import snapshot
from common.fields import assign
from units.text import clean_attributes

from ..models import AwardRecord, NomineeKind, PersonMatch, Revocation

REVOCATION_FIELDS = ["ground", "reason", "decision_reference", "decided_on", "signer_name", "amount_to_recover"]


def _money(amount: int) -> str:
    return f"{amount:,}".replace(",", ".")


@transaction.atomic
def revoke_award(*, actor, award: AwardRecord, data: dict) -> Revocation:
    """Record the decision that annuls an award: the row stays in the history, marked revoked, and
    is no longer counted by statistics or eligibility checks (`AwardRecord.objects.in_force()`)."""
    award = AwardRecord.objects.select_for_update().select_related("award_type").get(pk=award.pk)
    if Revocation.objects.filter(record=award).exists():
        raise ValidationError("Khen thưởng này đã bị thu hồi từ trước.")
    revocation = Revocation(record=award, created_by=actor if actor and actor.is_authenticated else None)
    assign(revocation, data, REVOCATION_FIELDS)
    clean_attributes(revocation, REVOCATION_FIELDS)
    if revocation.decided_on and award.decided_on and revocation.decided_on < award.decided_on:
        raise ValidationError(
            {
                "decided_on": f"Quyết định thu hồi không thể ký trước quyết định khen thưởng "
                f"(ngày {award.decided_on:%d/%m/%Y})."
            }
        )
    revocation.full_clean()
    revocation.save()
    money = f"; phải thu hồi {_money(revocation.amount_to_recover)} đồng" if revocation.amount_to_recover else ""
    record(
        actor=actor,
        action="award.revoke",
        summary=(
            f"Thu hồi “{award.award_type.name}” của {award.display_name} ({award.year}) theo Quyết định "
            f"{revocation.decision_reference} ngày {revocation.decided_on:%d/%m/%Y}{money}"
        ),
        target=award,
        context=award.decision if award.decision_id else award,
        after=snapshot(revocation, REVOCATION_FIELDS),
    )
    return revocation


@transaction.atomic
def confirm_person_match(*, actor, first: AwardRecord, second: AwardRecord, same: bool) -> PersonMatch:
    """Store a person's answer for a pair of rows (same name and birth year); asked again, the
    answer is replaced. Rows with two different citizen IDs are two people."""
    if first.pk == second.pk:
        raise ValidationError("Hãy chọn hai dòng khác nhau của sổ vàng.")
    first, second = sorted(AwardRecord.objects.select_for_update().filter(pk__in=[first.pk, second.pk]), key=_pk)
    if NomineeKind.COLLECTIVE in (first.kind, second.kind):
        raise ValidationError("Chỉ đối chiếu khen thưởng của cá nhân, hộ gia đình; tập thể đã theo đơn vị.")
    if same and first.citizen_id and second.citizen_id and first.citizen_id != second.citizen_id:
        raise ValidationError(
            f"Hai dòng có hai số định danh cá nhân khác nhau ({first.citizen_id} và {second.citizen_id}): "
            "không thể là cùng một người. Nếu một số ghi sai, hãy sửa số đó trước."
        )
    match, created = PersonMatch.objects.update_or_create(
        first=first,
        second=second,
        defaults={"same": same, "confirmed_by": actor if actor and actor.is_authenticated else None},
    )
    verdict = "là cùng một người" if same else "là hai người khác nhau"
    record(
        actor=actor,
        action="award.person_match",
        summary=f"Xác nhận “{first.full_name}” ({first.year}, {second.year}) {verdict}",
        target=first,
        context=second,
        after={"first": first.pk, "second": second.pk, "same": same, "replaced": not created},
    )
    return match


def _pk(row):
    return row.pk
