"""The plan workflow, declared once: views, templates and services all read this table."""

from dataclasses import dataclass

from .models import PlanStatus


@dataclass(frozen=True)
class Transition:
    name: str
    source: str
    target: str
    label: str  # button text
    done_message: str  # flash message after success
    permission: str  # rules permission checked against (user, plan)
    needs_reason: bool = False
    css: str = "primary"


PLAN_TRANSITIONS = {
    t.name: t
    for t in [
        Transition(
            name="issue",
            source=PlanStatus.DRAFT,
            target=PlanStatus.ISSUED,
            label="Ban hành kế hoạch",
            done_message="Đã ban hành kế hoạch.",
            permission="plans.issue_plan",
        ),
        Transition(
            name="reopen",
            source=PlanStatus.ISSUED,
            target=PlanStatus.DRAFT,
            label="Mở lại để chỉnh sửa",
            done_message="Đã mở lại kế hoạch để chỉnh sửa.",
            permission="plans.reopen_plan",
            needs_reason=True,
            css="secondary",
        ),
    ]
}


def transitions_from(status: str) -> list[Transition]:
    return [t for t in PLAN_TRANSITIONS.values() if t.source == status]
