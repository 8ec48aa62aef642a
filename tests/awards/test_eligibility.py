import pytest
from django.core.exceptions import ValidationError

from activity.models import ActivityLog
from awards import services
from awards.eligibility import check_dossier, validate_prerequisites
from awards.models import AwardRecord, AwardType, DossierStatus, Nominee

from .conftest import make_dossier

pytestmark = pytest.mark.django_db


def history(name, code, *years, unit, birth_year=1980, unit_record=False):
    for year in years:
        AwardRecord.objects.create(
            award_type=AwardType.objects.get(code=code),
            year=year,
            full_name=name,
            birth_year=None if unit_record else birth_year,
            unit=unit,
            unit_record=unit_record,
            decision_reference=f"{year}/QĐ-UBND",
        )


def sentences(dossier):
    return [[c.sentence for c in checks] for checks in check_dossier(dossier).values()]


def appraising(world, **kwargs):
    dossier = make_dossier(world, **kwargs)
    services.apply_transition(actor=world.officer, dossier=dossier, name="submit")
    services.apply_transition(actor=world.staff, dossier=dossier, name="start_appraisal")
    return dossier


def test_provincial_emulation_fighter_needs_three_consecutive_base_titles(world):
    history("Nguyễn Thị Lan", "chien-si-thi-dua-co-so", 2024, 2025, unit=world.education)
    dossier = make_dossier(world, award_code="chien-si-thi-dua-tinh")
    assert sentences(dossier) == [
        [
            "Chưa đạt: cần 3 năm liên tục đạt “Chiến sĩ thi đua cơ sở” (2023–2025); "
            "sổ vàng ghi nhận các năm 2024, 2025.",
            "Đạt: cần 1 sáng kiến được công nhận phạm vi toàn tỉnh trở lên năm 2025; "
            "hồ sơ ghi 2 sáng kiến, phạm vi toàn tỉnh.",
        ]
    ]
    history("Nguyễn Thị Lan", "chien-si-thi-dua-co-so", 2023, unit=world.education)
    assert sentences(dossier)[0][0] == (
        "Đạt: cần 3 năm liên tục đạt “Chiến sĩ thi đua cơ sở” (2023–2025); sổ vàng ghi nhận các năm 2023, 2024, 2025."
    )


def test_a_namesake_born_another_year_does_not_count(world):
    history("Nguyễn Thị Lan", "chien-si-thi-dua-co-so", 2023, 2024, 2025, unit=world.health, birth_year=1992)
    dossier = make_dossier(world, award_code="chien-si-thi-dua-tinh")
    assert sentences(dossier)[0][0].endswith("sổ vàng ghi nhận chưa có năm nào.")


def test_national_emulation_fighter_needs_two_provincial_titles_and_a_national_initiative(world):
    history("Nguyễn Thị Lan", "chien-si-thi-dua-tinh", 2022, 2025, unit=world.education)
    dossier = make_dossier(world, award_code="chien-si-thi-dua-toan-quoc")
    assert sentences(dossier) == [
        [
            "Chưa đạt: cần 2 lần liên tục đạt “Chiến sĩ thi đua bộ, ban, ngành, tỉnh”, mỗi lần dựa trên 3 năm "
            "liên tục đạt “Chiến sĩ thi đua cơ sở” của riêng lần đó, một thành tích không tính hai lần (Luật Thi "
            "đua, khen thưởng 2022, điểm a khoản 1 Điều 21); sổ vàng ghi nhận các lần năm 2022 (cơ sở "
            "2020–2022: thiếu 2020, 2021, 2022), năm 2025 (cơ sở 2023–2025: thiếu 2023, 2024, 2025).",
            "Chưa đạt: cần 1 sáng kiến được công nhận phạm vi toàn quốc trở lên năm 2025; "
            "hồ sơ ghi 2 sáng kiến, phạm vi toàn tỉnh.",
        ]
    ]


def test_advanced_worker_needs_a_good_rating(world):
    dossier = make_dossier(world, award_code="lao-dong-tien-tien", task_rating="hoan_thanh")
    assert sentences(dossier) == [
        ["Chưa đạt: cần xếp loại “Hoàn thành tốt nhiệm vụ” trở lên năm 2025; hồ sơ ghi “Hoàn thành nhiệm vụ”."]
    ]
    Nominee.objects.update(task_rating="tot")
    assert sentences(dossier)[0][0].startswith("Đạt: ")


def test_base_emulation_fighter_needs_excellence_and_an_initiative(world):
    dossier = make_dossier(world, award_code="chien-si-thi-dua-co-so", task_rating="", initiative_scope="")
    assert sentences(dossier) == [
        [
            "Chưa đạt: cần xếp loại “Hoàn thành xuất sắc nhiệm vụ” trở lên năm 2025; hồ sơ chưa ghi xếp loại.",
            "Chưa đạt: cần 1 sáng kiến được công nhận phạm vi cơ sở trở lên năm 2025; hồ sơ không ghi sáng kiến nào.",
        ]
    ]


def test_chairs_certificate_needs_two_excellent_years_and_two_initiatives(world):
    dossier = make_dossier(
        world, award_code="bang-khen-chu-tich-tinh", excellent_years=1, initiative_scope="co_so", initiative_count=2
    )
    assert sentences(dossier) == [
        [
            "Chưa đạt theo cách nào (Luật Thi đua, khen thưởng 2022, khoản 1 Điều 74 (02 năm liên tục hoàn thành "
            "xuất sắc nhiệm vụ, 02 sáng kiến: điểm d); khen thưởng chuyên đề, đột xuất không dùng làm căn cứ khen "
            "thưởng công trạng (Điều 4 Nghị định số 152/2025/NĐ-CP)). "
            "cách 1 (02 năm liên tục hoàn thành xuất sắc nhiệm vụ, 02 sáng kiến trong 02 năm): Chưa đạt: cần 2 năm "
            "liên tục hoàn thành xuất sắc nhiệm vụ đến năm 2025; hồ sơ ghi 1 năm (2025). cách 2 (thành tích, sáng "
            "kiến có phạm vi ảnh hưởng trong tỉnh): Chưa đạt: cần 1 sáng kiến được công nhận phạm vi toàn tỉnh trở "
            "lên năm 2025; hồ sơ ghi 2 sáng kiến, phạm vi cơ sở."
        ]
    ]


def test_excellent_collective_needs_a_member_who_is_a_base_emulation_fighter(world, catalogue):
    dossier = services.create_dossier(
        actor=world.officer,
        unit=world.education,
        data={
            "kind": "thuong_xuyen",
            "award_type": catalogue["tap-the-lao-dong-xuat-sac"],
            "year": 2025,
            "title": "TT",
        },
    )
    services.add_nominee(
        actor=world.officer,
        dossier=dossier,
        data={"kind": "tap_the", "unit": world.health, "task_rating": "xuat_sac", "member_count": 2},
    )
    head = (
        "cần 100% cá nhân hoàn thành nhiệm vụ, ít nhất 70% đạt “Lao động tiên tiến” hoặc “Chiến sĩ tiên tiến” hoặc "
        "“Chiến sĩ thi đua cơ sở” và ít nhất 1 đạt “Chiến sĩ thi đua cơ sở” năm 2025, tính cả các đơn vị trực thuộc "
        "(Luật Thi đua, khen thưởng 2022, điểm c, điểm d khoản 1 Điều 27); hồ sơ ghi 2 cá nhân, 0 không hoàn "
        "thành nhiệm vụ; sổ vàng ghi nhận "
    )
    assert sentences(dossier)[0][1] == (
        f"Chưa đạt: {head}0/2 (0%) đạt danh hiệu, “Chiến sĩ thi đua cơ sở”: chưa có ai."
    )
    history("Phạm Minh Đức", "chien-si-thi-dua-co-so", 2025, unit=world.health)
    history("Vũ Thị Hà", "chien-si-thi-dua-co-so", 2024, unit=world.health)
    history("Vũ Thị Hà", "lao-dong-tien-tien", 2025, unit=world.health)
    assert sentences(dossier)[0][1] == (
        f"Đạt: {head}2/2 (100%) đạt danh hiệu, “Chiến sĩ thi đua cơ sở”: Phạm Minh Đức (Sở Y tế)."
    )


def test_a_collectives_own_titles_are_read_from_the_unit_records(world, catalogue):
    award_type = catalogue["co-thi-dua-tinh"]
    award_type.prerequisites = [{"rule": "consecutive_awards", "awards": ["tap-the-lao-dong-xuat-sac"], "years": 2}]
    award_type.save()
    history("Sở Y tế", "tap-the-lao-dong-xuat-sac", 2024, 2025, unit=world.health, unit_record=True)
    dossier = services.create_dossier(
        actor=world.officer,
        unit=world.education,
        data={"kind": "thuong_xuyen", "award_type": award_type, "year": 2025, "title": "Cờ"},
    )
    services.add_nominee(actor=world.officer, dossier=dossier, data={"kind": "tap_the", "unit": world.health})
    assert sentences(dossier) == [
        ["Đạt: cần 2 năm liên tục đạt “Tập thể lao động xuất sắc” (2024–2025); sổ vàng ghi nhận các năm 2024, 2025."]
    ]


def test_a_failing_check_stops_mark_ready_with_the_reason_and_an_override_lets_it_through(world):
    history("Nguyễn Thị Lan", "chien-si-thi-dua-co-so", 2025, unit=world.education)
    dossier = appraising(world, award_code="chien-si-thi-dua-tinh")
    with pytest.raises(ValidationError) as error:
        services.apply_transition(actor=world.staff, dossier=dossier, name="mark_ready")
    assert error.value.messages == [
        "Chưa trình Hội đồng được vì có điều kiện chưa đạt. Nguyễn Thị Lan: Chưa đạt: cần 3 năm liên tục đạt "
        "“Chiến sĩ thi đua cơ sở” (2023–2025); sổ vàng ghi nhận năm 2025. "
        "Hãy yêu cầu bổ sung hồ sơ hoặc ghi lý do xét vượt điều kiện."
    ]
    nominee = dossier.nominees.get()
    with pytest.raises(ValidationError):
        services.override_eligibility(actor=world.staff, nominee=nominee, reason=" ")
    services.override_eligibility(
        actor=world.staff, nominee=nominee, reason="Hai năm 2023, 2024 được khen ở tỉnh khác, có bản sao quyết định"
    )
    services.apply_transition(actor=world.staff, dossier=dossier, name="mark_ready")
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.READY
    log = ActivityLog.objects.get(action="nominee.override")
    assert log.actor == world.staff
    assert log.after["reason"] == "Hai năm 2023, 2024 được khen ở tỉnh khác, có bản sao quyết định"
    assert log.after["checks"] == [
        "Chưa đạt: cần 3 năm liên tục đạt “Chiến sĩ thi đua cơ sở” (2023–2025); sổ vàng ghi nhận năm 2025."
    ]


def test_an_admin_cannot_save_a_rule_the_checker_does_not_know():
    with pytest.raises(ValidationError) as error:
        validate_prerequisites([{"rule": "ba_nam_lien_tuc"}])
    assert error.value.message_dict["prerequisites"][0].startswith(
        "Điều kiện thứ 1: loại “ba_nam_lien_tuc” không có; dùng consecutive_awards"
    )
    with pytest.raises(ValidationError) as error:
        validate_prerequisites([{"rule": "consecutive_awards", "awards": ["x"]}])
    assert error.value.message_dict == {"prerequisites": ["Điều kiện thứ 1 thiếu: years."]}


def test_checks_read_history_in_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    dossier = make_dossier(world, award_code="chien-si-thi-dua-tinh", nominees=[f"Người {i}" for i in range(6)])
    with django_assert_max_num_queries(4):
        results = check_dossier(dossier)
    assert len(results) == 6
