import pytest
from django.urls import reverse

from activity.models import ActivityLog
from tests.factories import ProvinceFactory, UnitFactory, UserFactory
from units.models import Role, Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(client):
    user = UserFactory(role=Role.ADMIN, is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


def test_deleting_a_unit_in_the_admin_goes_through_the_registry_service(client, superuser):
    unit = UnitFactory(name="Ban Thi đua - Khen thưởng", parent=ProvinceFactory())
    pk = unit.pk
    response = client.post(reverse("admin:units_unit_delete", args=[pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Unit.objects.filter(pk=pk).exists()
    entry = ActivityLog.objects.get()
    assert (entry.action, entry.actor, entry.target_id) == ("unit.delete", superuser, pk)
    assert entry.summary == "Xoá đơn vị “Ban Thi đua - Khen thưởng”"


def test_units_are_deleted_one_at_a_time(client, superuser):
    page = client.get(reverse("admin:units_unit_changelist")).content.decode()
    assert 'value="delete_selected"' not in page
