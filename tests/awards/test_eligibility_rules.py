"""The eligibility checks the 2022 law's corrections need: two cycles for Chiến sĩ thi đua toàn
quốc, alternative routes of the chair's Bằng khen (individuals, regular dossiers only), an excellent
collective counted across its sub-units, prior awards, and the Cụm/Khối leader read from the
emulation app's published ranking."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from awards import services
from awards.eligibility import check_dossier
from awards.models import AwardRecord, AwardType, Dossier
from emulation.models import CriteriaTable, Criterion, CriterionSection, Score
from tests.factories import UnitFactory
from units.models import EmulationGroup, EmulationGroupMembership

from .conftest import make_dossier

pytestmark = pytest.mark.django_db

U = "số điều chưa đối chiếu"
CYCLES = (
    "cần 2 lần liên tục đạt “Chiến sĩ thi đua bộ, ban, ngành, tỉnh”, mỗi lần dựa trên 3 năm liên tục đạt “Chiến sĩ "
    "thi đua cơ sở” của riêng lần đó, một thành tích không tính hai lần (Luật Thi đua, khen thưởng 2022, điểm a "
    "khoản 1 Điều 21); sổ vàng ghi nhận "
)
NATIONAL_INITIATIVE = (
    "Đạt: cần 1 sáng kiến được công nhận phạm vi toàn quốc trở lên năm 2025; hồ sơ ghi 2 sáng kiến, phạm vi toàn quốc."
)
CHAIR = (
    "(Luật Thi đua, khen thưởng 2022, khoản 1 Điều 74 (02 năm liên tục hoàn thành xuất sắc nhiệm vụ, 02 sáng "
    "kiến: điểm d); khen thưởng chuyên đề, đột xuất không dùng làm căn cứ khen thưởng công trạng (Điều 4 Nghị "
    "định số 152/2025/NĐ-CP))"
)
ROUTE_1 = "02 năm liên tục hoàn thành xuất sắc nhiệm vụ, 02 sáng kiến trong 02 năm"
ROUTE_2 = "thành tích, sáng kiến có phạm vi ảnh hưởng trong tỉnh"
MEMBERS = (
    "cần 100% cá nhân hoàn thành nhiệm vụ, ít nhất 70% đạt “Lao động tiên tiến” hoặc “Chiến sĩ tiên tiến” hoặc "
    "“Chiến sĩ thi đua cơ sở” và ít nhất 1 đạt “Chiến sĩ thi đua cơ sở” năm 2025, tính cả các đơn vị trực thuộc "
    "(Luật Thi đua, khen thưởng 2022, điểm c, điểm d khoản 1 Điều 27); "
)
EXCELLENT = (
    "Đạt: cần xếp loại “Hoàn thành xuất sắc nhiệm vụ” trở lên năm 2025; hồ sơ ghi “Hoàn thành xuất sắc nhiệm vụ”."
)
FLAG = (
    "cần dẫn đầu Cụm, Khối thi đua năm 2025 theo kết quả xếp hạng đã công bố (Luật Thi đua, khen thưởng 2022, "
    "Điều 26); "
)


def history(name, code, *years, unit, unit_record=False):
    for year in years:
        AwardRecord.objects.create(
            award_type=AwardType.objects.get(code=code),
            year=year,
            full_name=name,
            birth_year=None if unit_record else 1980,
            unit=unit,
            unit_record=unit_record,
            decision_reference=f"{year}/QĐ-UBND",
        )


def sentences(dossier):
    return [[c.sentence for c in checks] for checks in check_dossier(dossier).values()]


def collective_dossier(world, code, unit, kind="thuong_xuyen", **facts):
    dossier = services.create_dossier(
        actor=world.officer,
        unit=world.education,
        data={"kind": kind, "award_type": AwardType.objects.get(code=code), "year": 2025, "title": "Tập thể"},
    )
    services.add_nominee(
        actor=world.officer, dossier=dossier, data={"kind": "tap_the", "unit": unit, "task_rating": "xuat_sac", **facts}
    )
    return dossier


def test_national_fighter_needs_two_provincial_titles_each_on_its_own_three_year_cycle(world):
    history("Nguyễn Thị Lan", "chien-si-thi-dua-co-so", 2020, 2021, 2022, 2023, 2024, 2025, unit=world.education)
    history("Nguyễn Thị Lan", "chien-si-thi-dua-tinh", 2024, 2025, unit=world.education)
    dossier = make_dossier(world, award_code="chien-si-thi-dua-toan-quoc", initiative_scope="toan_quoc")
    # Two consecutive years are not two cycles: 2024 and 2025 would count 2023 and 2024 twice.
    assert sentences(dossier) == [
        [
            f"Chưa đạt: {CYCLES}các lần năm 2024 (cơ sở 2022–2024: đủ), năm 2025 (cơ sở 2023–2025: đủ) — "
            "hai lần 2024 và 2025 dùng chung năm cơ sở.",
            NATIONAL_INITIATIVE,
        ]
    ]
    AwardRecord.objects.filter(award_type__code="chien-si-thi-dua-tinh", year=2024).update(year=2022)
    assert sentences(dossier)[0][0] == (
        f"Đạt: {CYCLES}các lần năm 2022 (cơ sở 2020–2022: đủ), năm 2025 (cơ sở 2023–2025: đủ)."
    )
    AwardRecord.objects.filter(award_type__code="chien-si-thi-dua-co-so", year=2021).delete()
    assert sentences(dossier)[0][0] == (
        f"Chưa đạt: {CYCLES}các lần năm 2022 (cơ sở 2020–2022: thiếu 2021), năm 2025 (cơ sở 2023–2025: đủ)."
    )


def test_a_revoked_award_no_longer_counts_towards_another(world):
    """Thu hồi (Điều 93 Luật TĐKT 2022): the award stays in the history but is not counted."""
    from awards.services.records import revoke_award

    history("Nguyễn Thị Lan", "chien-si-thi-dua-co-so", 2020, 2021, 2022, 2023, 2024, 2025, unit=world.education)
    history("Nguyễn Thị Lan", "chien-si-thi-dua-tinh", 2022, 2025, unit=world.education)
    dossier = make_dossier(world, award_code="chien-si-thi-dua-toan-quoc", initiative_scope="toan_quoc")
    assert sentences(dossier)[0][0].startswith("Đạt: ")
    revoke_award(
        actor=world.staff,
        award=AwardRecord.objects.get(award_type__code="chien-si-thi-dua-co-so", year=2021),
        data={
            "ground": "b",
            "reason": "Báo cáo thành tích không trung thực",
            "decision_reference": "45/QĐ-UBND",
            "decided_on": datetime.date(2026, 3, 15),
            "signer_name": "Vương Quốc Tuấn",
        },
    )
    assert sentences(dossier)[0][0] == (
        f"Chưa đạt: {CYCLES}các lần năm 2022 (cơ sở 2020–2022: thiếu 2021), năm 2025 (cơ sở 2023–2025: đủ)."
    )


def test_chairs_certificate_routes_are_alternatives_for_individuals_in_regular_dossiers(world):
    dossier = make_dossier(
        world, award_code="bang-khen-chu-tich-tinh", excellent_years=2, initiative_scope="co_so", initiative_count=2
    )
    assert sentences(dossier) == [
        [
            f"Đạt theo cách 1 ({ROUTE_1}) {CHAIR}: Đạt: cần 2 năm liên tục hoàn thành xuất sắc nhiệm vụ đến năm "
            "2025; hồ sơ ghi 2 năm (2024–2025). Đạt: cần 2 sáng kiến được công nhận phạm vi cơ sở trở lên trong 2 "
            "năm (2024–2025); hồ sơ ghi 2 sáng kiến, phạm vi cơ sở."
        ]
    ]
    dossier.nominees.update(excellent_years=0, initiative_scope="tinh", initiative_count=1)
    assert sentences(dossier) == [
        [
            f"Đạt theo cách 2 ({ROUTE_2}) {CHAIR}: Đạt: cần 1 sáng kiến được công nhận phạm vi toàn tỉnh trở lên "
            "năm 2025; hồ sơ ghi 1 sáng kiến, phạm vi toàn tỉnh."
        ]
    ]


def test_chairs_certificate_routes_do_not_apply_to_collectives_or_ad_hoc_dossiers(world):
    collective = collective_dossier(world, "bang-khen-chu-tich-tinh", world.health)
    assert sentences(collective) == [[f"Không áp dụng: điều kiện {CHAIR} không áp dụng cho tập thể."]]
    ad_hoc = make_dossier(world, award_code="bang-khen-chu-tich-tinh", excellent_years=0, initiative_scope="")
    Dossier.objects.filter(pk=ad_hoc.pk).update(kind="dot_xuat")
    ad_hoc.refresh_from_db()
    assert sentences(ad_hoc) == [[f"Không áp dụng: điều kiện {CHAIR} không áp dụng cho hồ sơ khen thưởng đột xuất."]]
    assert all(c.passed for checks in check_dossier(ad_hoc).values() for c in checks)


def test_excellent_collective_is_counted_across_its_sub_units(world):
    office = UnitFactory(name="Phòng Nghiệp vụ Y", parent=world.health)
    dossier = collective_dossier(world, "tap-the-lao-dong-xuat-sac", world.health, member_count=10, members_not_done=0)
    assert sentences(dossier) == [
        [
            EXCELLENT,
            f"Chưa đạt: {MEMBERS}hồ sơ ghi 10 cá nhân, 0 không hoàn thành nhiệm vụ; sổ vàng ghi nhận 0/10 (0%) đạt "
            "danh hiệu, “Chiến sĩ thi đua cơ sở”: chưa có ai.",
        ]
    ]
    for i in range(6):
        history(f"Người {i}", "lao-dong-tien-tien", 2025, unit=world.health)
    history("Trần Văn Bình", "chien-si-thi-dua-co-so", 2025, unit=office)
    assert sentences(dossier)[0][1] == (
        f"Đạt: {MEMBERS}hồ sơ ghi 10 cá nhân, 0 không hoàn thành nhiệm vụ; sổ vàng ghi nhận 7/10 (70%) đạt danh "
        "hiệu, “Chiến sĩ thi đua cơ sở”: Trần Văn Bình (Phòng Nghiệp vụ Y)."
    )
    dossier.nominees.update(members_not_done=1)
    assert sentences(dossier)[0][1] == (
        f"Chưa đạt: {MEMBERS}hồ sơ ghi 10 cá nhân, 1 không hoàn thành nhiệm vụ; sổ vàng ghi nhận 7/10 (70%) đạt "
        "danh hiệu, “Chiến sĩ thi đua cơ sở”: Trần Văn Bình (Phòng Nghiệp vụ Y)."
    )


def test_prime_ministers_certificate_and_labour_order_need_the_award_below(world):
    dossier = make_dossier(
        world, award_code="bang-khen-thu-tuong", excellent_years=5, initiative_scope="co_so", initiative_count=5
    )
    route = (
        "đã được tặng Bằng khen của bộ, ban, ngành, tỉnh; 05 năm tiếp theo hoàn thành xuất sắc nhiệm vụ; 05 sáng kiến"
    )
    basis = f"(Luật Thi đua, khen thưởng 2022, điều về Bằng khen của Thủ tướng Chính phủ, {U})"
    assert sentences(dossier) == [
        [
            f"Chưa đạt theo cách nào {basis}. cách 1 ({route}): Chưa đạt: cần đã được tặng “Bằng khen của Chủ tịch "
            "Ủy ban nhân dân tỉnh” trước năm 2025; sổ vàng ghi nhận chưa có năm nào."
        ]
    ]
    history("Nguyễn Thị Lan", "bang-khen-chu-tich-tinh", 2020, unit=world.education)
    assert sentences(dossier) == [
        [
            f"Đạt theo cách 1 ({route}) {basis}: Đạt: cần đã được tặng “Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh” "
            "trước năm 2025; sổ vàng ghi nhận năm 2020. Đạt: cần 5 năm liên tục hoàn thành xuất sắc nhiệm vụ đến "
            "năm 2025; hồ sơ ghi 5 năm (2021–2025). Đạt: cần 5 sáng kiến được công nhận phạm vi cơ sở trở lên trong "
            "5 năm (2021–2025); hồ sơ ghi 5 sáng kiến, phạm vi cơ sở."
        ]
    ]
    order = make_dossier(
        world, award_code="huan-chuong-lao-dong-hang-3", excellent_years=5, initiative_scope="tinh", initiative_count=3
    )
    assert sentences(order) == [
        [
            f"Chưa đạt theo cách nào (Luật Thi đua, khen thưởng 2022, điều về “Huân chương Lao động” hạng Ba, {U}). "
            "cách 1 (đã được tặng Bằng khen của Thủ tướng Chính phủ; 05 năm tiếp theo hoàn thành xuất sắc nhiệm vụ; "
            "03 sáng kiến phạm vi tỉnh): Chưa đạt: cần đã được tặng “Bằng khen của Thủ tướng Chính phủ” trước năm "
            "2025; sổ vàng ghi nhận chưa có năm nào."
        ]
    ]


def published_group(world, scores, published=True):
    group = EmulationGroup.objects.create(name="Cụm thi đua số 1", kind="cum", year=2025, organiser=world.province)
    for unit in scores:
        EmulationGroupMembership.objects.create(group=group, unit=unit)
    table = CriteriaTable.objects.create(
        group=group, scoring_due=datetime.date(2025, 11, 30), published_at=timezone.now() if published else None
    )
    section = CriterionSection.objects.create(table=table, number="I", title="Tiêu chí")
    criterion = Criterion.objects.create(section=section, number="1", content="Kết quả", max_points=Decimal(100))
    for unit, points in scores.items():
        Score.objects.create(criterion=criterion, unit=unit, self_points=Decimal(points))
    return table


def test_provincial_flag_needs_the_collective_to_lead_its_group_in_the_published_ranking(world):
    dossier = collective_dossier(world, "co-thi-dua-tinh", world.health)
    nothing = [[f"Chưa đạt: {FLAG}chưa có kết quả xếp hạng đã công bố của Cụm, Khối nào có tập thể này."]]
    assert sentences(dossier) == nothing
    table = published_group(world, {world.health: 90, world.education: 95}, published=False)
    assert sentences(dossier) == nothing  # a ranking not yet published does not count
    table.published_at = timezone.now()
    table.save()
    assert sentences(dossier) == [[f"Chưa đạt: {FLAG}Cụm thi đua số 1 xếp hạng 2/2."]]
    Score.objects.filter(unit=world.health).update(self_points=99)
    assert sentences(dossier) == [[f"Đạt: {FLAG}Cụm thi đua số 1 xếp hạng 1/2."]]
