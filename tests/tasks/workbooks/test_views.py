import io
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from activity.models import ActivityLog
from plans.models import AppendixImport
from tasks.models import Task
from tests.factories import PlanFactory, UserFactory
from units.models import Role, Unit, UnitAlias

from .builders import demo_registry, province

pytestmark = pytest.mark.django_db

SEEDS = Path(__file__).resolve().parents[3] / "fixtures" / "seeds"


@pytest.fixture
def plan():
    demo_registry()
    return PlanFactory(issuing_unit=province(), status="draft")


@pytest.fixture
def editor(plan):
    return UserFactory(role=Role.PLAN_EDITOR, unit=Unit.objects.get(name="Sở Nội vụ", tree_root=plan.issuing_unit))


def seed_upload(name="hung-yen-2025.xlsx"):
    return SimpleUploadedFile(name, (SEEDS / name).read_bytes())


def upload(client, plan, file):
    return client.post(reverse("plans:import_start", args=[plan.pk]), {"file": file})


def test_upload_preview_map_a_name_and_confirm(client, plan, editor, media, django_capture_on_commit_callbacks):
    client.force_login(editor)
    response = upload(client, plan, seed_upload())
    staged = AppendixImport.objects.get()
    assert response.status_code == 302 and response["Location"] == staged.get_absolute_url()
    assert staged.targets == {"Phụ lục": "new"} and (media / staged.file.name).exists()

    page = client.get(staged.get_absolute_url()).content.decode()
    assert "27 nhiệm vụ, 0 nhóm. Đơn vị: 3 khớp tên, 0 khớp tên gọi khác, 11 chưa khớp" in page
    assert "Các đơn vị được kiểm tra" in page and not Task.objects.exists()

    form = page_form(page)
    radio = next(key for key, text in unit_labels(page).items() if text == "UBND các huyện, thị xã, thành phố")
    district = Unit.objects.get(name="Ủy ban nhân dân thị xã Mỹ Hào")
    form[radio] = str(district.pk)
    form["action"] = "confirm"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(staged.get_absolute_url(), form)
    assert response.status_code == 302
    appendix = plan.appendices.get()
    assert response["Location"] == f"{plan.get_absolute_url()}#appendix-{appendix.pk}"
    assert Task.objects.filter(appendix=appendix).count() == 27
    task = Task.objects.get(appendix=appendix, number="27")
    assert [(a.role, a.unit, a.text) for a in task.assignments.order_by("role")] == [
        ("coordinates", district, "UBND các huyện, thị xã, thành phố"),
        ("leads", Unit.objects.get(name="Sở Nội vụ", tree_root=plan.issuing_unit), "Sở Nội vụ"),
    ]
    assert UnitAlias.objects.filter(unit=district, name="UBND các huyện, thị xã, thành phố").exists()
    # The upload stays as a record that it was imported (a repeated confirm is sent here); its file goes.
    staged.refresh_from_db()
    assert (staged.appendix, staged.file.name) == (appendix, "") and staged.imported_at is not None
    assert list(media.rglob("*.xlsx")) == []
    assert ActivityLog.objects.filter(action="appendix.import", actor=editor).count() == 1


def page_form(page):
    """The preview form's current values, as a browser would submit them."""
    import re

    data = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page))
    for name in re.findall(r'<input type="checkbox" name="([^"]+)"[^>]*checked', page):
        data[name] = "on"
    for name, body in re.findall(r'<select name="([^"]+)"[^>]*>(.*?)</select>', page, re.S):
        selected = re.search(r'<option value="([^"]*)"[^>]*selected', body)
        data[name] = selected.group(1) if selected else ""
    return data


def unit_labels(page):
    """Select name -> the unit name as written in the file, for each row of the unmatched-names table."""
    import re

    return {
        name: text for text, name in re.findall(r'<tr data-name="([^"]*)">.*?<select name="(unit_\d+)"', page, re.S)
    }


def test_cancel_leaves_no_trace(client, plan, editor, media, django_capture_on_commit_callbacks):
    client.force_login(editor)
    upload(client, plan, seed_upload())
    staged = AppendixImport.objects.get()
    assert list(media.rglob("*.xlsx")) == [media / staged.file.name]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("plans:import_cancel", args=[plan.pk, staged.pk]))
    assert response.status_code == 302
    assert not AppendixImport.objects.exists() and list(media.rglob("*.xlsx")) == []
    logged = ActivityLog.objects.exclude(action="unit.load_registry")  # the fixture's registry load
    assert not Task.objects.exists() and not logged.exists() and not plan.appendices.exists()
    plan.refresh_from_db()
    assert plan.version == 1


def test_problem_report_lists_row_column_value_message(client, plan, editor):
    client.force_login(editor)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["TT", "Nội dung", "Đơn vị chủ trì", "Thời gian thực hiện"])
    sheet.append([1, "Việc một", "Sở Ngoại vụ", "31/02/2025"])
    sheet.append([2, None, "Sở Ngoại vụ", "Quý I"])
    data = io.BytesIO()
    book.save(data)
    upload(client, plan, SimpleUploadedFile("loi.xlsx", data.getvalue()))
    staged = AppendixImport.objects.get()
    page = client.get(staged.get_absolute_url()).content.decode()
    assert "Xác nhận nhập</button>" in page and "disabled" in page
    report = client.get(reverse("plans:import_report", args=[plan.pk, staged.pk]))
    rows = list(openpyxl.load_workbook(io.BytesIO(report.content))["Lỗi"].iter_rows(values_only=True))
    assert rows == [
        ("Trang tính", "Dòng", "Cột", "Giá trị", "Lỗi", "Mức độ"),
        (
            "Sheet",
            2,
            "D (Thời gian thực hiện)",
            "31/02/2025",
            "Trang tính “Sheet”, dòng 2, cột D (Thời gian thực hiện): "
            "Ngày 31/02/2025 không tồn tại: tháng 02/2025 chỉ có 28 ngày.",
            "Chặn việc nhập",
        ),
        (
            "Sheet",
            3,
            "B (Nội dung)",
            None,
            "Trang tính “Sheet”, dòng 3, cột B (Nội dung): Nhiệm vụ thiếu nội dung.",
            "Chặn việc nhập",
        ),
    ]
    units = list(openpyxl.load_workbook(io.BytesIO(report.content))["Đơn vị chưa khớp"].iter_rows(values_only=True))
    assert [row[:3] for row in units] == [
        ("Trang tính", "Dòng", "Tên đơn vị như trong tệp"),
        ("Sheet", "2, 3", "Sở Ngoại vụ"),
    ]
    assert units[1][3].split("; ")[0] == "Sở Nội vụ"
    form = page_form(page)
    form["action"] = "confirm"
    client.post(staged.get_absolute_url(), form)
    assert not Task.objects.exists() and not plan.appendices.exists() and AppendixImport.objects.count() == 1


def test_bad_file_gets_a_message_and_nothing_is_stored(client, plan, editor, media):
    client.force_login(editor)
    docx = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(docx, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    response = upload(client, plan, SimpleUploadedFile("phu-luc.xlsx", docx.getvalue()))
    assert response.status_code == 200
    assert (
        "Tệp phu-luc.xlsx không đúng loại cho phép (nội dung thực tế: Word (.docx)). Chỉ nhận: Excel (.xlsx)."
        in response.content.decode()
    )
    assert not AppendixImport.objects.exists() and list(media.rglob("*.xlsx")) == []


def test_only_the_plans_editors_may_import_and_anyone_who_reads_it_may_export(client, plan, editor):
    other = UserFactory(role=Role.PLAN_EDITOR, unit=Unit.objects.get(name="Sở Nội vụ", tree_root=province("Bắc Ninh")))
    client.force_login(other)
    assert upload(client, plan, seed_upload()).status_code == 403
    client.force_login(editor)
    upload(client, plan, seed_upload())
    staged = AppendixImport.objects.get()
    client.force_login(other)
    assert client.get(staged.get_absolute_url()).status_code == 403
    client.force_login(editor)
    form = page_form(client.get(staged.get_absolute_url()).content.decode())
    form["action"] = "confirm"
    client.post(staged.get_absolute_url(), form)
    appendix = plan.appendices.get()
    response = client.get(reverse("plans:appendix_export", args=[plan.pk, appendix.pk]))
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="phu-luc-1-ke-hoach-' + plan.number + '-KH-UBND-2025.xlsx"'
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet["B6"].value.startswith("Tổ chức Hội nghị tổng kết")
    detail = client.get(plan.get_absolute_url()).content.decode()
    assert reverse("plans:import_start", args=[plan.pk]) in detail
    assert reverse("plans:appendix_export", args=[plan.pk, appendix.pk]) in detail


def test_an_upload_clears_uploads_abandoned_for_a_day(client, plan, editor, media, django_capture_on_commit_callbacks):
    import datetime

    from django.utils import timezone

    client.force_login(editor)
    upload(client, plan, seed_upload())
    old = AppendixImport.objects.get()
    AppendixImport.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=1, minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, plan, seed_upload())
    fresh = AppendixImport.objects.get()
    assert fresh.pk != old.pk
    assert list(media.rglob("*.xlsx")) == [media / fresh.file.name]


def confirm_form(client, staged):
    form = page_form(client.get(staged.get_absolute_url()).content.decode())
    form["action"] = "confirm"
    return form


@pytest.mark.django_db(transaction=True)
def test_two_confirms_at_once_import_once_and_the_second_is_sent_to_the_appendix(plan, editor, media):
    from django.test import Client

    from tests.concurrently import run_at_once

    first, second = Client(), Client()
    for client in (first, second):
        client.force_login(editor)
    upload(first, plan, seed_upload())
    staged = AppendixImport.objects.get()
    form = confirm_form(first, staged)

    responses = run_at_once(
        lambda: first.post(staged.get_absolute_url(), form),
        lambda: second.post(staged.get_absolute_url(), form),
        holding=plan,  # the import locks the plan to write: both confirms have read all they read first
    )

    appendix = plan.appendices.get()
    assert Task.objects.filter(appendix=appendix).count() == 27
    assert ActivityLog.objects.filter(action="appendix.import").count() == 1
    where = f"{plan.get_absolute_url()}#appendix-{appendix.pk}"
    assert [(response.status_code, response["Location"]) for response in responses] == [(302, where)] * 2
    said = {" ".join(str(message) for message in client.get(where).context["messages"]) for client in (first, second)}
    staged.refresh_from_db()
    when = timezone.localtime(staged.imported_at)
    assert said == {
        "Đã nhập 1 phụ lục với 27 nhiệm vụ từ “hung-yen-2025.xlsx”.",
        f"Tệp “hung-yen-2025.xlsx” đã được nhập vào kế hoạch lúc {when:%H:%M} ngày {when:%d/%m/%Y}; "
        "không nhập lại lần nữa.",
    }
    assert list(media.rglob("*.xlsx")) == []


def test_a_confirm_cancel_or_report_after_the_import_is_sent_to_the_appendix(client, plan, editor):
    client.force_login(editor)
    upload(client, plan, seed_upload())
    staged = AppendixImport.objects.get()
    form = confirm_form(client, staged)
    where = client.post(staged.get_absolute_url(), form)["Location"]
    client.get(where)
    appendix = plan.appendices.get()
    assert where == f"{plan.get_absolute_url()}#appendix-{appendix.pk}"
    staged.refresh_from_db()
    when = timezone.localtime(staged.imported_at)
    told = (
        f"Tệp “hung-yen-2025.xlsx” đã được nhập vào kế hoạch lúc {when:%H:%M} ngày {when:%d/%m/%Y}; "
        "không nhập lại lần nữa."
    )
    for request in (
        lambda: client.post(staged.get_absolute_url(), form),  # the page left open in another tab
        lambda: client.get(staged.get_absolute_url()),
        lambda: client.get(reverse("plans:import_report", args=[plan.pk, staged.pk])),
        lambda: client.post(reverse("plans:import_cancel", args=[plan.pk, staged.pk])),
    ):
        response = request()
        assert (response.status_code, response["Location"]) == (302, where)
        assert [str(message) for message in client.get(where).context["messages"]] == [told]
    assert plan.appendices.count() == 1 and Task.objects.count() == 27
    assert AppendixImport.objects.get().appendix == appendix


def test_the_preview_lists_timing_it_did_not_understand_apart_from_errors(client, plan, editor, media):
    from .builders import xlsx

    client.force_login(editor)
    book = xlsx(
        {
            "PL": [
                ["TT", "Nội dung", "Đơn vị chủ trì", "Thời gian thực hiện"],
                [1, "Việc một", "Sở Nội vụ", "Quý I"],
                [2, "Việc hai", "Sở Nội vụ", "Khi có văn bản hướng dẫn"],
            ]
        }
    )
    upload(client, plan, SimpleUploadedFile("thoi-gian.xlsx", book.getvalue()))
    page = client.get(AppendixImport.objects.get().get_absolute_url()).content.decode()
    assert "Cần lưu ý (1)" in page and "Lỗi cần sửa" not in page
    assert "dòng 3, cột D (Thời gian thực hiện): chưa hiểu được thời gian thực hiện" in page
