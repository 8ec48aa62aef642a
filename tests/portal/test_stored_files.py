from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from plans.services import apply_transition
from tasks.models import Evidence, Task, TaskStatus
from tasks.progress import Report, update_status
from tasks.services import delete_task
from tdkt_portal import stored_files
from tests.factories import ProvinceFactory, UnitFactory, UserFactory, issued_plan_with_tasks, pdf_bytes
from units.models import Role


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return tmp_path


def test_every_model_that_stores_a_file_has_its_file_removed_with_it():
    labels = sorted(model._meta.label for model in stored_files.connect())
    assert labels == [
        "awards.Attachment",
        "awards.WrittenOpinion",
        "certificates.Layout",
        "documents.RenderedDocument",
        "documents.SignedDocument",
        "emulation.ScoreEvidence",
        "jobs.Job",
        "plans.AppendixImport",
        "tasks.Evidence",
    ]


@pytest.fixture
def evidence_file(db, media_root):
    """A reported task of an issued plan, its evidence file on disk, and the plan reopened."""
    province = ProvinceFactory()
    lead = UnitFactory(name="Sở Nội vụ", parent=province)
    officer = UserFactory(role=Role.UNIT_OFFICER, unit=lead)
    plan, [task] = issued_plan_with_tasks([{"content": "Đăng ký thi đua", "leads": "Sở Nội vụ"}], province=province)
    report = Report(date(2025, 3, 1), files=[SimpleUploadedFile("dang-ky.pdf", pdf_bytes())])
    update_status(actor=officer, occurrence=task.occurrences.get(), status=TaskStatus.DONE, percent=None, report=report)
    apply_transition(actor=None, plan=plan, name="reopen", reason="Bỏ bớt nhiệm vụ")
    path = Path(media_root) / Evidence.objects.get().file.name
    assert path.read_bytes() == pdf_bytes()
    return Task.objects.get(pk=task.pk), path  # fresh: the plan it carries is reopened now


def test_a_task_deleted_from_a_reopened_plan_takes_its_evidence_file_along(
    evidence_file, django_capture_on_commit_callbacks
):
    task, path = evidence_file
    with django_capture_on_commit_callbacks(execute=True):
        delete_task(actor=None, task=task)
    assert not Evidence.objects.exists()
    assert not path.exists()


def test_a_delete_that_rolls_back_keeps_the_file(evidence_file, django_capture_on_commit_callbacks):
    task, path = evidence_file
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        with transaction.atomic():
            delete_task(actor=None, task=task)
            raise RuntimeError("mất kết nối giữa chừng")
    assert Evidence.objects.count() == 1
    assert path.read_bytes() == pdf_bytes()
