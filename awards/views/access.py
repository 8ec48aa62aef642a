from django.shortcuts import get_object_or_404

from units.permissions import require

from ..models import CouncilSession, Decision, Dossier


def dossier_for(user, pk, perm="awards.view_dossier") -> Dossier:
    dossier = get_object_or_404(
        Dossier.objects.select_related("unit", "award_type", "session__council", "council__government"), pk=pk
    )
    require(user, perm, dossier)
    return dossier


def session_for(user, pk, perm="awards.view_session") -> CouncilSession:
    session = get_object_or_404(CouncilSession.objects.select_related("council__government"), pk=pk)
    require(user, perm, session)
    return session


def decision_for(user, pk) -> Decision:
    decision = get_object_or_404(
        Decision.objects.select_related("award_type", "session__council", "issuing_unit"), pk=pk
    )
    require(user, "awards.view_decision", decision)
    return decision
