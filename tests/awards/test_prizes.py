"""Prize money: the amount on the signing date, refusals that name what to enter, the decision's
article and totals, and the yearly workbook per deciding unit."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from awards import citations, services
from awards.models import BaseSalary, Decision, Prize
from awards.services.prizes import prize_amount, rewards_for

from .conftest import make_ready, vote

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("coefficient", "amount"),
    [
        ("0.3", 710_000),  # 702,000 rounded up to the next ten thousand
        ("0.8", 1_880_000),  # 1,872,000
        ("1.0", 2_340_000),  # already a multiple: unchanged
        ("1.5", 3_510_000),
        ("4.5", 10_530_000),
        ("12", 28_080_000),
    ],
)
def test_the_reward_is_the_coefficient_times_the_base_salary_rounded_up(coefficient, amount):
    assert prize_amount(Decimal(coefficient), 2_340_000) == amount


def test_the_catalogue_carries_the_decrees_coefficients(catalogue):
    coefficients = {code: catalogue[code].prize_coefficient for code in catalogue}
    assert coefficients["chien-si-thi-dua-toan-quoc"] == Decimal("4.5")
    assert coefficients["lao-dong-tien-tien"] == Decimal("0.3")
    assert coefficients["co-thi-dua-chinh-phu"] == Decimal("12")
    assert coefficients["co-thi-dua-tinh"] == Decimal("8")
    assert coefficients["giay-khen"] == Decimal("0.3")
    assert catalogue["giay-khen"].prize_basis.startswith("điểm e khoản 1 Điều 54 Nghị định số 152/2025/NĐ-CP")
    # Not found in the decree's published text: left for an admin to enter, and issuing says so.
    assert catalogue["bang-khen-chu-tich-tinh"].prize_coefficient_collective is None
    assert coefficients["huan-chuong-huu-nghi"] is None and coefficients["nha-giao-nhan-dan"] is None


def test_the_base_salary_in_force_on_the_signing_date_is_used(world, catalogue):
    nominees = list(make_ready(world).nominees.all())
    award_type = catalogue["lao-dong-tien-tien"]
    # Decree 161/2026/NĐ-CP raises it from its own day only.
    assert BaseSalary.objects.on(datetime.date(2026, 7, 1)).legal_basis == (
        "Nghị định số 161/2026/NĐ-CP ngày 15/5/2026, Điều 3 khoản 2"
    )
    assert [r.amount for r in rewards_for(award_type, datetime.date(2026, 6, 30), nominees)] == [710_000]
    assert [r.amount for r in rewards_for(award_type, datetime.date(2026, 7, 1), nominees)] == [760_000]
    with pytest.raises(ValidationError) as refused:
        rewards_for(award_type, datetime.date(2024, 6, 30), nominees)
    assert refused.value.messages == [
        "Chưa ban hành được quyết định vì chưa tính được tiền thưởng. Hãy nhập mức lương cơ sở áp dụng ngày"
        " 30/06/2024 (Quản trị → Mức lương cơ sở: số tiền, ngày áp dụng, căn cứ nghị định)."
    ]


def test_a_missing_coefficient_refuses_the_decision_and_writes_nothing(world, catalogue):
    award_type = catalogue["lao-dong-tien-tien"]
    award_type.prize_coefficient = None
    award_type.save()
    dossier = make_ready(world)
    services.schedule_dossier(actor=world.staff, dossier=dossier, session=world.session)
    services.open_voting(actor=world.secretary, session=world.session)
    vote(world, world.session, dossier.nominees.get(), approvals=10)
    services.close_voting(actor=world.secretary, session=world.session)
    services.apply_results(actor=world.secretary, session=world.session)
    with pytest.raises(ValidationError) as refused:
        services.issue_decision(
            actor=world.staff,
            session=world.session,
            award_type=award_type,
            data={
                "issuing_unit": world.province,
                "issuing_body_line": "ỦY BAN NHÂN DÂN\nTỈNH BẮC NINH",
                "number": "5",
                "symbol": "QĐ-UBND",
                "place": "Bắc Ninh",
                "issued_on": datetime.date(2025, 12, 20),
                "title": "Về việc tặng danh hiệu “Lao động tiên tiến” năm 2025",
                "signer_name": "Vương Quốc Tuấn",
            },
            nominees=list(dossier.nominees.all()),
        )
    assert refused.value.messages == [
        "Chưa ban hành được quyết định vì chưa tính được tiền thưởng. Hãy nhập “hệ số tiền thưởng (lần mức lương cơ"
        " sở)” của “Lao động tiên tiến” (Quản trị → Danh hiệu, hình thức khen thưởng), theo Nghị định số"
        " 152/2025/NĐ-CP."
    ]
    assert not Decision.objects.exists() and not Prize.objects.exists()
    dossier.refresh_from_db()
    assert dossier.status == "voted"


def test_each_awarded_nominee_keeps_the_amount_of_the_signing_date(decided):
    _, decision = decided
    assert sorted(decision.prizes.values_list("nominee__full_name", "coefficient", "base_salary", "amount")) == [
        ("Nguyễn Thị Lan", Decimal("0.30"), 2_340_000, 710_000),
        ("Trần Văn Bình", Decimal("0.30"), 2_340_000, 710_000),
    ]
    # A later change of the coefficient does not rewrite an issued decision.
    decision.award_type.prize_coefficient = Decimal("1")
    decision.award_type.save()
    assert set(decision.prizes.values_list("amount", flat=True)) == {710_000}


def test_the_yearly_report_lists_each_award_and_the_totals(client, world, decided):
    _, decision = decided
    url = reverse("awards:prize_report", args=[world.province.pk, 2025])
    client.force_login(world.officer)
    assert client.get(url).status_code == 403  # the money is for the administration's staff
    client.force_login(world.staff)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="khen-thuong-tien-thuong-2025-{world.province.pk}.xlsx"'
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [tuple(cell for cell in row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0][0] == "BÁO CÁO KHEN THƯỞNG VÀ TIỀN THƯỞNG NĂM 2025"
    assert rows[1][0] == "Cơ quan quyết định: Ủy ban nhân dân tỉnh Bắc Ninh"
    assert rows[2][:3] == ("TT", "Quyết định", "Ngày ký")
    assert [r[:10] for r in rows[3:5]] == [
        (
            1,
            "12/QĐ-UBND",
            "12/03/2025",
            "Lao động tiên tiến",
            "Nguyễn Thị Lan",
            "Cá nhân",
            "Sở Giáo dục và Đào tạo",
            0.3,
            2340000,
            710000,
        ),
        (
            2,
            "12/QĐ-UBND",
            "12/03/2025",
            "Lao động tiên tiến",
            "Trần Văn Bình",
            "Cá nhân",
            "Sở Giáo dục và Đào tạo",
            0.3,
            2340000,
            710000,
        ),
    ]
    assert rows[-2][1:] == ("Lao động tiên tiến", None, None, 2, None, None, None, None, 710000 * 2)
    assert rows[-1][1:] == ("Tổng cộng", None, None, 2, None, None, None, None, 1_420_000)
    # Another year holds nothing of this decision.
    empty = load_workbook(
        io.BytesIO(client.get(reverse("awards:prize_report", args=[world.province.pk, 2024])).content)
    )
    assert [row[1] for row in empty.active.iter_rows(values_only=True)][-1] == "Tổng cộng"
    assert decision.issuing_unit == world.province


@pytest.mark.parametrize(
    "day, local_government",
    [
        (
            datetime.date(2025, 2, 28),
            [
                "Căn cứ Luật Tổ chức chính quyền địa phương số 77/2015/QH13 ngày 19 tháng 6 năm 2015;",
                "Căn cứ Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền"
                " địa phương số 47/2019/QH14 ngày 22 tháng 11 năm 2019;",
            ],
        ),
        (
            datetime.date(2025, 3, 1),
            ["Căn cứ Luật Tổ chức chính quyền địa phương số 65/2025/QH15 ngày 19 tháng 02 năm 2025;"],
        ),
        (
            datetime.date(2025, 6, 15),
            ["Căn cứ Luật Tổ chức chính quyền địa phương số 65/2025/QH15 ngày 19 tháng 02 năm 2025;"],
        ),
        (
            datetime.date(2025, 6, 16),
            ["Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15 ngày 16 tháng 6 năm 2025;"],
        ),
    ],
)
def test_a_decision_cites_the_local_government_law_in_force_on_its_signing_day(catalogue, day, local_government):
    bases = citations.legal_bases(day)
    assert [line for line in bases if "chính quyền địa phương" in line] == local_government
    assert bases[len(local_government)] == "Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15 tháng 6 năm 2022;"
