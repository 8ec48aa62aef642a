"""Quản trị → Đơn vị → "Nạp danh mục đơn vị của tỉnh": load_units with a province picker."""

import pytest
from django.urls import reverse

from activity.models import ActivityLog
from tests.factories import UserFactory
from units.models import Role, Unit, UnitAlias

pytestmark = pytest.mark.django_db

PAGE = "/quan-tri/units/unit/nap-tinh/"


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(role=Role.ADMIN, is_staff=True, is_superuser=True))
    return client


def test_the_unit_list_links_to_the_page_and_the_page_offers_the_34_provinces(admin_client):
    assert reverse("admin:units_unit_load_province") == PAGE
    changelist = admin_client.get("/quan-tri/units/unit/").content.decode()
    assert f'<a href="{PAGE}">Nạp danh mục đơn vị của tỉnh</a>' in changelist
    page = admin_client.get(PAGE)
    options = page.context["form"].fields["province"].choices
    assert len(options) == 35 and options[0] == ("", "— Chọn tỉnh, thành phố —")
    assert ("12", "Tỉnh Lai Châu (12)") in options and ("01", "Thành phố Hà Nội (01)") in options
    assert "<h1>Nạp danh mục đơn vị của tỉnh</h1>" in page.content.decode()


def test_loading_a_province_from_the_admin_reports_what_it_did_and_shows_its_tree(admin_client):
    response = admin_client.post(PAGE, {"province": "12"}, follow=True)
    root = Unit.objects.get(name="Ủy ban nhân dân tỉnh Lai Châu", parent=None)
    assert response.redirect_chain == [(f"/quan-tri/units/unit/?tree_root__id__exact={root.pk}", 302)]
    messages = [str(m) for m in response.context["messages"]]
    assert messages[0] == "Tỉnh Lai Châu (mã 12): 38 xã, phường, đặc khu (2 phường, 36 xã)."
    assert messages[-1] == (
        f"Kết quả: {Unit.objects.count()} đơn vị mới, 0 đơn vị cập nhật, {UnitAlias.objects.count()} tên gọi khác mới."
    )
    log = ActivityLog.objects.get()
    assert (log.actor, log.action, log.target_id) == (response.wsgi_request.user, "unit.load_province", root.pk)
    again = admin_client.post(PAGE, {"province": "12"}, follow=True)
    assert [str(m) for m in again.context["messages"]][
        -1
    ] == "Kết quả: 0 đơn vị mới, 0 đơn vị cập nhật, 0 tên gọi khác mới."
    assert ActivityLog.objects.count() == 1


def test_no_province_chosen_is_refused_with_the_form_again(admin_client):
    response = admin_client.post(PAGE, {"province": ""})
    assert response.status_code == 200
    assert response.context["form"].errors == {"province": ["Trường này là bắt buộc."]}
    assert not Unit.objects.exists()


def test_staff_who_are_not_admins_may_not_load(client):
    client.force_login(UserFactory(role=Role.PLAN_EDITOR, is_staff=True))
    assert client.post(PAGE, {"province": "12"}).status_code == 403
    assert not Unit.objects.exists()


def test_the_page_is_behind_the_admin_login(client):
    response = client.get(PAGE)
    assert (response.status_code, response.url.split("?")[0]) == (302, "/quan-tri/login/")
