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
