import datetime

import pytest
from django.core.exceptions import ValidationError

from activity.models import ActivityLog
from plans import services
from plans.models import Plan, PlanStatus
from tests.factories import AppendixFactory, PlanFactory, ProvinceFactory, UserFactory

pytestmark = pytest.mark.django_db


def plan_data(issuer, **overrides):
    data = {
        "issuing_unit": issuer,
        "issuing_body_line": "ỦY BAN NHÂN DÂN\nTỈNH HƯNG YÊN",
        "number": "196",
        "symbol": "KH-UBND",
        "place": "Hưng Yên",
        "issued_on": datetime.date(2024, 12, 24),
        "year": 2025,
        "title": "Công tác thi đua, khen thưởng năm 2025",
        "legal_bases": "Căn cứ Luật Thi đua, khen thưởng;",
        "signer_name": "Trần Quốc Văn",
    }
    return {**data, **overrides}


def test_create_plan_saves_fields_and_logs_who_did_it():
    editor = UserFactory()
    issuer = ProvinceFactory()
    plan = services.create_plan(actor=editor, data=plan_data(issuer, title="  Công tác   thi đua  "))
    plan.refresh_from_db()
    assert plan.title == "Công tác thi đua"
    assert plan.status == PlanStatus.DRAFT
    assert plan.reference == "196/KH-UBND"
    assert plan.date_line == "Hưng Yên, ngày 24 tháng 12 năm 2024"
    log = ActivityLog.objects.for_context(plan).get()
    assert (log.actor, log.action) == (editor, "plan.create")
    assert log.after["number"] == "196"
    assert log.after["issued_on"] == "24/12/2024"


def test_duplicate_number_is_refused_with_a_vietnamese_message_and_nothing_saved():
    issuer = ProvinceFactory()
    services.create_plan(actor=None, data=plan_data(issuer))
    with pytest.raises(ValidationError) as error:
        services.create_plan(actor=None, data=plan_data(issuer, title="Bản trùng số"))
    assert error.value.messages == ["Cơ quan này đã có kế hoạch cùng số và ký hiệu trong năm."]
    assert Plan.objects.count() == 1
    assert ActivityLog.objects.count() == 1


def test_same_number_is_fine_for_another_issuer_or_year():
    issuer = ProvinceFactory()
    services.create_plan(actor=None, data=plan_data(issuer))
    services.create_plan(actor=None, data=plan_data(issuer, year=2026))
    services.create_plan(actor=None, data=plan_data(ProvinceFactory()))
    assert Plan.objects.count() == 3


def test_a_draft_may_lack_its_number_and_day():
    issuer = ProvinceFactory()
    plan = services.create_plan(
        actor=None, data=plan_data(issuer, number="", issued_on=None, dated_month=1, dated_year=2025)
    )
    second = services.create_plan(
        actor=None, data=plan_data(issuer, number="", issued_on=None, dated_month=1, dated_year=2025)
    )
    assert plan.reference == "    /KH-UBND"
    assert plan.date_line == "Hưng Yên, ngày\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0tháng 01 năm 2025"
    assert second.pk != plan.pk


@pytest.mark.parametrize(
    "field,value,message",
    [
        ("number", "19a", "Số văn bản chỉ gồm chữ số, ví dụ 196."),
        ("symbol", "KH - UBND", "Ký hiệu viết liền, các phần nối bằng “-”, ví dụ KH-UBND."),
        ("dated_month", 13, "Tháng phải từ 1 đến 12."),
    ],
)
def test_bad_header_fields_are_refused(field, value, message):
    with pytest.raises(ValidationError) as error:
        services.create_plan(actor=None, data=plan_data(ProvinceFactory(), **{field: value}))
    assert message in error.value.messages
    assert Plan.objects.count() == 0


def test_issue_needs_number_and_date():
    plan = PlanFactory(number="", issued_on=None)
    with pytest.raises(ValidationError) as error:
        services.apply_transition(actor=None, plan=plan, name="issue")
    assert error.value.messages == ["Chưa ban hành được: kế hoạch còn thiếu số và ngày ban hành."]
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT


def test_issued_plan_is_read_only_until_reopened_with_a_reason():
    editor = UserFactory()
    plan = PlanFactory()
    services.apply_transition(actor=editor, plan=plan, name="issue")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ISSUED

    with pytest.raises(ValidationError) as error:
        services.update_plan(actor=editor, plan=plan, data={"title": "Sửa sau khi ban hành"})
    assert error.value.messages == [services.LOCKED_MESSAGE]
    with pytest.raises(ValidationError):
        services.add_section(actor=editor, plan=plan, heading="IV. KHÁC")
    with pytest.raises(ValidationError) as error:
        services.apply_transition(actor=editor, plan=plan, name="reopen", reason="  ")
    assert error.value.message_dict == {"reason": ["Hãy ghi lý do."]}

    services.apply_transition(actor=editor, plan=plan, name="reopen", reason="Bổ sung nhiệm vụ quý IV")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT
    assert plan.title == "Công tác thi đua, khen thưởng năm 2025"
    reopen = ActivityLog.objects.for_context(plan).filter(action="plan.reopen").get()
    assert reopen.after == {"status": "Dự thảo", "reason": "Bổ sung nhiệm vụ quý IV"}
    assert reopen.summary == "Đã mở lại kế hoạch để chỉnh sửa. Lý do: Bổ sung nhiệm vụ quý IV"


def test_update_logs_only_changed_fields_and_bumps_version():
    plan = PlanFactory(status=PlanStatus.DRAFT)
    version = plan.version
    services.update_plan(actor=None, plan=plan, data={"title": "Tiêu đề mới", "place": plan.place})
    plan.refresh_from_db()
    log = ActivityLog.objects.for_context(plan).get(action="plan.update")
    assert log.before == {"title": "Công tác thi đua, khen thưởng năm 2025"}
    assert log.after == {"title": "Tiêu đề mới"}
    assert plan.version == version + 1


def test_stale_edit_is_refused():
    plan = PlanFactory()
    services.update_plan(actor=None, plan=plan, data={"title": "Bản của người thứ nhất"})
    with pytest.raises(ValidationError) as error:
        services.update_plan(actor=None, plan=plan, data={"title": "Bản cũ"}, expected_version=1)
    assert error.value.messages == [services.STALE_MESSAGE]
    plan.refresh_from_db()
    assert plan.title == "Bản của người thứ nhất"


def test_sections_are_added_in_order_and_moved():
    plan = PlanFactory()
    first = services.add_section(actor=None, plan=plan, heading="I. MỤC ĐÍCH, YÊU CẦU", body="a\n\nb")
    second = services.add_section(actor=None, plan=plan, heading="II. NỘI DUNG")
    services.move_section(actor=None, section=second, offset=-1)
    assert [s.heading for s in plan.sections.all()] == ["II. NỘI DUNG", "I. MỤC ĐÍCH, YÊU CẦU"]
    assert first.paragraphs == ["a", "b"]
    services.move_section(actor=None, section=second, offset=-1)  # already first: nothing happens
    assert [s.heading for s in plan.sections.all()] == ["II. NỘI DUNG", "I. MỤC ĐÍCH, YÊU CẦU"]


def test_appendix_columns_are_validated_and_kept_in_official_order():
    plan = PlanFactory()
    appendix = services.add_appendix(
        actor=None, plan=plan, data={"title": "Phụ lục thử", "columns": ["note", "timing", "directs", "executes"]}
    )
    assert appendix.columns == ["directs", "executes", "timing", "note"]
    assert [label for _, label in appendix.header] == [
        "TT",
        "Nội dung",
        "Đơn vị chỉ đạo",
        "Đơn vị thực hiện",
        "Thời gian thực hiện",
        "Ghi chú",
    ]
    with pytest.raises(ValidationError) as error:
        services.add_appendix(actor=None, plan=plan, data={"title": "Sai", "columns": ["leads", "budget"]})
    assert error.value.message_dict == {"columns": ["Cột không hợp lệ: budget."]}
    assert plan.appendices.count() == 1


def test_appendix_subtitle_is_written_from_the_plan_when_left_empty():
    appendix = AppendixFactory(plan__number="196", plan__issuing_unit__name="Ủy ban nhân dân tỉnh Hưng Yên")
    assert appendix.subtitle_line == (
        "(Kèm theo Kế hoạch số 196/KH-UBND ngày 24 tháng 12 năm 2024 của Ủy ban nhân dân tỉnh Hưng Yên)"
    )


def test_a_column_that_holds_data_cannot_be_dropped():
    from tasks.services import add_task

    appendix = AppendixFactory(columns=["leads", "coordinates", "timing"])
    add_task(
        actor=None,
        appendix=appendix,
        data={"content": "Việc", "timing_text": "Quý I", "unit_cells": {"coordinates": "Các ngành liên quan"}},
    )
    with pytest.raises(ValidationError) as error:
        services.update_appendix(actor=None, appendix=appendix, data={"columns": ["leads"]})
    assert error.value.message_dict == {
        "columns": [
            "Không bỏ được cột đang có dữ liệu: “Đơn vị phối hợp” có dữ liệu ở 1 nhiệm vụ; "
            "“Thời gian thực hiện” có dữ liệu ở 1 nhiệm vụ. Hãy xoá dữ liệu trước."
        ]
    }
    appendix.refresh_from_db()
    assert appendix.columns == ["leads", "coordinates", "timing"]
    services.update_appendix(
        actor=None, appendix=appendix, data={"columns": ["leads", "coordinates", "timing", "note"]}
    )
    appendix.refresh_from_db()
    assert appendix.columns == ["leads", "coordinates", "timing", "note"]


@pytest.mark.parametrize(
    ("issued_on", "expected"),
    [
        (datetime.date(2025, 2, 5), "Hưng Yên, ngày 05 tháng 02 năm 2025"),
        (datetime.date(2025, 3, 15), "Hưng Yên, ngày 15 tháng 3 năm 2025"),
    ],
)
def test_date_line_on_screen_follows_decree_30_like_the_pdf(db, issued_on, expected):
    plan = PlanFactory(place="Hưng Yên", issued_on=issued_on)
    assert plan.date_line == expected
    assert plan.appendices.model(plan=plan).subtitle_line.endswith(
        f"{expected.split(', ', 1)[1]} của {plan.issuing_unit.name})"
    )
