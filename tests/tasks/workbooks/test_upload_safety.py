"""Appendix workbooks, from the plan page and from the admin: what is refused, how fast, under which
name, and what is kept."""

import html
import re
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from plans.models import AppendixImport
from tasks.workbooks.services import stage_upload
from tests.common.samples import REFUSED_WORKBOOKS
from tests.factories import PlanFactory, ProvinceFactory, UserFactory
from units.models import Role

pytestmark = pytest.mark.django_db

SEEDS = Path(__file__).resolve().parents[3] / "fixtures" / "seeds"
IMPORT_URL = "/quan-tri/plans/appendix/import/"


@pytest.fixture
def plan():
    return PlanFactory(issuing_unit=ProvinceFactory(), status="draft")


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(role=Role.ADMIN, is_staff=True, is_superuser=True))
    return client


def admin_errors(admin_client, plan, uploaded) -> list[str]:
    page = admin_client.post(
        IMPORT_URL, {"import_file": uploaded, "format": "0", "resource": "0", "plan": plan.pk, "sheet": ""}
    ).content.decode()
    lists = re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', page, re.S)
    return [html.unescape(item) for block in lists for item in re.findall(r"<li>(.*?)</li>", block, re.S)]


@pytest.mark.parametrize(("name", "content", "message"), list(REFUSED_WORKBOOKS.values()), ids=list(REFUSED_WORKBOOKS))
def test_a_dangerous_workbook_is_refused_on_the_plan_page_and_nothing_is_staged(plan, media, name, content, message):
    with pytest.raises(ValidationError) as caught:
        stage_upload(actor=UserFactory(), plan=plan, uploaded=SimpleUploadedFile(name, content))
    assert caught.value.messages == [message]
    assert not AppendixImport.objects.exists() and list(media.rglob("*.*")) == []


@pytest.mark.parametrize(("name", "content", "message"), list(REFUSED_WORKBOOKS.values()), ids=list(REFUSED_WORKBOOKS))
def test_a_dangerous_workbook_is_refused_in_the_admin_under_its_own_name(admin_client, plan, name, content, message):
    assert admin_errors(admin_client, plan, SimpleUploadedFile(name, content)) == [message]
    assert not plan.appendices.exists()


def test_the_admin_names_the_file_it_refuses_once(admin_client, plan):
    # It used to say "Tệp tệp tải lên …": the check ran on a copy with no name.
    errors = admin_errors(admin_client, plan, SimpleUploadedFile("phu-luc.xlsx", b"%PDF-1.7 not a workbook"))
    assert errors == ["Tệp phu-luc.xlsx không đúng loại cho phép (nội dung thực tế: PDF). Chỉ nhận: Excel (.xlsx)."]


def test_the_admin_refuses_a_too_big_file_by_its_size_before_anything_reads_it(
    admin_client, plan, settings, monkeypatch
):
    from import_export.admin import ImportMixin

    settings.APPENDIX_IMPORT_MAX_BYTES = 50_000
    settings.UPLOAD_MAX_BYTES = 60_000

    def must_not_run(*args, **kwargs):
        raise AssertionError("the file was copied to temporary storage and read")

    monkeypatch.setattr(ImportMixin, "write_to_tmp_storage", must_not_run)
    big = SimpleUploadedFile("phu-luc-lon.xlsx", b"PK\x03\x04" + b"\x00" * 199_996)
    assert admin_errors(admin_client, plan, big) == [
        "Tệp phu-luc-lon.xlsx có dung lượng 195,3\xa0KB, vượt giới hạn 48,8\xa0KB."
    ]


def test_the_plan_page_refuses_a_too_big_file_by_its_size(client, plan, settings):
    settings.APPENDIX_IMPORT_MAX_BYTES = 50_000
    settings.UPLOAD_MAX_BYTES = 60_000
    editor = UserFactory(role=Role.PLAN_EDITOR, unit=plan.issuing_unit)
    client.force_login(editor)
    big = SimpleUploadedFile("phu-luc-lon.xlsx", b"PK\x03\x04" + b"\x00" * 199_996)
    response = client.post(reverse("plans:import_start", args=[plan.pk]), {"file": big})
    assert "Tệp phu-luc-lon.xlsx có dung lượng 195,3\xa0KB, vượt giới hạn 48,8\xa0KB." in response.content.decode()
    assert not AppendixImport.objects.exists()


def test_a_staged_workbook_is_kept_under_our_name_and_a_long_name_is_shortened(plan, media):
    long_name = ("Phụ lục nhiệm vụ thi đua khen thưởng năm 2025 của Ủy ban nhân dân tỉnh " * 4)[:245] + ".xlsx"
    assert len(long_name) == 250
    staged = stage_upload(
        actor=UserFactory(),
        plan=plan,
        uploaded=SimpleUploadedFile(long_name, (SEEDS / "hung-yen-2025.xlsx").read_bytes()),
    )
    assert staged.file.name == f"nhap-phu-luc/{staged.pk}.xlsx"
    assert staged.filename == (
        "Phụ lục nhiệm vụ thi đua khen thưởng năm 2025 của Ủy ban nhân dân tỉnh "
        "Phụ lục nhiệm vụ thi đua khen thưởng năm 202.xlsx"
    )
