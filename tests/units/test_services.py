import pytest
from django.core.exceptions import ValidationError

from tasks.services import add_task
from tests.factories import AppendixFactory, ProvinceFactory, UnitFactory
from units.models import Unit
from units.services import delete_unit

pytestmark = pytest.mark.django_db


def test_unit_that_tasks_point_to_cannot_be_deleted():
    province = ProvinceFactory()
    unit = UnitFactory(name="Sở Nội vụ", parent=province)
    appendix = AppendixFactory(plan__issuing_unit=province)
    add_task(actor=None, appendix=appendix, data={"content": "Việc 1", "unit_cells": {"leads": "Sở Nội vụ"}})
    add_task(actor=None, appendix=appendix, data={"content": "Việc 2", "unit_cells": {"coordinates": "Sở Nội vụ"}})
    with pytest.raises(ValidationError) as error:
        delete_unit(actor=None, unit=unit)
    assert error.value.messages == [
        "Không xoá được “Sở Nội vụ” vì đơn vị đang gắn với 2 nhiệm vụ. Nếu đơn vị đã sáp nhập hoặc đổi tên, "
        "hãy ghi ngày thôi hoạt động và đơn vị kế thừa thay vì xoá."
    ]
    assert Unit.objects.filter(pk=unit.pk).exists()


def test_unused_unit_is_deleted():
    unit = UnitFactory(parent=ProvinceFactory())
    delete_unit(actor=None, unit=unit)
    assert not Unit.objects.filter(pk=unit.pk).exists()


def test_tree_root_and_search_name():
    province = ProvinceFactory(name="Ủy ban nhân dân tỉnh Bắc Ninh")
    office = UnitFactory(name="Sở Nội vụ", parent=province)
    board = UnitFactory(name="Ban Thi đua - Khen thưởng", parent=office)
    assert (province.tree_root_id, office.tree_root_id, board.tree_root_id) == (province.pk,) * 3
    assert board.search_name == "ban thi dua - khen thuong"
    assert list(Unit.objects.search("so noi VU")) == [office]
    assert list(Unit.objects.search("BAN THI DUA")) == [board]


@pytest.mark.parametrize(
    "name,place",
    [
        ("Ủy ban nhân dân tỉnh Hưng Yên", ("tỉnh", "Hưng Yên")),
        ("Uỷ ban nhân dân thành phố Từ Sơn", ("thành phố", "Từ Sơn")),
        ("UBND huyện Văn Lâm", ("huyện", "Văn Lâm")),
        ("Ủy ban nhân dân xã Đông Kết", ("xã", "Đông Kết")),
        ("Ủy ban nhân dân đặc khu Cô Tô", ("đặc khu", "Cô Tô")),  # a level since 01/07/2025
        ("Văn phòng Ủy ban nhân dân tỉnh", None),
    ],
)
def test_committee_place(name, place):
    from units.models import UnitKind

    kind = UnitKind.PEOPLES_COMMITTEE if name != "Văn phòng Ủy ban nhân dân tỉnh" else UnitKind.DEPARTMENT
    assert Unit(name=name, kind=kind).committee_place == place


def test_a_unit_becoming_a_committee_takes_its_offices_along():
    from units.models import UnitKind

    province = ProvinceFactory()
    town = UnitFactory(name="Thị trấn Như Quỳnh", kind=UnitKind.OTHER, parent=province)
    office = UnitFactory(name="Văn phòng thị trấn", parent=town)
    assert office.local_government == province
    town = Unit.objects.get(pk=town.pk)
    town.kind = UnitKind.PEOPLES_COMMITTEE
    town.save()
    office.refresh_from_db()
    assert office.local_government == town


def test_a_unit_loaded_with_only_some_fields_loads_and_still_moves_its_offices(django_assert_num_queries):
    from units.models import UnitKind

    province = ProvinceFactory()
    town = UnitFactory(name="Thị trấn Như Quỳnh", kind=UnitKind.OTHER, parent=province)
    office = UnitFactory(name="Văn phòng thị trấn", parent=town)
    with django_assert_num_queries(1):
        names = [unit.name for unit in Unit.objects.only("name").filter(pk__in=[town.pk, office.pk])]
    assert sorted(names) == ["Thị trấn Như Quỳnh", "Văn phòng thị trấn"]
    town = Unit.objects.only("name").get(pk=town.pk)
    town.kind = UnitKind.PEOPLES_COMMITTEE
    town.save()
    office.refresh_from_db()
    assert office.local_government == town
