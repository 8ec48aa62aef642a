from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from activity.models import ActivityLog
from plans.models import PlanStatus
from tasks.models import Evidence, Occurrence, ProgressUpdate, TaskStatus
from tasks.progress import Report, add_contribution, update_status
from tasks.services import update_task
from tests.factories import ProvinceFactory, UnitFactory, UserFactory, issued_plan_with_tasks, pdf_bytes
from units.models import Role

pytestmark = pytest.mark.django_db

NOTED = date(2025, 3, 10)


@pytest.fixture
def units():
    province = ProvinceFactory(name="Ủy ban nhân dân tỉnh Hưng Yên")
    return {
        "province": province,
        "lead": UnitFactory(name="Sở Nội vụ", parent=province),
        "partner": UnitFactory(name="Sở Tài chính", parent=province),
    }


@pytest.fixture
def officer(units):
    return UserFactory(role=Role.UNIT_OFFICER, unit=units["lead"], full_name="Lê Thu Trang")


def plan_with(units, *rows):
    return issued_plan_with_tasks(list(rows), province=units["province"])


def dates(task):
    return [o.due_on for o in task.occurrences.order_by("due_on")]


def test_occurrences_follow_every_kind_of_schedule(units):
    _, (quarter, monthly, several, none) = plan_with(
        units,
        {"content": "Đăng ký thi đua", "timing": "Quý I", "leads": "Sở Nội vụ"},
        {"content": "Báo cáo tháng", "timing": "Ngày 20 hằng tháng", "leads": "Sở Nội vụ"},
        {"content": "Sơ kết, tổng kết", "timing": "15/6 và 15/12/2025", "leads": "Sở Nội vụ"},
        {"content": "Việc thường xuyên không ghi hạn", "leads": "Sở Nội vụ"},
    )
    assert dates(quarter) == [date(2025, 3, 31)]
    assert dates(monthly) == [date(2025, m, 20) for m in range(1, 13)]
    assert dates(several) == [date(2025, 6, 15), date(2025, 12, 15)]
    assert dates(none) == [None]


def test_a_moved_deadline_keeps_its_progress_and_a_new_schedule_replaces_the_dates(units, officer):
    plan, (task,) = plan_with(units, {"content": "Đăng ký thi đua", "timing": "Quý I", "leads": "Sở Nội vụ"})
    occurrence = task.occurrences.get()
    update_status(actor=officer, occurrence=occurrence, status=TaskStatus.IN_PROGRESS, percent=40, report=Report(NOTED))
    plan.status = PlanStatus.DRAFT
    plan.save()
    update_task(actor=None, task=task, data={"timing_text": "Quý II"})
    moved = task.occurrences.get()
    assert (moved.pk, moved.due_on, moved.status, moved.percent) == (
        occurrence.pk,
        date(2025, 6, 30),
        "in_progress",
        40,
    )
    update_task(actor=None, task=task, data={"timing_text": "30/6 và 31/12/2025"})
    assert dates(task) == [date(2025, 6, 30), date(2025, 12, 31)]
    assert task.occurrences.get(due_on=date(2025, 6, 30)).status == "in_progress"
    update_task(actor=None, task=task, data={"timing_text": "Tháng 9"})
    assert dates(task) == [date(2025, 9, 30)]
    # The update stays in the history even though its occurrence is gone.
    assert list(ProgressUpdate.objects.filter(task=task).values_list("due_on", "status")) == [
        (date(2025, 3, 31), "in_progress")
    ]


def test_lead_marks_done_with_evidence_and_the_history_says_who_and_when(units, officer):
    plan, (task,) = plan_with(units, {"content": "Đăng ký thi đua", "timing": "Quý I", "leads": "Sở Nội vụ"})
    occurrence = task.occurrences.get()
    report = Report(
        NOTED,
        note="Đã gửi bản đăng ký về Sở Nội vụ.",
        files=[SimpleUploadedFile("dang-ky.pdf", pdf_bytes(), content_type="application/pdf")],
    )
    update = update_status(
        actor=officer, occurrence=occurrence, status=TaskStatus.DONE, percent=None, report=report, expected_version=1
    )
    occurrence.refresh_from_db()
    assert (occurrence.status, occurrence.percent, occurrence.version, occurrence.updated_by) == (
        "done",
        100,
        2,
        officer,
    )
    assert (update.kind, update.unit, update.author, update.noted_on, update.note) == (
        "status",
        units["lead"],
        officer,
        NOTED,
        "Đã gửi bản đăng ký về Sở Nội vụ.",
    )
    evidence = Evidence.objects.get()
    assert (evidence.name, evidence.kind, evidence.size) == ("dang-ky.pdf", "pdf", len(pdf_bytes()))
    assert evidence.file.read() == pdf_bytes()
    log = ActivityLog.objects.get(action="progress.status")
    assert log.summary == "Sở Nội vụ cập nhật nhiệm vụ 1 “Đăng ký thi đua” (hạn 31/03/2025): Hoàn thành, 100%"
    assert (log.before, log.after, log.context_id) == (
        {"status": "Chưa thực hiện", "percent": 0},
        {"status": "Hoàn thành", "percent": 100},
        plan.pk,
    )


def test_not_done_needs_a_reason_and_nothing_is_written_without_it(units, officer):
    _, (task,) = plan_with(units, {"content": "Hội nghị", "timing": "Quý II", "leads": "Sở Nội vụ"})
    occurrence = task.occurrences.get()
    with pytest.raises(ValidationError) as error:
        update_status(actor=officer, occurrence=occurrence, status=TaskStatus.NOT_DONE, percent=0, report=Report(NOTED))
    assert error.value.message_dict == {"reason": ["Chọn “Không thực hiện” thì phải ghi rõ lý do."]}
    assert ProgressUpdate.objects.count() == 0
    update_status(
        actor=officer,
        occurrence=occurrence,
        status=TaskStatus.NOT_DONE,
        percent=0,
        reason="Trung ương hoãn tổ chức hội nghị.",
        report=Report(NOTED),
    )
    occurrence.refresh_from_db()
    assert (occurrence.status, occurrence.reason) == ("not_done", "Trung ương hoãn tổ chức hội nghị.")


@pytest.mark.parametrize(
    ("status", "percent", "errors"),
    [
        ("in_progress", 100, {"percent": ["Tiến độ 100% thì hãy chọn trạng thái “Hoàn thành”."]}),
        ("in_progress", 120, {"percent": ["Tiến độ phải từ 0 đến 100%."]}),
        ("finished", 10, {"status": ["Trạng thái không hợp lệ."]}),
    ],
)
def test_bad_status_input_is_refused_with_a_message(units, officer, status, percent, errors):
    _, (task,) = plan_with(units, {"content": "Hội nghị", "timing": "Quý II", "leads": "Sở Nội vụ"})
    with pytest.raises(ValidationError) as error:
        update_status(
            actor=officer, occurrence=task.occurrences.get(), status=status, percent=percent, report=Report(NOTED)
        )
    assert error.value.message_dict == errors
    assert task.occurrences.get().version == 1


def test_a_done_task_can_only_be_reopened_to_in_progress(units, officer):
    _, (task,) = plan_with(units, {"content": "Hội nghị", "timing": "Quý II", "leads": "Sở Nội vụ"})
    occurrence = task.occurrences.get()
    update_status(actor=officer, occurrence=occurrence, status="done", percent=None, report=Report(NOTED))
    with pytest.raises(ValidationError) as error:
        update_status(actor=officer, occurrence=occurrence, status="not_started", percent=0, report=Report(NOTED))
    assert error.value.message_dict == {"status": ["Không chuyển được từ “Hoàn thành” sang “Chưa thực hiện”."]}
    update_status(actor=officer, occurrence=occurrence, status="in_progress", percent=80, report=Report(NOTED))
    occurrence.refresh_from_db()
    assert (occurrence.status, occurrence.percent) == ("in_progress", 80)


def test_second_save_of_an_old_copy_is_a_conflict_and_changes_nothing(units, officer):
    _, (task,) = plan_with(units, {"content": "Hội nghị", "timing": "Quý II", "leads": "Sở Nội vụ"})
    colleague = UserFactory(role=Role.UNIT_OFFICER, unit=units["lead"], full_name="Trần Văn Minh")
    occurrence = task.occurrences.get()
    update_status(
        actor=colleague,
        occurrence=occurrence,
        status="in_progress",
        percent=30,
        report=Report(NOTED),
        expected_version=1,
    )
    with pytest.raises(ValidationError) as error:
        update_status(
            actor=officer,
            occurrence=occurrence,
            status="done",
            percent=None,
            report=Report(NOTED, note="Bản của tôi"),
            expected_version=1,
        )
    assert error.value.code == "stale"
    assert error.value.messages[0].startswith("Nhiệm vụ vừa được Trần Văn Minh cập nhật lúc ")
    occurrence.refresh_from_db()
    assert (occurrence.status, occurrence.percent, occurrence.version) == ("in_progress", 30, 2)
    assert ProgressUpdate.objects.count() == 1


def test_a_file_that_is_not_what_its_name_says_is_refused_and_nothing_is_written(units, officer):
    _, (task,) = plan_with(units, {"content": "Hội nghị", "timing": "Quý II", "leads": "Sở Nội vụ"})
    fake = SimpleUploadedFile("bao-cao.pdf", b"MZ\x90\x00 this is a program", content_type="application/pdf")
    with pytest.raises(ValidationError) as error:
        update_status(
            actor=officer,
            occurrence=task.occurrences.get(),
            status="done",
            percent=None,
            report=Report(NOTED, files=[fake]),
        )
    assert error.value.message_dict["files"][0].startswith(
        "Tệp bao-cao.pdf không đúng loại cho phép (nội dung thực tế: chương trình chạy được (.exe))."
    )
    assert (ProgressUpdate.objects.count(), Evidence.objects.count(), task.occurrences.get().status) == (
        0,
        0,
        "not_started",
    )


def test_evidence_size_limit_is_a_setting(units, officer, settings):
    settings.EVIDENCE_MAX_BYTES = 100
    _, (task,) = plan_with(units, {"content": "Hội nghị", "timing": "Quý II", "leads": "Sở Nội vụ"})
    big = SimpleUploadedFile("bao-cao.pdf", pdf_bytes())
    with pytest.raises(ValidationError) as error:
        add_contribution(actor=officer, occurrence=task.occurrences.get(), report=Report(NOTED, files=[big]))
    assert error.value.message_dict == {
        "files": [f"Tệp bao-cao.pdf có dung lượng {len(pdf_bytes())}\xa0byte, vượt giới hạn 100\xa0byte."]
    }


def test_progress_cannot_be_reported_on_a_plan_reopened_for_editing(units, officer):
    plan, (task,) = plan_with(units, {"content": "Hội nghị", "timing": "Quý II", "leads": "Sở Nội vụ"})
    plan.status = PlanStatus.DRAFT
    plan.save()
    with pytest.raises(ValidationError) as error:
        update_status(
            actor=officer, occurrence=task.occurrences.get(), status="done", percent=None, report=Report(NOTED)
        )
    assert error.value.messages == ["Kế hoạch chưa ban hành (hoặc đang mở lại để sửa) nên chưa cập nhật tiến độ được."]


def test_a_contribution_leaves_the_status_alone(units):
    _, (task,) = plan_with(
        units, {"content": "Hội nghị", "timing": "Quý II", "leads": "Sở Nội vụ", "coordinates": "Sở Tài chính"}
    )
    partner = UserFactory(role=Role.UNIT_OFFICER, unit=units["partner"])
    occurrence = task.occurrences.get()
    with pytest.raises(ValidationError) as error:
        add_contribution(actor=partner, occurrence=occurrence, report=Report(NOTED, note="  "))
    assert error.value.message_dict == {"note": ["Hãy ghi nội dung đóng góp hoặc đính kèm tệp minh chứng."]}
    update = add_contribution(actor=partner, occurrence=occurrence, report=Report(NOTED, note="Đã bố trí kinh phí."))
    occurrence.refresh_from_db()
    assert (update.kind, update.unit, update.status, occurrence.status, occurrence.version) == (
        "contribution",
        units["partner"],
        "",
        "not_started",
        1,
    )


def test_overdue_is_derived_from_the_date_and_the_status(units, officer):
    _, (task,) = plan_with(units, {"content": "Báo cáo tháng", "timing": "Ngày 20 hằng tháng", "leads": "Sở Nội vụ"})
    january = task.occurrences.get(due_on=date(2025, 1, 20))
    today = date(2025, 3, 1)
    assert Occurrence.objects.overdue_on(today).filter(task=task).count() == 2
    update_status(actor=officer, occurrence=january, status="done", percent=None, report=Report(NOTED))
    assert list(Occurrence.objects.overdue_on(today).filter(task=task).values_list("due_on", flat=True)) == [
        date(2025, 2, 20)
    ]


def test_a_unit_that_reported_progress_is_not_deleted_from_the_registry(units, officer):
    from units.services import delete_unit

    plan, (task,) = plan_with(units, {"content": "Hội nghị", "timing": "Quý II", "leads": "Sở Nội vụ"})
    update_status(actor=officer, occurrence=task.occurrences.get(), status="done", percent=None, report=Report(NOTED))
    plan.status = PlanStatus.DRAFT
    plan.save()
    update_task(actor=None, task=task, data={"unit_cells": {"leads": "Sở Tài chính"}})
    officer.unit = units["partner"]
    officer.save()
    with pytest.raises(ValidationError) as error:
        delete_unit(actor=None, unit=units["lead"])
    assert "1 báo cáo tiến độ" in error.value.messages[0]
