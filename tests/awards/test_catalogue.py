import pytest
from django.contrib.admin.sites import site
from django.core.exceptions import ValidationError

from awards.catalogue import load_catalogue
from awards.models import AwardType, BallotBox, BallotReceipt

pytestmark = pytest.mark.django_db

# Every emulation title and form of commendation named in shared/reference/awards.md.
AWARDS_MD = [
    "Chiến sĩ thi đua toàn quốc",
    "Chiến sĩ thi đua cấp bộ, ban, ngành, tỉnh",
    "Chiến sĩ thi đua cơ sở",
    "Lao động tiên tiến",
    "Chiến sĩ tiên tiến (lực lượng vũ trang)",
    "Cờ thi đua của Chính phủ",
    "Cờ thi đua cấp bộ, ban, ngành, tỉnh",
    "Tập thể lao động xuất sắc",
    "Tập thể lao động tiên tiến",
    "Xã, phường tiêu biểu",
    "Thôn, tổ dân phố văn hóa",
    "Gia đình văn hóa",
    "Huân chương Sao vàng",
    "Huân chương Hồ Chí Minh",
    "Huân chương Độc lập hạng Nhất",
    "Huân chương Độc lập hạng Nhì",
    "Huân chương Độc lập hạng Ba",
    "Huân chương Lao động hạng Nhất",
    "Huân chương Lao động hạng Nhì",
    "Huân chương Lao động hạng Ba",
    "Huân chương Bảo vệ Tổ quốc hạng Nhất",
    "Huân chương Chiến công hạng Nhất",
    "Huân chương Đại đoàn kết dân tộc",
    "Huân chương Dũng cảm",
    "Huân chương Hữu nghị",
    "Huy chương Chiến sĩ vẻ vang hạng Nhất",
    "Huy chương Quân kỳ quyết thắng",
    "Huy chương Vì an ninh Tổ quốc",
    "Huy chương Hữu nghị",
    "Huy chương Thanh niên xung phong vẻ vang",
    "Anh hùng Lao động",
    "Nhà giáo nhân dân",
    "Giải thưởng Hồ Chí Minh",
    "Giải thưởng Nhà nước",
    "Kỷ niệm chương",
    "Bằng khen của Thủ tướng Chính phủ",
    "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
    "Giấy khen",
]


def test_a_fresh_migrate_has_every_title_and_form_of_awards_md():
    names = set(AwardType.objects.values_list("name", flat=True))
    assert [name for name in AWARDS_MD if name not in names] == []
    assert AwardType.objects.count() == 53


def test_thresholds_and_counting_are_data_from_the_fixture():
    rows = AwardType.objects.filter(
        code__in=["chien-si-thi-dua-toan-quoc", "chien-si-thi-dua-tinh", "bang-khen-chu-tich-tinh"]
    ).order_by("position")
    assert [(t.code, str(t.approval_threshold), t.vote_base, t.deciding_level) for t in rows] == [
        ("chien-si-thi-dua-toan-quoc", "90.00", "tong_so", "chinh_phu"),
        ("chien-si-thi-dua-tinh", "70.00", "tong_so", "tinh"),
        ("bang-khen-chu-tich-tinh", "80.00", "co_mat", "tinh"),
    ]
    assert all(t.legal_basis.startswith("Luật Thi đua, khen thưởng số 06/2022/QH15") for t in AwardType.objects.all())


def test_loading_again_keeps_what_an_admin_changed():
    AwardType.objects.filter(code="giay-khen").update(approval_threshold=60)
    assert load_catalogue(AwardType) == 0
    assert AwardType.objects.get(code="giay-khen").approval_threshold == 60
    load_catalogue(AwardType, overwrite=True)
    assert AwardType.objects.get(code="giay-khen").approval_threshold == 50


def test_an_unknown_document_code_is_refused_by_the_model():
    award_type = AwardType.objects.get(code="giay-khen")
    award_type.required_documents = ["to_trinh", "giay_to_la"]
    with pytest.raises(ValidationError) as error:
        award_type.full_clean()
    assert error.value.message_dict == {"required_documents": ["Loại tài liệu không có trong danh mục: giay_to_la."]}


def test_ballots_and_receipts_have_no_admin_screen():
    assert not site.is_registered(BallotBox)
    assert not site.is_registered(BallotReceipt)
    assert site.is_registered(AwardType)
