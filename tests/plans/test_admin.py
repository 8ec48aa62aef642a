import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from activity.models import ActivityLog
from documents.models import RenderedDocument
from plans.models import Plan, PlanSection, PlanStatus
from tasks.printing import plan_pdf
from tests.admin_forms import form_fields
from tests.factories import AppendixFactory, PlanFactory, UserFactory
from units.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(client):
    user = UserFactory(role=Role.ADMIN, is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


def change_url(plan):
    return reverse("admin:plans_plan_change", args=[plan.pk])


def test_the_admin_shows_a_plan_read_only_with_the_way_to_the_portal(client, superuser):
    plan = PlanFactory(status=PlanStatus.ISSUED, title="Công tác thi đua, khen thưởng năm 2025")
    page = client.get(change_url(plan)).content.decode()
    assert f'<a href="/ke-hoach/{plan.pk}/">Mở trang trên cổng</a>' in page
    assert "chỉ sửa được trên cổng (trang kế hoạch → Sửa thông tin chung" in page
    assert "Công tác thi đua, khen thưởng năm 2025" in page
    assert 'name="title"' not in page
    assert 'name="_save"' not in page


@pytest.mark.parametrize("status", [PlanStatus.ISSUED, PlanStatus.DRAFT])
def test_a_superuser_posting_the_admin_change_form_changes_nothing(client, superuser, settings, tmp_path, status):
    settings.MEDIA_ROOT = tmp_path
    plan = PlanFactory(status=status, title="Công tác thi đua, khen thưởng năm 2025")
    PlanSection.objects.create(plan=plan, position=1, heading="I. MỤC ĐÍCH, YÊU CẦU", body="Đoạn một.")
    stored = plan_pdf(Plan.objects.get(pk=plan.pk))
    before = Plan.objects.filter(pk=plan.pk).values().get()
    sections_before = list(plan.sections.values())
    activity_before = ActivityLog.objects.count()
    data = form_fields(client.get(change_url(plan)).content.decode())
    data["title"] = "Tiêu đề sửa trong trang quản trị"
    assert client.post(change_url(plan), data).status_code == 403
    assert Plan.objects.filter(pk=plan.pk).values().get() == before
    assert list(plan.sections.values()) == sections_before
    assert ActivityLog.objects.count() == activity_before
    assert not LogEntry.objects.exists()
    # Same version, so the stored PDF (with the plan's real title) is still the right one.
    assert plan_pdf(Plan.objects.get(pk=plan.pk)).pk == stored.pk
    assert RenderedDocument.objects.count() == 1


def test_plans_are_not_added_in_the_admin(client, superuser):
    assert client.get(reverse("admin:plans_plan_add")).status_code == 403


def test_an_empty_draft_is_deleted_in_the_admin_and_the_deletion_is_logged(client, superuser):
    plan = PlanFactory(status=PlanStatus.DRAFT, number="", issued_on=None, title="Dự thảo tạo nhầm")
    pk = plan.pk
    response = client.post(reverse("admin:plans_plan_delete", args=[pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Plan.objects.filter(pk=pk).exists()
    entry = ActivityLog.objects.get()
    assert (entry.action, entry.actor, entry.target_id, entry.context_id) == ("plan.delete", superuser, pk, pk)
    assert entry.summary == "Xoá kế hoạch dự thảo “Dự thảo tạo nhầm” trong trang quản trị"
    assert entry.before["title"] == "Dự thảo tạo nhầm"


def test_an_issued_plan_or_a_draft_with_appendices_is_not_deleted_in_the_admin(client, superuser):
    issued = PlanFactory(status=PlanStatus.ISSUED)
    draft = AppendixFactory(plan__status=PlanStatus.DRAFT).plan
    for plan in (issued, draft):
        url = reverse("admin:plans_plan_delete", args=[plan.pk])
        assert client.get(url).status_code == 403
        assert client.post(url, {"post": "yes"}).status_code == 403
    assert Plan.objects.filter(pk__in=[issued.pk, draft.pk]).count() == 2
    assert not ActivityLog.objects.exists()


def test_the_bulk_delete_action_is_not_offered_for_plans(client, superuser):
    plan = PlanFactory(status=PlanStatus.DRAFT, number="", issued_on=None)
    page = client.get(reverse("admin:plans_plan_changelist")).content.decode()
    assert 'value="delete_selected"' not in page
    data = {"action": "delete_selected", "_selected_action": [plan.pk], "post": "yes"}
    client.post(reverse("admin:plans_plan_changelist"), data)
    assert Plan.objects.filter(pk=plan.pk).exists()


def test_an_appendix_is_not_changed_in_the_admin_but_the_import_screen_stays(client, superuser):
    appendix = AppendixFactory(plan__status=PlanStatus.ISSUED, title="Phụ lục gốc")
    url = reverse("admin:plans_appendix_change", args=[appendix.pk])
    page = client.get(url).content.decode()
    assert f'<a href="/ke-hoach/{appendix.plan_id}/#appendix-{appendix.pk}">Mở trang trên cổng</a>' in page
    data = form_fields(page)
    data["title"] = "Phụ lục sửa trong trang quản trị"
    assert client.post(url, data).status_code == 403
    appendix.refresh_from_db()
    assert appendix.title == "Phụ lục gốc"
    assert client.get(reverse("admin:plans_appendix_import")).status_code == 200
