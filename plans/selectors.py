import datetime

from django.db.models import Count, Q

from units.models import Unit, UnitKind
from units.rules import is_admin, is_plan_editor

from .models import Plan, ReviewMark
from .succession import unit_on


def visible_plans(user):
    """Plans a user may open: editors see their province's drafts too; everyone else issued plans."""
    plans = Plan.objects.select_related("issuing_unit").annotate(task_count=Count("appendices__tasks"))
    if is_admin(user) or (is_plan_editor(user) and user.unit_id is None):
        return plans
    if is_plan_editor(user):
        return plans.filter(Q(issuing_unit__local_government_id=user.unit.local_government_id) | Q(status="issued"))
    return plans.filter(status="issued")


def managed_plans(user):
    """Plans the user manages (`plans.rules.manages_plan`): an admin all, an editor their
    administration's (all when they have no unit), anyone else none."""
    if is_admin(user) or (is_plan_editor(user) and user.unit_id is None):
        return Plan.objects.all()
    if is_plan_editor(user):
        return Plan.objects.filter(issuing_unit__local_government_id=user.unit.local_government_id)
    return Plan.objects.none()


def issuing_units_for(user):
    """Bodies an editor may write plans for: the people's committees and councils of their tree."""
    issuers = Unit.objects.filter(kind__in=[UnitKind.PEOPLES_COMMITTEE, UnitKind.COUNCIL])
    if user.unit_id and not is_admin(user):
        issuers = issuers.filter(local_government_id=user.unit.local_government_id)
    return issuers


def new_plan_defaults(user, today) -> dict:
    """What a new plan form starts with: the editor's own UBND, its printed name, next year's plan
    from October on (plans are written at the end of the year before)."""
    issuer = issuing_units_for(user).filter(kind=UnitKind.PEOPLES_COMMITTEE).order_by("level", "name").first()
    defaults = {
        "year": today.year + 1 if today.month >= 10 else today.year,
        "dated_month": today.month,
        "dated_year": today.year,
    }
    if issuer is None:
        return defaults
    return {**defaults, "issuing_unit": issuer.pk, **issuer_header(issuer)}


def issuer_header(issuer: Unit) -> dict:
    """The printed name ("ỦY BAN NHÂN DÂN / TỈNH HƯNG YÊN") and place of a plan's issuer."""
    place = issuer.committee_place
    if place is None:
        return {"issuing_body_line": issuer.name.upper()}
    level, place_name = place
    return {"issuing_body_line": f"ỦY BAN NHÂN DÂN\n{level.upper()} {place_name.upper()}", "place": place_name}


def copy_defaults(user, source: Plan, issuers) -> dict:
    """The "Tạo kế hoạch năm sau" form's start: the year after the source, and the source's
    issuer (or its successor) when the user may write for it, else their own UBND."""
    year = source.year + 1
    found = unit_on(source.issuing_unit, datetime.date(year, 1, 1)).unit
    issuer = found if found is not None and issuers.filter(pk=found.pk).exists() else None
    if issuer is None:
        issuer = issuers.filter(kind=UnitKind.PEOPLES_COMMITTEE).order_by("level", "name").first()
    return {"year": year, "issuing_unit": issuer.pk if issuer else None}


def review_of(plan: Plan) -> dict:
    """The plan page's "Cần rà soát" panel: open marks in order, and how many were cleared."""
    marks = list(ReviewMark.objects.filter(plan=plan).order_by("position", "id"))
    open_marks = [m for m in marks if m.is_open]
    return {
        "open": open_marks,
        "cleared": len(marks) - len(open_marks),
        "total": len(marks),
        "flagged": sum(1 for m in open_marks if m.checks),
    }
