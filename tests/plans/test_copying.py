"""Next year's plan from this year's: the plan's own rows (plans.copying). The appendix rows
(groups, tasks, units) are tested in tests/tasks/test_copying.py."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from activity.models import ActivityLog
from plans import services
from plans.copying import YearShift, clear_reviews, copy_plan
from plans.models import Plan, PlanSection, PlanStatus, ReviewMark
from tests.factories import AppendixFactory, PlanFactory, ProvinceFactory, UnitFactory, UserFactory
from units.models import UnitKind, UnitLevel

pytestmark = pytest.mark.django_db

SHIFT = YearShift(2025, 2026)


@pytest.mark.parametrize(
    ("text", "moved", "changes"),
    [
        ("Thi đua, khen thưởng năm 2025", "Thi đua, khen thưởng năm 2026", ["“năm 2025” → “năm 2026”"]),
        ("Tổng kết NĂM 2024", "Tổng kết NĂM 2025", ["“NĂM 2024” → “NĂM 2025”"]),
        ("Xây dựng kế hoạch năm 2026", "Xây dựng kế hoạch năm 2027", ["“năm 2026” → “năm 2027”"]),
        ("Khen thưởng năm học 2024-2025", "Khen thưởng năm học 2025-2026", ["“2024-2025” → “2025-2026”"]),
        ("Hoàn thành trước 15/7/2025", "Hoàn thành trước 15/7/2026", ["“15/7/2025” → “15/7/2026”"]),
        # Not tied to the plan's year: a law's year, a five-year period, an old plan.
        ("Luật Thi đua, khen thưởng năm 2022", "Luật Thi đua, khen thưởng năm 2022", []),
        ("giai đoạn 2021-2025", "giai đoạn 2021-2025", []),
        ("Kế hoạch số 90/KH-UBND ngày 11/6/2021", "Kế hoạch số 90/KH-UBND ngày 11/6/2021", []),
        # A cited document keeps its date, whatever its number looks like.
        (
            "Quyết định số 11/2024/QĐ-UBND ngày 25/4/2024 của UBND tỉnh",
            "Quyết định số 11/2024/QĐ-UBND ngày 25/4/2024 của UBND tỉnh",
            [],
        ),
        ("Chỉ thị số 41-CT/TW ngày 26/12/2024", "Chỉ thị số 41-CT/TW ngày 26/12/2024", []),
        ("Kế hoạch số 196/KH-UBND ngày 24 tháng 12 năm 2024", "Kế hoạch số 196/KH-UBND ngày 24 tháng 12 năm 2024", []),
    ],
)
def test_year_words_and_dates_move_other_years_stay(text, moved, changes):
    shifted = SHIFT.text(text)
    assert (shifted.text, shifted.changes, shifted.checks) == (moved, changes, [])


def test_a_date_the_new_year_does_not_have_is_kept_and_flagged():
    shifted = YearShift(2024, 2025).text("Báo cáo trước 29/02/2024")
    assert shifted.text == "Báo cáo trước 29/02/2024"
    assert shifted.changes == []
    assert shifted.checks == [
        "Ngày 29/02/2024 không có trong năm 2025 (tháng 2 năm 2025 chỉ có 28 ngày): giữ nguyên, cần sửa."
    ]


def test_an_anniversary_is_kept_and_flagged_its_count_of_years_changes():
    shifted = SHIFT.text("kỷ niệm 135 năm Ngày sinh Chủ tịch Hồ Chí Minh (19/5/1890 - 19/5/2025)")
    assert shifted.text == "kỷ niệm 135 năm Ngày sinh Chủ tịch Hồ Chí Minh (19/5/1890 - 19/5/2025)"
    assert shifted.checks == [
        "Mốc kỷ niệm “19/5/1890 - 19/5/2025” là của năm 2025: giữ nguyên, cần viết lại cho năm 2026."
    ]


@pytest.fixture
def source():
    province = ProvinceFactory(name="Ủy ban nhân dân tỉnh Hưng Yên")
    plan = PlanFactory(
        issuing_unit=province,
        number="196",
        issued_on=datetime.date(2024, 12, 24),
        year=2025,
        title="Công tác thi đua, khen thưởng năm 2025",
        legal_bases="Căn cứ Luật Thi đua, khen thưởng năm 2022;\nCăn cứ Nghị định số 98/2023/NĐ-CP;",
        preamble="Ủy ban nhân dân tỉnh ban hành Kế hoạch công tác thi đua, khen thưởng năm 2025 như sau:",
        recipients="Bộ Nội vụ;\nLưu: VT.",
        signer_name="Trần Quốc Văn",
        status=PlanStatus.ISSUED,
    )
    PlanSection.objects.create(plan=plan, position=1, heading="I. MỤC ĐÍCH, YÊU CẦU", body="Thi đua năm 2025.")
    PlanSection.objects.create(plan=plan, position=2, heading="II. NỘI DUNG", body="Không đổi.")
    AppendixFactory(
        plan=plan,
        title="Nội dung công tác thi đua, khen thưởng năm 2025",
        subtitle="(Kèm theo Kế hoạch số 196/KH-UBND ngày 24/12/2024 của UBND tỉnh)",
    )
    return plan


def test_the_copy_is_a_draft_for_the_new_year_with_every_row_marked(source):
    editor = UserFactory()
    before = ActivityLog.objects.count()
    plan = copy_plan(actor=editor, source=source, year=2026)
    plan.refresh_from_db()
    assert (plan.status, plan.number, plan.issued_on, plan.year, plan.copied_from) == (
        PlanStatus.DRAFT,
        "",
        None,
        2026,
        source,
    )
    assert (plan.dated_month, plan.dated_year, plan.issuing_unit, plan.created_by) == (
        12,
        2025,
        source.issuing_unit,
        editor,
    )
    assert plan.title == "Công tác thi đua, khen thưởng năm 2026"
    assert plan.legal_bases == source.legal_bases  # kept, and marked for review
    assert plan.preamble.endswith("năm 2026 như sau:")
    assert [(s.heading, s.body) for s in plan.sections.all()] == [
        ("I. MỤC ĐÍCH, YÊU CẦU", "Thi đua năm 2026."),
        ("II. NỘI DUNG", "Không đổi."),
    ]
    appendix = plan.appendices.get()
    assert (appendix.title, appendix.subtitle) == ("Nội dung công tác thi đua, khen thưởng năm 2026", "")
    assert appendix.subtitle_line == f"(Kèm theo Kế hoạch số {plan.reference} của Ủy ban nhân dân tỉnh Hưng Yên)"

    marks = list(ReviewMark.objects.filter(plan=plan))
    assert [(m.label, m.target) for m in marks] == [
        ("Thông tin chung của kế hoạch", plan),
        ("Mục I. MỤC ĐÍCH, YÊU CẦU", plan.sections.get(position=1)),
        ("Mục II. NỘI DUNG", plan.sections.get(position=2)),
        ("PHỤ LỤC – Nội dung công tác thi đua, khen thưởng năm 2026", appendix),
    ]
    general = marks[0]
    assert general.changes == [
        "Năm kế hoạch: 2025 → 2026.",
        "Trích yếu: “năm 2025” → “năm 2026”",
        "Lời dẫn: “năm 2025” → “năm 2026”",
        "Số và ngày ban hành để trống (ngày dự thảo: tháng 12/2025); điền khi ban hành.",
    ]
    assert general.checks == [
        "Căn cứ: giữ nguyên 2 căn cứ của kế hoạch năm 2025; xem văn bản nào đã hết hiệu lực hoặc được thay thế, "
        "văn bản mới nào cần dẫn.",
        "Người ký: Trần Quốc Văn (chủ tịch) — xác nhận lại.",
        "Nơi nhận: giữ nguyên như năm trước; rà soát tên các cơ quan sau sắp xếp.",
    ]
    assert marks[2].changes == [] and marks[2].checks == []
    # One activity row for the whole copy; the source is untouched.
    assert ActivityLog.objects.count() == before + 1
    log = ActivityLog.objects.latest("id")
    assert (log.action, log.actor, log.target) == ("plan.copy", editor, plan)
    assert log.summary == (
        "Tạo kế hoạch năm 2026 từ Kế hoạch 196/KH-UBND năm 2025: 4 mục cần rà soát, 1 mục có điểm cần xem lại"
    )
    source.refresh_from_db()
    assert (source.status, source.title) == (PlanStatus.ISSUED, "Công tác thi đua, khen thưởng năm 2025")


def test_refused_when_next_years_plan_exists_or_the_year_is_not_later(source):
    copy_plan(actor=None, source=source, year=2026)
    with pytest.raises(ValidationError) as error:
        copy_plan(actor=None, source=source, year=2026)
    draft = Plan.objects.get(copied_from=source)
    assert error.value.messages == [
        f"Ủy ban nhân dân tỉnh Hưng Yên đã có kế hoạch năm 2026 “Công tác thi đua, khen thưởng năm 2026” (dự thảo, "
        f"mã {draft.pk}). Hãy mở và sửa kế hoạch đó thay vì tạo thêm một bản nữa."
    ]
    for year, message in (
        (2025, "Năm của kế hoạch mới phải sau năm 2025 của kế hoạch gốc."),
        (2031, "Chỉ tạo được kế hoạch cho tối đa 5 năm sau năm 2025."),
    ):
        with pytest.raises(ValidationError) as error:
            copy_plan(actor=None, source=source, year=year)
        assert error.value.message_dict == {"year": [message]}
    assert Plan.objects.count() == 2


def test_refused_when_the_issuer_already_wrote_that_years_plan_by_hand(source):
    PlanFactory(issuing_unit=source.issuing_unit, year=2026, title="Công tác thi đua, khen thưởng năm 2026")
    with pytest.raises(ValidationError, match="đã có kế hoạch năm 2026"):
        copy_plan(actor=None, source=source, year=2026)


def test_a_dissolved_issuer_gives_way_to_its_successor_or_the_copy_is_refused():
    province = ProvinceFactory(name="Ủy ban nhân dân tỉnh Hưng Yên")
    district = UnitFactory(
        name="Ủy ban nhân dân huyện Khoái Châu",
        kind=UnitKind.PEOPLES_COMMITTEE,
        level=UnitLevel.DISTRICT,
        parent=province,
        active_to=datetime.date(2025, 6, 30),
        successor=province,
    )
    plan = PlanFactory(issuing_unit=district, year=2025, title="Thi đua năm 2025")
    copy = copy_plan(actor=None, source=plan, year=2026)
    assert copy.issuing_unit == province
    assert copy.issuing_body_line == "ỦY BAN NHÂN DÂN\nTỈNH HƯNG YÊN"
    assert (
        "Cơ quan ban hành: Ủy ban nhân dân huyện Khoái Châu ngừng hoạt động từ 30/06/2025: thay bằng đơn vị kế thừa "
        "Ủy ban nhân dân tỉnh Hưng Yên." in ReviewMark.objects.get(target_id=copy.pk, plan=copy).changes
    )
    orphan = UnitFactory(
        name="Ủy ban nhân dân huyện Tiên Lữ",
        kind=UnitKind.PEOPLES_COMMITTEE,
        parent=province,
        active_to=datetime.date(2025, 6, 30),
    )
    with pytest.raises(ValidationError) as error:
        copy_plan(actor=None, source=PlanFactory(issuing_unit=orphan, year=2025), year=2026)
    assert error.value.message_dict == {
        "issuing_unit": [
            "Ủy ban nhân dân huyện Tiên Lữ ngừng hoạt động từ 30/06/2025 và không có đơn vị kế thừa còn hoạt động: "
            "cần chọn đơn vị thay thế. Hãy chọn cơ quan ban hành kế hoạch năm 2026."
        ]
    }


def test_a_commune_starts_from_the_provinces_plan(source):
    commune = UnitFactory(
        name="Ủy ban nhân dân xã Khoái Châu",
        kind=UnitKind.PEOPLES_COMMITTEE,
        level=UnitLevel.COMMUNE,
        parent=source.issuing_unit,
        active_from=datetime.date(2025, 7, 1),
    )
    plan = copy_plan(actor=None, source=source, year=2026, issuing_unit=commune)
    assert (plan.issuing_unit, plan.issuing_body_line, plan.place, plan.signer_name, plan.parent_body_line) == (
        commune,
        "ỦY BAN NHÂN DÂN\nXÃ KHOÁI CHÂU",
        "Khoái Châu",
        "",
        "",
    )
    general = ReviewMark.objects.get(plan=plan, target_id=plan.pk)
    assert general.changes[1] == (
        "Cơ quan ban hành: Ủy ban nhân dân xã Khoái Châu (kế hoạch gốc của Ủy ban nhân dân tỉnh Hưng Yên)."
    )
    assert (
        "Kế hoạch lập từ kế hoạch của Ủy ban nhân dân tỉnh Hưng Yên: rà soát nội dung, đơn vị và người ký cho phù "
        "hợp với Ủy ban nhân dân xã Khoái Châu." in general.checks
    )
    # The province may still make its own: another issuer, another plan.
    assert copy_plan(actor=None, source=source, year=2026).issuing_unit == source.issuing_unit


def test_the_draft_is_issued_only_once_every_mark_is_cleared(source):
    editor = UserFactory(role="admin")
    plan = copy_plan(actor=editor, source=source, year=2026)
    services.update_plan(actor=editor, plan=plan, data={"number": "12", "issued_on": datetime.date(2025, 12, 20)})
    with pytest.raises(ValidationError) as error:
        services.apply_transition(actor=editor, plan=plan, name="issue")
    assert error.value.messages == ["Chưa ban hành được: còn 4 mục sao chép từ kế hoạch năm trước cần rà soát."]

    first = ReviewMark.objects.filter(plan=plan).first()
    assert clear_reviews(actor=editor, plan=plan, mark_ids=[first.pk]) == 1
    first.refresh_from_db()
    assert (first.is_open, first.cleared_by) == (False, editor)
    with pytest.raises(ValidationError, match="Không còn mục nào cần rà soát"):
        clear_reviews(actor=editor, plan=plan, mark_ids=[first.pk])
    assert clear_reviews(actor=editor, plan=plan) == 3
    log = ActivityLog.objects.filter(action="plan.review").latest("id")
    assert log.summary == (
        "Đã rà soát 3 mục sao chép từ năm trước: Mục I. MỤC ĐÍCH, YÊU CẦU; Mục II. NỘI DUNG; "
        "PHỤ LỤC – Nội dung công tác thi đua, khen thưởng năm 2026"
    )
    services.apply_transition(actor=editor, plan=plan, name="issue")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ISSUED
    with pytest.raises(ValidationError, match="đã ban hành nên không rà soát"):
        clear_reviews(actor=editor, plan=plan)


def test_deleting_a_copied_section_takes_its_mark(source):
    plan = copy_plan(actor=None, source=source, year=2026)
    services.delete_section(actor=None, section=plan.sections.get(position=1))
    assert ReviewMark.objects.filter(plan=plan).count() == 3
