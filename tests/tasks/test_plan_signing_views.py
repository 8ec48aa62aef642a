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


# A big plan: drawn and signed in the worker --------------------------------------------------


def issued_big_plan(task_count):
    from plans.services import apply_transition
    from tests.factories import big_plan

    plan = big_plan(task_count, number="196")
    apply_transition(actor=None, plan=plan, name="issue")
    plan.refresh_from_db()
    return plan


@pytest.mark.django_db(transaction=True)
def test_a_big_plan_is_signed_in_the_worker_with_the_same_result(client, celery_worker, certificate, settings):
    import time

    from documents.signing import SIGNATURE_ANCHOR
    from jobs.models import Job
    from tasks.printing import render_plan
    from tests.documents.pdf_tools import Pdf

    settings.DOCUMENTS_INLINE_MAX_TASKS = 10
    plan = issued_big_plan(40)
    editor = editor_of(plan)
    client.force_login(editor)
    response = client.post(reverse("tasks:plan_sign", args=[plan.pk]))
    job = Job.objects.get()
    assert response["Location"] == f"/cong-viec/{job.pk}/"
    assert (job.func, job.params, job.owner) == ("tasks.printing.sign_plan_job", {"plan_id": plan.pk}, editor)
    deadline = time.monotonic() + 90
    while not job.is_finished and time.monotonic() < deadline:
        time.sleep(0.2)
        job.refresh_from_db()
    assert job.status == "succeeded", job.message
    signed = SignedDocument.objects.get()
    assert signed.key == f"plan-{plan.pk}" and signed.organisation == ORGANISATION
    assert job.message == f"Đã ký số kế hoạch {plan.reference} bằng chứng thư số của {ORGANISATION}."
    page = client.get(response["Location"]).content.decode()
    url = reverse("tasks:plan_signed", args=[plan.pk, signed.pk])
    assert f'href="{url}">Tải bản đã ký số</a>' in page
    content = b"".join(client.get(url).streaming_content)
    assert signed.sha256 == job.result["sha256"] and signed.size == len(content)
    log = ActivityLog.objects.get(action="plan.signed")
    assert (log.actor, log.context_id) == (editor, plan.pk)
    add_trusted_root(name="", data=certificate.pem)
    [check] = check_signatures(content)
    assert check.sound and check.organisation == ORGANISATION
    # The same document as one drawn in the request, the mark at its signer block.
    _, drawn = render_plan(plan.pk)
    signed_pdf = Pdf(content)
    assert signed_pdf.page_count == drawn.page_count == job.result["pages"] > 3
    mark_page = drawn.anchors[SIGNATURE_ANCHOR].page + 1
    assert [n for n in range(1, drawn.page_count + 1) if "Ký bởi:" in signed_pdf.text(n, n)] == [mark_page]


def test_a_big_plan_with_an_unusable_certificate_is_refused_at_once_and_starts_no_job(client, certificate, settings):
    from jobs.models import Job

    settings.DOCUMENTS_INLINE_MAX_TASKS = 2
    settings.SIGNING_PASSWORD = "sai-mat-khau"
    plan = issued_big_plan(4)
    client.force_login(editor_of(plan))
    response = client.post(reverse("tasks:plan_sign", args=[plan.pk]), follow=True)
    assert response.redirect_chain == [(f"/ke-hoach/{plan.pk}/", 302)]
    assert "Mật khẩu của tệp chứng thư số co-quan.p12 không đúng" in response.content.decode()
    assert not Job.objects.exists() and not SignedDocument.objects.exists()


def test_a_plan_reopened_before_the_worker_signs_it_is_not_signed(certificate):
    from jobs.services import start_job
    from plans.services import apply_transition

    plan = issued_big_plan(2)
    apply_transition(actor=None, plan=plan, name="reopen", reason="Sửa thời gian")
    job = start_job(
        kind="documents.plan_sign",
        title="Ký số",
        owner=None,
        func="tasks.printing.sign_plan_job",
        params={"plan_id": plan.pk},
        inline=True,
    )
    assert job.status == "failed"
    assert job.message.endswith("chưa ban hành (chưa có số và ngày): chỉ ký số văn bản đã ban hành.")
    assert not SignedDocument.objects.exists()
