"""units.loading.sync_trees: specs find their units again (after a package upgrade, in a registry
staff made by hand) and bulk-created units are what Unit.save would have made."""

import pytest
from django.db import transaction

from units.divisions import find_province, province_divisions
from units.loading import sync_trees
from units.models import Unit, UnitAlias
from units.provinces import province_specs
from units.services import load_province
from units.text import fold

pytestmark = pytest.mark.django_db

LAI_CHAU = "Ủy ban nhân dân tỉnh Lai Châu"


def specs():
    return province_specs(province_divisions(find_province("Lai Châu")))


def commune_spec(trees, code):
    return next(spec for spec in trees[0].children if spec.code == code)


def sync(trees):
    with transaction.atomic():
        return sync_trees(trees)


def test_a_renamed_commune_is_renamed_in_place():
    load_province(actor=None, province=find_province("Lai Châu"))
    before = Unit.objects.get(code="03408", active_to=None)
    trees = specs()
    commune_spec(trees, "03408").name = "Ủy ban nhân dân phường Tân Phong Mới"
    result = sync(trees)
    after = Unit.objects.get(pk=before.pk)
    assert (result.created, result.changed) == (0, 1)
    assert (after.name, after.search_name, after.code) == (
        "Ủy ban nhân dân phường Tân Phong Mới",
        "uy ban nhan dan phuong tan phong moi",
        "03408",
    )
    assert Unit.objects.filter(code="03408", active_to=None).count() == 1


def test_a_renumbered_commune_gets_its_new_code_in_place():
    load_province(actor=None, province=find_province("Lai Châu"))
    before = Unit.objects.get(code="03408", active_to=None)
    trees = specs()
    commune_spec(trees, "03408").code = "99999"
    result = sync(trees)
    assert (result.created, result.changed) == (0, 1)
    assert Unit.objects.get(pk=before.pk).code == "99999"
    assert not Unit.objects.filter(code="03408", active_to=None).exists()


def test_a_hand_made_registry_is_completed_not_duplicated():
    root = Unit.objects.create(name=LAI_CHAU, kind="ubnd", level="tinh")
    home = Unit.objects.create(name="Sở Nội vụ", kind="so_nganh", parent=root)
    home.aliases.create(name="SNV Lai Châu")
    # Staff put the youth union straight under the UBND; the template has it under the MTTQ.
    youth = Unit.objects.create(name="Tỉnh Đoàn", kind="doan_the", parent=root)
    paper = Unit.objects.create(name="Báo Lai Châu", kind="bao_dai", parent=root)
    load_province(actor=None, province=find_province("lai chau"))
    assert Unit.objects.get(pk=root.pk).code == "12"
    assert Unit.objects.filter(name="Sở Nội vụ").get().pk == home.pk
    assert Unit.objects.filter(name="Tỉnh Đoàn").get().parent_id == root.pk == youth.parent_id
    assert sorted(home.aliases.values_list("name", flat=True)) == ["SNV", "SNV Lai Châu"]
    assert Unit.objects.get(pk=paper.pk).parent_id == root.pk
    assert Unit.objects.filter(parent=None).count() == 1


def test_bulk_created_units_have_the_tree_and_administration_unit_save_gives():
    load_province(actor=None, province=find_province("Lai Châu"))
    units = {unit.pk: unit for unit in Unit.objects.all()}
    root = Unit.objects.get(name=LAI_CHAU, parent=None)
    for unit in units.values():
        ancestor = unit
        while ancestor.kind != "ubnd":
            ancestor = units[ancestor.parent_id]
        assert (unit.tree_root_id, unit.local_government_id) == (root.pk, ancestor.pk), unit.name
        assert unit.search_name == fold(unit.name)
    board = Unit.objects.get(name="Ban Thi đua - Khen thưởng")
    assert (board.parent.name, board.local_government_id) == ("Sở Nội vụ", root.pk)
    office = Unit.objects.get(name="Ủy ban nhân dân huyện Tam Đường")
    commune = office.children.first()
    assert (commune.level, commune.local_government_id, commune.tree_root_id) == ("xa", commune.pk, root.pk)
    # Saving through the model changes nothing: the derived columns were already right.
    commune.save()
    commune.refresh_from_db()
    assert (commune.local_government_id, commune.tree_root_id) == (commune.pk, root.pk)


def test_aliases_staff_added_stay_and_missing_ones_come_back():
    load_province(actor=None, province=find_province("Lai Châu"))
    education = Unit.objects.get(name="Sở Giáo dục và Đào tạo")
    education.aliases.filter(name="SGDĐT").delete()
    education.aliases.create(name="Sở GD Lai Châu")
    again = load_province(actor=None, province=find_province("Lai Châu"))
    assert (again.result.created, again.result.changed, again.result.aliases) == (0, 0, 1)
    assert sorted(education.aliases.values_list("name", flat=True)) == [
        "SGDĐT",
        "Sở GD Lai Châu",
        "Sở GDĐT",
        "Sở Giáo dục",
    ]
    assert UnitAlias.objects.filter(unit=education).count() == 4
