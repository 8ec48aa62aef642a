"""The award catalogue, row by row, as the law writes it: a wrong edit of
fixtures/awards/catalogue.json (a name, who receives it, who decides, the prize, the basis, the
dates) fails here. Each legal point was checked against the published texts; an article that
could not be checked says so in the basis ("số điều chưa đối chiếu")."""

import datetime
from decimal import Decimal

import pytest

from awards.models import AwardType, Procedure

pytestmark = pytest.mark.django_db

LAW = "Luật Thi đua, khen thưởng số 06/2022/QH15"
DEC = "Nghị định số 98/2023/NĐ-CP (đến 30/6/2025); Nghị định số 152/2025/NĐ-CP (từ 01/7/2025)"
U = "số điều chưa đối chiếu"
HONOURS = "khoản 2 Điều 59 (các danh hiệu vinh dự nhà nước); điều riêng về "
CULTURE = (
    "Nghị định số 86/2023/NĐ-CP ngày 07/12/2023 (khung tiêu chuẩn, thủ tục xét tặng “Gia đình văn hóa”, "
    "“Thôn, tổ dân phố văn hóa”, “Xã, phường, thị trấn tiêu biểu”)"
)

# code, name, beneficiary, who decides, prize coefficient (of the base salary), legal basis, valid from, to
CATALOGUE = [
    (
        "chien-si-thi-dua-toan-quoc",
        "Chiến sĩ thi đua toàn quốc",
        "ca_nhan",
        "chinh_phu",
        "4.5",
        f"{LAW}, Điều 21; {DEC}",
        "2024-01-01",
        None,
    ),
    (
        "chien-si-thi-dua-tinh",
        "Chiến sĩ thi đua bộ, ban, ngành, tỉnh",
        "ca_nhan",
        "tinh",
        "3.0",
        f"{LAW}, điều về danh hiệu “Chiến sĩ thi đua bộ, ban, ngành, tỉnh” ({U}); {DEC}",
        "2024-01-01",
        None,
    ),
    (
        "chien-si-thi-dua-co-so",
        "Chiến sĩ thi đua cơ sở",
        "ca_nhan",
        "co_so",
        "1.0",
        f"{LAW}, Điều 23; {DEC}",
        "2024-01-01",
        None,
    ),
    (
        "lao-dong-tien-tien",
        "Lao động tiên tiến",
        "ca_nhan",
        "co_so",
        "0.3",
        f"{LAW}, Điều 24 (khoản 1: “Lao động tiên tiến”); {DEC}",
        "2024-01-01",
        None,
    ),
    (
        "chien-si-tien-tien",
        "Chiến sĩ tiên tiến",
        "ca_nhan",
        "co_so",
        "0.3",
        f"{LAW}, Điều 24 (khoản 1: “Lao động tiên tiến”); {DEC}",
        "2024-01-01",
        None,
    ),
    (
        "co-thi-dua-chinh-phu",
        "Cờ thi đua của Chính phủ",
        "tap_the",
        "chinh_phu",
        "12.0",
        f"{LAW}, Điều 25; {DEC}",
        "2024-01-01",
        None,
    ),
    (
        "co-thi-dua-tinh",
        "Cờ thi đua của bộ, ban, ngành, tỉnh",
        "tap_the",
        "tinh",
        "8.0",
        f"{LAW}, Điều 26; {DEC}",
        "2024-01-01",
        None,
    ),
    (
        "tap-the-lao-dong-xuat-sac",
        "Tập thể lao động xuất sắc",
        "tap_the",
        "tinh",
        "1.5",
        f"{LAW}, Điều 27; {DEC}",
        "2024-01-01",
        None,
    ),
    (
        "don-vi-quyet-thang",
        "Đơn vị quyết thắng",
        "tap_the",
        "tinh",
        "1.5",
        f"{LAW}, Điều 27; {DEC}",
        "2024-01-01",
        None,
    ),
    (
        "tap-the-lao-dong-tien-tien",
        "Tập thể lao động tiên tiến",
        "tap_the",
        "co_so",
        "0.8",
        f"{LAW}, điều về danh hiệu “Tập thể lao động tiên tiến”, “Đơn vị tiên tiến” ({U}); {DEC}",
        "2024-01-01",
        None,
    ),
    (
        "don-vi-tien-tien",
        "Đơn vị tiên tiến",
        "tap_the",
        "co_so",
        "0.8",
        f"{LAW}, điều về danh hiệu “Tập thể lao động tiên tiến”, “Đơn vị tiên tiến” ({U}); {DEC}",
        "2024-01-01",
        None,
    ),
    (
        "xa-phuong-tieu-bieu",
        "Xã, phường, thị trấn tiêu biểu",
        "tap_the",
        "tinh",
        "2.0",
        f"{LAW}; {CULTURE}; Nghị định số 98/2023/NĐ-CP",
        "2024-01-01",
        "2025-06-30",
    ),
    (
        "xa-phuong-dac-khu-tieu-bieu",
        "Xã, phường, đặc khu tiêu biểu",
        "tap_the",
        "tinh",
        "2.0",
        f"{LAW}; {CULTURE}; Nghị định số 152/2025/NĐ-CP (tên gọi theo chính quyền địa phương hai cấp từ 01/7/2025)",
        "2025-07-01",
        None,
    ),
    (
        "thon-to-dan-pho-van-hoa",
        "Thôn, tổ dân phố văn hóa",
        "tap_the",
        "co_so",
        "1.5",
        f"{LAW}; {CULTURE}; {DEC}",
        "2024-01-01",
        None,
    ),
    (
        "gia-dinh-van-hoa",
        "Gia đình văn hóa",
        "ho_gia_dinh",
        "co_so",
        None,
        f"{LAW}; {CULTURE}; {DEC}",
        "2024-01-01",
        None,
    ),
    (
        "huan-chuong-sao-vang",
        "Huân chương Sao vàng",
        "ca_nhan_tap_the",
        "nha_nuoc",
        "46.0",
        f"{LAW}, khoản 2 Điều 33 (các loại huân chương); {DEC}",
        "2024-01-01",
        None,
    ),
    (
        "huan-chuong-ho-chi-minh",
        "Huân chương Hồ Chí Minh",
        "ca_nhan_tap_the",
        "nha_nuoc",
        "30.5",
        f"{LAW}, khoản 2 Điều 33 (các loại huân chương); {DEC}",
        "2024-01-01",
        None,
    ),
    (
        "huan-chuong-doc-lap-hang-1",
        "Huân chương Độc lập hạng Nhất",
        "ca_nhan_tap_the",
        "nha_nuoc",
        "15.0",
        f"{LAW}, khoản 2 Điều 33 (các loại huân chương); {DEC}",
        "2024-01-01",
        None,
    ),
    (
        "huan-chuong-doc-lap-hang-2",
        "Huân chương Độc lập hạng Nhì",
        "ca_nhan_tap_the",
        "nha_nuoc",
        "12.5",
        f"{LAW}, khoản 2 Điều 33 (các loại huân chương); {DEC}",
        "2024-01-01",
        None,
    ),
    (
        "huan-chuong-doc-lap-hang-3",
        "Huân chương Độc lập hạng Ba",
        "ca_nhan_tap_the",
        "nha_nuoc",
        "10.5",
        f"{LAW}, khoản 2 Điều 33 (các loại huân chương); {DEC}",
        "2024-01-01",
        None,
    ),
    (
        "huan-chuong-quan-cong-hang-1",
        "Huân chương Quân công hạng Nhất",
        "ca_nhan_tap_the",
        "nha_nuoc",
        "15.0",
        f"{LAW}, khoản 2 Điều 33 (các loại huân chương); {DEC}",
        "2024-01-01",
        None,
    ),
    (
        "huan-chuong-quan-cong-hang-2",
        "Huân chương Quân công hạng Nhì",
        "ca_nhan_tap_the",
        "nha_nuoc",
        "12.5",
        f"{LAW}, khoản 2 Điều 33 (các loại huân chương); {DEC}",
        "2024-01-01",
        None,
    ),
    (
        "huan-chuong-quan-cong-hang-3",
        "Huân chương Quân công hạng Ba",
        "ca_nhan_tap_the",
        "nha_nuoc",
        "10.5",
        f"{LAW}, khoản 2 Điều 33 (các loại huân chương); {DEC}",
        "2024-01-01",
        None,
    ),
    (
        "huan-chuong-lao-dong-hang-1",
        "Huân chương Lao động hạng Nhất",
        "ca_nhan_tap_the",
        "nha_nuoc",
        "9.0",
        f"{LAW}, khoản 2 Điều 33 (các loại huân chương); {DEC}",
        "2024-01-01",
        None,
    ),
    (
        "huan-chuong-lao-dong-hang-2",
        "Huân chương Lao động hạng Nhì",
        "ca_nhan_tap_the",
        "nha_nuoc",
        "7.5",
        f"{LAW}, khoản 2 Điều 33 (các loại huân chương); {DEC}",
        "2024-01-01",
        None,
    ),
    (
        "huan-chuong-lao-dong-hang-3",
        "Huân chương Lao động hạng Ba",
        "ca_nhan_tap_the",
        "nha_nuoc",
        "4.5",
        f"{LAW}, khoản 2 Điều 33 (các loại huân chương); {DEC}",
        "2024-01-01",
        None,
    ),
    (
        "huan-chuong-bao-ve-to-quoc-hang-1",
        "Huân chương Bảo vệ Tổ quốc hạng Nhất",
        "ca_nhan_tap_the",
        "nha_nuoc",
        "9.0",
        f"{LAW}, khoản 2 Điều 33 (các loại huân chương); {DEC}",
        "2024-01-01",
        None,
    ),
    (
        "huan-chuong-bao-ve-to-quoc-hang-2",
        "Huân chương Bảo vệ Tổ quốc hạng Nhì",
        "ca_nhan_tap_the",
        "nha_nuoc",
        "7.5",
        f"{LAW}, khoản 2 Điều 33 (các loại huân chương); {DEC}",
        "2024-01-01",
        None,
    ),
    (
        "huan-chuong-bao-ve-to-quoc-hang-3",
        "Huân chương Bảo vệ Tổ quốc hạng Ba",
        "ca_nhan_tap_the",
        "nha_nuoc",
        "4.5",
        f"{LAW}, khoản 2 Điều 33 (các loại huân chương); {DEC}",
        "2024-01-01",
        None,
    ),
    (
        "huan-chuong-chien-cong-hang-1",
        "Huân chương Chiến công hạng Nhất",
        "ca_nhan_tap_the",
        "nha_nuoc",
        "9.0",
        f"{LAW}, khoản 2 Điều 33 (các loại huân chương); {DEC}",
        "2024-01-01",
        None,
    ),
    (
        "huan-chuong-chien-cong-hang-2",
        "Huân chương Chiến công hạng Nhì",
        "ca_nhan_tap_the",
        "nha_nuoc",
        "7.5",
        f"{LAW}, khoản 2 Điều 33 (các loại huân chương); {DEC}",
        "2024-01-01",
        None,
    ),
    (
        "huan-chuong-chien-cong-hang-3",
        "Huân chương Chiến công hạng Ba",
        "ca_nhan_tap_the",
        "nha_nuoc",
        "4.5",
        f"{LAW}, khoản 2 Điều 33 (các loại huân chương); {DEC}",
        "2024-01-01",
        None,
    ),
    (
        "huan-chuong-dai-doan-ket-dan-toc",
        "Huân chương Đại đoàn kết dân tộc",
        "ca_nhan",
        "nha_nuoc",
        "7.5",
        f"{LAW}, khoản 2 Điều 33 (các loại huân chương); {DEC}",
        "2024-01-01",
        None,
    ),
    (
        "huan-chuong-dung-cam",
        "Huân chương Dũng cảm",
        "ca_nhan",
        "nha_nuoc",
        "4.5",
        f"{LAW}, khoản 2 Điều 33 (các loại huân chương); {DEC}",
        "2024-01-01",
        None,
    ),
    (
        "huan-chuong-huu-nghi",
        "Huân chương Hữu nghị",
        "ca_nhan_tap_the",
        "nha_nuoc",
        None,
        f"{LAW}, khoản 2 Điều 33 (các loại huân chương); {DEC}",
        "2024-01-01",
        None,
    ),
    (
        "huy-chuong-chien-si-ve-vang-hang-1",
        "Huy chương Chiến sĩ vẻ vang hạng Nhất",
        "ca_nhan",
        "nha_nuoc",
        None,
        f"{LAW}, khoản 2 Điều 54 (các loại huy chương); {DEC}",
        "2024-01-01",
        None,
    ),
    (
        "huy-chuong-chien-si-ve-vang-hang-2",
        "Huy chương Chiến sĩ vẻ vang hạng Nhì",
        "ca_nhan",
        "nha_nuoc",
        None,
        f"{LAW}, khoản 2 Điều 54 (các loại huy chương); {DEC}",
        "2024-01-01",
        None,
    ),
    (
        "huy-chuong-chien-si-ve-vang-hang-3",
        "Huy chương Chiến sĩ vẻ vang hạng Ba",
        "ca_nhan",
        "nha_nuoc",
        None,
        f"{LAW}, khoản 2 Điều 54 (các loại huy chương); {DEC}",
        "2024-01-01",
        None,
    ),
    (
        "huy-chuong-quan-ky-quyet-thang",
        "Huy chương Quân kỳ quyết thắng",
        "ca_nhan",
        "nha_nuoc",
        None,
        f"{LAW}, Điều 55; {DEC}",
        "2024-01-01",
        None,
    ),
    (
        "huy-chuong-vi-an-ninh-to-quoc",
        "Huy chương Vì an ninh Tổ quốc",
        "ca_nhan",
        "nha_nuoc",
        None,
        f"{LAW}, Điều 56; {DEC}",
        "2024-01-01",
        None,
    ),
    (
        "huy-chuong-huu-nghi",
        "Huy chương Hữu nghị",
        "ca_nhan",
        "nha_nuoc",
        None,
        f"{LAW}, khoản 2 Điều 54 (các loại huy chương); {DEC}",
        "2024-01-01",
        None,
    ),
    (
        "huy-chuong-thanh-nien-xung-phong-ve-vang",
        "Huy chương Thanh niên xung phong vẻ vang",
        "ca_nhan",
        "nha_nuoc",
        None,
        f"{LAW}, Điều 96; Nghị định số 28/2024/NĐ-CP ngày 06/3/2024 (hết hiệu lực từ 01/7/2025: khoản 2 "
        "Điều 59 Nghị định số 152/2025/NĐ-CP); Quyết định số 01/2026/QĐ-TTg của Thủ tướng Chính phủ",
        "2024-04-20",
        None,
    ),
    (
        "ba-me-viet-nam-anh-hung",
        "Bà mẹ Việt Nam anh hùng",
        "ca_nhan",
        "nha_nuoc",
        None,
        f"{LAW}, {HONOURS}Bà mẹ Việt Nam anh hùng: {U}; {DEC}",
        "2024-01-01",
        None,
    ),
    (
        "anh-hung-luc-luong-vu-trang-nhan-dan",
        "Anh hùng Lực lượng vũ trang nhân dân",
        "ca_nhan_tap_the",
        "nha_nuoc",
        None,
        f"{LAW}, {HONOURS}Anh hùng Lực lượng vũ trang nhân dân: {U}; {DEC}",
        "2024-01-01",
        None,
    ),
    (
        "anh-hung-lao-dong",
        "Anh hùng Lao động",
        "ca_nhan_tap_the",
        "nha_nuoc",
        None,
        f"{LAW}, {HONOURS}Anh hùng Lao động: {U}; {DEC}",
        "2024-01-01",
        None,
    ),
    (
        "nha-giao-nhan-dan",
        "Nhà giáo nhân dân",
        "ca_nhan",
        "nha_nuoc",
        None,
        f"{LAW}, {HONOURS}Nhà giáo nhân dân: {U}; {DEC}",
        "2024-01-01",
        None,
    ),
    (
        "nha-giao-uu-tu",
        "Nhà giáo ưu tú",
        "ca_nhan",
        "nha_nuoc",
        None,
        f"{LAW}, {HONOURS}Nhà giáo ưu tú: {U}; {DEC}",
        "2024-01-01",
        None,
    ),
    (
        "thay-thuoc-nhan-dan",
        "Thầy thuốc nhân dân",
        "ca_nhan",
        "nha_nuoc",
        None,
        f"{LAW}, {HONOURS}Thầy thuốc nhân dân: {U}; {DEC}",
        "2024-01-01",
        None,
    ),
    (
        "thay-thuoc-uu-tu",
        "Thầy thuốc ưu tú",
        "ca_nhan",
        "nha_nuoc",
        None,
        f"{LAW}, {HONOURS}Thầy thuốc ưu tú: {U}; {DEC}",
        "2024-01-01",
        None,
    ),
    (
        "nghe-si-nhan-dan",
        "Nghệ sĩ nhân dân",
        "ca_nhan",
        "nha_nuoc",
        None,
        f"{LAW}, {HONOURS}Nghệ sĩ nhân dân: {U}; {DEC}",
        "2024-01-01",
        None,
    ),
    (
        "nghe-si-uu-tu",
        "Nghệ sĩ ưu tú",
        "ca_nhan",
        "nha_nuoc",
        None,
        f"{LAW}, {HONOURS}Nghệ sĩ ưu tú: {U}; {DEC}",
        "2024-01-01",
        None,
    ),
    (
        "nghe-nhan-nhan-dan",
        "Nghệ nhân nhân dân",
        "ca_nhan",
        "nha_nuoc",
        None,
        f"{LAW}, {HONOURS}Nghệ nhân nhân dân: {U}; {DEC}",
        "2024-01-01",
        None,
    ),
    (
        "nghe-nhan-uu-tu",
        "Nghệ nhân ưu tú",
        "ca_nhan",
        "nha_nuoc",
        None,
        f"{LAW}, {HONOURS}Nghệ nhân ưu tú: {U}; {DEC}",
        "2024-01-01",
        None,
    ),
    (
        "giai-thuong-ho-chi-minh",
        "Giải thưởng Hồ Chí Minh",
        "ca_nhan_tap_the",
        "nha_nuoc",
        None,
        f"{LAW}, điều về Giải thưởng Hồ Chí Minh ({U}); {DEC}",
        "2024-01-01",
        None,
    ),
    (
        "giai-thuong-nha-nuoc",
        "Giải thưởng Nhà nước",
        "ca_nhan_tap_the",
        "nha_nuoc",
        None,
        f"{LAW}, điều về Giải thưởng Nhà nước ({U}); {DEC}",
        "2024-01-01",
        None,
    ),
    (
        "ky-niem-chuong",
        "Kỷ niệm chương",
        "ca_nhan",
        "tinh",
        None,
        f"{LAW}, điều về Kỷ niệm chương ({U}); {DEC}",
        "2024-01-01",
        None,
    ),
    (
        "bang-khen-thu-tuong",
        "Bằng khen của Thủ tướng Chính phủ",
        "ca_nhan_tap_the_ho",
        "chinh_phu",
        "3.5",
        f"{LAW}, Điều 73; {DEC}",
        "2024-01-01",
        None,
    ),
    (
        "bang-khen-chu-tich-tinh",
        "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
        "ca_nhan_tap_the_ho",
        "tinh",
        "1.5",
        f"{LAW}, Điều 74; {DEC}",
        "2024-01-01",
        None,
    ),
    (
        "giay-khen",
        "Giấy khen",
        "ca_nhan_tap_the_ho",
        "co_so",
        "0.3",
        f"{LAW}, Điều 75 (khoản 1 điểm d: Giấy khen của Chủ tịch UBND cấp xã); {DEC}",
        "2024-01-01",
        None,
    ),
]


def _day(value):
    return datetime.date.fromisoformat(value) if value else None


def test_every_row_of_the_catalogue_is_the_table_row_for_row():
    loaded = [
        (
            t.code,
            t.name,
            t.beneficiary,
            t.deciding_level,
            None if t.prize_coefficient is None else str(t.prize_coefficient.normalize()),
            t.legal_basis,
            t.valid_from,
            t.valid_to,
        )
        for t in AwardType.objects.order_by("position", "code")
    ]
    expected = [
        (
            code,
            name,
            who,
            level,
            None if prize is None else str(Decimal(prize).normalize()),
            basis,
            _day(start),
            _day(end),
        )
        for code, name, who, level, prize, basis, start, end in CATALOGUE
    ]
    assert len(loaded) == len(expected) == 59
    for got, want in zip(loaded, expected, strict=True):
        assert got == want


def test_a_row_replaced_on_01_07_2025_names_its_successor_and_each_day_has_one_row():
    old = AwardType.objects.get(code="xa-phuong-tieu-bieu")
    assert old.successor.code == "xa-phuong-dac-khu-tieu-bieu"
    assert old.on(datetime.date(2025, 6, 30)) == old
    assert old.on(datetime.date(2025, 7, 1)).name == "Xã, phường, đặc khu tiêu biểu"

    def names_on(day):
        return sorted(AwardType.objects.valid_on(day).filter(code__startswith="xa-").values_list("name", flat=True))

    assert names_on(datetime.date(2025, 6, 30)) == ["Xã, phường, thị trấn tiêu biểu"]
    assert names_on(datetime.date(2025, 7, 1)) == ["Xã, phường, đặc khu tiêu biểu"]


def test_the_youth_volunteer_medal_is_appraised_and_proposed_not_voted():
    medal = AwardType.objects.get(code="huy-chuong-thanh-nien-xung-phong-ve-vang")
    assert medal.procedure == Procedure.APPRAISAL and not medal.voted
    assert medal.procedure_basis.startswith(
        "Chủ tịch UBND cấp xã chỉ đạo thẩm định hồ sơ, trình Chủ tịch UBND cấp tỉnh"
    )
    assert medal.required_documents == ["to_trinh", "ban_khai"]
    assert not AwardType.objects.exclude(pk=medal.pk).filter(procedure=Procedure.APPRAISAL).exists()


def test_every_voted_row_says_where_its_vote_share_comes_from():
    high = AwardType.objects.filter(
        code__in=["chien-si-thi-dua-toan-quoc", "chien-si-thi-dua-tinh", "anh-hung-lao-dong"]
    ).values_list("vote_rule_basis", flat=True)
    assert {basis[:73] for basis in high} == {
        "Nghị định số 91/2017/NĐ-CP (hết hiệu lực), khoản 8 Điều 45, từng quy định"
    }
    assert not AwardType.objects.filter(vote_rule_basis="").exists()


TITLE_PRIZES = "Điều 50 Nghị định số 152/2025/NĐ-CP (từ 01/7/2025); Điều 54 Nghị định số 98/2023/NĐ-CP (đến 30/6/2025)"
FORM_PRIZES = "khoản 1 Điều 54 Nghị định số 152/2025/NĐ-CP (cá nhân); mức của tập thể: " + U


def _order(point, both=True):
    own = f"điểm {point} khoản 1 Điều 51 Nghị định số 152/2025/NĐ-CP"
    return f"{own} (cá nhân); khoản 2 Điều 51: tập thể gấp hai lần" if both else own


# code: (collective coefficient, the article the coefficients were read in); rows without a
# coefficient have no basis either
PRIZE_BASES = {
    **{
        code: (None, TITLE_PRIZES)
        for code in [
            "chien-si-thi-dua-toan-quoc",
            "chien-si-thi-dua-tinh",
            "chien-si-thi-dua-co-so",
            "lao-dong-tien-tien",
            "chien-si-tien-tien",
            "co-thi-dua-chinh-phu",
            "co-thi-dua-tinh",
            "tap-the-lao-dong-xuat-sac",
            "don-vi-quyet-thang",
            "tap-the-lao-dong-tien-tien",
            "don-vi-tien-tien",
            "thon-to-dan-pho-van-hoa",
        ]
    },
    "xa-phuong-tieu-bieu": (None, "Điều 54 Nghị định số 98/2023/NĐ-CP"),
    "xa-phuong-dac-khu-tieu-bieu": (None, "Điều 50 Nghị định số 152/2025/NĐ-CP"),
    "huan-chuong-sao-vang": ("92.0", _order("a")),
    "huan-chuong-ho-chi-minh": ("61.0", _order("b")),
    "huan-chuong-doc-lap-hang-1": ("30.0", _order("c")),
    "huan-chuong-quan-cong-hang-1": ("30.0", _order("c")),
    "huan-chuong-doc-lap-hang-2": ("25.0", _order("d")),
    "huan-chuong-quan-cong-hang-2": ("25.0", _order("d")),
    "huan-chuong-doc-lap-hang-3": ("21.0", _order("đ")),
    "huan-chuong-quan-cong-hang-3": ("21.0", _order("đ")),
    "huan-chuong-lao-dong-hang-1": ("18.0", _order("e")),
    "huan-chuong-chien-cong-hang-1": ("18.0", _order("e")),
    "huan-chuong-bao-ve-to-quoc-hang-1": ("18.0", _order("e")),
    "huan-chuong-lao-dong-hang-2": ("15.0", _order("g")),
    "huan-chuong-chien-cong-hang-2": ("15.0", _order("g")),
    "huan-chuong-bao-ve-to-quoc-hang-2": ("15.0", _order("g")),
    "huan-chuong-dai-doan-ket-dan-toc": (None, _order("g", both=False)),
    "huan-chuong-lao-dong-hang-3": ("9.0", _order("h")),
    "huan-chuong-chien-cong-hang-3": ("9.0", _order("h")),
    "huan-chuong-bao-ve-to-quoc-hang-3": ("9.0", _order("h")),
    "huan-chuong-dung-cam": (None, _order("h", both=False)),
    "bang-khen-thu-tuong": (None, FORM_PRIZES),
    "bang-khen-chu-tich-tinh": (None, FORM_PRIZES),
    "giay-khen": (None, "điểm e " + FORM_PRIZES),
}


def test_every_coefficient_names_the_article_it_was_read_in():
    loaded = {
        t.code: (
            None if t.prize_coefficient_collective is None else str(t.prize_coefficient_collective.normalize()),
            t.prize_basis,
        )
        for t in AwardType.objects.filter(prize_coefficient__isnull=False)
    }
    expected = {
        code: (None if collective is None else str(Decimal(collective).normalize()), basis)
        for code, (collective, basis) in PRIZE_BASES.items()
    }
    assert loaded == expected
    assert not AwardType.objects.filter(prize_coefficient__isnull=True).exclude(prize_basis="").exists()
