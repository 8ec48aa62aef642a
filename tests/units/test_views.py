import pytest
from django.urls import reverse

from tasks.services import add_task
from tests.factories import AppendixFactory, ProvinceFactory, UnitFactory, UserFactory
from units.models import Role, Unit

pytestmark = pytest.mark.django_db


def test_unit_search_ignores_diacritics_and_stays_in_the_tree(client):
    hung_yen, bac_ninh = ProvinceFactory(name="Ủy ban nhân dân tỉnh Hưng Yên"), ProvinceFactory()
    wanted = UnitFactory(name="Sở Nội vụ", parent=hung_yen)
    UnitFactory(name="Sở Nội vụ", parent=bac_ninh)
    client.force_login(UserFactory())
    response = client.get(reverse("units:search"), {"q": "so noi VU", "tree": hung_yen.pk})
    assert list(response.context["units"]) == [wanted]
    assert 'data-unit-name="Sở Nội vụ"' in response.content.decode()


def test_unit_search_ranks_best_match_first_and_reads_the_plans_short_forms(client, django_assert_max_num_queries):
    import datetime

    province = ProvinceFactory(name="Ủy ban nhân dân tỉnh Ninh Bình")
    UnitFactory(name="Phòng Giáo dục và Đào tạo", parent=province, active_to=datetime.date(2025, 6, 30))
    departments = [
        UnitFactory(name=name, parent=province) for name in ("Trường Giáo dục Thường xuyên", "Sở Giáo dục và Đào tạo")
    ]
    commune = UnitFactory(name="Ủy ban nhân dân xã Gia Viễn", kind="ubnd", level="xa", parent=province)
    office = UnitFactory(name="Văn phòng HĐND và UBND xã Gia Viễn", parent=commune)
    client.force_login(UserFactory())

    def found(**params):
        with django_assert_max_num_queries(8):
            response = client.get(reverse("units:search"), {"tree": province.pk, **params})
        return [unit.name for unit in response.context["units"]]

    # "GD&ĐT" is spelled out; the exact department before a name that merely holds the words.
    assert found(q="Sở GD&ĐT") == ["Sở Giáo dục và Đào tạo"]
    assert found(q="giao duc", on="2026-01-01") == [departments[1].name, departments[0].name]
    assert found(q="giao duc") == ["Phòng Giáo dục và Đào tạo", departments[1].name, departments[0].name]
    # A commune's plan: its own office by the short form the plan writes.
    assert found(q="Văn phòng HĐND&UBND", issuer=commune.pk, on="01/01/2026")[0] == office.name
    assert found(q="zzz", issuer="abc", on="not a day") == []


def test_deleting_a_unit_in_use_shows_why_and_keeps_it(client):
    province = ProvinceFactory()
    unit = UnitFactory(name="Sở Nội vụ", parent=province)
    add_task(
        actor=None,
        appendix=AppendixFactory(plan__issuing_unit=province),
        data={"content": "Việc", "unit_cells": {"leads": "Sở Nội vụ"}},
    )
    client.force_login(UserFactory(role=Role.ADMIN))
    response = client.post(reverse("units:delete", args=[unit.pk]), follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "Không xoá được “Sở Nội vụ” vì đơn vị đang gắn với 1 nhiệm vụ. Nếu đơn vị đã sáp nhập hoặc đổi tên, "
        "hãy ghi ngày thôi hoạt động và đơn vị kế thừa thay vì xoá."
    ]
    assert Unit.objects.filter(pk=unit.pk).exists()


def test_only_admins_delete_units(client):
    unit = UnitFactory(parent=ProvinceFactory())
    client.force_login(UserFactory(role=Role.PLAN_EDITOR))
    assert client.post(reverse("units:delete", args=[unit.pk])).status_code == 403
    assert Unit.objects.filter(pk=unit.pk).exists()


def test_the_unit_list_comes_a_page_at_a_time_with_a_constant_number_of_queries(client, django_assert_max_num_queries):
    province = ProvinceFactory(name="Ủy ban nhân dân tỉnh Lai Châu")
    for number in range(1, 120):
        UnitFactory(name=f"Ủy ban nhân dân xã Số {number:03d}", parent=province)
    client.force_login(UserFactory(role=Role.ADMIN))
    with django_assert_max_num_queries(12):
        first = client.get(reverse("units:list"))
    assert len(first.context["units"]) == 50
    page = first.content.decode()
    assert "120 đơn vị." in page
    assert "Trang 1/3" in page and "trang=2" in page
    last = client.get(reverse("units:list"), {"trang": 3})
    assert [unit.name for unit in last.context["units"]][-1] == "Ủy ban nhân dân xã Số 119"
    assert len(last.context["units"]) == 20
    found = client.get(reverse("units:list"), {"q": "xa so 01"})
    assert found.context["page"].paginator.count == 10
