"""The issuer found by the import at any level, from the registry load_units made (deliverable 5
of issue 14): exact when the line names level and place, a visible reading to confirm when it had
to assume something, refused with the candidates when it cannot tell."""

import datetime
import io
import json
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from plans.models import Plan
from tasks.workbooks.issuer import find_issuer
from tasks.workbooks.services import preview_new_plan
from units.divisions import find_province
from units.models import Unit, UnitLevel
from units.services import load_province

from .builders import demo_registry, xlsx

pytestmark = pytest.mark.django_db

SEEDS = Path(__file__).resolve().parents[3] / "fixtures" / "seeds"
HEADER = ["TT", "Nội dung", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian thực hiện"]
ROWS = [
    [1, "Đăng ký thi đua năm 2026", "Phòng Văn hóa - Xã hội", "Các thôn", "Quý I"],
    [2, "Tổng kết công tác thi đua, khen thưởng", "UBND xã", "Văn phòng HĐND&UBND", "Quý IV"],
]


@pytest.fixture
def registry():
    demo_registry()
    for name in ("Hưng Yên", "Bắc Ninh"):
        load_province(actor=None, province=find_province(name))


def commune_workbook(*title_rows):
    return xlsx({"Phụ lục": [*[[line] for line in title_rows], [], HEADER, *ROWS]})


def new_plan(book, **kwargs):
    return preview_new_plan(book, filename="kh-xa.xlsx", **kwargs)


def test_a_communes_plan_names_its_committee_exactly(registry):
    book = commune_workbook(
        "PHỤ LỤC",
        "NHIỆM VỤ THI ĐUA, KHEN THƯỞNG NĂM 2026",
        "(Kèm theo Kế hoạch số 12/KH-UBND ngày 05 tháng 01 năm 2026 của Ủy ban nhân dân xã Khoái Châu)",
    )
    data, preview = new_plan(book)
    issuer = data["issuing_unit"]
    assert (issuer.name, issuer.code, issuer.level, issuer.parent.name) == (
        "Ủy ban nhân dân xã Khoái Châu",
        "12205",
        UnitLevel.COMMUNE,
        "Ủy ban nhân dân tỉnh Hưng Yên",
    )
    assert (data["number"], data["issued_on"], data["year"], data["place"]) == (
        "12",
        datetime.date(2026, 1, 5),
        2026,
        "Khoái Châu",
    )
    assert preview.guesses == []
    # The plan's own bodies by their short forms, in the commune's plan.
    linked = {name.text: (name.unit.name if name.unit else None) for name in preview.sheets[0].names}
    assert linked["UBND xã"] == "Ủy ban nhân dân xã Khoái Châu"


def test_the_committee_in_a_title_row_when_the_line_under_the_title_names_none(registry):
    book = commune_workbook(
        "ỦY BAN NHÂN DÂN XÃ KHOÁI CHÂU",
        "PHỤ LỤC",
        "NHIỆM VỤ THI ĐUA, KHEN THƯỞNG NĂM 2026",
        "(Kèm theo Kế hoạch số 12/KH-UBND ngày 05/01/2026)",
    )
    data, preview = new_plan(book)
    assert data["issuing_unit"].code == "12205" and preview.guesses == []


PROVINCE_LINE = "(Kèm theo Kế hoạch số 7/KH-UBND ngày 06/01/2026 của Ủy ban nhân dân tỉnh)"


def test_a_line_without_the_place_is_a_reading_to_confirm_when_one_committee_fits():
    load_province(actor=None, province=find_province("Hưng Yên"))
    book = commune_workbook("PHỤ LỤC", "NHIỆM VỤ NĂM 2026", PROVINCE_LINE)
    data, preview = new_plan(book)
    assert data["issuing_unit"].name == "Ủy ban nhân dân tỉnh Hưng Yên"
    assert [(g.guess, g.blocking, g.message) for g in preview.guesses] == [
        (
            "Phụ lục|issuer|0|",
            True,
            f"Trang tính “Phụ lục”: Cơ quan ban hành đọc từ dòng “{PROVINCE_LINE}” là “Ủy ban nhân dân tỉnh Hưng "
            "Yên”, nhưng “Ủy ban nhân dân tỉnh” không ghi tên địa phương; trong danh mục chỉ có “Ủy ban nhân dân "
            "tỉnh Hưng Yên” hoạt động vào ngày 06/01/2026.",
        )
    ]
    assert preview.blocked
    book.seek(0)
    _, accepted = new_plan(book, accepted=True)
    assert not accepted.blocked


def test_the_seed_dated_before_the_merger_names_both_provinces_then_active():
    """Hưng Yên's 2025 plan says only "Ủy ban nhân dân tỉnh"; on 24/12/2024 Thái Bình was a province too."""
    load_province(actor=None, province=find_province("Hưng Yên"))
    with pytest.raises(ValidationError) as refused:
        new_plan(io.BytesIO((SEEDS / "hung-yen-2025.xlsx").read_bytes()))
    assert refused.value.messages[0].endswith(
        ": “Ủy ban nhân dân tỉnh” có thể là 2 đơn vị (“Ủy ban nhân dân tỉnh Hưng Yên”, “Ủy ban nhân dân tỉnh "
        "Thái Bình”). Hãy ghi rõ bằng --issuer."
    )


def test_the_command_blocks_on_the_assumed_issuer_until_accepted(tmp_path):
    load_province(actor=None, province=find_province("Hưng Yên"))
    path = tmp_path / "kh-tinh.xlsx"
    path.write_bytes(commune_workbook("PHỤ LỤC", "NHIỆM VỤ NĂM 2026", PROVINCE_LINE).getvalue())
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(SystemExit):
        call_command("import_appendix", str(path), "--new", "--json", stdout=out, stderr=err)
    result = json.loads(out.getvalue())
    assert result["imported"] is False and [g["key"] for g in result["guesses"]] == ["Phụ lục|issuer|0|"]
    assert not Plan.objects.exists()
    call_command("import_appendix", str(path), "--new", "--accept-guesses", stdout=io.StringIO())
    assert Plan.objects.get().issuing_unit.name == "Ủy ban nhân dân tỉnh Hưng Yên"


def test_namesakes_in_two_provinces_are_refused_with_both_named(registry):
    book = commune_workbook(
        "PHỤ LỤC",
        "NHIỆM VỤ NĂM 2026",
        "(Kèm theo Kế hoạch số 3/KH-UBND ngày 10/01/2026 của UBND xã Đại Đồng)",
    )
    with pytest.raises(ValidationError) as refused:
        new_plan(book)
    assert refused.value.messages == [
        "Không xác định được cơ quan ban hành từ dòng “(Kèm theo Kế hoạch số 3/KH-UBND ngày 10/01/2026 của UBND xã "
        "Đại Đồng)”: “UBND xã Đại Đồng” có thể là 2 đơn vị (“Ủy ban nhân dân xã Đại Đồng”, “Ủy ban nhân dân xã "
        "Đại Đồng”). Hãy ghi rõ bằng --issuer."
    ]


def test_a_title_row_naming_the_province_tells_namesakes_apart_visibly(registry):
    book = commune_workbook(
        "UBND TỈNH BẮC NINH",
        "PHỤ LỤC",
        "NHIỆM VỤ NĂM 2026",
        "(Kèm theo Kế hoạch số 3/KH-UBND ngày 10/01/2026 của UBND xã Đại Đồng)",
    )
    data, preview = new_plan(book)
    issuer = data["issuing_unit"]
    assert (issuer.name, issuer.tree_root.name) == ("Ủy ban nhân dân xã Đại Đồng", "Ủy ban nhân dân tỉnh Bắc Ninh")
    assert preview.guesses[0].message.endswith(
        "nhưng có 2 đơn vị cùng tên (“Ủy ban nhân dân xã Đại Đồng”, “Ủy ban nhân dân xã Đại Đồng”); "
        "chọn theo dòng tiêu đề khác."
    )


def test_a_district_closed_before_the_plans_day_resolves_to_its_successor_and_says_so(registry):
    closed = Unit.objects.get(name="Ủy ban nhân dân huyện Khoái Châu")
    before = find_issuer(
        "(Kèm theo Kế hoạch số 5/KH-UBND ngày 02/01/2025 của UBND huyện Khoái Châu)", [], datetime.date(2025, 1, 2)
    )
    after = find_issuer(
        "(Kèm theo Kế hoạch số 5/KH-UBND ngày 02/01/2026 của UBND huyện Khoái Châu)", [], datetime.date(2026, 1, 2)
    )
    assert (before.unit, before.exact) == (closed, True)
    assert (after.unit, after.exact) == (closed.successor, False)
    assert after.doubt == (
        "“Ủy ban nhân dân huyện Khoái Châu” đã thôi hoạt động trước ngày 02/01/2026; "
        "lấy đơn vị kế thừa “Ủy ban nhân dân tỉnh Hưng Yên”"
    )


def test_a_line_naming_no_committee_is_refused_with_the_reason(registry):
    reading = find_issuer("(Kèm theo Kế hoạch số 5/KH-SNV của Sở Nội vụ)", [], datetime.date(2026, 1, 2))
    assert (reading.unit, reading.doubt) == (
        None,
        "“Sở Nội vụ” không phải tên một Ủy ban nhân dân có trong danh mục đơn vị.",
    )
    assert find_issuer("", ["PHỤ LỤC"], None).doubt == (
        "tệp không ghi cơ quan ban hành (dòng “Kèm theo Kế hoạch … của …”)."
    )


def test_a_sheet_naming_another_issuer_than_the_plans_is_noted_without_blocking(registry):
    from tasks.workbooks.services import preview_workbook
    from tests.factories import PlanFactory

    line = "(Kèm theo Kế hoạch số 12/KH-UBND ngày 05 tháng 01 năm 2026 của Ủy ban nhân dân xã Khoái Châu)"
    commune = Unit.objects.get(name="Ủy ban nhân dân xã Khoái Châu")
    province = Unit.objects.get(name="Ủy ban nhân dân tỉnh Hưng Yên")
    day = datetime.date(2026, 1, 5)
    notes = {}
    for issuer in (commune, province):
        plan = PlanFactory(issuing_unit=issuer, status="draft", year=2026, issued_on=day)
        book = commune_workbook("PHỤ LỤC", "NHIỆM VỤ NĂM 2026", line)
        preview = preview_workbook(book, issuer=issuer, year=2026, filename="kh.xlsx", plan=plan)
        notes[issuer.name] = [(p.message, p.blocking) for p in preview.notes]
    assert notes == {
        commune.name: [],
        province.name: [
            (
                f"Trang tính “Phụ lục”: dòng “{line}” ghi cơ quan ban hành là “Ủy ban nhân dân xã Khoái Châu”, còn "
                "kế hoạch này của “Ủy ban nhân dân tỉnh Hưng Yên”. Tên đơn vị được khớp theo “Ủy ban nhân dân tỉnh "
                "Hưng Yên”; nếu đây là phụ lục của kế hoạch khác, hãy huỷ và nhập vào đúng kế hoạch.",
                False,
            )
        ],
    }
