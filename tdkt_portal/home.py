"""“Việc của tôi”: the first page after signing in, one block per kind of work the person has.

The portal sits above every app, so this page asks each app's selectors for what is waiting:
a unit officer's tasks overdue or due this month and unread notices, a Cụm/Khối trưởng's members
that have not signed or scored, a council member's open votes and coming sessions, an editor's
drafts and the plans with overdue tasks."""

from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef
from django.shortcuts import render
from django.utils import timezone

from awards.models import BallotReceipt, SessionStatus
from awards.selectors import visible_sessions
from emulation.selectors import leader_work
from emulation.services import reminded_today
from notifications.models import Notification
from plans.selectors import visible_plans
from tasks.selectors import plans_with_overdue_tasks, task_rows, unit_tasks_due
from units.rules import is_admin, is_plan_editor, is_unit_officer

# A home page lists what needs doing now; the full lists are one click away.
SHOWN = 10


def officer_work(user, today) -> dict:
    tasks = unit_tasks_due(user.unit, today)
    rows = task_rows(tasks[:SHOWN], today)
    return {
        "task_rows": rows,
        "task_count": tasks.count() if len(rows) == SHOWN else len(rows),
        "overdue_count": sum(row.overdue for row in rows),
    }


def council_work(user) -> dict:
    sessions = visible_sessions(user).filter(council__members__user=user)
    voted = BallotReceipt.objects.filter(session=OuterRef("pk"), member__user=user)
    open_votes = sessions.filter(status=SessionStatus.VOTING).annotate(voted=Exists(voted)).order_by("meets_at")
    coming = sessions.filter(status=SessionStatus.PLANNED).order_by("meets_at")
    return {"open_votes": list(open_votes[:SHOWN]), "coming_sessions": list(coming[:SHOWN])}


def editor_work(user, today) -> dict:
    plans = visible_plans(user)
    if not is_admin(user) and user.unit_id is not None:
        plans = plans.filter(issuing_unit__local_government_id=user.unit.local_government_id)
    drafts = plans.filter(status="draft").order_by("-updated_at")
    late = plans_with_overdue_tasks(plans, today).order_by("-year", "-issued_on")
    return {"drafts": list(drafts[:SHOWN]), "late_plans": list(late[:SHOWN])}


@login_required
def home(request):
    user, today = request.user, timezone.localdate()
    context = {"today": today}
    if is_unit_officer(user):
        context["officer"] = officer_work(user, today)
    if user.unit_id is not None:
        context["groups"] = leader_work(user.unit)
        for work in context["groups"]:
            # "Nhắc đơn vị chưa chấm" right here: the same service and once-a-day rule as the group's page.
            work.reminded_today = reminded_today(work.group.criteria_table) if work.unscored else set()
    if user.council_seats.exists():
        context["council"] = council_work(user)
    if is_plan_editor(user) or is_admin(user):
        context["editor"] = editor_work(user, today)
    notices = Notification.objects.unread().filter(user=user).order_by("-created_at")
    context["notices"] = list(notices[:5])
    return render(request, "home.html", context)
