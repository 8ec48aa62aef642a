"""A job's result file is served like every other file: saved, typed from its content, nosniff."""

import io

import openpyxl
import pytest
from django.urls import reverse

from jobs.services import start_job
from tests.common.samples import CONTENT_TYPES, served
from tests.factories import UserFactory


def workbook_result(job):
    book = openpyxl.Workbook()
    book.active["A1"] = "Báo cáo lỗi"
    buffer = io.BytesIO()
    book.save(buffer)
    job.result = {"filename": "bao-cao-loi.xlsx"}
    job.attach("bao-cao-loi.xlsx", buffer.getvalue())


def text_result(job):
    job.result = {"filename": "ket-qua.html"}
    job.attach("ket-qua.html", b"<html><script>alert(1)</script></html>")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("func", "disposition", "content_type"),
    [
        ("workbook_result", 'attachment; filename="bao-cao-loi.xlsx"', CONTENT_TYPES["xlsx"]),
        ("text_result", 'attachment; filename="ket-qua.bin"', "application/octet-stream"),
    ],
)
def test_a_result_file_downloads_as_an_attachment_typed_from_its_content(
    client, settings, tmp_path, func, disposition, content_type
):
    settings.MEDIA_ROOT = tmp_path
    owner = UserFactory()
    job = start_job(kind="test", title="Kết quả", owner=owner, func=f"{__name__}.{func}", params={}, inline=True)
    client.force_login(owner)
    served_disposition, served_type, nosniff, _ = served(client.get(reverse("jobs:file", args=[job.pk])))
    assert (served_disposition, served_type, nosniff) == (disposition, content_type, "nosniff")
