import io

import pytest
from django.core.management import CommandError, call_command

from plans.models import Plan
from tdkt_portal.demo import load_demo
from tests.documents.pdf_tools import Pdf, squash
from tests.factories import PlanFactory, ProvinceFactory

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command("render_plan", *args, stdout=out)
    return out.getvalue()


def test_render_seed_plan_by_number_and_by_id(tmp_path):
    load_demo()
    target = tmp_path / "hy.pdf"
    message = run("196/KH-UBND", "-o", str(target))
    pdf = Pdf(target.read_bytes())
    assert message == f"Đã ghi {target}: kế hoạch 196/KH-UBND, {pdf.page_count} trang.\n"
    assert "Số: 196/KH-UBND" in squash(pdf.text(1, 1))

    bac_ninh = Plan.objects.get(number="83")
    html = tmp_path / "bn.html"
    run(str(bac_ninh.pk), "-o", str(html), "--html")
    assert "Bắc Ninh, ngày 13 tháng 02 năm 2025" in html.read_text(encoding="utf-8")


def test_same_number_in_two_provinces_asks_which_one(tmp_path):
    first = PlanFactory(number="5", issuing_unit=ProvinceFactory(name="Ủy ban nhân dân tỉnh A"))
    second = PlanFactory(number="5", issuing_unit=ProvinceFactory(name="Ủy ban nhân dân tỉnh B"))
    with pytest.raises(CommandError) as error:
        run("05/KH-UBND", "-o", str(tmp_path / "x.pdf"))
    assert str(error.value) == (
        f"Có 2 kế hoạch số 05/KH-UBND (mã {first.pk}: Ủy ban nhân dân tỉnh A, năm 2025; "
        f"mã {second.pk}: Ủy ban nhân dân tỉnh B, năm 2025). Hãy ghi mã kế hoạch hoặc --nam."
    )
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.parametrize(
    ("plan", "message"),
    [
        ("999999", "Không có kế hoạch mã 999999."),
        ("7/KH-UBND", "Không có kế hoạch số 7/KH-UBND."),
        ("ke-hoach", "“ke-hoach” không phải mã hay số/ký hiệu kế hoạch (ví dụ 196/KH-UBND)."),
    ],
)
def test_unknown_plan_is_named_in_the_error(plan, message, tmp_path):
    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(")", r"\)")):
        run(plan, "-o", str(tmp_path / "x.pdf"))
