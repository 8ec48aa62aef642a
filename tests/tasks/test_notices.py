import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from notifications.models import Notification
from plans.services import apply_transition
from plans.signals import plan_issued
from tasks.services import add_task
from tests.factories import AppendixFactory, ProvinceFactory, UnitFactory, UserFactory
from units.models import Role

pytestmark = pytest.mark.django_db


def draft_with_tasks(province, rows, number="196"):
    appendix = AppendixFactory(
        plan__issuing_unit=province, plan__status="draft", plan__number=number, plan__title="Công tác TĐKT năm 2025"
    )
    for number, cells in enumerate(rows, start=1):
        add_task(
            actor=None,
            appendix=appendix,
            data={"number": str(number), "content": f"Việc {number}", "unit_cells": cells},
        )
    return appendix.plan


def notices():
    return sorted((n.user.username, n.title, n.body, n.url) for n in Notification.objects.select_related("user"))


def test_issuing_a_plan_tells_each_assigned_units_officers_what_it_has_to_do():
    province = ProvinceFactory()
    home, finance, health = (UnitFactory(name=n, parent=province) for n in ("Sở Nội vụ", "Sở Tài chính", "Sở Y tế"))
    for username, unit in (("noivu1", home), ("noivu2", home), ("taichinh", finance)):
        UserFactory(username=username, role=Role.UNIT_OFFICER, unit=unit)
    UserFactory(username="nghihuu", role=Role.UNIT_OFFICER, unit=home, is_active=False)
    UserFactory(username="bientap", role=Role.PLAN_EDITOR, unit=home)  # edits plans; no unit task list
    plan = draft_with_tasks(
        province,
        [
            {"leads": "Sở Nội vụ", "coordinates": "Sở Tài chính"},
            {"leads": "Sở Nội vụ; Sở Y tế"},
            {"coordinates": "Sở Nội vụ", "leads": "Ban Chưa Có Trong Danh Mục"},
        ],
    )
    assert Notification.objects.count() == 0  # a draft tells no one

    apply_transition(actor=None, plan=plan, name="issue")

    url = f"/nhiem-vu-cua-don-vi/?plan={plan.pk}"
    home_body = "Công tác TĐKT năm 2025\nChủ trì: 2 nhiệm vụ\nPhối hợp: 1 nhiệm vụ\n" + (
        "Xem và báo cáo tiến độ tại mục “Nhiệm vụ của đơn vị”."
    )
    assert notices() == [
        ("noivu1", f"Kế hoạch 196/{plan.symbol} đã ban hành: đơn vị có 3 nhiệm vụ", home_body, url),
        ("noivu2", f"Kế hoạch 196/{plan.symbol} đã ban hành: đơn vị có 3 nhiệm vụ", home_body, url),
        (
            "taichinh",
            f"Kế hoạch 196/{plan.symbol} đã ban hành: đơn vị có 1 nhiệm vụ",
            "Công tác TĐKT năm 2025\nPhối hợp: 1 nhiệm vụ\nXem và báo cáo tiến độ tại mục “Nhiệm vụ của đơn vị”.",
            url,
        ),
    ]


def test_the_notices_cost_the_same_queries_for_one_unit_or_many():
    province = ProvinceFactory()
    units = [UnitFactory(name=f"Sở {i}", parent=province) for i in range(6)]
    for unit in units:
        UserFactory(role=Role.UNIT_OFFICER, unit=unit)
    few = draft_with_tasks(province, [{"leads": "Sở 0"}], number="1")
    many = draft_with_tasks(province, [{"leads": f"Sở {i}", "coordinates": "Sở 0"} for i in range(6)], number="2")
    queries = []
    for plan in (few, many):
        with CaptureQueriesContext(connection) as captured:
            apply_transition(actor=None, plan=plan, name="issue")
        queries.append(len(captured))
    assert queries[0] == queries[1]
    assert [Notification.objects.filter(url__endswith=f"?plan={p.pk}").count() for p in (few, many)] == [1, 6]


def test_the_notices_are_written_in_the_issuing_transaction():
    """tasks writes them from plans' plan_issued signal: a later receiver stopping the issue takes
    the notices back with it."""
    province = ProvinceFactory()
    UserFactory(username="noivu1", role=Role.UNIT_OFFICER, unit=UnitFactory(name="Sở Nội vụ", parent=province))
    plan = draft_with_tasks(province, [{"leads": "Sở Nội vụ"}])

    def refuse(sender, plan, **kwargs):
        assert Notification.objects.count() == 1  # tasks' receiver ran first, in this transaction
        raise ValidationError("Chưa được ban hành.")

    plan_issued.connect(refuse, dispatch_uid="test-refuse-issue")
    try:
        with pytest.raises(ValidationError):
            apply_transition(actor=None, plan=plan, name="issue")
    finally:
        plan_issued.disconnect(dispatch_uid="test-refuse-issue")
    plan.refresh_from_db()
    assert (plan.status, Notification.objects.count()) == ("draft", 0)
