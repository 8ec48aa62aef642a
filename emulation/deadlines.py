"""The cluster year's own deadlines, for the reminder sweep (settings.REMINDER_DEADLINE_SOURCES):
members that have not signed the covenant by its signing date, and members that have not
scored themselves by the scoring date. Each stops being reminded once it is done."""

from django.urls import reverse

from tasks.reminders import Deadline

from .models import Covenant, CriteriaTable, Score


def open_deadlines(*, until):
    """Open deadlines falling on or before `until` (overdue ones included)."""
    yield from _covenant_signatures(until)
    yield from _self_scoring(until)


def _covenant_signatures(until):
    covenants = (
        Covenant.objects.filter(signing_due__lte=until)
        .select_related("group")
        .prefetch_related("group__memberships", "signatures")
    )
    for covenant in covenants:
        group = covenant.group
        signed = {s.unit_id for s in covenant.signatures.all()}
        for membership in group.memberships.all():
            if membership.unit_id in signed:
                continue
            yield Deadline(
                subject=f"giao-uoc:{covenant.pk}",
                unit_id=membership.unit_id,
                due_on=covenant.signing_due,
                label=f"[{group.name}] Ký giao ước thi đua năm {group.year}",
                link=reverse("emulation:overview", args=[group.pk]),
            )


def _self_scoring(until):
    tables = CriteriaTable.objects.filter(scoring_due__lte=until, published_at__isnull=True).select_related("group")
    scored = set(
        Score.objects.filter(criterion__section__table__in=tables, self_points__isnull=False)
        .values_list("criterion__section__table_id", "unit_id")
        .distinct()
    )
    for table in tables.prefetch_related("group__memberships"):
        group = table.group
        for membership in group.memberships.all():
            if (table.pk, membership.unit_id) in scored:
                continue
            yield Deadline(
                subject=f"tu-cham-diem:{table.pk}",
                unit_id=membership.unit_id,
                due_on=table.scoring_due,
                label=f"[{group.name}] Tự chấm điểm thi đua năm {group.year}, kèm tài liệu kiểm chứng",
                link=reverse("emulation:scoring", args=[group.pk]),
            )
