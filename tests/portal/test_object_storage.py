"""Kept files on S3-compatible object storage, as several nodes share it (S3_BUCKET set).

The storage is django-storages' real S3 backend, configured from environment variables the way
settings.py does it, talking to moto's in-process S3: every byte goes through the S3 API.
"""

from pathlib import Path

import boto3
import pytest
from django.urls import reverse
from moto import mock_aws

from documents.rendering import Pdf
from documents.services import store_pdf
from plans.models import AppendixImport
from tasks.models import Task
from tdkt_portal.file_storage import FILESYSTEM, S3, default_storage
from tests.factories import PlanFactory, UserFactory
from tests.tasks.workbooks.builders import demo_registry, province
from tests.tasks.workbooks.test_views import page_form
from units.models import Role, Unit

pytestmark = pytest.mark.django_db

SEED = Path(__file__).resolve().parents[2] / "fixtures" / "seeds" / "hung-yen-2025.xlsx"
ENV = {
    "S3_BUCKET": "tdkt-tep",
    "S3_PREFIX": "/cong-tdkt/",
    "S3_REGION": "ap-southeast-1",
    "S3_ACCESS_KEY_ID": "khoa-thu",
    "S3_SECRET_ACCESS_KEY": "bi-mat-thu",
}


@pytest.fixture
def bucket(settings):
    with mock_aws():
        client = boto3.client("s3", region_name="ap-southeast-1")
        client.create_bucket(Bucket="tdkt-tep", CreateBucketConfiguration={"LocationConstraint": "ap-southeast-1"})
        settings.STORAGES = {**settings.STORAGES, "default": default_storage(ENV)}

        def keys():
            listed = client.list_objects_v2(Bucket="tdkt-tep").get("Contents", [])
            return sorted(item["Key"] for item in listed)

        yield keys


def test_without_a_bucket_files_stay_in_media_root_and_with_one_they_go_to_it():
    assert default_storage({}) == {"BACKEND": FILESYSTEM}
    configured = default_storage({**ENV, "S3_ENDPOINT_URL": "http://minio:9000", "S3_ADDRESSING_STYLE": "path"})
    assert configured == {
        "BACKEND": S3,
        "OPTIONS": {
            "bucket_name": "tdkt-tep",
            "location": "cong-tdkt",
            "file_overwrite": False,
            "default_acl": None,
            "querystring_auth": True,
            "endpoint_url": "http://minio:9000",
            "region_name": "ap-southeast-1",
            "access_key": "khoa-thu",
            "secret_key": "bi-mat-thu",
            "addressing_style": "path",
        },
    }


def test_a_stored_pdf_of_the_same_name_never_replaces_another_object(bucket):
    first = store_pdf("plan:1", "v1", Pdf(content=b"%PDF-1.7 mot", page_count=1), "ke-hoach.pdf")
    second = store_pdf("plan:2", "v1", Pdf(content=b"%PDF-1.7 hai", page_count=1), "ke-hoach.pdf")
    assert first.file.name != second.file.name
    assert bucket() == sorted(f"cong-tdkt/{name}" for name in (first.file.name, second.file.name))
    with first.file.open("rb") as stored:
        assert stored.read() == b"%PDF-1.7 mot"


def test_a_staged_workbook_lives_in_the_bucket_until_its_import_commits(
    bucket, client, django_capture_on_commit_callbacks
):
    demo_registry()
    plan = PlanFactory(issuing_unit=province(), status="draft")
    client.force_login(
        UserFactory(role=Role.PLAN_EDITOR, unit=Unit.objects.get(name="Sở Nội vụ", tree_root=plan.issuing_unit))
    )
    with SEED.open("rb") as upload:
        client.post(reverse("plans:import_start", args=[plan.pk]), {"file": upload})
    staged = AppendixImport.objects.get()
    assert bucket() == [f"cong-tdkt/{staged.file.name}"]
    page = client.get(staged.get_absolute_url()).content.decode()
    assert "27 nhiệm vụ, 0 nhóm." in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(staged.get_absolute_url(), page_form(page) | {"action": "confirm"})
    assert response.status_code == 302
    assert Task.objects.filter(appendix__plan=plan).count() == 27
    assert bucket() == []
