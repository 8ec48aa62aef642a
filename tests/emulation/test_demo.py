from decimal import Decimal as D

import pytest

from emulation.demo import load_emulation_demo
from emulation.models import CriteriaTable
from emulation.selectors import ranking
from tdkt_portal.demo import load_demo


@pytest.mark.django_db
def test_demo_cluster_year_is_loaded_once_and_ranks_its_scored_members():
    load_demo()
    assert load_emulation_demo() is True
    assert load_emulation_demo() is False
    table = CriteriaTable.objects.get(group__name="Khối các cơ quan tổng hợp")
    assert table.group.covenant.signatures.count() == 5
    assert [(r.unit.name, r.total, r.rank) for r in ranking(table)][:4] == [
        ("Văn phòng Ủy ban nhân dân tỉnh", D("99"), 1),
        ("Sở Tư pháp", D("95.5"), 2),
        ("Sở Tài chính", D("91"), 3),
        ("Sở Kế hoạch và Đầu tư", D("0"), 4),
    ]
