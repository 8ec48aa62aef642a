"""Every write to dossiers, sessions, ballots and decisions. Each function is one transaction,
writes the activity log and schedules its e-mails for after the commit; views call only these."""

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
from units.text import clean, clean_attributes
from workflows import Transition, Workflow

from . import ballots, eligibility
from .models import (
    PER_NOMINEE_DOCUMENTS,
    Attachment,
    AwardRecord,
    AwardType,
    BallotChoice,
    BallotReceipt,
    CouncilMember,
    CouncilSession,
    Decision,
    DocumentKind,
    Dossier,
    DossierKind,
    DossierStatus,
    Nominee,
    NomineeKind,
    Outcome,
    SessionStatus,
    VoteBase,
    VoteResult,
)
from .notify import announce, audience_for, unit_people

DOSSIER_FIELDS = ["kind", "award_type", "year", "movement", "title"]
NOMINEE_FIELDS = [
    "kind",
    "full_name",
    "position",
    "workplace",
    "gender",
    "birth_year",
    "unit",
    "achievement",
    "task_rating",
    "excellent_years",
    "initiative_scope",
    "initiative_count",
    "initiative_title",
]
SESSION_FIELDS = ["council", "title", "meets_at", "place", "presided_by", "discussion"]
DECISION_FIELDS = [
    "issuing_unit",
    "parent_body_line",
    "issuing_body_line",
    "number",
    "symbol",
    "place",
    "issued_on",
    "title",
    "legal_bases",
    "proposal",
    "recipients",
    "signer_authority",
    "signer_position",
    "signer_name",
]


def _locked(dossier: Dossier):
    return (
        Dossier.objects.select_for_update(of=("self",))
        .select_related("award_type", "unit", "session")
        .get(pk=dossier.pk)
    )


def ensure_editable(dossier: Dossier) -> None:
    if dossier.status not in (DossierStatus.DRAFT, DossierStatus.RETURNED):
        raise ValidationError(
            f"Hồ sơ đang ở trạng thái “{dossier.get_status_display()}” nên không sửa được; "
            "chỉ sửa khi đang soạn hoặc khi được yêu cầu bổ sung."
        )


def _check_award_type(award_type: AwardType, year: int) -> None:
    if award_type.valid_from and year < award_type.valid_from.year:
        raise ValidationError(
            {
                "award_type": f"“{award_type}” chỉ áp dụng từ {award_type.valid_from:%d/%m/%Y}, "
                f"chưa dùng được cho năm {year}."
            }
        )
    if award_type.valid_to and year > award_type.valid_to.year:
        raise ValidationError(
            {"award_type": f"“{award_type}” hết áp dụng sau {award_type.valid_to:%d/%m/%Y}, không dùng cho năm {year}."}
        )


# Dossiers ----------------------------------------------------------------------------------


@transaction.atomic
def create_dossier(*, actor, unit, data: dict) -> Dossier:
    dossier = Dossier(unit=unit, created_by=actor if actor and actor.is_authenticated else None)
    assign(dossier, data, DOSSIER_FIELDS)
    clean_attributes(dossier, ["title"])
    dossier.full_clean()
    _check_award_type(dossier.award_type, dossier.year)
    dossier.save()
    record(
        actor=actor,
        action="dossier.create",
        summary=f"Tạo hồ sơ “{dossier.title}”",
        target=dossier,
        after=snapshot(dossier, DOSSIER_FIELDS),
    )
    return dossier


@transaction.atomic
def update_dossier(*, actor, dossier: Dossier, data: dict) -> Dossier:
    dossier = _locked(dossier)
    ensure_editable(dossier)
    before = snapshot(dossier, DOSSIER_FIELDS)
    assign(dossier, data, DOSSIER_FIELDS)
    clean_attributes(dossier, ["title"])
    dossier.full_clean()
    _check_award_type(dossier.award_type, dossier.year)
    for nominee in dossier.nominees.all():
        _check_nominee_fits(nominee, dossier.award_type)
    dossier.save()
    record_changes(
        actor=actor,
        action="dossier.update",
        summary="Sửa thông tin hồ sơ",
        target=dossier,
        before=before,
        fields=DOSSIER_FIELDS,
    )
    return dossier


def _check_nominee_fits(nominee: Nominee, award_type: AwardType) -> None:
    if nominee.kind == NomineeKind.COLLECTIVE and not award_type.for_units:
        raise ValidationError({"kind": f"“{award_type}” chỉ xét cho cá nhân hoặc hộ gia đình, không xét cho tập thể."})
    if nominee.kind == NomineeKind.PERSON and not award_type.for_people:
        raise ValidationError({"kind": f"“{award_type}” chỉ xét cho tập thể, không xét cho cá nhân."})
    if nominee.kind == NomineeKind.HOUSEHOLD and award_type.beneficiary != "ho_gia_dinh":
        raise ValidationError({"kind": f"“{award_type}” không xét cho hộ gia đình."})


@transaction.atomic
def add_nominee(*, actor, dossier: Dossier, data: dict) -> Nominee:
    dossier = _locked(dossier)
    ensure_editable(dossier)
    nominee = Nominee(dossier=dossier)
    assign(nominee, data, NOMINEE_FIELDS, skip_none=True)
    _clean_nominee(nominee, dossier.award_type)
    nominee.position_in_list = (dossier.nominees.aggregate(m=Max("position_in_list"))["m"] or 0) + 1
    nominee.save()
    record(
        actor=actor,
        action="nominee.create",
        summary=f"Thêm “{nominee.display_name}” vào danh sách đề nghị",
        target=nominee,
        context=dossier,
        after=snapshot(nominee, NOMINEE_FIELDS),
    )
    return nominee


def _clean_nominee(nominee: Nominee, award_type: AwardType) -> None:
    clean_attributes(nominee, NOMINEE_FIELDS)
    if nominee.kind == NomineeKind.COLLECTIVE:
        if nominee.unit is None:
            raise ValidationError({"unit": "Hãy chọn tập thể (đơn vị) được đề nghị trong danh mục đơn vị."})
        nominee.full_name = nominee.full_name or nominee.unit.name
    elif not nominee.full_name:
        raise ValidationError({"full_name": "Hãy ghi họ và tên người được đề nghị."})
    else:
        nominee.unit = None
    _check_nominee_fits(nominee, award_type)
    nominee.full_clean()


@transaction.atomic
def update_nominee(*, actor, nominee: Nominee, data: dict) -> Nominee:
    dossier = _locked(nominee.dossier)
    ensure_editable(dossier)
    nominee = Nominee.objects.select_for_update().get(pk=nominee.pk)
    before = snapshot(nominee, NOMINEE_FIELDS)
    assign(nominee, data, NOMINEE_FIELDS, skip_none=True)
    _clean_nominee(nominee, dossier.award_type)
    nominee.save()
    record_changes(
        actor=actor,
        action="nominee.update",
        summary=f"Sửa thông tin “{nominee.display_name}”",
        target=nominee,
        context=dossier,
        before=before,
        fields=NOMINEE_FIELDS,
    )
    return nominee


@transaction.atomic
def remove_nominee(*, actor, nominee: Nominee) -> None:
    dossier = _locked(nominee.dossier)
    ensure_editable(dossier)
    record(
        actor=actor,
        action="nominee.delete",
        summary=f"Bỏ “{nominee.display_name}” khỏi danh sách đề nghị",
        target=dossier,
        before=snapshot(nominee, NOMINEE_FIELDS),
    )
    nominee.delete()


@transaction.atomic
def add_attachment(*, actor, dossier: Dossier, uploaded, kind: str, nominee: Nominee | None = None) -> Attachment:
    dossier = _locked(dossier)
    ensure_editable(dossier)
    if kind not in DocumentKind.values:
        raise ValidationError({"kind": "Hãy chọn loại tài liệu."})
    if nominee is not None and nominee.dossier_id != dossier.pk:
        raise ValidationError({"nominee": "Người, tập thể này không thuộc hồ sơ."})
    if kind in PER_NOMINEE_DOCUMENTS and nominee is None:
        raise ValidationError({"nominee": f"“{DocumentKind(kind).label}” là của từng người, tập thể: hãy chọn của ai."})
    content_kind = validate_upload(uploaded, allowed=DOCUMENT_KINDS, max_bytes=settings.AWARDS_MAX_UPLOAD_BYTES)
    attachment = Attachment(
        dossier=dossier,
        nominee=nominee,
        kind=kind,
        original_name=display_name(uploaded.name),
        content_kind=content_kind,
        size=uploaded.size,
        uploaded_by=actor if actor and actor.is_authenticated else None,
    )
    attachment.file.save(uploaded.name, uploaded, save=False)
    attachment.save()
    record(
        actor=actor,
        action="attachment.create",
        summary=f"Tải lên “{attachment.original_name}” ({attachment.get_kind_display()})",
        target=attachment,
        context=dossier,
        after={"kind": attachment.get_kind_display(), "file": attachment.original_name},
    )
    return attachment


@transaction.atomic
def remove_attachment(*, actor, attachment: Attachment) -> None:
    dossier = _locked(attachment.dossier)
    ensure_editable(dossier)
    record(
        actor=actor,
        action="attachment.delete",
        summary=f"Xoá tài liệu “{attachment.original_name}”",
        target=dossier,
        before={"kind": attachment.get_kind_display(), "file": attachment.original_name},
    )
    attachment.delete()  # its file goes once this commits (tdkt_portal.stored_files)


def required_documents(dossier: Dossier) -> list[str]:
    """The award type's list, or its simplified one for an ad hoc (đột xuất) commendation."""
    award_type = dossier.award_type
    return award_type.simplified_documents if dossier.kind == DossierKind.AD_HOC else award_type.required_documents


def missing_documents(dossier: Dossier, nominees=None, attachments=None) -> list[str]:
    """What the award type asks for and the dossier lacks, as sentences for the officer."""
    required = required_documents(dossier)
    nominees = list(nominees if nominees is not None else dossier.nominees.all())
    attachments = list(attachments if attachments is not None else dossier.attachments.all())
    have = defaultdict(set)
    for a in attachments:
        have[a.kind].add(a.nominee_id)
    missing = []
    for code in required:
        label = DocumentKind(code).label
        if code in PER_NOMINEE_DOCUMENTS:
            lacking = [n.display_name for n in nominees if n.pk not in have[code]]
            if lacking:
                missing.append(f"{label} của {', '.join(lacking)}")
        elif code not in have:
            missing.append(label)
    return missing


# The dossier workflow -------------------------------------------------------------------------


def has_nominees_and_papers(dossier: Dossier, change) -> None:
    """Someone is nominated, and every paper the award type asks for is attached."""
    nominees = list(dossier.nominees.all())
    if not nominees:
        raise ValidationError("Chưa gửi được: hồ sơ chưa có người, tập thể nào được đề nghị.")
    missing = missing_documents(dossier, nominees)
    if missing:
        raise ValidationError(f"Chưa gửi được: hồ sơ còn thiếu {'; '.join(missing)}.")


def meets_the_conditions(dossier: Dossier, change) -> None:
    """Every nominee meets the award type's conditions, or staff wrote why it is considered anyway."""
    failing = eligibility.blocking(eligibility.check_dossier(dossier))
    if failing:
        details = " ".join(f"{n.display_name}: {c.sentence}" for n, checks in failing.items() for c in checks)
        raise ValidationError(
            "Chưa trình Hội đồng được vì có điều kiện chưa đạt. "
            f"{details} Hãy yêu cầu bổ sung hồ sơ hoặc ghi lý do xét vượt điều kiện."
        )


def stamp_submitted(dossier: Dossier, change) -> None:
    """Note when the dossier was (re)submitted."""
    dossier.submitted_at = timezone.now()
    dossier.save(update_fields=["submitted_at"])


def keep_return_reason(dossier: Dossier, change) -> None:
    """Keep what the unit is asked to add; the dossier page shows it."""
    dossier.return_reason = change.reason
    dossier.save(update_fields=["return_reason"])


def _tell(audience: str, dossier: Dossier, change) -> None:
    announce(
        "dossier_transition",
        audience_for(audience, dossier=dossier),
        {"dossier": dossier, "transition": change.transition, "reason": change.reason},
        about=dossier,
        actor=change.user,
    )


def tell_staff(dossier: Dossier, change) -> None:
    """Notify the appraising staff (Nội vụ of the unit's administration), in the portal and by e-mail."""
    _tell("staff", dossier, change)


def tell_unit(dossier: Dossier, change) -> None:
    """Notify the unit's officers and the dossier's author, in the portal and by e-mail."""
    _tell("unit", dossier, change)


_BY_COUNCIL = {"manual": False, "permission": "awards.apply_results", "effects": (tell_unit,)}

DOSSIER_WORKFLOW = Workflow(
    name="dossier",
    title="Hồ sơ đề nghị khen thưởng",
    noun="hồ sơ",
    model=Dossier,
    states=DossierStatus,
    initial=DossierStatus.DRAFT,
    lock=_locked,
    clean_reason=clean,
    reason_message="Hãy ghi rõ lý do, nội dung cần bổ sung.",
    transitions=[
        Transition(
            name="submit",
            sources=(DossierStatus.DRAFT,),
            target=DossierStatus.SUBMITTED,
            label="Gửi hồ sơ",
            done_message="Đã gửi hồ sơ đề nghị khen thưởng.",
            permission="awards.submit_dossier",
            guards=(has_nominees_and_papers,),
            effects=(stamp_submitted, tell_staff),
        ),
        Transition(
            name="resubmit",
            sources=(DossierStatus.RETURNED,),
            target=DossierStatus.SUBMITTED,
            label="Gửi lại hồ sơ đã bổ sung",
            done_message="Đã gửi lại hồ sơ sau khi bổ sung.",
            permission="awards.submit_dossier",
            guards=(has_nominees_and_papers,),
            effects=(stamp_submitted, tell_staff),
        ),
        Transition(
            name="start_appraisal",
            sources=(DossierStatus.SUBMITTED,),
            target=DossierStatus.APPRAISING,
            label="Tiếp nhận và thẩm định",
            done_message="Đã tiếp nhận hồ sơ để thẩm định.",
            permission="awards.appraise_dossier",
            effects=(tell_unit,),
        ),
        Transition(
            name="request_papers",
            sources=(DossierStatus.APPRAISING,),
            target=DossierStatus.RETURNED,
            label="Yêu cầu bổ sung hồ sơ",
            done_message="Đã yêu cầu đơn vị bổ sung hồ sơ.",
            permission="awards.appraise_dossier",
            needs_reason=True,
            css="secondary",
            effects=(keep_return_reason, tell_unit),
        ),
        Transition(
            name="mark_ready",
            sources=(DossierStatus.APPRAISING,),
            target=DossierStatus.READY,
            label="Đủ điều kiện, trình Hội đồng",
            done_message="Hồ sơ đã đủ điều kiện trình Hội đồng.",
            permission="awards.appraise_dossier",
            guards=(meets_the_conditions,),
            effects=(tell_unit,),
        ),
        # Taken by the session's apply_results, one per dossier on its agenda.
        Transition(
            name="council_approve",
            sources=(DossierStatus.READY,),
            target=DossierStatus.VOTED,
            label="Hội đồng đề nghị khen thưởng",
            done_message="Hội đồng đã bỏ phiếu đề nghị khen thưởng; chờ quyết định.",
            **_BY_COUNCIL,
        ),
        Transition(
            name="council_forward",
            sources=(DossierStatus.READY,),
            target=DossierStatus.FORWARDED,
            label="Trình cấp trên",
            done_message="Hội đồng đã bỏ phiếu đề nghị; hồ sơ được trình cấp trên.",
            **_BY_COUNCIL,
        ),
        Transition(
            name="council_reject",
            sources=(DossierStatus.READY,),
            target=DossierStatus.NOT_AWARDED,
            label="Không khen thưởng",
            done_message="Hội đồng không đề nghị khen thưởng hồ sơ này.",
            **_BY_COUNCIL,
        ),
        # Taken by issue_decision once no nominee of the dossier waits for a decision.
        Transition(
            name="decide",
            sources=(DossierStatus.VOTED,),
            target=DossierStatus.DECIDED,
            label="Ban hành quyết định khen thưởng",
            done_message="Đã có quyết định khen thưởng.",
            permission="awards.issue_decision",
            manual=False,
            effects=(tell_unit,),
        ),
    ],
)


def apply_transition(*, actor, dossier: Dossier, name: str, reason: str = "") -> Dossier:
    """A transition someone asks for by button (submit, appraise, ask for papers, mark ready)."""
    transition = DOSSIER_WORKFLOW[name]
    if not transition.manual:
        raise ValidationError(f"“{transition.label}” chỉ thực hiện qua phiên họp hoặc quyết định khen thưởng.")
    return DOSSIER_WORKFLOW.apply(dossier, name, actor, reason=reason).obj


@transaction.atomic
def override_eligibility(*, actor, nominee: Nominee, reason: str) -> Nominee:
    dossier = _locked(nominee.dossier)
    if dossier.status not in (DossierStatus.SUBMITTED, DossierStatus.APPRAISING):
        raise ValidationError("Chỉ xét vượt điều kiện khi hồ sơ đang được thẩm định.")
    reason = clean(reason)
    if not reason:
        raise ValidationError({"reason": "Hãy ghi lý do xét vượt điều kiện."})
    nominee = Nominee.objects.select_for_update().get(pk=nominee.pk)
    failing = [c.sentence for c in eligibility.check_dossier(dossier, [nominee])[nominee] if not c.passed]
    nominee.override_reason, nominee.override_by = reason, actor
    nominee.save(update_fields=["override_reason", "override_by"])
    record(
        actor=actor,
        action="nominee.override",
        summary=f"Xét vượt điều kiện cho “{nominee.display_name}”. Lý do: {reason}",
        target=nominee,
        context=dossier,
        after={"reason": reason, "checks": failing},
    )
    return nominee


# Sessions and agenda -----------------------------------------------------------------------


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


MINUTES_FIELDS = ["title", "meets_at", "place", "presided_by", "discussion", "minutes_number", "minutes_symbol"]


@transaction.atomic
def update_session(*, actor, session: CouncilSession, data: dict) -> CouncilSession:
    """Correct the session's details and write what the minutes record (who presided, discussion)."""
    session = _locked_session(session)
    before = snapshot(session, MINUTES_FIELDS)
    assign(session, data, MINUTES_FIELDS)
    clean_attributes(session, MINUTES_FIELDS)
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
    dossier = _locked(dossier)
    if dossier.status != DossierStatus.READY:
        raise ValidationError("Chỉ hồ sơ đã đủ điều kiện trình Hội đồng mới đưa vào phiên họp được.")
    if dossier.session_id and dossier.session.status != SessionStatus.PLANNED:
        raise ValidationError("Phiên họp của hồ sơ đã bắt đầu bỏ phiếu; không chuyển hồ sơ được nữa.")
    before = {"session": str(dossier.session) if dossier.session_id else None}
    if session is not None:
        session = _locked_session(session)
        if session.status != SessionStatus.PLANNED:
            raise ValidationError(f"Phiên họp “{session}” đã bắt đầu bỏ phiếu; hãy chọn phiên khác.")
        if session.council.government.local_government_id != dossier.unit.local_government_id:
            raise ValidationError(f"Hồ sơ của {dossier.unit} không thuộc thẩm quyền của {session.council}.")
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
        BallotReceipt.objects.filter(member=seat, nominee_id__in=choices).values_list("nominee_id", flat=True)
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


def percent(part: int, whole: int) -> Decimal:
    """part/whole as a percentage rounded to 2 decimals, so 2 of 3 reads 66.67 and meets 66.67."""
    if whole == 0:
        return Decimal("0.00")
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def count_votes(*, members_total: int, present: int, approvals: int, award_type: AwardType) -> dict:
    """The verdict for one nominee under the award type's quorum, threshold and counting base."""
    quorum_met = percent(present, members_total) >= award_type.quorum
    base = members_total if award_type.vote_base == VoteBase.ALL_MEMBERS else present
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
    present = BallotReceipt.objects.filter(session=session).values("member").distinct().count()
    counts = ballots.empty(session)
    nominees = list(Nominee.objects.filter(dossier__session=session).select_related("dossier__award_type"))
    results = []
    for nominee in nominees:
        award_type = nominee.dossier.award_type
        tally = counts.get(nominee.pk, {"approvals": 0, "rejections": 0})
        verdict = count_votes(
            members_total=members_total, present=present, approvals=tally["approvals"], award_type=award_type
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
                **verdict,
            )
        )
        nominee.pending_outcome = _suggested_outcome(nominee, session, verdict["passed"])
    VoteResult.objects.bulk_create(results)
    Nominee.objects.bulk_update(nominees, ["pending_outcome"])
    session.members_total, session.voting_closed_at = members_total, timezone.now()
    session.save(update_fields=["members_total", "voting_closed_at"])
    return {"present": present, "members_total": members_total, "passed": sum(r.passed for r in results)}


def close_voting(*, actor, session: CouncilSession) -> CouncilSession:
    """End the vote, count every nominee once and stage the outcome the count suggests."""
    return SESSION_WORKFLOW.apply(session, "close_voting", actor).obj


def _suggested_outcome(nominee, session, passed: bool) -> str:
    if not passed:
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
        if result.passed:
            allowed.add(_suggested_outcome(nominee, session, True))
        if value not in allowed:
            raise ValidationError(
                f"“{nominee.display_name}” không đạt tỷ lệ phiếu đồng ý nên chỉ có thể “Không khen thưởng”."
                if not result.passed
                else f"“{nominee.display_name}”: kết quả “{value}” không hợp lệ."
            )
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
COUNCIL_TRANSITION_FOR = {"awarded": "council_approve", "forwarded": "council_forward", "not_awarded": "council_reject"}


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
    for nominee in nominees:
        nominee.outcome, nominee.pending_outcome = nominee.pending_outcome or Outcome.NOT_AWARDED, ""
        by_dossier[nominee.dossier_id].append(nominee)
    Nominee.objects.bulk_update(nominees, ["outcome", "pending_outcome"])
    for dossier in dossiers:
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


# Decisions and the award history -------------------------------------------------------------


def decidable_nominees(session: CouncilSession, award_type: AwardType):
    """Nominees the council approved for this award type whose decision is not yet issued."""
    return (
        Nominee.objects.filter(
            dossier__session=session,
            dossier__award_type=award_type,
            dossier__status=DossierStatus.VOTED,
            outcome=Outcome.AWARDED,
            decision__isnull=True,
        )
        .select_related("dossier__unit", "unit")
        .order_by("dossier__agenda_position", "position_in_list")
    )


@transaction.atomic
def issue_decision(*, actor, session: CouncilSession, award_type: AwardType, data: dict, nominees) -> Decision:
    """Record the signed Quyết định: its awarded nominees land in the award history (sổ vàng)."""
    wanted = {n.pk for n in nominees}
    if not wanted:
        raise ValidationError("Hãy chọn ít nhất một người, tập thể được khen thưởng trong quyết định.")
    available = {n.pk: n for n in decidable_nominees(session, award_type).select_for_update(of=("self",))}
    if wanted - set(available):
        raise ValidationError("Có người, tập thể không còn chờ quyết định (đã có quyết định hoặc không được đề nghị).")
    decision = Decision(
        session=session, award_type=award_type, created_by=actor if actor and actor.is_authenticated else None
    )
    assign(decision, data, DECISION_FIELDS)
    clean_attributes(decision, DECISION_FIELDS)
    decision.full_clean()
    decision.save()
    chosen = [nominee for pk, nominee in available.items() if pk in wanted]  # in agenda order
    for nominee in chosen:
        nominee.decision = decision
        person = nominee.kind != NomineeKind.COLLECTIVE
        AwardRecord.objects.create(
            award_type=award_type,
            year=nominee.dossier.year,
            unit_record=not person,
            full_name=nominee.display_name,
            birth_year=nominee.birth_year if person else None,
            unit=nominee.dossier.unit if person else nominee.unit,
            decision=decision,
            nominee=nominee,
        )
    Nominee.objects.bulk_update(chosen, ["decision"])
    record(
        actor=actor,
        action="decision.issue",
        summary=f"Ban hành Quyết định {decision.reference} khen thưởng {len(chosen)} người, tập thể",
        target=decision,
        context=session,
        after={**snapshot(decision, DECISION_FIELDS), "nominees": [n.display_name for n in chosen]},
    )
    dossier_ids = {n.dossier_id for n in chosen}
    for dossier in Dossier.objects.select_for_update().filter(pk__in=dossier_ids).select_related("unit", "award_type"):
        waiting = dossier.nominees.filter(outcome=Outcome.AWARDED, decision__isnull=True).exists()
        if not waiting:
            DOSSIER_WORKFLOW.apply(dossier, "decide", actor, facts={"decision": decision.reference})
    return decision
