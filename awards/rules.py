"""Who may do what with dossiers, sessions and decisions. The same predicates drive views,
templates and tests. Ballots have no permission at all: no page shows who voted what."""

import rules

from units.models import UnitKind
from units.rules import is_admin, is_plan_editor, is_unit_officer, same_level

from .models import CouncilRole, DossierStatus, SessionStatus


# The admin asks `user.has_perm("awards.view_dossier")` with no object at all (obj=None): every
# predicate that needs the dossier or session answers False then (admins stay admins), and
# Django's model permissions decide.
@rules.predicate
def officer_of_dossier(user, dossier):
    return dossier is not None and is_unit_officer(user) and user.unit_id == dossier.unit_id


def _staff_of_council(user, council) -> bool:
    """Who receives, appraises and schedules a council's dossiers and records its decisions: the
    Sở/Phòng Nội vụ for a UBND's council; the secretary for a Sở's, a school's council (an agency
    has no Nội vụ of its own: its office, whose head is usually the secretary, does this work)."""
    if council is None:
        return False
    if council.is_peoples_committee:
        return is_plan_editor(user) and same_level(user, council.government)
    seat = _seat(user, council.pk)
    return bool(seat) and seat.role == CouncilRole.SECRETARY


@rules.predicate
def staff_for_dossier(user, dossier):
    if is_admin(user):
        return True
    if dossier is None:
        return False
    if dossier.council_id is None:  # not routed (no council on its way up): its administration's staff
        return is_plan_editor(user) and same_level(user, dossier.unit)
    return _staff_of_council(user, dossier.council)


def _seat(user, council_id):
    """The user's seat on a council, looked up once per request and user."""
    cache = user.__dict__.setdefault("_council_seats", {})
    if council_id not in cache:
        from .models import CouncilMember

        cache[council_id] = CouncilMember.objects.filter(council_id=council_id, user=user).first()
    return cache[council_id]


@rules.predicate
def sits_on_dossier_session(user, dossier):
    if dossier is None or dossier.session_id is None:
        return False
    return _seat(user, dossier.session.council_id) is not None


@rules.predicate
def secretary_of_dossier_session(user, dossier):
    seat = dossier is not None and dossier.session_id and _seat(user, dossier.session.council_id)
    return bool(seat) and seat.role == CouncilRole.SECRETARY


@rules.predicate
def dossier_editable(user, dossier):
    return dossier is not None and dossier.status in (DossierStatus.DRAFT, DossierStatus.RETURNED)


@rules.predicate
def dossier_in_appraisal(user, dossier):
    return dossier is not None and dossier.status in (DossierStatus.SUBMITTED, DossierStatus.APPRAISING)


@rules.predicate
def dossier_schedulable(user, dossier):
    return (
        dossier is not None
        and dossier.status == DossierStatus.READY
        and (dossier.session_id is None or dossier.session.status == SessionStatus.PLANNED)
    )


@rules.predicate
def dossier_voted(user, dossier):
    return dossier is not None and dossier.status == DossierStatus.VOTED


@rules.predicate
def staff_for_session(user, session):
    return is_admin(user) or (session is not None and _staff_of_council(user, session.council))


@rules.predicate
def runs_a_council(user):
    """The secretary of an agency's council (not a UBND's): may create its sessions."""
    from .models import CouncilMember

    if not user.is_authenticated:
        return False
    seats = CouncilMember.objects.filter(user=user, role=CouncilRole.SECRETARY)
    return seats.exclude(council__government__kind=UnitKind.PEOPLES_COMMITTEE).exists()


@rules.predicate
def sits_on_session(user, session):
    return session is not None and _seat(user, session.council_id) is not None


@rules.predicate
def secretary_of_session(user, session):
    seat = session is not None and _seat(user, session.council_id)
    return bool(seat) and seat.role == CouncilRole.SECRETARY


@rules.predicate
def session_planned(user, session):
    return session is not None and session.status == SessionStatus.PLANNED


@rules.predicate
def session_voting(user, session):
    return session is not None and session.status == SessionStatus.VOTING


@rules.predicate
def session_counted(user, session):
    return session is not None and session.status in (SessionStatus.CLOSED, SessionStatus.APPLIED)


@rules.predicate
def dossier_forwarded(user, dossier):
    return dossier is not None and dossier.status == DossierStatus.FORWARDED


@rules.predicate
def dossier_has_package(user, dossier):
    return dossier is not None and (dossier.status == DossierStatus.FORWARDED or dossier.forwarded_from_id is not None)


@rules.predicate
def staff_for_unit(user, unit):
    return is_admin(user) or (unit is not None and is_plan_editor(user) and same_level(user, unit))


@rules.predicate
def staff_for_decision(user, decision):
    """Whoever may issue the decision: the staff of the council whose session voted it; for a
    decision recorded without a session, its issuing unit's administration's staff."""
    if is_admin(user):
        return True
    if decision is None:
        return False
    if decision.session_id:
        return _staff_of_council(user, decision.session.council)
    return is_plan_editor(user) and same_level(user, decision.issuing_unit)


@rules.predicate
def staff_for_award(user, award):
    """Whoever keeps the deciding unit's awards (its administration's Sở/Phòng Nội vụ); for an
    earlier year's row typed in without a deciding unit, the staff of the unit it names."""
    if is_admin(user):
        return True
    if award is None:
        return False
    unit = award.decided_by if award.decided_by_id else award.unit
    return is_plan_editor(user) and same_level(user, unit)


@rules.predicate
def award_in_force(user, award):
    return award is not None and not award.is_revoked


is_staff = is_admin | is_plan_editor

rules.add_perm("awards.add_dossier", is_unit_officer)
rules.add_perm("awards.view_dossier", officer_of_dossier | staff_for_dossier | sits_on_dossier_session)
rules.add_perm("awards.change_dossier", officer_of_dossier & dossier_editable)
rules.add_perm("awards.submit_dossier", officer_of_dossier & dossier_editable)
rules.add_perm("awards.appraise_dossier", staff_for_dossier)
rules.add_perm("awards.override_eligibility", staff_for_dossier & dossier_in_appraisal)
rules.add_perm("awards.schedule_dossier", staff_for_dossier & dossier_schedulable)
rules.add_perm("awards.view_dossier_history", officer_of_dossier | staff_for_dossier)
rules.add_perm("awards.apply_results", secretary_of_dossier_session)
rules.add_perm("awards.issue_decision", staff_for_dossier & dossier_voted)
rules.add_perm("awards.view_proposal", (officer_of_dossier | staff_for_dossier) & dossier_forwarded)
rules.add_perm("awards.download_package", (officer_of_dossier | staff_for_dossier) & dossier_has_package)

rules.add_perm("awards.add_session", is_staff | runs_a_council)
rules.add_perm("awards.view_session", staff_for_session | sits_on_session)
rules.add_perm("awards.change_session", staff_for_session & session_planned)
rules.add_perm("awards.run_session", secretary_of_session)
rules.add_perm("awards.edit_minutes", staff_for_session | secretary_of_session)
rules.add_perm("awards.vote", sits_on_session & session_voting)
# Posting a ballot sheet: any member may try, so a sheet sent after the vote closed gets the
# service's message ("no longer taking ballots") rather than a bare refusal.
rules.add_perm("awards.cast_ballot", sits_on_session)
rules.add_perm("awards.view_tally", (staff_for_session | sits_on_session) & session_counted)
rules.add_perm("awards.add_decision", staff_for_session & session_counted)

rules.add_perm("awards.view_decision", rules.is_authenticated)
# Ký số: whoever may issue the decision signs it with the organisation's certificate.
rules.add_perm("awards.sign_decision", staff_for_decision)
# The money a unit's decisions carry: its administration's staff, not everyone who reads a decision.
rules.add_perm("awards.view_prize_report", staff_for_unit)
rules.add_perm("awards.view_records", rules.is_authenticated)
rules.add_perm("awards.view_catalogue", rules.is_authenticated)
# Statistics of a deciding unit (or of a province: its UBND) are its administration's staff's.
rules.add_perm("awards.view_statistics", staff_for_unit)
rules.add_perm("awards.revoke_award", staff_for_award & award_in_force)
rules.add_perm("awards.view_duplicates", is_staff)
rules.add_perm("awards.confirm_person", staff_for_award)
