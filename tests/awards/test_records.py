"""The award history after the award: statistics, revocation, posthumous awards, people known by
their citizen ID, and a unit's history through mergers."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from activity.models import ActivityLog
from awards import services
from awards.models import AwardRecord, AwardType, PersonMatch, Revocation
from awards.selectors import person_history, possible_duplicates, unit_history
from awards.services.records import confirm_person_match, revoke_award
from awards.statistics import yearly_statistics
from tests.factories import ProvinceFactory, UnitFactory, UserFactory
from units.models import Role, UnitKind

from .conftest import approve_on_session, decision_data, make_dossier, make_ready

pytestmark = pytest.mark.django_db


def award_type(code, name, level, position, beneficiary="ca_nhan_tap_the"):
    return AwardType.objects.create(
        code=code,
        name=name,
        category="hinh_thuc",
        beneficiary=beneficiary,
        deciding_level=level,
        vote_base="tong_so",
        position=position,
    )


def record(kind="ca_nhan", *, award, unit, decided_by, on, name="Nguyễn Văn An", **fields):
    return AwardRecord.objects.create(
        award_type=award,
        year=on.year,
        kind=kind,
        full_name=name,
        unit=unit,
        decided_by=decided_by,
        decided_on=on,
        **fields,
    )


@pytest.fixture
def land():
    """A province with a Sở, a commune and a school; another province beside it."""
    province = ProvinceFactory(name="Ủy ban nhân dân tỉnh Bắc Ninh")
    home = UnitFactory(name="Sở Nội vụ", parent=province)
    education = UnitFactory(name="Sở Giáo dục và Đào tạo", parent=province)
    commune = UnitFactory(name="Ủy ban nhân dân xã Tiên Du", parent=province, kind=UnitKind.PEOPLES_COMMITTEE)
    school = UnitFactory(name="Trường THPT Lý Thái Tổ", parent=education, kind=UnitKind.SCHOOL)
    other = ProvinceFactory(name="Ủy ban nhân dân tỉnh Hưng Yên")
    return {
        "province": province,
        "home": home,
        "education": education,
        "commune": commune,
        "school": school,
        "other": other,
        "staff": UserFactory(username="bn.noivu", role=Role.PLAN_EDITOR, unit=home),
        "officer": UserFactory(username="bn.gddt", role=Role.UNIT_OFFICER, unit=education),
        "other_staff": UserFactory(username="hy.noivu", role=Role.PLAN_EDITOR, unit=UnitFactory(parent=other)),
    }


@pytest.fixture
def awards_2025(land):
    """The province's chair gave six Bằng khen in 2025 (one revoked since), the Sở and the commune a
    Giấy khen each; a 2024 award and another province's award must not be counted."""
    p, edu, commune, school = land["province"], land["education"], land["commune"], land["school"]
    bk = award_type("test-bang-khen", "Bằng khen của Chủ tịch UBND tỉnh", "tinh", 1)
    gk = award_type("test-giay-khen", "Giấy khen", "co_so", 2)
    day = datetime.date(2025, 12, 20)
    record(award=bk, unit=edu, decided_by=p, on=day, gender="nam", commendation_kind="thuong_xuyen")
    record(award=bk, unit=school, decided_by=p, on=day, gender="nam", commendation_kind="dot_xuat", name="Lê Bình")
    record(
        award=bk,
        unit=edu,
        decided_by=p,
        on=day,
        gender="nu",
        posthumous=True,
        commendation_kind="chuyen_de",
        name="Trần Thị Hoa",
    )
    record("tap_the", award=bk, unit=school, decided_by=p, on=day, commendation_kind="thuong_xuyen", name="Trường")
    record("ho_gia_dinh", award=bk, unit=commune, decided_by=p, on=day, commendation_kind="chuyen_de", name="Hộ")
    revoked = record(award=bk, unit=edu, decided_by=p, on=day, gender="nam", commendation_kind="thuong_xuyen")
    Revocation.objects.create(
        record=revoked,
        ground="a",
        reason="Kê khai gian dối",
        decision_reference="3/QĐ-UBND",
        decided_on=datetime.date(2026, 2, 1),
        signer_name="Vương Quốc Tuấn",
    )
    record(award=gk, unit=school, decided_by=edu, on=day, gender="nu", commendation_kind="thuong_xuyen", name="Mai")
    record("ho_gia_dinh", award=gk, unit=commune, decided_by=commune, on=day, commendation_kind="thuong_xuyen")
    record(award=bk, unit=edu, decided_by=p, on=datetime.date(2024, 12, 20), gender="nam")
    record(award=bk, unit=land["other"], decided_by=land["other"], on=day, gender="nam")
    return {"bang_khen": bk, "giay_khen": gk, "revoked": revoked}


def counts(c):
    return (c.total, c.people, c.men, c.women, c.collectives, c.households, c.posthumous)


def test_a_deciding_units_statistics_count_in_force_awards_of_its_year(land, awards_2025, django_assert_num_queries):
    with django_assert_num_queries(2):
        stats = yearly_statistics(land["province"], 2025)
    assert [(g.level, [(r.label, counts(r.counts)) for r in g.rows]) for g in stats.levels] == [
        ("tinh", [("Bằng khen của Chủ tịch UBND tỉnh", (5, 3, 2, 1, 1, 1, 1))]),
    ]
    assert counts(stats.total) == (5, 3, 2, 1, 1, 1, 1)
    assert stats.revoked == 1
    assert [(r.label, r.counts.total) for r in stats.by_kind] == [
        ("Thường xuyên (theo công trạng, thành tích)", 2),
        ("Theo đợt, chuyên đề", 2),
        ("Đột xuất", 1),
    ]
    assert [(r.label, r.counts.total) for r in stats.by_sector] == [
        ("Ủy ban nhân dân", 1),
        ("Sở, ban, ngành", 2),
        ("Trường học", 2),
    ]
    assert stats.by_decider == []


def test_the_provinces_statistics_take_every_deciding_unit_of_its_tree(land, awards_2025, django_assert_num_queries):
    with django_assert_num_queries(2):
        stats = yearly_statistics(land["commune"], 2025, whole_province=True)  # a commune leads to its province
    assert [(g.title, [(r.label, counts(r.counts)) for r in g.rows]) for g in stats.levels] == [
        (
            "Khen thưởng của Bộ trưởng, Chủ tịch UBND tỉnh",
            [("Bằng khen của Chủ tịch UBND tỉnh", (5, 3, 2, 1, 1, 1, 1))],
        ),
        ("Khen thưởng của Chủ tịch UBND xã, thủ trưởng cơ quan, đơn vị", [("Giấy khen", (2, 1, 0, 1, 0, 1, 0))]),
    ]
    assert counts(stats.total) == (7, 4, 2, 2, 1, 2, 1)
    assert [(r.label, r.counts.total) for r in stats.by_decider] == [
        ("Sở Giáo dục và Đào tạo", 1),
        ("Ủy ban nhân dân tỉnh Bắc Ninh", 5),
        ("Ủy ban nhân dân xã Tiên Du", 1),
    ]


def test_the_statistics_page_counts_in_a_constant_number_of_queries(client, land, awards_2025):
    url = reverse("awards:province_statistics", args=[land["province"].pk, 2025])
    client.force_login(land["staff"])
    with CaptureQueriesContext(connection) as few:
        response = client.get(url)
    assert response.status_code == 200
    p, edu = land["province"], land["education"]
    for i in range(30):
        record(
            award=awards_2025["giay_khen"], unit=edu, decided_by=edu, on=datetime.date(2025, 6, 1), name=f"Người {i}"
        )
        record(award=awards_2025["bang_khen"], unit=p, decided_by=p, on=datetime.date(2025, 6, 1), gender="nu")
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(many) == len(few)
    page = response.content.decode()
    # The chart is drawn on the server, each bar named; the table carries the same numbers.
    assert '<svg class="bar-chart"' in page and 'aria-labelledby="chart-awards-title"' in page
    assert "<title>Bằng khen của Chủ tịch UBND tỉnh: 35</title>" in page
    assert "<title>Giấy khen: 32</title>" in page
    assert "Không tính 1 khen thưởng đã bị thu hồi." in page


def test_the_workbook_has_the_shape_reported_upward(client, land, awards_2025):
    client.force_login(land["staff"])
    response = client.get(reverse("awards:province_statistics_xlsx", args=[land["province"].pk, 2025]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="thong-ke-khen-thuong-2025-toan-tinh-{land["province"].pk}.xlsx"'
    )
    book = load_workbook(io.BytesIO(response.content))
    main, other, form = book.worksheets
    assert form.title == "Biểu 0603.N"
    rows = [tuple(row) for row in main.iter_rows(values_only=True)]
    assert rows == [
        ("BÁO CÁO THỐNG KÊ KẾT QUẢ KHEN THƯỞNG NĂM 2025", *[None] * 8),
        ("Toàn tỉnh (các cơ quan quyết định thuộc Ủy ban nhân dân tỉnh Bắc Ninh)", *[None] * 8),
        ("Năm 2025 (theo ngày ký quyết định khen thưởng); đơn vị tính: lượt", *[None] * 8),
        (
            "TT",
            "Danh hiệu thi đua, hình thức khen thưởng",
            "Tổng số",
            "Cá nhân",
            None,
            None,
            "Tập thể",
            "Hộ gia đình",
            "Trong đó truy tặng",
        ),
        (None, None, None, "Tổng số", "Nam", "Nữ", None, None, None),
        ("I", "Khen thưởng của Bộ trưởng, Chủ tịch UBND tỉnh", 5, 3, 2, 1, 1, 1, 1),
        (1, "Bằng khen của Chủ tịch UBND tỉnh", 5, 3, 2, 1, 1, 1, 1),
        ("II", "Khen thưởng của Chủ tịch UBND xã, thủ trưởng cơ quan, đơn vị", 2, 1, 0, 1, 0, 1, 0),
        (1, "Giấy khen", 2, 1, 0, 1, 0, 1, 0),
        (None, "Tổng cộng", 7, 4, 2, 2, 1, 2, 1),
        (None, "Không tính 1 khen thưởng đã bị thu hồi.", *[None] * 7),
    ]
    assert {str(r) for r in main.merged_cells.ranges} == {"A4:A5", "B4:B5", "C4:C5", "D4:F4", "G4:G5", "H4:H5", "I4:I5"}
    rows = [tuple(row) for row in other.iter_rows(min_row=6, values_only=True)]
    assert [r[:3] for r in rows] == [
        ("I", "Theo loại khen thưởng", 7),
        (1, "Thường xuyên (theo công trạng, thành tích)", 4),
        (2, "Theo đợt, chuyên đề", 2),
        (3, "Đột xuất", 1),
        ("II", "Theo khối, lĩnh vực của đơn vị được khen (hoặc đề nghị khen cá nhân)", 7),
        (1, "Ủy ban nhân dân", 2),
        (2, "Sở, ban, ngành", 2),
        (3, "Trường học", 3),
        ("III", "Theo cơ quan quyết định", 7),
        (1, "Sở Giáo dục và Đào tạo", 1),
        (2, "Ủy ban nhân dân tỉnh Bắc Ninh", 5),
        (3, "Ủy ban nhân dân xã Tiên Du", 1),
    ]


def test_the_form_0603_counts_the_provinces_own_awards_by_recipient_and_kind(client, land, awards_2025):
    """Biểu số 0603.N/BNV-TĐKT: Bằng khen, CSTĐ tỉnh, Cờ thi đua and Kỷ niệm chương of the province,
    by kind of recipient (an enterprise among the collectives) and by kind of commendation."""
    p, edu = land["province"], land["education"]
    firm = UnitFactory(name="Công ty cổ phần Kính Đáp Cầu", parent=p, kind=UnitKind.ENTERPRISE)
    day = datetime.date(2025, 12, 22)
    chair = AwardType.objects.get(code="bang-khen-chu-tich-tinh")
    fighter = AwardType.objects.get(code="chien-si-thi-dua-tinh")
    flag = AwardType.objects.get(code="co-thi-dua-tinh")
    record(award=chair, unit=edu, decided_by=p, on=day, gender="nu", commendation_kind="thuong_xuyen")
    record(award=chair, unit=edu, decided_by=p, on=day, gender="nam", commendation_kind="dot_xuat", name="Lê Văn Nam")
    record("tap_the", award=chair, unit=firm, decided_by=p, on=day, commendation_kind="chuyen_de", name="Công ty")
    record(award=fighter, unit=edu, decided_by=p, on=day, gender="nam", commendation_kind="thuong_xuyen", name="Bình")
    record("tap_the", award=flag, unit=edu, decided_by=p, on=day, commendation_kind="thuong_xuyen", name="Sở GD&ĐT")
    client.force_login(land["staff"])
    response = client.get(reverse("awards:statistics_xlsx", args=[p.pk, 2025]))
    form = load_workbook(io.BytesIO(response.content))["Biểu 0603.N"]
    rows = [tuple(row) for row in form.iter_rows(values_only=True)]
    assert rows[:5] == [
        ("Biểu số: 0603.N/BNV-TĐKT", *[None] * 7),
        ("Ban hành theo Thông tư số 02/2023/TT-BNV ngày 23/3/2023", *[None] * 7),
        ("Đơn vị báo cáo: Ủy ban nhân dân tỉnh Bắc Ninh", *[None] * 7),
        (
            "SỐ LƯỢNG KHEN THƯỞNG CẤP BỘ, BAN, NGÀNH, ĐOÀN THỂ TRUNG ƯƠNG VÀ TỈNH, THÀNH PHỐ TRỰC THUỘC TRUNG ƯƠNG",
            *[None] * 7,
        ),
        ("Năm 2025", *[None] * 7),
    ]
    assert rows[6][4:] == (
        "Bằng khen",
        "Chiến sĩ thi đua cấp bộ, cấp tỉnh",
        "Cờ thi đua của bộ, ban, ngành, đoàn thể Trung ương, tỉnh, thành phố trực thuộc Trung ương",
        "Huy hiệu (kỷ niệm chương) của bộ, ban, ngành, đoàn thể Trung ương, tỉnh, thành phố trực thuộc Trung ương",
    )
    # code: (total, Bằng khen, CSTĐ, Cờ, Kỷ niệm chương); the test's own "Bằng khen" row is not the catalogue's
    lines = {row[1]: row[3:] for row in rows[8:] if row[1]}
    assert lines == {
        "01": (5, 3, 1, 1, 0),
        "02": (2, 1, 0, 1, 0),
        "03": (1, 1, 0, 0, 0),
        "04": (0, 0, 0, 0, 0),
        "05": (3, 2, 1, 0, 0),
        "06": (None,) * 5,
        "07": (None,) * 5,
        "08": (None,) * 5,
        "09": (None,) * 5,
        "10": (None,) * 5,
        "11": (3, 1, 1, 1, 0),
        "12": (1, 1, 0, 0, 0),
        "13": (1, 1, 0, 0, 0),
        "14": (0, 0, 0, 0, 0),
        "15": (0, 0, 0, 0, 0),
        "16": (0, 0, 0, 0, 0),
        "17": (None,) * 5,
    }
    assert rows[-1][0] == (
        "Dòng 06–10 (chức vụ của cá nhân) và 17 (kháng chiến): cổng chưa ghi nhận, để trống. "
        "Không tính 1 khen thưởng đã bị thu hồi."
    )


def test_statistics_are_for_the_administrations_staff(client, land, awards_2025):
    unit_url = reverse("awards:statistics", args=[land["province"].pk, 2025])
    province_url = reverse("awards:province_statistics", args=[land["province"].pk, 2025])
    for user, expected in ((land["officer"], 403), (land["other_staff"], 403), (land["staff"], 200)):
        client.force_login(user)
        assert (client.get(unit_url).status_code, client.get(province_url).status_code) == (expected, expected)


# Revocation ------------------------------------------------------------------------------------

REVOCATION = {
    "ground": "b",
    "reason": "Báo cáo thành tích kê sáng kiến không có thật",
    "decision_reference": "45/QĐ-UBND",
    "decided_on": datetime.date(2026, 3, 15),
    "signer_name": "Vương Quốc Tuấn",
    "amount_to_recover": 710_000,
}


def test_revoking_keeps_the_award_marked_and_out_of_the_counts(land, awards_2025):
    bk, p = awards_2025["bang_khen"], land["province"]
    award = record(award=bk, unit=p, decided_by=p, on=datetime.date(2025, 12, 20), gender="nam")
    before = yearly_statistics(p, 2025).total.total
    revoke_award(actor=land["staff"], award=award, data=REVOCATION)
    award.refresh_from_db()
    assert award.is_revoked and award.revocation.amount_to_recover == 710_000
    assert yearly_statistics(p, 2025).total.total == before - 1
    assert not AwardRecord.objects.in_force().filter(pk=award.pk).exists()
    log = ActivityLog.objects.get(action="award.revoke")
    assert log.summary == (
        "Thu hồi “Bằng khen của Chủ tịch UBND tỉnh” của Nguyễn Văn An (2025) theo Quyết định 45/QĐ-UBND "
        "ngày 15/03/2026; phải thu hồi 710.000 đồng"
    )
    assert log.after["ground"] == "b" and log.after["amount_to_recover"] == 710_000
    with pytest.raises(ValidationError) as twice:
        revoke_award(actor=land["staff"], award=award, data=REVOCATION)
    assert twice.value.messages == ["Khen thưởng này đã bị thu hồi từ trước."]


def test_a_revocation_cannot_predate_the_award(land, awards_2025):
    p = land["province"]
    award = record(award=awards_2025["bang_khen"], unit=p, decided_by=p, on=datetime.date(2025, 12, 20))
    with pytest.raises(ValidationError) as refused:
        revoke_award(actor=land["staff"], award=award, data=REVOCATION | {"decided_on": datetime.date(2025, 1, 2)})
    assert refused.value.message_dict == {
        "decided_on": ["Quyết định thu hồi không thể ký trước quyết định khen thưởng (ngày 20/12/2025)."]
    }
    assert not Revocation.objects.filter(record=award).exists()
    assert not ActivityLog.objects.filter(action="award.revoke").exists()


def test_the_revocation_page_is_the_deciding_units_staffs(client, land, awards_2025):
    p = land["province"]
    award = record(award=awards_2025["bang_khen"], unit=p, decided_by=p, on=datetime.date(2025, 12, 20))
    url = reverse("awards:revoke", args=[award.pk])
    form = REVOCATION | {"decided_on": "15/03/2026"}
    for user in (land["officer"], land["other_staff"]):
        client.force_login(user)
        assert client.post(url, form).status_code == 403
    client.force_login(land["staff"])
    assert client.post(url, form | {"decided_on": "31/02/2026"}).status_code == 200  # shown again, not saved
    assert not Revocation.objects.filter(record=award).exists()
    response = client.post(url, form)
    assert response.status_code == 302 and response["Location"] == reverse("awards:person", args=[award.pk])
    page = client.get(reverse("awards:history")).content.decode()
    assert "<strong>Đã thu hồi</strong> theo Quyết định 45/QĐ-UBND ngày 15/03/2026" in page
    assert client.get(url).status_code == 403  # nothing left to revoke


# Posthumous awards and citizen IDs --------------------------------------------------------------


def test_a_posthumous_award_says_so_in_the_decision_the_history_and_the_certificate(decided_posthumously):
    from awards.selectors import decision_document
    from certificates.layout import field_texts

    decision = decided_posthumously
    nominee = decision.nominees.get()
    assert [row["name"] for row in decision_document(decision)["appendix"]] == ["Trần Thị Hoa (truy tặng)"]
    award = AwardRecord.objects.get(nominee=nominee)
    assert (award.posthumous, award.display_name, award.citizen_id) == (
        True,
        "Trần Thị Hoa (truy tặng)",
        "034185001234",
    )
    assert field_texts(decision, nominee, 3)["recipient"] == "Truy tặng bà Trần Thị Hoa"


@pytest.fixture
def decided_posthumously(world):
    dossier = make_ready(world, nominees=["Trần Thị Hoa"], gender="nu", posthumous=True, citizen_id="034185001234")
    approve_on_session(world, dossier)
    return services.issue_decision(
        actor=world.staff,
        session=world.session,
        award_type=dossier.award_type,
        data=decision_data(
            world,
            datetime.date(2025, 12, 22),
            number="30",
            title="Về việc truy tặng danh hiệu “Lao động tiên tiến” năm 2025",
            prize_fund="",
        ),
        nominees=list(dossier.nominees.all()),
    )


def test_a_citizen_id_has_twelve_digits(world):
    dossier = make_dossier(world, nominees=[])
    data = {"kind": "ca_nhan", "full_name": "Phạm Văn Nam", "birth_year": 1985}
    for wrong in ("03408500123", "0340850012345", "03408500123A"):
        with pytest.raises(ValidationError) as refused:
            services.add_nominee(actor=world.officer, dossier=dossier, data=data | {"citizen_id": wrong})
        assert refused.value.message_dict == {
            "citizen_id": [
                "Số định danh cá nhân (số căn cước, CCCD) phải gồm đúng 12 chữ số, không có dấu cách hay chữ, "
                "ví dụ 034085001234."
            ]
        }
    nominee = services.add_nominee(actor=world.officer, dossier=dossier, data=data | {"citizen_id": "034 085 001 234"})
    assert nominee.citizen_id == "034085001234"
    with pytest.raises(ValidationError) as collective:
        services.add_nominee(
            actor=world.officer, dossier=dossier, data={"kind": "tap_the", "unit": world.health, "posthumous": True}
        )
    assert collective.value.message_dict == {
        "posthumous": ["Chỉ truy tặng cho cá nhân, không cho tập thể hay hộ gia đình."]
    }
    assert list(dossier.nominees.values_list("full_name", flat=True)) == ["Phạm Văn Nam"]


# People known by their ID ------------------------------------------------------------------------


@pytest.fixture
def namesakes(land, awards_2025):
    """Four rows for "Nguyễn Văn An", born 1980: two carry his ID, one at the same unit has none,
    one at another unit has none, one has another person's ID."""
    bk, p, edu, school = awards_2025["bang_khen"], land["province"], land["education"], land["school"]

    def an(year, unit, citizen_id=""):
        return record(
            award=bk, unit=unit, decided_by=p, on=datetime.date(year, 12, 1), birth_year=1980, citizen_id=citizen_id
        )

    return {
        "first": an(2021, edu, "034080001111"),
        "second": an(2023, school, "034080001111"),
        "no_id": an(2022, edu),
        "elsewhere": an(2019, school),
        "other_person": an(2024, edu, "034080009999"),
    }


def test_a_persons_history_is_found_by_id_else_by_name_birth_year_and_unit(namesakes, django_assert_num_queries):
    with django_assert_num_queries(3):
        found = person_history(namesakes["first"])
    assert [r.year for r in found] == [2023, 2022, 2021]
    assert [r.year for r in person_history(namesakes["no_id"])] == [2024, 2022, 2021]  # name, birth year, unit


def test_a_confirmed_pair_joins_one_persons_history(land, namesakes):
    first, elsewhere = namesakes["first"], namesakes["elsewhere"]
    pairs = [(p["first"].year, p["second"].year) for p in possible_duplicates(land["province"].pk)]
    # Every pair but the two rows with the same ID; oldest row (lowest id) first.
    assert sorted(pairs) == sorted(
        [
            (2021, 2022),
            (2021, 2019),
            (2021, 2024),
            (2023, 2022),
            (2023, 2019),
            (2023, 2024),
            (2022, 2019),
            (2022, 2024),
            (2019, 2024),
        ]
    )
    confirm_person_match(actor=land["staff"], first=elsewhere, second=first, same=True)
    assert [r.year for r in person_history(first)] == [2023, 2022, 2021, 2019]
    left = {(p["first"].pk, p["second"].pk) for p in possible_duplicates(land["province"].pk)}
    assert tuple(sorted((first.pk, elsewhere.pk))) not in left and len(left) == 8
    match = PersonMatch.objects.get()
    assert (match.first_id, match.second_id, match.same) == (*sorted((first.pk, elsewhere.pk)), True)
    assert ActivityLog.objects.filter(action="award.person_match").count() == 1
    # Two different IDs are two people.
    with pytest.raises(ValidationError) as refused:
        confirm_person_match(actor=land["staff"], first=first, second=namesakes["other_person"], same=True)
    assert refused.value.messages == [
        "Hai dòng có hai số định danh cá nhân khác nhau (034080001111 và 034080009999): không thể là cùng một "
        "người. Nếu một số ghi sai, hãy sửa số đó trước."
    ]
    confirm_person_match(actor=land["staff"], first=first, second=namesakes["no_id"], same=False)
    assert [r.year for r in person_history(first)] == [2023, 2021, 2019]


def test_the_duplicates_page_confirms_through_the_service(client, land, namesakes):
    confirm_url = reverse("awards:person_confirm", args=[namesakes["first"].pk])
    client.force_login(land["officer"])
    assert client.get(reverse("awards:duplicates")).status_code == 403
    client.force_login(land["other_staff"])
    assert "Nguyễn Văn An" not in client.get(reverse("awards:duplicates")).content.decode()  # another province's
    response = client.post(confirm_url, {"other": namesakes["elsewhere"].pk, "same": "1"})
    assert response.status_code == 403 and not PersonMatch.objects.exists()
    client.force_login(land["staff"])
    with CaptureQueriesContext(connection) as reading:
        page = client.get(reverse("awards:duplicates")).content.decode()
    assert page.count("Cùng một người</button>") == 7
    # However many pairs: the rows, the names repeated, the answers, and the session's own reads.
    assert len(reading) <= 6
    response = client.post(confirm_url, {"other": namesakes["elsewhere"].pk, "same": "1"})
    assert response.status_code == 302 and PersonMatch.objects.get().same is True
    page = client.get(reverse("awards:person", args=[namesakes["first"].pk])).content.decode()
    assert page.count("<tr>") + page.count('<tr class="revoked">') == 5  # header and four awards


# A unit's history through mergers ----------------------------------------------------------------


def test_a_units_history_includes_the_units_merged_into_it(client, land, awards_2025):
    bk, p = awards_2025["bang_khen"], land["province"]
    new = UnitFactory(name="Sở Nông nghiệp và Môi trường", parent=p)
    old = UnitFactory(name="Sở Tài nguyên và Môi trường", parent=p, successor=new, active_to=datetime.date(2025, 2, 28))
    older = UnitFactory(name="Chi cục Bảo vệ môi trường", parent=old, successor=old)
    for unit, year in ((new, 2025), (old, 2023), (older, 2020)):
        record("tap_the", award=bk, unit=unit, decided_by=p, on=datetime.date(year, 12, 1), name=unit.name)
    assert [r.year for r in unit_history(new).order_by("-year")] == [2025, 2023, 2020]
    assert [r.year for r in unit_history(old).order_by("-year")] == [2023, 2020]
    client.force_login(land["officer"])
    page = client.get(reverse("awards:unit_history", args=[new.pk])).content.decode()
    assert (
        "Gồm cả khen thưởng của các đơn vị đã sáp nhập vào đơn vị này: Chi cục Bảo vệ môi trường; "
        "Sở Tài nguyên và Môi trường (đến 28/02/2025)."
    ) in page


def test_the_nominee_form_takes_the_id_as_the_card_prints_it(client, world):
    dossier = make_dossier(world, nominees=[])
    client.force_login(world.officer)
    url = reverse("awards:nominee_add", args=[dossier.pk])
    form = {"kind": "ca_nhan", "full_name": "Phạm Văn Nam", "birth_year": "1985", "excellent_years": "0"}
    form |= {"initiative_count": "0"}
    refused = client.post(url, form | {"citizen_id": "034 085 001 23"}).content.decode()
    assert "Số định danh cá nhân (số căn cước, CCCD) phải gồm đúng 12 chữ số" in refused
    assert not dossier.nominees.exists()
    client.post(url, form | {"citizen_id": "034 085 001 234", "posthumous": "on"})
    assert list(dossier.nominees.values_list("citizen_id", "posthumous")) == [("034085001234", True)]


def test_the_new_pages_speak_vietnamese(client, land, namesakes):
    from tests.portal.test_vietnamese import foreign

    p = land["province"]
    client.force_login(land["staff"])
    urls = [
        reverse("awards:statistics", args=[p.pk, 2025]),
        reverse("awards:province_statistics", args=[p.pk, 2025]),
        reverse("awards:duplicates"),
        reverse("awards:person", args=[namesakes["first"].pk]),
        reverse("awards:revoke", args=[namesakes["first"].pk]),
        reverse("awards:unit_history", args=[land["education"].pk]),
        reverse("awards:history"),
    ]
    problems = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        if found := foreign(response.content.decode(), raw=True):
            problems[url] = found
    assert problems == {}


def test_only_staff_search_the_award_history_by_a_citizen_id(client, land, namesakes):
    """A full ID finds its person's rows for staff; for anyone else it is just text that matches no
    name, so the history cannot tell them whose an ID is."""
    url = reverse("awards:history") + "?q=034 080 001 111"
    client.force_login(land["officer"])
    assert list(client.get(url).context["records"]) == []
    client.force_login(land["staff"])
    assert sorted(r.year for r in client.get(url).context["records"]) == [2021, 2023]
