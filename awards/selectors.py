"""Reads the award pages share, and one selector per official document (Biên bản, Quyết định)
returning everything the document needs, so the document module only has to lay it out."""

from django.db import connection
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from documents.parts import text_lines
from units.models import UnitKind
from units.rules import is_admin, is_plan_editor, is_unit_officer

from . import citations, eligibility
from .models import (
    Attachment,
    AwardRecord,
    Council,
    CouncilMember,
    CouncilRole,
    CouncilSession,
    Decision,
    DocumentKind,
    Dossier,
    Nominee,
    NomineeKind,
    Outcome,
    PersonMatch,
    SessionStatus,
    VoteResult,
)
from .services import missing_documents, required_documents
from .services.prizes import money, prize_lines


def visible_dossiers(user):
    dossiers = Dossier.objects.select_related("unit", "award_type", "session")
    # An editor with no unit works on every administration (units.rules.same_level).
    if is_admin(user) or (is_plan_editor(user) and user.unit_id is None):
        return dossiers
    # Each way of seeing a dossier is read first as a short list of ids (the user's sessions, the
    # councils whose dossiers they receive): as OR-ed subqueries, PostgreSQL tested every dossier of
    # the country (9 ms at 50,372 for a council's secretary); with the ids it ORs three indexes
    # (0.9 ms). Two small queries, whatever the number of dossiers.
    sessions = CouncilSession.objects.filter(council__members__user=user)
    # The secretary of a council that is not a UBND's (a Sở's, a school's) receives its dossiers.
    councils = Q(members__user=user, members__role=CouncilRole.SECRETARY) & ~Q(
        government__kind=UnitKind.PEOPLES_COMMITTEE
    )
    if is_plan_editor(user):
        councils |= Q(
            government__kind=UnitKind.PEOPLES_COMMITTEE,
            government__local_government_id=user.unit.local_government_id,
        )
    seen = Q(session__in=list(sessions.values_list("pk", flat=True)))
    seen |= Q(council__in=list(Council.objects.filter(councils).order_by().values_list("pk", flat=True).distinct()))
    if is_unit_officer(user):
        seen |= Q(unit_id=user.unit_id)
    return dossiers.filter(seen)


def visible_sessions(user):
    # Each row counts its own dossiers: a grouped count over the join would add up every dossier of
    # every session before the page could pick its rows, where this walks session_newest_first and
    # stops at the page's end. The order is spelled out (ties by id): a list paged without one can
    # show a session twice or never.
    dossiers = Dossier.objects.filter(session=OuterRef("pk")).order_by().values("session")
    sessions = (
        CouncilSession.objects.select_related("council")
        .annotate(dossier_count=Coalesce(Subquery(dossiers.annotate(n=Count("pk")).values("n")), 0))
        .order_by("-meets_at", "-id")
    )
    if is_admin(user) or (is_plan_editor(user) and user.unit_id is None):
        return sessions
    seen = Q(council__members__user=user)
    if is_plan_editor(user):
        seen |= Q(
            council__government__kind=UnitKind.PEOPLES_COMMITTEE,
            council__government__local_government_id=user.unit.local_government_id,
        )
    return sessions.filter(seen).distinct()


def planned_sessions_for(dossier):
    """Sessions of the council the dossier goes to (awards.routing) that have not opened the vote."""
    return CouncilSession.objects.filter(status=SessionStatus.PLANNED, council_id=dossier.council_id).select_related(
        "council"
    )


def councils_run_by(user):
    """The councils whose sessions the user may create: a UBND's for its Sở/Phòng Nội vụ staff, and
    the council where the user is the secretary (a Sở's, a school's)."""
    councils = Council.objects.select_related("government")
    if is_admin(user) or (is_plan_editor(user) and user.unit_id is None):
        return councils
    mine = Q(members__user=user, members__role=CouncilRole.SECRETARY) & ~Q(government__kind=UnitKind.PEOPLES_COMMITTEE)
    if is_plan_editor(user):
        mine |= Q(
            government__kind=UnitKind.PEOPLES_COMMITTEE,
            government__local_government_id=user.unit.local_government_id,
        )
    return councils.filter(mine).distinct()


def dossier_page(dossier: Dossier) -> dict:
    """Nominees with their checks, attachments grouped per nominee, and what is missing."""
    nominees = list(dossier.nominees.select_related("unit", "decision"))
    attachments = list(dossier.attachments.all())
    checks = eligibility.check_dossier(dossier, nominees)
    per_nominee = {n.pk: [] for n in nominees}
    general = []
    for a in attachments:
        (per_nominee[a.nominee_id] if a.nominee_id in per_nominee else general).append(a)
    return {
        "nominees": [(n, checks[n], per_nominee[n.pk]) for n in nominees],
        "general_attachments": general,
        "missing": missing_documents(dossier, nominees, attachments),
        "required": [DocumentKind(code).label for code in required_documents(dossier)],
    }


def session_agenda(session: CouncilSession) -> list[Dossier]:
    return list(
        session.dossiers.select_related("unit", "award_type")
        .prefetch_related(
            Prefetch("nominees", queryset=Nominee.objects.select_related("unit", "decision")),
            Prefetch("attachments", queryset=Attachment.objects.order_by("kind", "id")),
        )
        .order_by("agenda_position", "id")
    )


def results_by_nominee(session: CouncilSession) -> dict:
    """The tally, only once the vote is closed: before that there is nothing to read."""
    if session.status not in (SessionStatus.CLOSED, SessionStatus.APPLIED):
        return {}
    return {r.nominee_id: r for r in session.results.all()}


def council_members(council_id) -> list[CouncilMember]:
    return list(CouncilMember.objects.filter(council_id=council_id).select_related("user"))


def award_history(query: str = "", unit=None, *, by_citizen_id: bool = False):
    """The award history, searched by name or unit; by a full citizen ID only for those who may
    see IDs (staff), so the page cannot be used to find out whose an ID is."""
    records = AwardRecord.objects.select_related("award_type", "unit", "decision", "revocation")
    if query:
        from units.text import fold

        digits = "".join(query.split())
        if by_citizen_id and digits.isdigit() and len(digits) == 12:
            records = records.filter(citizen_id=digits)
        else:
            records = records.filter(Q(search_name__contains=fold(query)) | Q(unit__search_name__contains=fold(query)))
    if unit is not None:
        records = records.filter(unit=unit)
    return records


def unit_and_predecessors(unit) -> list[int]:
    """The unit's id and those of every unit merged into it, at any depth (one recursive query)."""
    from units.models import Unit

    table = Unit._meta.db_table
    sql = (
        f"WITH RECURSIVE chain(id) AS (SELECT CAST(%s AS bigint) UNION SELECT u.id FROM {table} u "
        f"JOIN chain c ON u.successor_id = c.id) SELECT id FROM chain"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [unit.pk])
        return [row[0] for row in cursor.fetchall()]


def unit_history(unit):
    """A unit's awards and its predecessors' (a merged Sở, a former commune): a collective's history
    follows it through mergers; people's awards proposed by those units are listed too."""
    return AwardRecord.objects.select_related("award_type", "unit", "decision", "revocation").filter(
        unit_id__in=unit_and_predecessors(unit)
    )


def person_history(award: AwardRecord) -> list[AwardRecord]:
    """Every award of the person a row names: by citizen ID when known, else by name + birth year
    + unit, plus the rows a person confirmed to be the same person (and without those confirmed
    not to be). Three queries."""
    base = AwardRecord.objects.select_related("award_type", "unit", "decision", "revocation")
    found = set(
        AwardRecord.objects.of_person(
            full_name=award.full_name,
            birth_year=award.birth_year,
            unit_id=award.unit_id,
            citizen_id=award.citizen_id,
        ).values_list("pk", flat=True)
    ) | {award.pk}
    same, different = set(), set()
    answers = PersonMatch.objects.filter(Q(first_id__in=found) | Q(second_id__in=found))
    for first, second, is_same in answers.values_list("first_id", "second_id", "same"):
        other = second if first in found else first
        if is_same:
            same.add(other)
        elif award.pk in (first, second):
            different.add(second if first == award.pk else first)
    wanted = (found | same) - different
    return list(base.filter(pk__in=wanted).order_by("-year", "award_type__position"))


def possible_duplicates(tree_root_id=None) -> list[dict]:
    """Pairs of people's rows with the same name and birth year whose citizen IDs differ or are
    missing, not yet answered by anyone: for a person to say whether they are one person. One
    query for the rows, one for the answers."""
    rows = (
        AwardRecord.objects.exclude(kind=NomineeKind.COLLECTIVE)
        .exclude(birth_year__isnull=True)
        .select_related("award_type", "unit", "decided_by", "decision", "revocation")
        .order_by("search_name", "birth_year", "year", "pk")
    )
    if tree_root_id is not None:
        rows = rows.filter(unit__tree_root_id=tree_root_id)
    names = (
        rows.values("search_name", "birth_year")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .values_list("search_name", flat=True)
    )
    groups: dict = {}
    for row in rows.filter(search_name__in=names):
        groups.setdefault((row.search_name, row.birth_year), []).append(row)
    ids = [row.pk for group in groups.values() for row in group]
    answered = set(PersonMatch.objects.filter(first_id__in=ids, second_id__in=ids).values_list("first_id", "second_id"))
    pairs = []
    for group in groups.values():
        for i, first in enumerate(group):
            for second in group[i + 1 :]:
                low, high = sorted((first, second), key=lambda r: r.pk)
                if (low.pk, high.pk) in answered:
                    continue
                if low.citizen_id and low.citizen_id == high.citizen_id:
                    continue  # the ID already says they are one person
                if not (low.citizen_id or high.citizen_id) and low.unit_id == high.unit_id:
                    continue  # name, birth year and unit already match them
                pairs.append({"first": low, "second": high, "ids_differ": bool(low.citizen_id and high.citizen_id)})
    return pairs


def next_decision_number(unit, year: int) -> str:
    """The next number of the unit's register for the year: one more than its highest decision."""
    numbers = Decision.objects.filter(issuing_unit=unit, issued_on__year=year).values_list("number", flat=True)
    highest = max((int(n) for n in numbers if n.isdigit()), default=0)
    return str(highest + 1)


# Official documents --------------------------------------------------------------------------


def minutes_document(session: CouncilSession) -> dict:
    """Everything the Biên bản of a council session prints: who sat, what was voted, the tally."""
    members = council_members(session.council_id)
    written = set(session.written_opinions.values_list("member_id", flat=True))
    voted = set(session.receipts.values_list("member_id", flat=True).distinct()) - written
    results = {r.nominee_id: r for r in VoteResult.objects.filter(session=session)}
    role_holder = {m.role: m for m in members}
    agenda = []
    for dossier in session_agenda(session):
        rows = []
        for nominee in dossier.nominees.all():
            result = results.get(nominee.pk)
            rows.append(
                {
                    "name": nominee.display_name,
                    "description": nominee.description,
                    "approvals": result.approvals if result else None,
                    "rejections": result.rejections if result else None,
                    "approval_percent": result.approval_percent if result else None,
                    "passed": result.passed if result else None,
                    "quorum_met": result.quorum_met if result else None,
                    "outcome": Outcome(nominee.outcome).label if nominee.outcome else "",
                }
            )
        agenda.append(
            {
                "unit": dossier.unit.name,
                "title": dossier.title,
                "award_type": dossier.award_type.name,
                "threshold": dossier.award_type.approval_threshold,
                "vote_base": dossier.award_type.get_vote_base_display(),
                "rule_basis": dossier.award_type.vote_rule_basis,
                "nominees": rows,
            }
        )
    chair, secretary = role_holder.get(CouncilRole.CHAIR), role_holder.get(CouncilRole.SECRETARY)
    government = session.council.government
    place = government.committee_place
    presided_by = session.presided_by or (str(chair.user) if chair else "")
    return {
        # Keys as documents.parts.DocumentHeader takes them: DocumentHeader(**doc["header"]).
        "header": {
            "parent_body": government.name,
            "issuing_body": session.council.name,
            "number": session.minutes_number,
            "symbol": session.minutes_symbol,
            "place": place[1] if place else "",
            "date": timezone.localtime(session.meets_at).date(),
        },
        # A Biên bản is signed by whoever presided and by the secretary.
        "signers": [
            {"authority": "CHỦ TRÌ", "position": "", "name": presided_by.split(",")[0]},
            {"authority": "THƯ KÝ", "position": "", "name": str(secretary.user) if secretary else ""},
        ],
        "council": session.council.name,
        "government": session.council.government.name,
        "title": session.title,
        "meets_at": session.meets_at,
        "place": session.place,
        "presided_by": presided_by,
        "members_total": session.members_total if session.members_total is not None else len(members),
        "present": [_member_line(m) for m in members if m.pk in voted],
        "written": [_member_line(m) for m in members if m.pk in written],
        "absent": [_member_line(m) for m in members if m.pk not in voted and m.pk not in written],
        "discussion": text_lines(session.discussion),
        "agenda": agenda,
        "voting_opened_at": session.voting_opened_at,
        "voting_closed_at": session.voting_closed_at,
        "ends_at": session.ends_at,
        "chair": {"name": str(chair.user), "position": chair.position} if chair else None,
        "secretary": {"name": str(secretary.user), "position": secretary.position} if secretary else None,
    }


def _member_line(member) -> dict:
    """ "Nguyễn Văn A, Giám đốc Sở Nội vụ, Phó Chủ tịch Hội đồng": the role only when the position
    does not already say it ("Phó Giám đốc Sở Nội vụ - Ủy viên Hội đồng" is not followed by "Ủy viên")."""
    from units.text import fold

    role = member.get_role_display()
    parts = [str(member.user), member.position]
    if fold(role) not in fold(member.position):
        parts.append(role)
    return {"name": str(member.user), "position": member.position, "line": ", ".join(p for p in parts if p)}


def _proposal_line(proposal: str) -> list[str]:
    proposal = proposal.strip().rstrip(" ;.,")
    if not proposal:
        return []
    if not proposal.lower().startswith("theo đề nghị"):
        proposal = f"Theo đề nghị của {proposal}"
    return [proposal]


def decision_document(decision: Decision) -> dict:
    """Everything the Quyết định prints, its appendix being the list of awarded nominees."""
    nominees = list(
        decision.nominees.select_related("dossier__unit", "dossier__movement", "unit").order_by(
            "dossier__agenda_position", "dossier_id", "position_in_list"
        )
    )
    prizes = prize_lines(decision)
    amounts = prizes.get("by_nominee", {})
    return {
        # Keys as documents.parts.DocumentHeader takes them: DocumentHeader(**doc["header"]).
        "header": {
            "parent_body": decision.parent_body_line,
            "issuing_body": decision.issuing_body_line,
            "number": decision.number,
            "symbol": decision.symbol,
            "place": decision.place,
            "date": decision.issued_on,
        },
        "parent_body_line": decision.parent_body_line,
        "issuing_body_line": decision.issuing_body_line,
        "reference": decision.reference,
        "number": decision.number,
        "symbol": decision.symbol,
        "date_line": decision.date_line,
        "issued_on": decision.issued_on,
        "title": decision.title,
        "award_type": decision.award_type.name,
        "award_phrase": decision.award_type.award_phrase,
        "year": citations.year_of(nominees),
        "achievement": citations.achievement(nominees),
        "awarded_people": citations.awarded_people(nominees),
        "prizes": prizes,
        "prize_fund": decision.prize_fund,
        # "Theo đề nghị của …" closes the bases, so it takes the final "." (Decree 30).
        "legal_bases": decision.legal_basis_lines + _proposal_line(decision.proposal),
        "session": str(decision.session) if decision.session_id else "",
        "recipients": decision.recipient_lines,
        "signer": {
            "authority": decision.signer_authority,
            "position": decision.signer_position,
            "name": decision.signer_name,
        },
        "appendix": [
            {
                "number": i,
                "name": f"{n.display_name} (truy tặng)" if n.posthumous else n.display_name,
                "kind": n.get_kind_display(),
                "position": n.position,
                "workplace": n.workplace or n.dossier.unit.name,
                "birth_year": n.birth_year,
                "gender": n.get_gender_display() if n.gender else "",
                "achievement": n.achievement,
                "proposed_by": n.dossier.unit.name,
                "prize": money(amounts[n.pk]) if n.pk in amounts else "",
            }
            for i, n in enumerate(nominees, start=1)
        ],
    }
