import pytest
from rest_framework.test import APIClient

from api.services import create_token
from tests.factories import ProvinceFactory, UnitFactory, UserFactory, issued_plan_with_tasks
from units.models import Role


@pytest.fixture
def world(db):
    """Two provinces; in A a plan with a task led by Sở Nội vụ (Sở Tài chính coordinates) and one
    led by Sở Y tế; in B a plan with a task led by B's Sở Nội vụ."""
    a = ProvinceFactory(name="Ủy ban nhân dân tỉnh Hưng Yên")
    b = ProvinceFactory(name="Ủy ban nhân dân tỉnh Nam Định")
    units = {
        "a": a,
        "b": b,
        "lead": UnitFactory(name="Sở Nội vụ", parent=a),
        "partner": UnitFactory(name="Sở Tài chính", parent=a),
        "health": UnitFactory(name="Sở Y tế", parent=a),
        "b_home": UnitFactory(name="Sở Nội vụ", parent=b),
    }
    plan, (task, other) = issued_plan_with_tasks(
        [
            {
                "content": "Tổ chức hội nghị sơ kết",
                "timing": "15/07/2025",
                "leads": "Sở Nội vụ",
                "coordinates": "Sở Tài chính",
            },
            {"content": "Kiểm tra y tế trường học", "timing": "Quý IV", "leads": "Sở Y tế"},
        ],
        province=a,
    )
    b_plan, (b_task,) = issued_plan_with_tasks(
        [{"content": "Nhiệm vụ của tỉnh B", "timing": "30/09/2025", "leads": "Sở Nội vụ"}], province=b
    )
    people = {
        "officer": UserFactory(role=Role.UNIT_OFFICER, unit=units["lead"], full_name="Lê Thu Trang"),
        "partner": UserFactory(role=Role.UNIT_OFFICER, unit=units["partner"]),
        "health": UserFactory(role=Role.UNIT_OFFICER, unit=units["health"]),
        "editor": UserFactory(role=Role.PLAN_EDITOR, unit=units["lead"]),
        "b_editor": UserFactory(role=Role.PLAN_EDITOR, unit=units["b_home"]),
    }
    return {
        "units": units,
        "people": people,
        "plan": plan,
        "task": task,
        "other": other,
        "b_plan": b_plan,
        "b_task": b_task,
    }


def client_for(user, scope="write"):
    _, key = create_token(actor=user, name="Hệ thống văn bản", scope=scope)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client
