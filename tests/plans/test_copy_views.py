"""The pages of "Tạo kế hoạch năm sau" and "Đã rà soát" (plans.views.plan_copy, plan_review)."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from plans.models import Plan, PlanStatus, ReviewMark
from tasks.services import add_task
from tests.factories import AppendixFactory, ProvinceFactory, UnitFactory, UserFactory
from units.models import Role, UnitKind, UnitLevel

pytestmark = pytest.mark.django_db


@pytest.fixture
def province():
    province = ProvinceFactory(name="Ủy ban nhân dân tỉnh Hưng Yên")
    UnitFactory(name="Sở Nội vụ", parent=province)
    return province


@pytest.fixture
def issued(province):
    appendix = AppendixFactory(plan__issuing_unit=province, plan__number="196", plan__status=PlanStatus.DRAFT)
    add_task(
        actor=None,
        appendix=appendix,
        data={"number": "1", "content": "Tổng kết năm 2025", "unit_cells": {"leads": "Sở Nội vụ"}},
    )
    Plan.objects.filter(pk=appendix.plan_id).update(status=PlanStatus.ISSUED)
    return Plan.objects.get(pk=appendix.plan_id)


def editor_of(province):
    return UserFactory(role=Role.PLAN_EDITOR, unit=province.children.get(name="Sở Nội vụ"))


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def flashed(client, url, data):
    """POST, follow the redirect, and give back what the next page flashed."""
    response = client.post(url, data, follow=True)
    return [str(m) for m in response.context["messages"]]


def test_editor_makes_next_years_draft_and_sees_what_to_review(client, province, issued):
    client.force_login(editor_of(province))
    page = client.get(reverse("plans:detail", args=[issued.pk]))
    assert reverse("plans:copy", args=[issued.pk]) in page.content.decode()
    form = client.get(reverse("plans:copy", args=[issued.pk]))
    assert form.status_code == 200
    assert form.context["form"].initial == {"year": 2026, "issuing_unit": province.pk}

    response = client.post(reverse("plans:copy", args=[issued.pk]), {"year": "2026", "issuing_unit": province.pk})
    draft = Plan.objects.get(copied_from=issued)
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:detail", args=[draft.pk])
    assert messages_of(response) == [
        "Đã tạo dự thảo kế hoạch năm 2026. Hãy rà soát từng mục được đánh dấu “Cần rà soát” trước khi ban hành."
    ]
    page = client.get(response["Location"]).content.decode()
    assert "Sao chép từ Kế hoạch" in page
    assert "3 / 3 mục" in page  # the plan, its appendix, its task
    assert "Tổng kết năm 2026" in page
    assert page.count('class="badge badge-review" href="#ra-soat"') == 1  # the task row

    # A second try is refused with the existing draft named, and writes nothing.
    again = client.post(reverse("plans:copy", args=[issued.pk]), {"year": "2026", "issuing_unit": province.pk})
    assert again.status_code == 200
    assert f"(dự thảo, mã {draft.pk})" in again.content.decode()
    assert Plan.objects.count() == 2


def test_review_buttons_clear_one_row_then_all_and_then_the_plan_can_be_issued(client, province, issued):
    editor = editor_of(province)
    client.force_login(editor)
    client.post(reverse("plans:copy", args=[issued.pk]), {"year": "2026", "issuing_unit": province.pk}, follow=True)
    draft = Plan.objects.get(copied_from=issued)
    Plan.objects.filter(pk=draft.pk).update(number="5", issued_on=datetime.date(2025, 12, 30))
    url = reverse("plans:review", args=[draft.pk])

    refused = flashed(client, reverse("plans:transition", args=[draft.pk, "issue"]), {})
    assert refused == ["Chưa ban hành được: còn 3 mục sao chép từ kế hoạch năm trước cần rà soát."]
    first = ReviewMark.objects.filter(plan=draft).first()
    response = client.post(url, {"mark": first.pk})
    assert response["Location"] == f"{draft.get_absolute_url()}#ra-soat"
    assert messages_of(response) == ["Đã đánh dấu 1 mục là đã rà soát."]
    client.get(response["Location"])
    assert flashed(client, url, {}) == ["Hãy chọn mục đã rà soát."]
    assert flashed(client, url, {"all": "1"}) == ["Đã đánh dấu 2 mục là đã rà soát."]
    assert not ReviewMark.objects.filter(plan=draft, cleared_at__isnull=True).exists()
    assert "Cả 3 mục sao chép đã được rà soát." in client.get(draft.get_absolute_url()).content.decode()
    client.post(reverse("plans:transition", args=[draft.pk, "issue"]))
    draft.refresh_from_db()
    assert draft.status == PlanStatus.ISSUED


def test_an_editor_of_a_commune_copies_the_provinces_issued_plan_for_the_commune_only(client, province, issued):
    commune = UnitFactory(
        name="Ủy ban nhân dân xã Khoái Châu",
        kind=UnitKind.PEOPLES_COMMITTEE,
        level=UnitLevel.COMMUNE,
        parent=province,
        active_from=datetime.date(2025, 7, 1),
    )
    office = UnitFactory(name="Văn phòng HĐND và UBND xã Khoái Châu", parent=commune, level=UnitLevel.COMMUNE)
    client.force_login(UserFactory(role=Role.PLAN_EDITOR, unit=office))
    form = client.get(reverse("plans:copy", args=[issued.pk]))
    assert form.context["form"].initial == {"year": 2026, "issuing_unit": commune.pk}
    refused = client.post(reverse("plans:copy", args=[issued.pk]), {"year": "2026", "issuing_unit": province.pk})
    assert refused.context["form"].errors == {"issuing_unit": ["Chỉ chọn được cơ quan mà bạn được soạn kế hoạch."]}
    client.post(reverse("plans:copy", args=[issued.pk]), {"year": "2026", "issuing_unit": commune.pk})
    assert Plan.objects.get(copied_from=issued).issuing_unit == commune


def test_officers_and_other_provinces_editors_cannot_copy_a_draft(client, province, issued):
    Plan.objects.filter(pk=issued.pk).update(status=PlanStatus.DRAFT)
    other = ProvinceFactory()
    UnitFactory(name="Sở Nội vụ", parent=other)
    for user in (
        UserFactory(role=Role.UNIT_OFFICER, unit=province.children.get(name="Sở Nội vụ")),
        editor_of(other),
    ):
        client.force_login(user)
        assert client.get(reverse("plans:copy", args=[issued.pk])).status_code in (403, 404)
        assert client.post(reverse("plans:copy", args=[issued.pk]), {"year": "2026"}).status_code in (403, 404)
    assert Plan.objects.count() == 1
