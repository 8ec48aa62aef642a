"""`load_units --province` (units.services.load_province over units.provinces): a province's registry
after the 2025 reform, checked against the packages' own data."""

import datetime
import io
import json
from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.db.models import F
from vietnam_provinces import ProvinceCode, Ward
from vietnamadminunits.database import query

from activity.models import ActivityLog
from units.divisions import find_province
from units.models import Unit, UnitAlias
from units.provinces import TEMPLATE
from units.services import load_province

pytestmark = pytest.mark.django_db

LAI_CHAU = "Ủy ban nhân dân tỉnh Lai Châu"
CLOSED = datetime.date(2025, 6, 30)
REFORM = datetime.date(2025, 7, 1)


def load(name):
    output = io.StringIO()
    call_command("load_units", province=name, stdout=output)
    return output.getvalue()


def tree(root_name):
    return Unit.objects.filter(tree_root__name=root_name, tree_root__parent=None)


def communes(root_name):
    return tree(root_name).filter(level="xa", active_to__isnull=True)


def legacy_rows(province_code, columns):
    return query(f"SELECT DISTINCT {columns} FROM admin_units_legacy WHERE provinceCode = '{province_code}'")


def test_lai_chau_has_every_commune_ward_of_the_package_with_its_official_code():
    output = load("Lai Châu")
    wards = list(Ward.iter_by_province(ProvinceCode.P_12))
    assert output.splitlines()[0] == "Tỉnh Lai Châu (mã 12): 38 xã, phường, đặc khu (2 phường, 36 xã)."
    root = Unit.objects.get(name=LAI_CHAU, parent=None)
    assert (root.kind, root.level, root.code, root.short_name, root.active_to) == (
        "ubnd",
        "tinh",
        "12",
        "UBND tỉnh Lai Châu",
        None,
    )
    stored = communes(LAI_CHAU)
    assert stored.count() == len(wards) == 38
    assert Counter(kind_of(unit.name) for unit in stored) == Counter(w.division_type.value for w in wards)
    assert set(stored.values_list("code", "name")) == {
        (f"{int(w.code):05d}", "Ủy ban nhân dân " + w.name[0].lower() + w.name[1:]) for w in wards
    }
    commune = stored.get(code="03408")  # Phường Tân Phong, the provincial seat
    assert (commune.name, commune.short_name, commune.kind, commune.parent, commune.tree_root) == (
        "Ủy ban nhân dân phường Tân Phong",
        "UBND phường Tân Phong",
        "ubnd",
        root,
        root,
    )
    # Each commune's UBND issues its own plans: it is its own administration.
    assert (commune.local_government_id, commune.active_from) == (commune.pk, REFORM)
    assert list(commune.aliases.values_list("name", flat=True)) == ["Phường Tân Phong"]
    assert not stored.exclude(local_government_id=F("pk")).exists()


def kind_of(name):
    return next(kind for kind in ("xã", "phường", "đặc khu") if name.startswith(f"Ủy ban nhân dân {kind} "))


def test_the_province_gets_its_council_and_the_bodies_of_the_template_with_their_abbreviations():
    load("lai chau")
    root = Unit.objects.get(name=LAI_CHAU, parent=None)
    bodies = {unit.name: unit for unit in tree(LAI_CHAU).filter(level="tinh").select_related("parent")}
    template = json.loads(TEMPLATE.read_text(encoding="utf-8"))
    expected = []

    def names(nodes):
        for node in nodes:
            expected.append(node["name"].replace("{cap}", "tỉnh").replace("{ten}", "Lai Châu"))
            names(node.get("children", []))

    names(template["bodies"] + template["until_2025_03_01"])
    assert sorted(bodies) == sorted(expected + [LAI_CHAU])
    council = bodies["Hội đồng nhân dân tỉnh Lai Châu"]
    assert (council.kind, council.short_name, council.parent) == ("hdnd", "HĐND tỉnh Lai Châu", root)
    assert bodies["Ban Thi đua - Khen thưởng"].parent == bodies["Sở Nội vụ"]
    assert bodies["Tỉnh Đoàn"].parent == bodies["Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"]
    assert bodies["Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân tỉnh"].parent == council
    aliases = {
        unit: sorted(UnitAlias.objects.filter(unit__name=unit, unit__tree_root=root).values_list("name", flat=True))
        for unit in ("Sở Giáo dục và Đào tạo", "Văn phòng Ủy ban nhân dân tỉnh", LAI_CHAU)
    }
    assert aliases == {
        "Sở Giáo dục và Đào tạo": ["SGDĐT", "Sở GDĐT", "Sở Giáo dục"],
        "Văn phòng Ủy ban nhân dân tỉnh": ["VP UBND tỉnh"],
        LAI_CHAU: ["UBND tỉnh", "Ủy ban nhân dân tỉnh"],
    }
    farming = bodies["Sở Nông nghiệp và Môi trường"]
    assert (farming.short_name, farming.active_from, farming.active_to) == ("Sở NN&MT", datetime.date(2025, 3, 1), None)
    # The sở merged on 01/03/2025 close the day before, with the sở that took them as successor.
    assert {unit.name: unit.successor.name for unit in farming.predecessors.all()} == {
        "Sở Nông nghiệp và Phát triển nông thôn": "Sở Nông nghiệp và Môi trường",
        "Sở Tài nguyên và Môi trường": "Sở Nông nghiệp và Môi trường",
    }
    assert bodies["Sở Kế hoạch và Đầu tư"].active_to == datetime.date(2025, 2, 28)
    # No sở of Article 9 in Lai Châu's data: Sở Dân tộc và Tôn giáo is added where a province has it.
    assert "Sở Dân tộc và Tôn giáo" not in bodies


def test_former_districts_and_communes_close_on_30_06_2025_with_their_successors():
    load("12")
    root = Unit.objects.get(name=LAI_CHAU, parent=None)
    districts = tree(LAI_CHAU).filter(level="huyen")
    assert sorted(districts.values_list("code", flat=True)) == sorted(
        f"{int(row['districtCode']):03d}" for row in legacy_rows("12", "districtCode")
    )
    assert set(districts.values_list("active_to", "successor", "parent")) == {(CLOSED, root.pk, root.pk)}
    town = districts.get(name="Ủy ban nhân dân huyện Tam Đường")
    assert (town.short_name, town.code, town.kind) == ("UBND huyện Tam Đường", "106", "ubnd")
    former = tree(LAI_CHAU).filter(level="xa", active_to=CLOSED)
    assert former.count() == len(legacy_rows("12", "wardCode")) == 106
    assert not former.filter(parent__level="tinh").exists()
    assert not former.filter(successor__isnull=True).exists()
    assert set(former.values_list("successor__active_to", "successor__level", "successor__parent")) == {
        (None, "xa", root.pk)
    }
    # The old Phường Tân Phong (Lai Châu city) went into the new Phường Tân Phong: a plan of
    # June 2025 finds the old one, one of July the new one, and the old one's history leads there.
    old = former.get(code="03387")
    assert (old.name, old.parent.name, old.successor.name, old.successor.code) == (
        "Ủy ban nhân dân phường Tân Phong",
        "Ủy ban nhân dân thành phố Lai Châu",
        "Ủy ban nhân dân phường Tân Phong",
        "03408",
    )
    same_name = Unit.objects.filter(name="Ủy ban nhân dân phường Tân Phong")
    assert list(same_name.active_on(CLOSED).values_list("code", "parent__level")) == [("03387", "huyen")]
    assert list(same_name.active_on(REFORM).values_list("code", "parent__level")) == [("03408", "tinh")]


def test_loading_again_creates_and_changes_nothing_in_a_few_queries(django_assert_max_num_queries):
    province = find_province("Lai Châu")
    first = load_province(actor=None, province=province)
    assert (first.result.created, first.result.changed) == (Unit.objects.count(), 0)
    counts = (Unit.objects.count(), UnitAlias.objects.count(), ActivityLog.objects.count())
    # Lock, roots, the trees' units, their aliases, and the savepoint pair; nothing written.
    with django_assert_max_num_queries(6):
        again = load_province(actor=None, province=province)
    assert (again.result.created, again.result.changed, again.result.aliases) == (0, 0, 0)
    assert (Unit.objects.count(), UnitAlias.objects.count(), ActivityLog.objects.count()) == counts
    assert load("Lai Châu").splitlines()[-1] == "Kết quả: 0 đơn vị mới, 0 đơn vị cập nhật, 0 tên gọi khác mới."


def test_the_first_load_is_logged_with_what_it_did():
    load("Lai Châu")
    log = ActivityLog.objects.get()
    assert (log.action, log.target.name, log.actor) == ("unit.load_province", LAI_CHAU, None)
    assert log.summary == (
        f"Nạp danh mục đơn vị của tỉnh Lai Châu: {Unit.objects.count()} đơn vị mới, 0 đơn vị cập nhật, "
        f"{UnitAlias.objects.count()} tên gọi khác mới"
    )


def test_a_merged_province_keeps_its_own_tree_closed_on_30_06_2025_and_leads_to_the_new_one():
    output = load("Cà Mau")
    assert output.splitlines()[1] == (
        "Trước 01/07/2025 (hoạt động đến 30/06/2025): Tỉnh Cà Mau (9 đơn vị cấp huyện, 100 đơn vị cấp xã); "
        "Tỉnh Bạc Liêu (7 đơn vị cấp huyện, 64 đơn vị cấp xã)."
    )
    new = Unit.objects.get(name="Ủy ban nhân dân tỉnh Cà Mau", parent=None)
    old = Unit.objects.get(name="Ủy ban nhân dân tỉnh Bạc Liêu", parent=None)
    assert (old.code, old.active_to, old.successor, old.tree_root) == ("95", CLOSED, new, old)
    assert (new.code, new.active_to, new.successor) == ("96", None, None)
    old_bodies = tree(old.name).filter(level="tinh").exclude(pk=old.pk)
    # Each body of Bạc Liêu that worked until the merger leads to the same body of Cà Mau.
    for body in old_bodies.filter(active_to=CLOSED).select_related("successor__tree_root"):
        assert (body.successor.name, body.successor.tree_root, body.successor.active_to) == (
            body.name.replace("Bạc Liêu", "Cà Mau"),
            new,
            None,
        )
    assert old_bodies.get(name="Hội đồng nhân dân tỉnh Bạc Liêu").successor.name == "Hội đồng nhân dân tỉnh Cà Mau"
    assert old_bodies.get(name="Sở Kế hoạch và Đầu tư").successor.tree_root == old
    # Bạc Liêu's districts and communes sit in its own tree; their successors are in Cà Mau's.
    assert set(tree(old.name).filter(level="huyen").values_list("successor", flat=True)) == {new.pk}
    assert tree(old.name).filter(level="xa").count() == 64
    assert set(tree(old.name).filter(level="xa").values_list("successor__tree_root", flat=True)) == {new.pk}
    assert communes("Ủy ban nhân dân tỉnh Cà Mau").count() == 64
    # Plans of a tree see only that tree: "Sở Nội vụ" is one unit in each.
    assert Unit.objects.filter(name="Sở Nội vụ").count() == 2


def test_a_district_that_became_one_special_zone_leads_to_it():
    load("Quảng Ninh")
    zones = communes("Ủy ban nhân dân tỉnh Quảng Ninh").filter(name__startswith="Ủy ban nhân dân đặc khu")
    assert sorted(zones.values_list("name", "code")) == [
        ("Ủy ban nhân dân đặc khu Cô Tô", "07192"),
        ("Ủy ban nhân dân đặc khu Vân Đồn", "06994"),
    ]
    district = Unit.objects.get(name="Ủy ban nhân dân huyện Vân Đồn")
    assert (district.successor.name, district.active_to) == ("Ủy ban nhân dân đặc khu Vân Đồn", CLOSED)
    assert zones.get(code="07192").committee_place == ("đặc khu", "Cô Tô")
    assert Unit.objects.get(name="Ủy ban nhân dân thành phố Hạ Long").successor.name == (
        "Ủy ban nhân dân tỉnh Quảng Ninh"
    )


def test_a_centrally_run_city_is_named_as_a_city():
    load("thanh pho hue")
    city = Unit.objects.get(parent=None)
    assert (city.name, city.short_name, city.code) == ("Ủy ban nhân dân thành phố Huế", "UBND thành phố Huế", "46")
    names = set(tree(city.name).values_list("name", flat=True))
    assert {
        "Thành Đoàn",
        "Thanh tra thành phố",
        "Hội đồng nhân dân thành phố Huế",
        "Bộ Chỉ huy Quân sự thành phố",
    } <= names
    assert "Tỉnh Đoàn" not in names


@pytest.mark.parametrize("name", ["Hưng Yên", "hung yen", "Tỉnh Hưng Yên", "TINH HUNG YEN", "33", " 33 "])
def test_the_province_may_be_named_with_or_without_diacritics_and_level_or_by_code(name):
    assert find_province(name).name == "Hưng Yên"


@pytest.mark.parametrize("name", ["Hà Nội", "ha noi", "Thành phố Hà Nội", "TP Hà Nội", "tp. ha noi", "1", "01"])
def test_a_city_may_be_named_with_or_without_thanh_pho(name):
    assert find_province(name).full_name == "Thành phố Hà Nội"


def test_an_unknown_name_lists_the_names_accepted_and_fails():
    with pytest.raises(CommandError) as error:
        load("Hà Tây")
    message = str(error.value)
    assert message.startswith("Không có tỉnh, thành phố nào tên “Hà Tây” trong danh mục sau ngày 01/07/2025.")
    assert "An Giang (91), Bắc Ninh (24)," in message and message.endswith("Vĩnh Long (86).")
    assert message.count("(") == 34 + 1
    assert not Unit.objects.exists()


def test_a_province_merged_away_says_where_it_went():
    with pytest.raises(CommandError) as error:
        load("thai binh")
    assert str(error.value) == (
        "Tỉnh Thái Bình đã sáp nhập vào tỉnh Hưng Yên từ 01/07/2025 (Nghị quyết 202/2025/QH15). Hãy nạp "
        "“Hưng Yên”: các đơn vị của Tỉnh Thái Bình được nạp kèm, hoạt động đến 30/06/2025."
    )


def test_the_command_exits_non_zero_on_an_unknown_name(capsys):
    from django.core.management import ManagementUtility

    with pytest.raises(SystemExit) as exit_:
        ManagementUtility(["manage.py", "load_units", "--province", "Atlantis"]).execute()
    assert exit_.value.code == 1
    assert "Không có tỉnh, thành phố nào tên “Atlantis”" in capsys.readouterr().err
