import datetime
import json
from pathlib import Path

import pytest
from django.conf import settings

from units.models import Unit, UnitAlias
from units.registry import load_registry, load_registry_file

pytestmark = pytest.mark.django_db

REGISTRY = Path(settings.BASE_DIR) / "fixtures" / "demo" / "units.json"
HUNG_YEN = "Ủy ban nhân dân tỉnh Hưng Yên"
BAC_NINH = "Ủy ban nhân dân tỉnh Bắc Ninh"


def trees():
    return json.loads(REGISTRY.read_text(encoding="utf-8"))


def unit(name, province):
    return Unit.objects.select_related("parent", "tree_root", "successor").get(name=name, tree_root__name=province)


def alias_names(unit):
    return sorted(unit.aliases.values_list("name", flat=True))


def test_loading_twice_creates_nothing_the_second_time(django_assert_num_queries):
    assert load_registry_file(REGISTRY) == 96
    counts = (Unit.objects.count(), UnitAlias.objects.count())
    assert counts == (96, 79)
    # Existing units and aliases are read once each; nothing is written (plus the savepoint pair).
    with django_assert_num_queries(4):
        assert load_registry_file(REGISTRY) == 0
    assert (Unit.objects.count(), UnitAlias.objects.count()) == counts
    assert Unit.objects.filter(tree_root__name=HUNG_YEN).count() == 50
    assert Unit.objects.filter(tree_root__name=BAC_NINH).count() == 46


def test_parents_tree_roots_and_levels():
    load_registry_file(REGISTRY)
    for province in (HUNG_YEN, BAC_NINH):
        root = Unit.objects.get(name=province, parent=None)
        assert (root.tree_root_id, root.kind, root.level, root.short_name) == (
            root.pk,
            "ubnd",
            "tinh",
            province.replace("Ủy ban nhân dân", "UBND"),
        )
        board = unit("Ban Thi đua - Khen thưởng", province)
        assert (board.parent.name, board.parent.parent, board.tree_root, board.kind) == (
            "Sở Nội vụ",
            root,
            root,
            "phong",
        )
        assert unit("Cổng Thông tin điện tử tỉnh", province).parent.name == "Văn phòng Ủy ban nhân dân tỉnh"
    office = unit("Phòng Nội vụ huyện Văn Lâm", HUNG_YEN)
    assert (office.parent.name, office.parent.parent.name, office.tree_root.name, office.level, office.kind) == (
        "Ủy ban nhân dân huyện Văn Lâm",
        HUNG_YEN,
        HUNG_YEN,
        "huyen",
        "phong",
    )
    assert unit("Trường Đại học Sư phạm Kỹ thuật Hưng Yên", HUNG_YEN).level == "trung_uong"
    assert sorted(
        Unit.objects.filter(tree_root__name=BAC_NINH, kind="ubnd", level="huyen").values_list("name", flat=True)
    ) == [
        "Ủy ban nhân dân huyện Yên Phong",
        "Ủy ban nhân dân thành phố Bắc Ninh",
        "Ủy ban nhân dân thành phố Từ Sơn",
        "Ủy ban nhân dân thị xã Quế Võ",
    ]


def test_aliases_active_periods_and_successors():
    load_registry_file(REGISTRY)
    assert alias_names(unit("Hội đồng Thi đua - Khen thưởng tỉnh", BAC_NINH)) == [
        "HĐ TĐKT tỉnh",
        "Thường trực Hội đồng Thi đua - Khen thưởng tỉnh",
        "Thường trực Hội đồng TĐKT tỉnh",
    ]
    assert alias_names(unit("Ban Thi đua - Khen thưởng", BAC_NINH)) == [
        "Ban Thi đua - Khen thưởng tỉnh",
        "Ban Thi đua - Khen thưởng, Sở Nội vụ",
        "Ban TĐKT tỉnh",
    ]
    assert alias_names(unit("Văn phòng Ủy ban nhân dân tỉnh", HUNG_YEN)) == ["VP UBND tỉnh"]
    assert alias_names(unit("Sở Giáo dục và Đào tạo", HUNG_YEN)) == ["Sở GDĐT", "Sở Giáo dục"]
    labour = unit("Sở Lao động - Thương binh và Xã hội", HUNG_YEN)
    assert (labour.active_to, labour.successor, labour.short_name) == (
        datetime.date(2025, 2, 28),
        unit("Sở Nội vụ", HUNG_YEN),
        "Sở LĐTB&XH",
    )
    merged = unit("Sở Nông nghiệp và Môi trường", BAC_NINH)
    assert (merged.active_from, merged.active_to) == (datetime.date(2025, 3, 1), None)
    assert set(merged.predecessors.values_list("name", flat=True)) == {
        "Sở Nông nghiệp và Phát triển nông thôn",
        "Sở Tài nguyên và Môi trường",
    }
    assert {u.tree_root.name for u in merged.predecessors.select_related("tree_root")} == {BAC_NINH}
    assert list(
        Unit.objects.active_on(datetime.date(2025, 6, 1))
        .filter(tree_root__name=HUNG_YEN, name__startswith="Sở Nông nghiệp")
        .values_list("name", flat=True)
    ) == ["Sở Nông nghiệp và Môi trường"]


def test_reloading_updates_fields_adds_aliases_and_keeps_staff_aliases():
    load_registry_file(REGISTRY)
    office = unit("Sở Nội vụ", HUNG_YEN)
    office.aliases.create(name="SNV Hưng Yên")
    data = trees()
    hung_yen_office = next(node for node in data[0]["children"] if node["name"] == "Sở Nội vụ")
    hung_yen_office.update(short_name="SNV", aliases=["Sở Nội vụ tỉnh Hưng Yên", "sở nội vụ tỉnh hưng yên"])
    hung_yen_office["children"].append({"name": "Phòng Công chức, viên chức", "kind": "phong"})
    assert load_registry(data) == 1
    office.refresh_from_db()
    assert office.short_name == "SNV"
    assert alias_names(office) == ["SNV Hưng Yên", "Sở Nội vụ tỉnh Hưng Yên"]
    new = unit("Phòng Công chức, viên chức", HUNG_YEN)
    assert (new.parent, new.level, new.tree_root.name) == (office, "tinh", HUNG_YEN)
    assert unit("Sở Nội vụ", BAC_NINH).short_name == ""
    assert load_registry(data) == 0
    assert Unit.objects.count() == 97


def test_invalid_tree_is_refused_as_a_whole():
    bad = [
        {
            "name": "Ủy ban nhân dân tỉnh Thử",
            "kind": "ubnd",
            "children": [
                {"name": "Sở Nội vụ", "kind": "so_nganh"},
                {"name": "Sở Lạ", "kind": "bo"},
            ],
        }
    ]
    with pytest.raises(ValueError, match="Sở Lạ: loại đơn vị không hợp lệ 'bo'"):
        load_registry(bad)
    bad[0]["children"][1] = {"name": "Sở Cũ", "kind": "so_nganh", "successor": "Sở Không Có"}
    with pytest.raises(ValueError, match="Sở Cũ: đơn vị kế thừa “Sở Không Có” không xác định được trong cây"):
        load_registry(bad)
    assert not Unit.objects.exists()


def test_a_load_that_changes_something_leaves_one_activity_row_and_a_repeat_none():
    from activity.models import ActivityLog

    assert load_registry_file(REGISTRY) == 96
    row = ActivityLog.objects.get(action="unit.load_registry")
    assert (row.actor, row.target_id) == (None, Unit.objects.get(name=HUNG_YEN, parent=None).pk)
    assert row.summary == (
        f"Nạp danh mục đơn vị ({HUNG_YEN}, {BAC_NINH}): 96 đơn vị mới, 0 đơn vị cập nhật, 79 tên gọi khác mới"
    )
    load_registry_file(REGISTRY)
    assert ActivityLog.objects.filter(action="unit.load_registry").count() == 1
    renamed = trees()
    renamed[1]["short_name"] = "UBND Bắc Ninh (mới)"
    assert load_registry(renamed) == 0
    assert (
        ActivityLog.objects.filter(action="unit.load_registry")
        .latest("pk")
        .summary.endswith(": 0 đơn vị mới, 1 đơn vị cập nhật, 0 tên gọi khác mới")
    )
