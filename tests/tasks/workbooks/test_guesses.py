"""A structural guess blocks the import until a person accepts it, on the preview page or with
`import_appendix --accept-guesses`; the accepted guesses are kept on the upload and in the
import's activity row."""

import io
import json

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from activity.models import ActivityLog
from jobs.models import Job
from plans.models import AppendixImport
from tasks.models import Task
from tasks.workbooks.services import import_workbook
from tests.factories import PlanFactory, UserFactory
from units.models import Role, Unit

from .builders import demo_registry, province, xlsx
from .test_views import page_form

pytestmark = pytest.mark.django_db

ROWS = [
    ["TT", "Nội dung", "Đơn vị", None, "Thời gian thực hiện"],
    [None, None, "Chủ trì", "Phối hợp", None],
    [None, "Quý I", None, None, None],
    [1, "Tổ chức hội nghị tổng kết", "Sở Nội vụ", "Sở Tài chính", "Tháng 1"],
    [2, "Phát động thi đua", "Sở Nội vụ", None, "Tháng 2"],
    [None, "Quý II", None, None, None],
    [1, "Sơ kết 6 tháng", "Sở Nội vụ", None, "30/6/2025"],
]
KEYS = ["PL|sub_header|2|leads", "PL|sub_header|2|coordinates", "PL|group|3|content", "PL|group|6|content"]


def workbook():
    return xlsx({"PL": ROWS}, {"PL": ["A1:A2", "B1:B2", "C1:D1", "E1:E2"]})


@pytest.fixture
def plan():
    demo_registry()
    return PlanFactory(issuing_unit=province(), status="draft", year=2025)


def test_unaccepted_guesses_refuse_the_import_with_each_guess_named(plan):
    with pytest.raises(ValidationError) as refused:
        import_workbook(actor=None, plan=plan, fileobj=workbook(), filename="pl.xlsx", accepted=KEYS[:3])
    assert refused.value.messages == [
        "Chưa nhập được tệp “pl.xlsx”: còn 1 cách đọc bảng chưa được xác nhận. Hãy xem từng cách đọc và chấp nhận "
        "ở trang xem trước (lệnh import_appendix: --accept-guesses), hoặc sửa tệp cho rõ rồi tải lên lại.",
        "Trang tính “PL”, dòng 6, cột B (Nội dung): “Quý II” không có số thứ tự, không gộp ô nhưng được đọc là "
        "dòng nhóm (từ khoá hoặc chữ in hoa); các nhiệm vụ bên dưới thuộc nhóm này.",
    ]
    assert not Task.objects.exists() and not plan.appendices.exists()
    assert not ActivityLog.objects.exclude(action="unit.load_registry").exists()


def test_accepted_guesses_import_and_are_recorded(plan):
    editor = UserFactory()
    _, [appendix] = import_workbook(actor=editor, plan=plan, fileobj=workbook(), filename="pl.xlsx", accepted=KEYS)
    tasks = Task.objects.filter(appendix=appendix).select_related("group").order_by("group__position", "position")
    assert [(t.group.title, t.number, t.content, t.unit_cells) for t in tasks] == [
        ("Quý I", "1", "Tổ chức hội nghị tổng kết", {"leads": "Sở Nội vụ", "coordinates": "Sở Tài chính"}),
        ("Quý I", "2", "Phát động thi đua", {"leads": "Sở Nội vụ"}),
        ("Quý II", "1", "Sơ kết 6 tháng", {"leads": "Sở Nội vụ"}),
    ]
    assert appendix.columns == ["leads", "coordinates", "timing"]
    log = ActivityLog.objects.get(action="appendix.import")
    assert log.after["accepted_guesses"] == KEYS


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_appendix", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exit:
        code = exit.code
    return code, out.getvalue(), err.getvalue()


def test_command_refuses_until_accept_guesses_then_imports(plan, tmp_path):
    path = tmp_path / "pl.xlsx"
    path.write_bytes(workbook().getvalue())
    code, out, _ = run(str(path), "--plan", str(plan.pk), "--json")
    result = json.loads(out)
    assert code == 1 and result["imported"] is False and not Task.objects.exists()
    assert [(g["key"], g["row"], g["accepted"]) for g in result["guesses"]] == [
        (KEYS[0], 2, False),
        (KEYS[1], 2, False),
        (KEYS[2], 3, False),
        (KEYS[3], 6, False),
    ]
    assert [p.get("guess") for p in result["problems"] if p["blocking"]] == KEYS
    assert result["errors"][0].startswith("Chưa nhập được tệp “pl.xlsx”: còn 4 cách đọc bảng chưa được xác nhận.")

    code, out, _ = run(str(path), "--plan", str(plan.pk), "--accept-guesses")
    assert code == 0
    lines = out.splitlines()
    assert "  cột C “Đơn vị › Chủ trì” → đơn vị chủ trì" in lines
    assert "  tiêu đề bảng: dòng 1–2; bảng từ dòng 3 đến dòng 7" in lines
    assert sum(line.startswith("  cách đọc (đã chấp nhận): ") for line in lines) == 4
    assert Task.objects.filter(appendix__plan=plan).count() == 3
    assert ActivityLog.objects.get(action="appendix.import").after["accepted_guesses"] == KEYS


def test_preview_shows_the_readings_and_confirm_waits_for_acceptance(client, plan, media):
    editor = UserFactory(role=Role.PLAN_EDITOR, unit=Unit.objects.get(name="Sở Nội vụ", tree_root=plan.issuing_unit))
    client.force_login(editor)
    client.post(
        reverse("plans:import_start", args=[plan.pk]),
        {"file": SimpleUploadedFile("pl.xlsx", workbook().getvalue())},
    )
    staged = AppendixImport.objects.get()
    page = client.get(staged.get_absolute_url()).content.decode()
    assert "Cách đọc bảng cần bạn xác nhận (4 chưa xác nhận / 4)" in page
    assert "Dòng tiêu đề của bảng: dòng 1–2 (hai dòng)" in page
    assert "<td>D</td><td>Đơn vị › Phối hợp</td><td>đơn vị phối hợp" in page
    assert "Bảng bắt đầu ở dòng 3, kết thúc ở dòng 7: 3 nhiệm vụ, 2 nhóm." in page
    assert "Còn 4 cách đọc bảng chưa được xác nhận nên chưa nhập được." in page
    assert 'title="Cách hệ thống hiểu thời gian này">Hạn 30/06/2025</div>' in page

    # Confirming with one guess ticked off refuses, writes nothing, and keeps the three ticks.
    form = page_form(page)
    form.update({"guess_0": "on", "guess_1": "on", "guess_2": "on", "action": "confirm"})
    response = client.post(staged.get_absolute_url(), form, follow=True)
    assert "còn 1 cách đọc bảng chưa được xác nhận" in response.content.decode()
    assert not Task.objects.exists()
    staged.refresh_from_db()
    assert staged.accepted_guesses == sorted(KEYS[:3])

    form = page_form(client.get(staged.get_absolute_url()).content.decode())
    form["action"] = "accept_all"
    client.post(staged.get_absolute_url(), form)
    staged.refresh_from_db()
    assert staged.accepted_guesses == sorted(KEYS)
    form = page_form(client.get(staged.get_absolute_url()).content.decode())
    form["action"] = "confirm"
    response = client.post(staged.get_absolute_url(), form)
    assert response.status_code == 302 and Task.objects.filter(appendix__plan=plan).count() == 3
    staged.refresh_from_db()
    assert staged.imported_at is not None and staged.accepted_guesses == sorted(KEYS)


def staged_upload(client, plan):
    editor = UserFactory(role=Role.PLAN_EDITOR, unit=Unit.objects.get(name="Sở Nội vụ", tree_root=plan.issuing_unit))
    client.force_login(editor)
    client.post(
        reverse("plans:import_start", args=[plan.pk]),
        {"file": SimpleUploadedFile("pl.xlsx", workbook().getvalue())},
    )
    return AppendixImport.objects.get()


def test_problem_report_marks_guesses_to_confirm(client, plan, media):
    staged = staged_upload(client, plan)
    staged.accepted_guesses = KEYS[:1]
    staged.save()
    report = client.get(reverse("plans:import_report", args=[plan.pk, staged.pk]))
    rows = list(openpyxl.load_workbook(io.BytesIO(report.content))["Lỗi"].iter_rows(values_only=True))
    assert [(row[1], row[2], row[5]) for row in rows[1:]] == [
        (2, "C (Chủ trì)", "Cách đọc đã xác nhận"),
        (2, "D (Phối hợp)", "Cách đọc cần xác nhận"),
        (3, "B (Nội dung)", "Cách đọc cần xác nhận"),
        (6, "B (Nội dung)", "Cách đọc cần xác nhận"),
    ]


def test_a_big_file_with_guesses_not_accepted_starts_no_background_job(client, plan, media, settings):
    settings.APPENDIX_IMPORT_INLINE_ROWS = 1
    staged = staged_upload(client, plan)
    form = page_form(client.get(staged.get_absolute_url()).content.decode())
    form["action"] = "confirm"
    response = client.post(staged.get_absolute_url(), form, follow=True)
    assert "còn 4 cách đọc bảng chưa được xác nhận" in response.content.decode()
    assert not Job.objects.exists() and not Task.objects.exists()
