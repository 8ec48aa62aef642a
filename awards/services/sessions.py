"""Council sessions: the agenda, the secret ballot, the count and applying the results."""

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from activity.services import record, record_changes
from activity.snapshot import snapshot
from common.fields import assign
from common.uploads import DOCUMENT_KINDS, display_name, validate_upload
from units.text import clean_attributes
from workflows import Transition, Workflow

from .. import ballots
from ..models import (
    AwardType,
    BallotChoice,
    BallotReceipt,
    CouncilMember,
    CouncilSession,
    Dossier,
    DossierStatus,
    Nominee,
    Outcome,
    SessionStatus,
    VoteBase,
    VoteResult,
    WrittenOpinion,
)
from ..notify import announce, audience_for, unit_people

# Sessions and agenda -----------------------------------------------------------------------
from .dossier_workflow import DOSSIER_WORKFLOW
from .dossiers import locked_dossier

SESSION_FIELDS = ["council", "title", "meets_at", "place", "presided_by", "discussion"]


@transaction.atomic
def create_session(*, actor, data: dict) -> CouncilSession:
    session = CouncilSession(created_by=actor if actor and actor.is_authenticated else None)
    assign(session, data, SESSION_FIELDS)
    clean_attributes(session, SESSION_FIELDS)
    session.full_clean()
    session.save()
    record(
        actor=actor,
        action="session.create",
        summary=f"Tạo phiên họp “{session.title}”",
        target=session,
        after=snapshot(session, SESSION_FIELDS),
    )
    return session


MINUTES_FIELDS = [
    "title",
    "meets_at",
    "ends_at",
    "place",
    "presided_by",
    "discussion",
    "minutes_number",
    "minutes_symbol",
]


@transaction.atomic
def update_session(*, actor, session: CouncilSession, data: dict) -> CouncilSession:
    """Correct the session's details and write what the minutes record (who presided, discussion)."""
    session = _locked_session(session)
    before = snapshot(session, MINUTES_FIELDS)
    assign(session, data, MINUTES_FIELDS)
    clean_attributes(session, MINUTES_FIELDS)
    if session.ends_at and session.ends_at <= session.meets_at:
        raise ValidationError({"ends_at": "Thời gian kết thúc họp phải sau thời gian bắt đầu họp."})
    session.full_clean()
    session.save()
    record_changes(
        actor=actor,
        action="session.update",
        summary="Sửa thông tin phiên họp, biên bản",
        target=session,
        before=before,
        fields=MINUTES_FIELDS,
    )
    return session


def _locked_session(session) -> CouncilSession:
    return CouncilSession.objects.select_for_update(of=("self",)).select_related("council").get(pk=session.pk)


@transaction.atomic
def schedule_dossier(*, actor, dossier: Dossier, session: CouncilSession | None) -> Dossier:
    """Put a ready dossier on a planned session's agenda (or take it off with session=None)."""
    dossier = locked_dossier(dossier)
    if dossier.status != DossierStatus.READY:
        raise ValidationError("Chỉ hồ sơ đã đủ điều kiện trình Hội đồng mới đưa vào phiên họp được.")
    if dossier.session_id and dossier.session.status != SessionStatus.PLANNED:
        raise ValidationError("Phiên họp của hồ sơ đã bắt đầu bỏ phiếu; không chuyển hồ sơ được nữa.")
    before = {"session": str(dossier.session) if dossier.session_id else None}
    if session is not None:
        session = _locked_session(session)
        if session.status != SessionStatus.PLANNED:
            raise ValidationError(f"Phiên họp “{session}” đã bắt đầu bỏ phiếu; hãy chọn phiên khác.")
        if session.council_id != dossier.council_id:
            raise ValidationError(
                f"Hồ sơ của {dossier.unit} trình {dossier.council or 'Hội đồng khác'}, không trình {session.council}."
            )
        dossier.agenda_position = (session.dossiers.aggregate(m=Max("agenda_position"))["m"] or 0) + 1
    dossier.session = session
    dossier.save(update_fields=["session", "agenda_position", "updated_at"])
    summary = f"Đưa hồ sơ vào phiên họp “{session}”" if session else "Rút hồ sơ khỏi phiên họp"
    record(
        actor=actor,
        action="dossier.schedule",
        summary=summary,
        target=dossier,
        before=before,
        after={"session": str(session) if session else None},
    )
    if session is not None:
        announce(
            "dossier_scheduled",
            audience_for("council", session=session) + unit_people(dossier),
            {"dossier": dossier, "session": session},
            about=session,
            actor=actor,
        )
    return dossier


def has_nominees(session: CouncilSession, change) -> None:
    """The agenda has someone to vote on."""
    if not Nominee.objects.filter(dossier__session=session).exists():
        raise ValidationError("Phiên họp chưa có hồ sơ nào để bỏ phiếu.")


def open_ballot_boxes(session: CouncilSession, change) -> None:
    """Note the opening time and set out an empty ballot box for every nominee (awards.ballots)."""
    session.voting_opened_at = timezone.now()
    session.save(update_fields=["voting_opened_at"])
    ballots.open_boxes(session)


def tell_council(session: CouncilSession, change) -> None:
    """Notify the council's members (awards/email/session_<transition>.txt), in the portal and by e-mail."""
    announce(
        f"session_{change.transition.name}",
        audience_for("council", session=session),
        {"session": session},
        about=session,
        actor=change.user,
    )


def open_voting(*, actor, session: CouncilSession) -> CouncilSession:
    return SESSION_WORKFLOW.apply(session, "open_voting", actor).obj


def member_seat(user, session) -> CouncilMember | None:
    return CouncilMember.objects.filter(council_id=session.council_id, user=user).first()


@transaction.atomic
def cast_ballots(*, actor, session: CouncilSession, choices: dict) -> int:
    """One member's ballot sheet: {nominee_id: choice} for every nominee of the session.

    All or nothing: a second vote on any nominee refuses the whole sheet. The receipts say that the
    member voted; the choices only go up the counts of the ballot boxes (awards.ballots).
    """
    # Lock the session row so closing the vote cannot interleave with a sheet being counted.
    session = _locked_session(session)
    if session.status != SessionStatus.VOTING:
        raise ValidationError("Phiên họp không còn nhận phiếu: việc bỏ phiếu chưa mở hoặc đã kết thúc.")
    seat = member_seat(actor, session)
    if seat is None:
        raise ValidationError("Bạn không phải thành viên Hội đồng của phiên họp này.")
    nominees = {n.pk: n for n in Nominee.objects.filter(dossier__session=session)}
    choices = {int(k): v for k, v in choices.items() if v}
    unknown = set(choices) - set(nominees)
    if unknown:
        raise ValidationError("Phiếu có người, tập thể không thuộc phiên họp này.")
    if not choices:
        raise ValidationError("Hãy chọn “Đồng ý” hoặc “Không đồng ý” cho ít nhất một người, tập thể.")
    if any(v not in BallotChoice.values for v in choices.values()):
        raise ValidationError("Phiếu chỉ nhận “Đồng ý” hoặc “Không đồng ý”.")
    already = set(
        BallotReceipt.objects.filter(session=session, member=seat, nominee_id__in=choices).values_list(
            "nominee_id", flat=True
        )
    )
    if already:
        names = ", ".join(nominees[pk].display_name for pk in sorted(already))
        raise ValidationError(f"Bạn đã bỏ phiếu cho {names}; mỗi thành viên chỉ bỏ một phiếu cho mỗi người, tập thể.")
    try:
        with transaction.atomic():
            BallotReceipt.objects.bulk_create(
                [BallotReceipt(session=session, nominee_id=pk, member=seat) for pk in sorted(choices)]
            )
    except IntegrityError as exc:
        # A second tab submitting the same sheet at the same moment: the database said no.
        raise ValidationError("Bạn đã bỏ phiếu cho người, tập thể này; phiếu sau không được tính.") from exc
    # Counted into the nominees' ballot boxes, never kept one by one: see awards.ballots.
    ballots.drop(session, choices)
    record(
        actor=actor,
        action="session.vote",
        summary=f"Bỏ phiếu kín cho {len(choices)} người, tập thể",
        target=session,
        after={"count": len(choices)},
    )
    return len(choices)


@transaction.atomic
def record_written_opinion(*, actor, session: CouncilSession, member: CouncilMember, choices: dict, paper):
    """The secretary records an absent member's written opinion with the signed paper: counted like a
    sheet (a receipt per nominee, the choices only into the ballot boxes), for the nominees whose
    award type lets written opinions count."""
    session = _locked_session(session)
    if session.status != SessionStatus.VOTING:
        raise ValidationError("Chỉ ghi ý kiến bằng văn bản khi phiên họp đang bỏ phiếu.")
    if member.council_id != session.council_id:
        raise ValidationError({"member": "Người này không phải thành viên Hội đồng của phiên họp."})
    if BallotReceipt.objects.filter(session=session, member=member).exists():
        raise ValidationError({"member": f"{member.user} đã bỏ phiếu tại phiên họp; không ghi ý kiến bằng văn bản."})
    nominees = {n.pk: n for n in Nominee.objects.filter(dossier__session=session).select_related("dossier__award_type")}
    choices = {int(k): v for k, v in choices.items() if v}
    if set(choices) - set(nominees):
        raise ValidationError("Ý kiến có người, tập thể không thuộc phiên họp này.")
    if not choices:
        raise ValidationError("Hãy ghi ý kiến “Đồng ý” hoặc “Không đồng ý” cho ít nhất một người, tập thể.")
    if any(v not in BallotChoice.values for v in choices.values()):
        raise ValidationError("Ý kiến chỉ nhận “Đồng ý” hoặc “Không đồng ý”.")
    refused = sorted(
        {
            nominees[pk].dossier.award_type.name
            for pk in choices
            if not nominees[pk].dossier.award_type.written_opinions_count
        }
    )
    if refused:
        raise ValidationError(
            f"Quy định của {', '.join(f'“{name}”' for name in refused)} không tính ý kiến bằng văn bản của thành viên "
            "vắng mặt (xem danh mục danh hiệu, hình thức khen thưởng)."
        )
    if paper is None:
        raise ValidationError({"paper": "Hãy tải lên bản ý kiến bằng văn bản có chữ ký của thành viên."})
    content_kind = validate_upload(paper, allowed=DOCUMENT_KINDS, max_bytes=settings.AWARDS_MAX_UPLOAD_BYTES)
    opinion = WrittenOpinion(
        session=session,
        member=member,
        original_name=display_name(paper.name),
        content_kind=content_kind,
        size=paper.size,
        recorded_by=actor if actor and actor.is_authenticated else None,
    )
    opinion.paper.save(paper.name, paper, save=False)
    try:
        with transaction.atomic():
            opinion.save()
            BallotReceipt.objects.bulk_create(
                [BallotReceipt(session=session, nominee_id=pk, member=member) for pk in sorted(choices)]
            )
    except IntegrityError as exc:
        raise ValidationError({"member": f"Đã ghi ý kiến hoặc phiếu của {member.user}."}) from exc
    ballots.drop(session, choices)
    record(
        actor=actor,
        action="session.written_opinion",
        summary=f"Ghi ý kiến bằng văn bản của {member.user} cho {len(choices)} người, tập thể",
        target=session,
        after={"member": str(member.user), "count": len(choices), "file": opinion.original_name},
    )
    return opinion


def percent(part: int, whole: int) -> Decimal:
    """part/whole as a percentage rounded to 2 decimals, so 2 of 3 reads 66.67 and meets 66.67."""
    if whole == 0:
        return Decimal("0.00")
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def count_votes(*, members_total: int, present: int, approvals: int, award_type: AwardType, written: int = 0) -> dict:
    """The verdict for one nominee under the award type's quorum, threshold and counting base.

    `present` is who voted at the meeting, which alone makes the quorum; `written` the absent members'
    written opinions counted on this nominee (only where the award type's rule allows them)."""
    quorum_met = percent(present, members_total) >= award_type.quorum
    base = members_total if award_type.vote_base == VoteBase.ALL_MEMBERS else present + written
    approval_percent = percent(approvals, base)
    return {
        "quorum_met": quorum_met,
        "approval_percent": approval_percent,
        "passed": quorum_met and approval_percent >= award_type.approval_threshold,
    }


def count_ballots(session: CouncilSession, change) -> dict:
    """Count every nominee once from the ballot boxes into VoteResult (the boxes go) and stage the
    outcome the count suggests."""
    members_total = session.council.members.count()
    written_members = set(session.written_opinions.values_list("member_id", flat=True))
    voters = set(BallotReceipt.objects.filter(session=session).values_list("member_id", flat=True))
    present = len(voters - written_members)
    counts = ballots.empty(session)
    nominees = list(Nominee.objects.filter(dossier__session=session).select_related("dossier__award_type"))
    results = []
    for nominee in nominees:
        award_type = nominee.dossier.award_type
        tally = counts.get(nominee.pk, {"approvals": 0, "rejections": 0})
        written = len(written_members) if award_type.written_opinions_count else 0
        verdict = count_votes(
            members_total=members_total,
            present=present,
            approvals=tally["approvals"],
            award_type=award_type,
            written=written,
        )
        results.append(
            VoteResult(
                session=session,
                nominee=nominee,
                members_total=members_total,
                present=present,
                approvals=tally["approvals"],
                rejections=tally["rejections"],
                quorum=award_type.quorum,
                threshold=award_type.approval_threshold,
                vote_base=award_type.vote_base,
                written_opinions=written,
                **verdict,
            )
        )
        nominee.pending_outcome = _suggested_outcome(nominee, session, verdict)
    VoteResult.objects.bulk_create(results)
    Nominee.objects.bulk_update(nominees, ["pending_outcome"])
    session.members_total, session.voting_closed_at = members_total, timezone.now()
    session.save(update_fields=["members_total", "voting_closed_at"])
    return {"present": present, "members_total": members_total, "passed": sum(r.passed for r in results)}


def close_voting(*, actor, session: CouncilSession, confirmed: bool = False) -> CouncilSession:
    """End the vote, count every nominee once and stage the outcome the count suggests; with members
    who have not voted, only once the secretary confirms it."""
    return SESSION_WORKFLOW.apply(session, "close_voting", actor, confirmed=confirmed).obj


def members_not_voted(session: CouncilSession) -> list[CouncilMember]:
    """Members with neither a ballot nor a written opinion in this session, in the council's order."""
    voted = set(BallotReceipt.objects.filter(session=session).values_list("member_id", flat=True))
    return [m for m in session.council.members.select_related("user") if m.pk not in voted]


def missing_votes_message(missing) -> str:
    return f"Còn {len(missing)} thành viên chưa bỏ phiếu: {', '.join(str(m.user) for m in missing)}."


def everyone_voted_or_confirmed(session: CouncilSession, change) -> None:
    """Closing with members who have not voted needs the secretary's confirmation."""
    missing = members_not_voted(session)
    if missing and not change.params.get("confirmed"):
        raise ValidationError(f"{missing_votes_message(missing)} Hãy xác nhận nếu vẫn kết thúc bỏ phiếu.")


def _suggested_outcome(nominee, session, verdict) -> str:
    # A meeting without quorum decides nothing: the nominee waits for the next session.
    if not verdict["quorum_met"]:
        return Outcome.POSTPONED
    if not verdict["passed"]:
        return Outcome.NOT_AWARDED
    if nominee.dossier.award_type.decided_above(session.council.level):
        return Outcome.FORWARDED
    return Outcome.AWARDED


@transaction.atomic
def stage_outcomes(*, actor, session: CouncilSession, outcomes: dict) -> None:
    """The secretary's staged decisions {nominee_id: outcome}, applied later in one go.

    The vote binds: a nominee who did not pass can only be staged as not awarded.
    """
    session = _locked_session(session)
    if session.status != SessionStatus.CLOSED:
        raise ValidationError("Chỉ sắp xếp kết quả sau khi kết thúc bỏ phiếu và trước khi áp dụng.")
    results = {r.nominee_id: r for r in session.results.select_related("nominee__dossier__award_type")}
    changed = []
    for key, value in outcomes.items():
        result = results.get(int(key))
        if result is None:
            raise ValidationError("Có người, tập thể không thuộc phiên họp này.")
        nominee = result.nominee
        allowed = {Outcome.NOT_AWARDED}
        if not result.quorum_met:
            allowed = {Outcome.POSTPONED}
        elif result.passed:
            allowed.add(_suggested_outcome(nominee, session, {"quorum_met": True, "passed": True}))
        if value not in allowed:
            if not result.quorum_met:
                message = (
                    f"“{nominee.display_name}”: phiên họp không đủ số thành viên dự họp nên chỉ có thể "
                    "“Xét lại ở phiên họp sau”."
                )
            elif not result.passed:
                message = f"“{nominee.display_name}” không đạt tỷ lệ phiếu đồng ý nên chỉ có thể “Không khen thưởng”."
            else:
                message = f"“{nominee.display_name}”: kết quả “{value}” không hợp lệ."
            raise ValidationError(message)
        if nominee.pending_outcome != value:
            changed.append((nominee, nominee.get_pending_outcome_display(), value))
            nominee.pending_outcome = value
            nominee.save(update_fields=["pending_outcome"])
    if changed:
        record(
            actor=actor,
            action="session.stage",
            summary="Sắp xếp kết quả dự kiến",
            target=session,
            before={n.display_name: old for n, old, _ in changed},
            after={n.display_name: Outcome(new).label for n, _, new in changed},
        )


# Which council transition moves a dossier, by the best outcome among its nominees.
COUNCIL_TRANSITION_FOR = {
    "awarded": "council_approve",
    "forwarded": "council_forward",
    "not_awarded": "council_reject",
    "postponed": "council_postpone",
}


def apply_staged_outcomes(session: CouncilSession, change) -> None:
    """Give every nominee its staged outcome and move each dossier on the agenda by the council's
    transition for its best one (council_approve, council_forward or council_reject)."""
    dossiers = list(
        Dossier.objects.select_for_update(of=("self",))
        .filter(session=session)
        .select_related("award_type", "unit", "session")
    )
    nominees = list(Nominee.objects.filter(dossier__session=session))
    by_dossier = defaultdict(list)
    postponed = set()
    for nominee in nominees:
        outcome = nominee.pending_outcome or Outcome.NOT_AWARDED
        if outcome == Outcome.POSTPONED:
            # Voted on again at a later session: no outcome yet.
            postponed.add(nominee.dossier_id)
            outcome = ""
        nominee.outcome, nominee.pending_outcome = outcome, ""
        by_dossier[nominee.dossier_id].append(nominee)
    Nominee.objects.bulk_update(nominees, ["outcome", "pending_outcome"])
    for dossier in dossiers:
        if dossier.pk in postponed:
            DOSSIER_WORKFLOW.apply(dossier, "council_postpone", change.user, facts={"session": str(session)})
            continue
        outcomes = {n.outcome for n in by_dossier[dossier.pk]}
        best = next((o for o in (Outcome.AWARDED, Outcome.FORWARDED) if o in outcomes), Outcome.NOT_AWARDED)
        awarded = [n.display_name for n in by_dossier[dossier.pk] if n.outcome == best] if best != "not_awarded" else []
        DOSSIER_WORKFLOW.apply(
            dossier, COUNCIL_TRANSITION_FOR[best], change.user, facts={"nominees": awarded} if awarded else None
        )
    session.applied_at = timezone.now()
    session.save(update_fields=["applied_at"])


def apply_results(*, actor, session: CouncilSession) -> CouncilSession:
    """Apply every staged outcome at once and move each dossier on the agenda accordingly."""
    return SESSION_WORKFLOW.apply(session, "apply_results", actor).obj


SESSION_WORKFLOW = Workflow(
    name="session",
    title="Phiên họp Hội đồng Thi đua – Khen thưởng",
    noun="phiên họp",
    model=CouncilSession,
    states=SessionStatus,
    initial=SessionStatus.PLANNED,
    lock=_locked_session,
    transitions=[
        Transition(
            name="open_voting",
            sources=(SessionStatus.PLANNED,),
            target=SessionStatus.VOTING,
            label="Mở bỏ phiếu",
            done_message="Đã mở bỏ phiếu kín.",
            permission="awards.run_session",
            guards=(has_nominees,),
            effects=(open_ballot_boxes, tell_council),
        ),
        Transition(
            name="close_voting",
            sources=(SessionStatus.VOTING,),
            target=SessionStatus.CLOSED,
            label="Kết thúc bỏ phiếu và kiểm phiếu",
            done_message="Đã kết thúc bỏ phiếu; kết quả kiểm phiếu đã có.",
            permission="awards.run_session",
            guards=(everyone_voted_or_confirmed,),
            effects=(count_ballots, tell_council),
            wrong_state="Không thể kết thúc bỏ phiếu khi phiên họp đang “{state}”.",
        ),
        Transition(
            name="apply_results",
            sources=(SessionStatus.CLOSED,),
            target=SessionStatus.APPLIED,
            label="Áp dụng kết quả",
            done_message="Đã áp dụng kết quả cho các hồ sơ.",
            permission="awards.run_session",
            effects=(apply_staged_outcomes,),
            wrong_state="Không thể áp dụng kết quả khi phiên họp đang “{state}”.",
        ),
    ],
)
