"""awards 0008 on a portal that already has the old catalogue and dossiers: names are corrected in
place (codes and rows stay, so dossiers keep their row), missing rows appear, what an admin set is
kept, and a dossier written after 30/06/2025 on a row replaced that day moves to its successor."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("awards", "0007_voting_rules_and_prizes")]
AFTER = [("awards", "0008_catalogue_corrections")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture(autouse=True)
def back_to_the_latest_schema():
    """The tests after this one need every migration applied again, 0009 and later included."""
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_the_correction_renames_in_place_and_moves_later_dossiers_to_the_row_in_force():
    apps = _migrate(BEFORE)
    AwardType = apps.get_model("awards", "AwardType")
    Dossier = apps.get_model("awards", "Dossier")
    Unit = apps.get_model("units", "Unit")
    old_rows = {
        "xa-phuong-tieu-bieu": "Xã, phường tiêu biểu",
        "co-thi-dua-tinh": "Cờ thi đua cấp bộ, ban, ngành, tỉnh",
    }
    for code, name in old_rows.items():
        AwardType.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "category": "danh_hieu",
                "beneficiary": "tap_the",
                "deciding_level": "tinh",
                "vote_base": "co_mat",
                "approval_threshold": 75,
            },
        )
    AwardType.objects.filter(code="xa-phuong-dac-khu-tieu-bieu").delete()
    commune = Unit.objects.create(name="Ủy ban nhân dân xã Khoái Châu", kind="ubnd")
    flag = AwardType.objects.get(code="co-thi-dua-tinh")
    village = AwardType.objects.get(code="xa-phuong-tieu-bieu")
    ids = {}
    for label, award_type, day in (
        ("flag", flag, datetime.datetime(2025, 8, 1, 3, tzinfo=datetime.UTC)),
        ("early", village, datetime.datetime(2025, 5, 1, 3, tzinfo=datetime.UTC)),
        ("late", village, datetime.datetime(2025, 8, 1, 3, tzinfo=datetime.UTC)),
    ):
        dossier = Dossier.objects.create(unit=commune, award_type=award_type, year=2025, title=label)
        Dossier.objects.filter(pk=dossier.pk).update(created_at=day)
        ids[label] = dossier.pk

    apps = _migrate(AFTER)
    AwardType = apps.get_model("awards", "AwardType")
    Dossier = apps.get_model("awards", "Dossier")
    flag = AwardType.objects.get(code="co-thi-dua-tinh")
    assert (flag.pk, flag.name, str(flag.approval_threshold)) == (
        Dossier.objects.get(pk=ids["flag"]).award_type_id,
        "Cờ thi đua của bộ, ban, ngành, tỉnh",
        "75.00",  # what the portal had set is kept
    )
    village = AwardType.objects.get(code="xa-phuong-tieu-bieu")
    successor = AwardType.objects.get(code="xa-phuong-dac-khu-tieu-bieu")
    assert (village.name, village.valid_to, village.successor_id) == (
        "Xã, phường, thị trấn tiêu biểu",
        datetime.date(2025, 6, 30),
        successor.pk,
    )
    assert Dossier.objects.get(pk=ids["early"]).award_type_id == village.pk
    assert Dossier.objects.get(pk=ids["late"]).award_type_id == successor.pk
    assert AwardType.objects.filter(code__startswith="huan-chuong-quan-cong-").count() == 3
