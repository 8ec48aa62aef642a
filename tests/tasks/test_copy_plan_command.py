import io

import pytest
from django.core.management import CommandError, call_command

from plans.models import Plan, PlanStatus, ReviewMark
from tests.factories import PlanFactory, ProvinceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def source():
    return PlanFactory(
        issuing_unit=ProvinceFactory(name="Ủy ban nhân dân tỉnh Hưng Yên"),
        number="196",
        year=2025,
        legal_bases="Căn cứ Luật Thi đua, khen thưởng năm 2022;",
        status=PlanStatus.ISSUED,
    )


def test_copy_plan_by_number_and_symbol_prints_what_needs_a_look(source):
    out = io.StringIO()
    call_command("copy_plan", "196/KH-UBND", "--year", "2026", stdout=out)
    draft = Plan.objects.get(copied_from=source)
    assert (draft.year, draft.status, draft.title) == (2026, PlanStatus.DRAFT, "Công tác thi đua, khen thưởng năm 2026")
    assert out.getvalue().splitlines() == [
        f"Đã tạo dự thảo kế hoạch năm 2026 (mã {draft.pk}) của Ủy ban nhân dân tỉnh Hưng Yên từ Kế hoạch "
        "196/KH-UBND năm 2025: 1 mục cần rà soát, 1 mục có điểm cần xem lại.",
        "  - Thông tin chung của kế hoạch: Căn cứ: giữ nguyên 1 căn cứ của kế hoạch năm 2025; xem văn bản nào đã hết "
        "hiệu lực hoặc được thay thế, văn bản mới nào cần dẫn.",
        "  - Thông tin chung của kế hoạch: Người ký: Nguyễn Văn A (chủ tịch) — xác nhận lại.",
    ]


def test_copy_plan_by_id_refuses_a_second_copy_and_an_unknown_issuer(source):
    call_command("copy_plan", str(source.pk), "--year", "2026", stdout=io.StringIO())
    with pytest.raises(CommandError, match="đã có kế hoạch năm 2026"):
        call_command("copy_plan", str(source.pk), "--year", "2026", stdout=io.StringIO())
    with pytest.raises(CommandError, match="Không có UBND/HĐND nào tên hoặc mã “xã Không Có”"):
        call_command("copy_plan", "196/KH-UBND", "--year", "2027", "--issuer", "xã Không Có", stdout=io.StringIO())
    assert Plan.objects.count() == 2
    assert ReviewMark.objects.count() == 1
