"""The plan workflow as declared (plans.services.PLAN_WORKFLOW), through the service the views call."""

import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connections

from activity.models import ActivityLog
from plans import services
from plans.models import Plan, PlanStatus
from plans.signals import plan_issued
from tests.concurrently import wait_until_one_waits_for_a_lock
from tests.factories import PlanFactory, UnitFactory, UserFactory
from units.models import Role

pytestmark = pytest.mark.django_db


def test_the_service_refuses_someone_who_may_not_issue_the_plan():
    """The view asked the permission before; now the service asks too, so no caller can skip it."""
    plan = PlanFactory()
    officer = UserFactory(role=Role.UNIT_OFFICER, unit=UnitFactory())
    with pytest.raises(PermissionDenied) as error:
        services.apply_transition(actor=officer, plan=plan, name="issue")
    assert str(error.value) == "Bạn không có quyền “ban hành kế hoạch”."
    plan.refresh_from_db()
    assert (plan.status, plan.version) == (PlanStatus.DRAFT, 1)
    assert ActivityLog.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_two_editors_issuing_at_once_issue_it_once_and_the_second_is_told_it_just_changed():
    """The first issue is held open inside its transaction (by a plan_issued receiver) until the
    second is queued on the plan's row lock."""
    pk = PlanFactory().pk
    first_inside, release = threading.Event(), threading.Event()

    def hold(sender, plan, **kwargs):
        first_inside.set()
        assert release.wait(10)

    outcomes = {}

    def issue(who):
        try:
            services.apply_transition(actor=UserFactory(), plan=Plan.objects.get(pk=pk), name="issue")
            outcomes[who] = "issued"
        except ValidationError as error:
            outcomes[who] = error.messages
        finally:
            connections.close_all()

    plan_issued.connect(hold, dispatch_uid="test-hold-the-issue")
    try:
        first = threading.Thread(target=issue, args=("first",))
        first.start()
        assert first_inside.wait(10)
        plan_issued.disconnect(dispatch_uid="test-hold-the-issue")
        second = threading.Thread(target=issue, args=("second",))
        second.start()
        wait_until_one_waits_for_a_lock("the second editor's issue")
        release.set()
        first.join(10)
        second.join(10)
    finally:
        plan_issued.disconnect(dispatch_uid="test-hold-the-issue")
        release.set()

    assert outcomes == {
        "first": "issued",
        "second": [
            "Kế hoạch vừa được người khác chuyển sang trạng thái “Đã ban hành” nên không thể “ban hành kế hoạch” "
            "nữa. Hãy tải lại trang để xem trạng thái mới."
        ],
    }
    plan = Plan.objects.get()
    assert (plan.status, plan.version) == (PlanStatus.ISSUED, 2)
    assert ActivityLog.objects.filter(action="plan.issue").count() == 1
