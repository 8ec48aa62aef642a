import pytest
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.urls import reverse

from activity.models import ActivityLog
from activity.services import record
from tests.factories import PlanFactory, UserFactory
from units.models import Role, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(client):
    user = UserFactory(role=Role.ADMIN, is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


@pytest.fixture
def entry():
    editor = UserFactory(username="hy.noivu")
    return record(actor=editor, action="plan.create", summary="Tạo kế hoạch “Thử”", target=PlanFactory())


def test_no_one_deletes_an_activity_row_in_the_admin(client, superuser, entry):
    url = reverse("admin:activity_activitylog_delete", args=[entry.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"post": "yes"}).status_code == 403
    changelist = reverse("admin:activity_activitylog_changelist")
    assert 'value="delete_selected"' not in client.get(changelist).content.decode()
    client.post(changelist, {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"})
    assert ActivityLog.objects.filter(pk=entry.pk).exists()


def test_no_one_changes_an_activity_row_in_the_admin(client, superuser, entry):
    url = reverse("admin:activity_activitylog_change", args=[entry.pk])
    page = client.get(url).content.decode()
    assert "Tạo kế hoạch “Thử”" in page
    assert 'name="_save"' not in page
    assert client.post(url, {"summary": "Sửa lại lịch sử", "action": "plan.update"}).status_code == 403
    assert client.get(reverse("admin:activity_activitylog_add")).status_code == 403
    entry.refresh_from_db()
    assert (entry.summary, entry.action) == ("Tạo kế hoạch “Thử”", "plan.create")


def test_the_database_refuses_to_change_or_delete_activity_rows(entry):
    message = "Nhật ký thao tác chỉ được ghi thêm, không được sửa hay xoá"
    with pytest.raises(IntegrityError, match=f"{message} \\(UPDATE\\)"), transaction.atomic():
        ActivityLog.objects.filter(pk=entry.pk).update(summary="Sửa lại lịch sử")
    with pytest.raises(IntegrityError, match=f"{message} \\(DELETE\\)"), transaction.atomic():
        ActivityLog.objects.filter(pk=entry.pk).delete()
    entry.refresh_from_db()
    assert entry.summary == "Tạo kế hoạch “Thử”"


def test_new_rows_are_still_written(entry):
    record(actor=None, action="plan.update", summary="Sửa", target=entry.target)
    assert ActivityLog.objects.count() == 2


def test_an_account_that_acted_is_kept_and_named_in_its_rows(client, superuser, entry):
    """Deleting the account would blank `actor` in its rows (SET NULL): it is refused instead,
    and the account can be deactivated."""
    with pytest.raises(ProtectedError), transaction.atomic():
        User.objects.get(username="hy.noivu").delete()
    url = reverse("admin:units_user_delete", args=[entry.actor_id])
    page = client.post(url, {"post": "yes"}).content.decode()
    assert "nhật ký thao tác" in page  # Django's page listing the protected rows
    entry.refresh_from_db()
    assert entry.actor.username == "hy.noivu"
