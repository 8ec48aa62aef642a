"""Award events: each dossier transition, the dossier decided, the decision issued — written with
the change, one row per subscription listing the event, the same payload the API shows."""

import json

import pytest

from api.models import WebhookDelivery, WebhookEvent, WebhookSubscription
from api.services import save_subscription
from tests.awards.conftest import catalogue, decided, world  # noqa: F401
from tests.factories import UserFactory
from units.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def subscribed(db, settings):
    """Subscribed before the awards' story below happens (it is requested first)."""
    settings.WEBHOOK_ALLOWED_NETWORKS = ["127.0.0.0/8"]
    admin = UserFactory(role=Role.ADMIN, is_superuser=True)
    every = save_subscription(
        actor=admin,
        subscription=WebhookSubscription(
            name="Hệ thống khen thưởng",
            url="http://127.0.0.1:9/",
            events=[WebhookEvent.DOSSIER_STATUS_CHANGED, WebhookEvent.DOSSIER_DECIDED, WebhookEvent.DECISION_ISSUED],
        ),
    )
    decisions_only = save_subscription(
        actor=admin,
        subscription=WebhookSubscription(
            name="Cổng thông tin", url="http://127.0.0.1:9/", events=[WebhookEvent.DECISION_ISSUED]
        ),
    )
    return every, decisions_only


def test_dossier_transitions_and_the_decision_are_events(subscribed, decided):  # noqa: F811
    every, decisions_only = subscribed
    _, decision = decided
    rows = list(WebhookDelivery.objects.filter(subscription=every).order_by("pk"))
    # Both dossiers submitted, appraised, ready, voted on; the first decided.
    transitions = [json.loads(r.body)["data"]["transition"] for r in rows if r.event == "dossier.status_changed"]
    assert transitions.count("submit") == 2
    assert transitions.count("decide") == 1
    decided_rows = [r for r in rows if r.event == "dossier.decided"]
    (decided_row,) = decided_rows
    data = json.loads(decided_row.body)["data"]
    assert (data["from_status"], data["to_status"], data["decision"]) == ("voted", "decided", decision.reference)
    assert data["dossier"]["status"] == "decided"
    assert data["api_url"] == f"http://127.0.0.1:8000/api/v1/dossiers/{data['dossier']['id']}/"
    # The same event id for a given event across subscriptions, a new one per event.
    (issued_every,) = [r for r in rows if r.event == "decision.issued"]
    (issued_other,) = WebhookDelivery.objects.filter(subscription=decisions_only)
    assert issued_every.event_id == issued_other.event_id
    assert issued_every.body == issued_other.body
    assert len({r.event_id for r in rows}) == len(rows)
    body = json.loads(issued_other.body)
    assert body["event"] == "decision.issued"
    assert body["data"]["decision"]["id"] == decision.pk
    assert body["data"]["decision"]["reference"] == decision.reference
    assert body["data"]["nominee_count"] == 2
