"""Pages that do not care how much exists: the same queries for N rows and for 3N (issue 18)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import ProvinceFactory, UnitFactory, UserFactory, issued_plan_with_tasks
from units.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def province():
    return ProvinceFactory(name="Ủy ban nhân dân tỉnh Bắc Ninh")


def add_tasks(province, count, start=0):
    return issued_plan_with_tasks(
        [
            {"content": f"Việc số {start + n}", "timing": "Quý II", "leads": "Sở Nội vụ", "coordinates": "Sở Y tế"}
            for n in range(count)
        ],
        province=province,
    )


def queries(client, url, params=None):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(captured), response


def test_the_unit_task_page_costs_the_same_for_n_and_3n_tasks(client, province):
    unit = UnitFactory(name="Sở Nội vụ", parent=province)
    UnitFactory(name="Sở Y tế", parent=province)
    client.force_login(UserFactory(role=Role.UNIT_OFFICER, unit=unit))
    url = reverse("tasks:unit_tasks")
    add_tasks(province, 60)
    few, response = queries(client, url)
    assert len(response.context["rows"]) == 50 and "Trang 1/2" in response.content.decode()
    few_second, response = queries(client, url, {"trang": 2})
    assert len(response.context["rows"]) == 10
    add_tasks(province, 120, start=60)
    many, response = queries(client, url)
    assert len(response.context["rows"]) == 50 and "Trang 1/4" in response.content.decode()
    many_second, response = queries(client, url, {"trang": 2})
    assert [row.task.content for row in response.context["rows"]][:1] == ["Việc số 50"]
    assert (many, many_second) == (few, few_second)
    searched, response = queries(client, url, {"q": "viec so 17"})
    assert sorted(row.task.content for row in response.context["rows"]) == sorted(
        ["Việc số 17", "Việc số 117"] + [f"Việc số {n}" for n in range(170, 180)]
    )
    assert searched == few


def test_the_plan_page_costs_the_same_for_n_and_3n_tasks(client, province):
    UnitFactory(name="Sở Nội vụ", parent=province)
    editor = UserFactory(role=Role.PLAN_EDITOR, unit=UnitFactory(name="Ban Thi đua - Khen thưởng", parent=province))
    client.force_login(editor)
    plan, _ = add_tasks(province, 20)
    few, response = queries(client, plan.get_absolute_url())
    assert response.content.decode().count("Việc số ") == 20
    appendix = plan.appendices.get()
    from tasks.services import add_task

    plan.status = "draft"
    plan.save()
    for n in range(20, 60):
        add_task(actor=None, appendix=appendix, data={"content": f"Việc số {n}", "unit_cells": {"leads": "Sở Nội vụ"}})
    plan.status = "issued"
    plan.save()
    many, response = queries(client, plan.get_absolute_url())
    assert response.content.decode().count("Việc số ") == 60
    assert many == few
