"""Task evidence: what is refused, what is kept and under which name, how it is served back."""

import re
from datetime import date
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tasks.models import Evidence, ProgressUpdate
from tasks.progress import Report, update_status
from tests.common.samples import (
    CONTENT_TYPES,
    GOOD_FILES,
    GOOD_PDF,
    LONG_NAME,
    LONG_NAME_SHOWN,
    REFUSED_DOCUMENTS,
    served,
)
from tests.factories import ProvinceFactory, UnitFactory, UserFactory, issued_plan_with_tasks
from units.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def task():
    province = ProvinceFactory()
    lead = UnitFactory(name="Sở Nội vụ", parent=province)
    _, (task,) = issued_plan_with_tasks(
        [{"content": "Tổ chức Hội nghị tổng kết", "timing": "Quý I", "leads": "Sở Nội vụ"}], province=province
    )
    return SimpleNamespace(task=task, officer=UserFactory(role=Role.UNIT_OFFICER, unit=lead))


def report(t, *files):
    return update_status(
        actor=t.officer,
        occurrence=t.task.occurrences.get(),
        status="in_progress",
        percent=50,
        report=Report(date(2025, 3, 1), files=list(files)),
    )


@pytest.mark.parametrize(("name", "content", "message"), list(REFUSED_DOCUMENTS.values()), ids=list(REFUSED_DOCUMENTS))
def test_dangerous_evidence_is_refused_with_its_reason_and_nothing_is_written(task, name, content, message):
    with pytest.raises(ValidationError) as caught:
        report(task, SimpleUploadedFile(name, content))
    assert caught.value.message_dict == {"files": [message]}
    assert (ProgressUpdate.objects.count(), Evidence.objects.count()) == (0, 0)


@pytest.mark.parametrize(("name", "content"), list(GOOD_FILES.items()), ids=list(GOOD_FILES))
def test_every_accepted_kind_is_kept_under_a_name_we_make(task, name, content):
    report(task, SimpleUploadedFile(name, content))
    evidence = Evidence.objects.get()
    ext = {"jpeg": "jpg"}.get(name.rsplit(".", 1)[-1], name.rsplit(".", 1)[-1])
    assert re.fullmatch(rf"minh-chung/{task.task.pk}/[0-9a-f]{{32}}\.{ext}", evidence.file.name)
    assert (evidence.name, evidence.file.read()) == (name, content)


def test_a_250_character_name_is_kept_shortened_and_never_reaches_the_disk(client, task):
    client.force_login(task.officer)
    occurrence = task.task.occurrences.get()
    response = client.post(
        reverse("tasks:progress", args=[task.task.pk]),
        {
            "action": "status",
            "occurrence": occurrence.pk,
            "version": occurrence.version,
            "status": "in_progress",
            "percent": "40",
            "noted_on": "15/03/2025",
            "note": "Đã tổ chức.",
            "reason": "",
            "files": SimpleUploadedFile(LONG_NAME, GOOD_PDF),
        },
    )
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert evidence.name == LONG_NAME_SHOWN
    assert len(evidence.name) == 120 and evidence.name.endswith(".pdf")
    assert re.fullmatch(rf"minh-chung/{task.task.pk}/[0-9a-f]{{32}}\.pdf", evidence.file.name)
    disposition, content_type, nosniff, body = served(client.get(reverse("tasks:evidence", args=[evidence.pk])))
    assert disposition.startswith("attachment; filename*=utf-8''B%C3%A1o%20c%C3%A1o") and disposition.endswith(".pdf")
    assert (content_type, nosniff, body) == ("application/pdf", "nosniff", GOOD_PDF)


@pytest.mark.parametrize(("name", "content"), list(GOOD_FILES.items()), ids=list(GOOD_FILES))
def test_evidence_downloads_as_an_attachment_typed_from_its_content(client, task, name, content):
    report(task, SimpleUploadedFile(name, content))
    client.force_login(task.officer)
    response = client.get(reverse("tasks:evidence", args=[Evidence.objects.get().pk]))
    ext = name.rsplit(".", 1)[-1]
    expected_name = name.replace(".jpeg", ".jpg")
    assert served(response) == (
        f'attachment; filename="{expected_name}"',
        CONTENT_TYPES[ext],
        "nosniff",
        content,
    )


@pytest.mark.parametrize(
    ("stored_as", "content", "shown", "expected"),
    [
        ("bao-cao.hta", GOOD_PDF, "bao-cao.hta", ('attachment; filename="bao-cao.pdf"', "application/pdf")),
        (
            "trang.html",
            b"<html><script>alert(1)</script>",
            "trang.html",
            ('attachment; filename="trang.bin"', "application/octet-stream"),
        ),
        (
            "bao-cao.pdf",
            GOOD_FILES["to-trinh.docx"],
            "bao-cao.pdf",
            ('attachment; filename="bao-cao.docx"', CONTENT_TYPES["docx"]),
        ),
    ],
)
def test_evidence_stored_before_under_the_uploaders_name_downloads_safely(
    client, task, stored_as, content, shown, expected
):
    update = report(task)
    path = default_storage.save(f"minh-chung/{task.task.pk}/0123abcd/{stored_as}", ContentFile(content))
    evidence = Evidence.objects.create(update=update, file=path, name=shown, kind="pdf", size=len(content))
    client.force_login(task.officer)
    disposition, content_type, nosniff, body = served(client.get(reverse("tasks:evidence", args=[evidence.pk])))
    assert (disposition, content_type) == expected
    assert (nosniff, body) == ("nosniff", content)
