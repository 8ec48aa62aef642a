import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from activity.models import ActivityLog
from tasks.models import Task
from tasks.services import add_task
from tests.factories import AppendixFactory, PlanFactory, UserFactory
from units.models import Role

from .builders import demo_registry, province

pytestmark = pytest.mark.django_db

SEEDS = Path(__file__).resolve().parents[3] / "fixtures" / "seeds"
IMPORT_URL = "/quan-tri/plans/appendix/import/"


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(role=Role.ADMIN, is_staff=True, is_superuser=True))
    return client


def test_admin_imports_with_django_import_exports_own_preview_and_confirm(admin_client):
    demo_registry()
    plan = PlanFactory(issuing_unit=province("Bắc Ninh"), status="draft")
    assert admin_client.get(IMPORT_URL).status_code == 200
    upload = SimpleUploadedFile("bac-ninh-2025.xlsx", (SEEDS / "bac-ninh-2025.xlsx").read_bytes())
    page = admin_client.post(
        IMPORT_URL, {"import_file": upload, "format": "0", "resource": "0", "plan": plan.pk, "sheet": ""}
    ).content.decode()
    assert page.count('<tr class="new">') == 29
    assert "Cụm trưởng cụm TĐ các tỉnh ĐBSH (chưa khớp)" in page
    assert not Task.objects.exists()
    confirm = {name: value for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page)}
    assert confirm["plan"] == str(plan.pk)
    response = admin_client.post("/quan-tri/plans/appendix/process_import/", confirm)
    assert response.status_code == 302
    appendix = plan.appendices.get()
    assert Task.objects.filter(appendix=appendix).count() == 29
    assert appendix.groups.count() == 4
    assert ActivityLog.objects.filter(action="appendix.import").count() == 1


def test_admin_upload_of_a_bad_file_shows_the_reason(admin_client):
    plan = PlanFactory(status="draft")
    upload = SimpleUploadedFile("phu-luc.xlsx", b"%PDF-1.7 not a workbook")
    page = admin_client.post(
        IMPORT_URL, {"import_file": upload, "format": "0", "resource": "0", "plan": plan.pk}
    ).content.decode()
    assert "không đúng loại cho phép (nội dung thực tế: PDF). Chỉ nhận: Excel (.xlsx)." in page
    assert not plan.appendices.exists()


def test_admin_import_replaces_the_chosen_appendix_with_one_sheet(admin_client):
    demo_registry()
    plan = PlanFactory(issuing_unit=province("Bắc Ninh"), status="draft")
    old = AppendixFactory(plan=plan, title="Phụ lục cũ")
    add_task(actor=None, appendix=old, data={"content": "Việc cũ sẽ bị thay"})
    upload = SimpleUploadedFile("bac-ninh-2025.xlsx", (SEEDS / "bac-ninh-2025.xlsx").read_bytes())
    page = admin_client.post(
        IMPORT_URL,
        {"import_file": upload, "format": "0", "resource": "0", "plan": plan.pk, "sheet": "Phụ lục", "replace": old.pk},
    ).content.decode()
    confirm = {name: value for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page)}
    assert (confirm["replace"], confirm["sheet"]) == (str(old.pk), "Phụ lục")
    assert admin_client.post("/quan-tri/plans/appendix/process_import/", confirm).status_code == 302
    assert list(plan.appendices.values_list("pk", flat=True)) == [old.pk]
    assert Task.objects.filter(appendix=old).count() == 29
    assert not Task.objects.filter(content="Việc cũ sẽ bị thay").exists()


def test_admin_replacement_needs_a_sheet_of_the_same_plan(admin_client):
    plan, other = PlanFactory(status="draft"), PlanFactory(status="draft")
    foreign = AppendixFactory(plan=other, title="Phụ lục kế hoạch khác")
    upload = SimpleUploadedFile("bac-ninh-2025.xlsx", (SEEDS / "bac-ninh-2025.xlsx").read_bytes())
    response = admin_client.post(
        IMPORT_URL, {"import_file": upload, "format": "0", "resource": "0", "plan": plan.pk, "replace": foreign.pk}
    )
    assert response.context["form"].errors == {
        "replace": ["Phụ lục “Phụ lục kế hoạch khác” không thuộc kế hoạch đã chọn."],
        "sheet": ["Khi thay thế một phụ lục, hãy ghi tên trang tính dùng để thay."],
    }
    assert not Task.objects.exists() and not plan.appendices.exists()


@pytest.mark.django_db(transaction=True)
def test_two_admin_confirms_at_once_import_once():
    from django.test import Client

    from tests.concurrently import run_at_once

    demo_registry()
    plan = PlanFactory(issuing_unit=province("Bắc Ninh"), status="draft")
    admin = UserFactory(role=Role.ADMIN, is_staff=True, is_superuser=True)
    first, second = Client(), Client()
    for client in (first, second):
        client.force_login(admin)
    upload = SimpleUploadedFile("bac-ninh-2025.xlsx", (SEEDS / "bac-ninh-2025.xlsx").read_bytes())
    page = first.post(
        IMPORT_URL, {"import_file": upload, "format": "0", "resource": "0", "plan": plan.pk, "sheet": ""}
    ).content.decode()
    confirm = {name: value for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page)}

    responses = run_at_once(
        lambda: first.post("/quan-tri/plans/appendix/process_import/", confirm),
        lambda: second.post("/quan-tri/plans/appendix/process_import/", confirm),
        holding=plan,  # the import locks the plan to write: both confirms have read all they read first
    )

    assert [response.status_code for response in responses] == [302, 302]
    assert Task.objects.filter(appendix=plan.appendices.get()).count() == 29
    assert ActivityLog.objects.filter(action="appendix.import").count() == 1
    said = {
        " ".join(str(m) for m in client.get(responses[0]["Location"]).context["messages"]) for client in (first, second)
    }
    assert said == {
        "Đã nhập 1 phụ lục, 29 nhiệm vụ.",
        "Tệp này đã được nhập (bằng một lần xác nhận khác); không nhập lại lần nữa.",
    }
