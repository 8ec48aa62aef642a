"""Ký số from the plan's page: who sees the button, what is kept, and what a refusal says."""

import pytest
from django.urls import reverse

from activity.models import ActivityLog
from documents.models import SignedDocument
from documents.services import add_trusted_root, check_signatures
from plans.models import PlanStatus
from tests.documents.certificates import MadeUpAuthority
from tests.factories import PlanFactory, UnitFactory, UserFactory
from units.models import Role

pytestmark = pytest.mark.django_db

ORGANISATION = "Ủy ban nhân dân tỉnh Thử"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def certificate(settings, tmp_path):
    authority = MadeUpAuthority.create()
    settings.SIGNING_PKCS12 = str(authority.pkcs12_file(tmp_path, ORGANISATION))
    settings.SIGNING_PASSWORD = "mat-khau"
    return authority


@pytest.fixture
def plan():
    return PlanFactory(number="196", status=PlanStatus.ISSUED)


def editor_of(plan):
    return UserFactory(role=Role.PLAN_EDITOR, unit=plan.issuing_unit)


def test_the_editor_signs_the_issued_plan_and_downloads_the_signed_copy(client, plan, certificate):
    client.force_login(editor_of(plan))
    page = client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert f'action="{reverse("tasks:plan_sign", args=[plan.pk])}"' in page
    response = client.post(reverse("tasks:plan_sign", args=[plan.pk]), follow=True)
    signed = SignedDocument.objects.get()
    assert signed.key == f"plan-{plan.pk}" and signed.organisation == ORGANISATION
    page = response.content.decode()
    assert f"Đã ký số kế hoạch {plan.reference} bằng chứng thư số của {ORGANISATION}." in page
    assert "Bản đã ký số" in page and f"Ký bởi {ORGANISATION}" in page
    download = client.get(reverse("tasks:plan_signed", args=[plan.pk, signed.pk]))
    content = b"".join(download.streaming_content)
    assert download["Content-Type"] == "application/pdf"
    assert f'filename="ke-hoach-196-kh-ubnd-2025-ky-so-{signed.pk}.pdf"' in download["Content-Disposition"]
    add_trusted_root(name="", data=certificate.pem)
    [check] = check_signatures(content)
    assert check.sound and check.organisation == ORGANISATION
    assert ActivityLog.objects.filter(action="plan.signed", actor=response.wsgi_request.user).count() == 1


def test_a_reader_sees_the_signed_copies_but_no_button_and_cannot_sign(client, plan, certificate):
    client.force_login(UserFactory(role=Role.UNIT_OFFICER, unit=UnitFactory()))
    page = client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert reverse("tasks:plan_sign", args=[plan.pk]) not in page
    assert client.post(reverse("tasks:plan_sign", args=[plan.pk])).status_code == 403
    assert not SignedDocument.objects.exists()


def test_a_draft_has_no_button_and_is_refused(client, certificate):
    draft = PlanFactory(number="", status=PlanStatus.DRAFT, issued_on=None)
    client.force_login(editor_of(draft))
    page = client.get(reverse("plans:detail", args=[draft.pk])).content.decode()
    assert reverse("tasks:plan_sign", args=[draft.pk]) not in page
    assert client.post(reverse("tasks:plan_sign", args=[draft.pk])).status_code == 403
    assert not SignedDocument.objects.exists()


def test_a_wrong_password_is_named_and_nothing_is_kept(client, plan, certificate, settings):
    settings.SIGNING_PASSWORD = "sai-mat-khau"
    client.force_login(editor_of(plan))
    response = client.post(reverse("tasks:plan_sign", args=[plan.pk]), follow=True)
    assert "Mật khẩu của tệp chứng thư số co-quan.p12 không đúng" in response.content.decode()
    assert not SignedDocument.objects.exists()
    assert not ActivityLog.objects.filter(action="plan.signed").exists()


def test_without_a_configured_certificate_the_editor_is_told_what_to_set(client, plan, settings):
    settings.SIGNING_PKCS12 = ""
    client.force_login(editor_of(plan))
    response = client.post(reverse("tasks:plan_sign", args=[plan.pk]), follow=True)
    assert "Chưa cấu hình chứng thư số của cơ quan" in response.content.decode()
    assert not SignedDocument.objects.exists()
