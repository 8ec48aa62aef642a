"""A Cụm/Khối's membership for the next emulation year, copied from this year's.

The group is written again for the new year (same organiser, name, kind and level) with last
year's members in their roles; a member that closed before the new year gives way to its
successor, or is left out when it has none. Every one of last year's members gets a
`MembershipReview` ("cần rà soát") saying what was done, until the organiser's Sở/Phòng Nội vụ
clears it. The covenant and the criteria table are not copied here: each has its own start
(the criteria table copies last year's from its page). One transaction, one activity row.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from activity.services import record
from plans.succession import unit_on
from units.models import EmulationGroup, EmulationGroupMembership, MembershipRole

from .models import MembershipReview


@transaction.atomic
def copy_group_to_year(*, actor, group: EmulationGroup, year: int) -> EmulationGroup:
    # Locked so a double click makes one group: the second finds it and is refused.
    group = EmulationGroup.objects.select_for_update().select_related("organiser").get(pk=group.pk)
    noun = group.get_kind_display()
    if year <= group.year:
        raise ValidationError({"year": f"Năm mới phải sau năm {group.year} của {noun.lower()}."})
    if year > group.year + 5:
        raise ValidationError({"year": f"Chỉ sao chép được sang tối đa 5 năm sau năm {group.year}."})
    day = datetime.date(year, 1, 1)
    organiser = unit_on(group.organiser, day)
    if organiser.unit is None:
        raise ValidationError(f"Không sao chép được: {organiser.check}")
    existing = EmulationGroup.objects.filter(organiser=organiser.unit, year=year, name=group.name).first()
    if existing is not None:
        raise ValidationError(
            f"{organiser.unit.name} đã có {noun.lower()} “{group.name}” năm {year} (mã {existing.pk}): "
            "hãy mở và rà soát danh sách đó thay vì tạo lại.",
            code="exists",
        )
    copy = EmulationGroup(name=group.name, kind=group.kind, level=group.level, year=year, organiser=organiser.unit)
    copy.full_clean()
    copy.save()
    reviews = []
    placed: dict[int, EmulationGroupMembership] = {}
    has_leader = False
    for membership in group.memberships.leader_first().select_related("unit"):
        found = unit_on(membership.unit, day)
        changes, checks = [], []
        if found.unit is None:
            checks.append(f"Không đưa vào danh sách năm {year}: {found.check}")
            reviews.append(MembershipReview(group=copy, previous_unit=membership.unit, checks=checks))
            continue
        if found.change:
            changes.append(found.change)
        role = membership.role
        if found.unit.pk in placed:
            checks.append(
                f"{found.unit.name} đã có trong danh sách năm {year} "
                f"({placed[found.unit.pk].get_role_display().lower()}); {membership.unit.name} không thêm lần nữa."
            )
            reviews.append(MembershipReview(group=copy, previous_unit=membership.unit, changes=changes, checks=checks))
            continue
        if role == MembershipRole.LEADER and has_leader:
            role = MembershipRole.DEPUTY
            checks.append("Đã có đơn vị trưởng: chuyển thành phó, cần xem lại.")
        if role == MembershipRole.LEADER:
            has_leader = True
            checks.append(f"Đơn vị trưởng năm {year}: xác nhận lại (thường luân phiên hằng năm).")
        new = EmulationGroupMembership.objects.create(group=copy, unit=found.unit, role=role)
        placed[found.unit.pk] = new
        reviews.append(
            MembershipReview(group=copy, membership=new, previous_unit=membership.unit, changes=changes, checks=checks)
        )
    MembershipReview.objects.bulk_create(reviews)
    record(
        actor=actor,
        action="group.copy",
        summary=(
            f"Tạo {noun.lower()} “{group.name}” năm {year} từ năm {group.year}: "
            f"{len(placed)} thành viên, {len(reviews)} mục cần rà soát"
        ),
        target=copy,
        after={"copied_from": group.pk, "members": len(placed), "reviews": len(reviews)},
    )
    return copy


@transaction.atomic
def clear_membership_reviews(*, actor, group: EmulationGroup, review_ids=None) -> int:
    """Mark last year's members as looked at in this year's list: the given ones, or all."""
    EmulationGroup.objects.select_for_update().get(pk=group.pk)
    reviews = MembershipReview.objects.filter(group=group, cleared_at__isnull=True)
    if review_ids is not None:
        ids = {int(pk) for pk in review_ids}
        if not ids:
            raise ValidationError("Hãy chọn thành viên đã rà soát.")
        reviews = reviews.filter(pk__in=ids)
    names = list(reviews.values_list("previous_unit__name", flat=True))
    if not names:
        raise ValidationError("Không còn thành viên nào cần rà soát trong những mục đã chọn.")
    person = actor if actor is not None and actor.is_authenticated else None
    reviews.update(cleared_at=timezone.now(), cleared_by=person)
    shown = "; ".join(names[:3]) + ("…" if len(names) > 3 else "")
    record(
        actor=actor,
        action="group.review",
        summary=f"Đã rà soát {len(names)} thành viên {group}: {shown}",
        target=group,
        after={"cleared": names},
    )
    return len(names)
