"""The dossier and session workflows as declared (awards.services), through the services."""

import pytest
from django.core.exceptions import PermissionDenied

from activity.models import ActivityLog
from awards import services
from awards.models import Dossier, DossierStatus, SessionStatus

from .conftest import make_dossier, make_ready


def test_the_service_refuses_an_officer_of_another_unit_submitting_the_dossier(world):
    """The view asked the permission before; now the service asks too, so no caller can skip it."""
    dossier = make_dossier(world)
    logs = ActivityLog.objects.count()
    with pytest.raises(PermissionDenied) as error:
        services.apply_transition(actor=world.other_officer, dossier=dossier, name="submit")
    assert str(error.value) == "Bạn không có quyền “gửi hồ sơ”."
    assert (Dossier.objects.get().status, ActivityLog.objects.count()) == (DossierStatus.DRAFT, logs)


def test_only_the_secretary_opens_the_vote_even_through_the_service(world):
    dossier = make_ready(world)
    services.schedule_dossier(actor=world.staff, dossier=dossier, session=world.session)
    with pytest.raises(PermissionDenied) as error:
        services.open_voting(actor=world.chair, session=world.session)
    assert str(error.value) == "Bạn không có quyền “mở bỏ phiếu”."
    world.session.refresh_from_db()
    assert (world.session.status, world.session.ballot_boxes.count()) == (SessionStatus.PLANNED, 0)
