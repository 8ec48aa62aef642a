import pytest

from plans.models import PlanStatus
from tasks.services import add_task
from tests.factories import AppendixFactory, ProvinceFactory, UnitFactory, UserFactory
from units.models import Role
from units.permissions import allowed

pytestmark = pytest.mark.django_db


def test_who_may_see_a_task():
    province = ProvinceFactory()
    lead, coordinator, bystander = (UnitFactory(name=n, parent=province) for n in ("Sở A", "Sở B", "Sở C"))
    appendix = AppendixFactory(plan__issuing_unit=province)
    task = add_task(
        actor=None, appendix=appendix, data={"content": "Việc", "unit_cells": {"leads": "Sở A", "coordinates": "Sở B"}}
    )
    officers = {unit.name: UserFactory(role=Role.UNIT_OFFICER, unit=unit) for unit in (lead, coordinator, bystander)}
    editor = UserFactory(role=Role.PLAN_EDITOR, unit=lead)
    outsider_editor = UserFactory(role=Role.PLAN_EDITOR, unit=UnitFactory(parent=ProvinceFactory()))

    def who_sees():
        return {
            name
            for name, user in {**officers, "editor": editor, "outsider": outsider_editor}.items()
            if allowed(user, "tasks.view_task", task)
        }

    assert who_sees() == {"editor"}  # a draft is the editors' business
    appendix.plan.status = PlanStatus.ISSUED
    appendix.plan.save()
    task.refresh_from_db()
    assert who_sees() == {"editor", "Sở A", "Sở B"}
