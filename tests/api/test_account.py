import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from activity.models import ActivityLog
from api.models import ApiToken, digest

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(world):
    client = Client()
    client.force_login(world["people"]["officer"])
    return client


def test_a_key_is_shown_once_works_and_is_revoked_on_the_page(world, signed_in):
    officer = world["people"]["officer"]
    page = signed_in.post(reverse("api:token_create"), {"name": "Hệ thống văn bản", "scope": "read"})
    assert page.status_code == 200
    key = page.context["new_key"]
    token = ApiToken.objects.get(user=officer)
    assert (token.name, token.scope, token.prefix, token.key_digest) == (
        "Hệ thống văn bản",
        "read",
        key[:8],
        digest(key),
    )
    assert key in page.content.decode()
    assert key not in signed_in.get(reverse("api:account")).content.decode()

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert api.get("/api/v1/tasks/").status_code == 200

    response = signed_in.post(reverse("api:token_revoke", args=[token.pk]))
    assert response.status_code == 302
    assert api.get("/api/v1/tasks/").status_code == 401
    actions = list(ActivityLog.objects.filter(actor=officer).values_list("action", flat=True).order_by("id"))
    assert actions == ["api.token_create", "api.token_revoke"]


def test_a_key_needs_a_name_and_a_scope(world, signed_in):
    page = signed_in.post(reverse("api:token_create"), {"name": "", "scope": "admin"})
    assert page.status_code == 400
    assert set(page.context["form"].errors) == {"name", "scope"}
    assert ApiToken.objects.count() == 0


def test_nobody_revokes_another_person_s_key(world, signed_in):
    other = world["people"]["partner"]
    page = Client()
    page.force_login(other)
    page.post(reverse("api:token_create"), {"name": "Khoá của người khác", "scope": "write"})
    token = ApiToken.objects.get(user=other)
    assert signed_in.post(reverse("api:token_revoke", args=[token.pk])).status_code == 403
    token.refresh_from_db()
    assert token.revoked_at is None
