"""Every write in a group's emulation year. Each function is one transaction and logs itself."""

import datetime
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from activity.presenters import HIDDEN_PREFIX
from activity.services import record, record_changes
from activity.snapshot import snapshot
from common.fields import assign
from common.positions import next_position
from common.uploads import DOCUMENT_KINDS, display_name, validate_upload
from notifications.services import claim_daily_reminders, notify_and_email, reminded_on
from tasks.models import ReminderContact
from units.models import EmulationGroup, Unit, User
from units.permissions import allowed
from units.text import clean
from workflows import Transition, Workflow

from .models import (
    AwardProposal,
    Covenant,
    CovenantSignature,
    CriteriaTable,
    Criterion,
    CriterionKind,
    CriterionSection,
    Score,
    ScoreEvidence,
)
from .points import check_points, format_points, parse_points
from .selectors import unscored_members

PUBLISHED_MESSAGE = "Kết quả chấm điểm đã công bố nên không thay đổi được nữa."
COVENANT_FIELDS = ["title", "content", "targets", "place", "signing_due", "signed_on"]
CRITERION_FIELDS = ["number", "content", "kind", "max_points", "evidence_note"]


def _ensure_open(table: CriteriaTable) -> None:
    # Read the flag from the database: the caller's copy may predate the leader's publishing.
    if CriteriaTable.objects.filter(pk=table.pk, published_at__isnull=False).exists():
        raise ValidationError(PUBLISHED_MESSAGE, code="published")


def _ensure_member(group: EmulationGroup, unit: Unit) -> None:
    if not group.memberships.filter(unit=unit).exists():
        raise ValidationError(f"{unit} không phải là thành viên {group.get_kind_display().lower()} {group.name}.")


def _typed(fields: dict) -> dict:
    """What a person typed, as it is stored: text cleaned (units.text.clean), other values as they are."""
    return {name: clean(value) if isinstance(value, str) else value for name, value in fields.items()}


# --- Covenant -------------------------------------------------------------------------------


@transaction.atomic
def save_covenant(*, actor, group: EmulationGroup, **fields) -> Covenant:
    covenant = Covenant.objects.select_for_update().filter(group=group).first()
    created = covenant is None
    covenant = covenant or Covenant(group=group)
    before = snapshot(covenant, COVENANT_FIELDS) if not created else {}
    assign(covenant, _typed(fields), COVENANT_FIELDS)
    covenant.full_clean()
    if covenant.signed_on and covenant.signed_on.year != group.year:
        raise ValidationError({"signed_on": f"Ngày ký phải trong năm {group.year}."})
    covenant.save()
    if created:
        record(actor=actor, action="covenant.create", summary=f"Soạn giao ước thi đua {group}", target=covenant)
    else:
        record_changes(
            actor=actor,
            action="covenant.update",
            summary=f"Sửa giao ước thi đua {group}",
            target=covenant,
            before=before,
            fields=COVENANT_FIELDS,
        )
    return covenant


@transaction.atomic
def record_signature(
    *, actor, covenant: Covenant, unit: Unit, signed_on: datetime.date, signer_name: str, signer_position: str = ""
) -> CovenantSignature:
    _ensure_member(covenant.group, unit)
    if not clean(signer_name):
        raise ValidationError({"signer_name": "Cần ghi tên người ký."})
    if signed_on.year != covenant.group.year:
        raise ValidationError({"signed_on": f"Ngày ký phải trong năm {covenant.group.year}."})
    if covenant.signatures.filter(unit=unit).exists():
        raise ValidationError(f"{unit} đã ký giao ước.")
    try:
        with transaction.atomic():
            signature = CovenantSignature.objects.create(
                covenant=covenant,
                unit=unit,
                signed_on=signed_on,
                signer_name=clean(signer_name),
                signer_position=clean(signer_position),
                recorded_by=actor,
            )
    except IntegrityError:  # someone recorded the same signature a moment ago
        raise ValidationError(f"{unit} đã ký giao ước.") from None
    record(
        actor=actor,
        action="covenant.sign",
        summary=f"{unit} ký giao ước thi đua ngày {signed_on:%d/%m/%Y}",
        target=signature,
        context=covenant,
    )
    return signature


# --- Criteria table -------------------------------------------------------------------------


@transaction.atomic
def create_criteria_table(
    *, actor, group: EmulationGroup, scoring_due: datetime.date, title: str = "", tie_break: str = ""
) -> CriteriaTable:
    if CriteriaTable.objects.filter(group=group).exists():
        raise ValidationError(f"{group} đã có bảng tiêu chí.")
    table = CriteriaTable(group=group, scoring_due=scoring_due)
    if title:
        table.title = clean(title)
    if tie_break:
        table.tie_break = tie_break
    table.full_clean(exclude=["group"])
    table.save()
    record(actor=actor, action="criteria.create", summary=f"Lập bảng tiêu chí {group}", target=table)
    return table


def previous_table(group: EmulationGroup) -> CriteriaTable | None:
    """Last year's table of the same group (same organiser and name, the year before)."""
    return (
        CriteriaTable.objects.filter(
            group__organiser_id=group.organiser_id, group__name=group.name, group__year__lt=group.year
        )
        .order_by("-group__year")
        .first()
    )


@transaction.atomic
def copy_criteria(
    *, actor, group: EmulationGroup, scoring_due: datetime.date, source: CriteriaTable | None = None
) -> CriteriaTable:
    """Start this year's table from an earlier one (by default last year's); scores are not copied."""
    source = source or previous_table(group)
    if source is None:
        raise ValidationError("Không có bảng tiêu chí năm trước để sao chép.")
    table = create_criteria_table(
        actor=actor, group=group, scoring_due=scoring_due, title=source.title, tie_break=source.tie_break
    )
    table.copied_from = source
    table.save(update_fields=["copied_from"])
    _write_sections(
        table, [(s.number, s.title, s.criteria.all()) for s in source.sections.prefetch_related("criteria")]
    )
    record(
        actor=actor,
        action="criteria.copy",
        summary=f"Sao chép bảng tiêu chí năm {source.group.year} sang năm {group.year}",
        target=table,
    )
    return table


def _write_sections(table: CriteriaTable, sections) -> int:
    """Append groups and their criteria in order; `sections` holds (number, title, items), each
    item having number, content, kind, max_points and evidence_note (a Criterion or a read row)."""
    start = next_position(table.sections.all()) - 1
    count = 0
    for position, (number, title, items) in enumerate(sections, start=start + 1):
        section = CriterionSection.objects.create(table=table, number=number, title=title, position=position)
        created = Criterion.objects.bulk_create(
            Criterion(
                section=section,
                number=item.number,
                content=item.content,
                kind=item.kind,
                max_points=item.max_points,
                evidence_note=item.evidence_note,
                position=index,
            )
            for index, item in enumerate(items, start=1)
        )
        count += len(created)
    return count


@transaction.atomic
def update_criteria_table(*, actor, table: CriteriaTable, **fields) -> CriteriaTable:
    _ensure_open(table)
    names = ["title", "scoring_due", "tie_break"]
    before = snapshot(table, names)
    assign(table, _typed(fields), names)
    table.full_clean(exclude=["group"])
    table.save()
    record_changes(
        actor=actor,
        action="criteria.update",
        summary=f"Sửa bảng tiêu chí {table.group}",
        target=table,
        before=before,
        fields=names,
    )
    return table


@transaction.atomic
def add_section(*, actor, table: CriteriaTable, number: str, title: str) -> CriterionSection:
    _ensure_open(table)
    if not clean(title):
        raise ValidationError({"title": "Cần ghi tên nhóm tiêu chí."})
    position = next_position(table.sections.all())
    section = CriterionSection.objects.create(table=table, number=clean(number), title=clean(title), position=position)
    record(
        actor=actor,
        action="criteria.section.add",
        summary=f"Thêm nhóm tiêu chí {section}",
        target=section,
        context=table,
    )
    return section


def _validate_criterion(criterion: Criterion) -> None:
    if not criterion.content:
        raise ValidationError({"content": "Cần ghi nội dung tiêu chí."})
    if criterion.max_points is None or criterion.max_points <= 0:
        raise ValidationError({"max_points": "Điểm tối đa phải lớn hơn 0."})
    criterion.full_clean(exclude=["section"])


@transaction.atomic
def add_criterion(
    *,
    actor,
    section: CriterionSection,
    number: str,
    content: str,
    max_points,
    kind: str = CriterionKind.BASE,
    evidence_note: str = "",
) -> Criterion:
    _ensure_open(section.table)
    position = next_position(section.criteria.all())
    try:
        points = parse_points(max_points)
    except ValueError as exc:
        raise ValidationError({"max_points": f"Điểm tối đa: {exc}."}) from None
    criterion = Criterion(
        section=section,
        number=clean(number),
        content=clean(content),
        kind=kind,
        max_points=points,
        evidence_note=clean(evidence_note),
        position=position,
    )
    _validate_criterion(criterion)
    criterion.save()
    record(
        actor=actor,
        action="criteria.add",
        summary=f"Thêm tiêu chí {criterion.number} ({section.title})",
        target=criterion,
        context=section.table,
    )
    return criterion


@transaction.atomic
def update_criterion(*, actor, criterion: Criterion, **fields) -> Criterion:
    table = criterion.section.table
    _ensure_open(table)
    before = snapshot(criterion, CRITERION_FIELDS)
    fields = _typed(fields)
    if "max_points" in fields:
        try:
            fields["max_points"] = parse_points(fields["max_points"])
        except ValueError as exc:
            raise ValidationError({"max_points": f"Điểm tối đa: {exc}."}) from None
    assign(criterion, fields, CRITERION_FIELDS)
    _validate_criterion(criterion)
    over = criterion.scores.filter(self_points__gt=criterion.max_points).select_related("unit")
    if over:
        names = ", ".join(str(s.unit) for s in over)
        raise ValidationError(
            {
                "max_points": f"Không hạ điểm tối đa xuống {format_points(criterion.max_points)} được: "
                f"{names} đã tự chấm cao hơn."
            }
        )
    criterion.save()
    record_changes(
        actor=actor,
        action="criteria.update_item",
        summary=f"Sửa tiêu chí {criterion.number}",
        target=criterion,
        before=before,
        fields=CRITERION_FIELDS,
        context=table,
    )
    return criterion


@transaction.atomic
def delete_criterion(*, actor, criterion: Criterion) -> None:
    table = criterion.section.table
    _ensure_open(table)
    scored = criterion.scores.exclude(self_points=None).count()
    if scored:
        raise ValidationError(f"Tiêu chí {criterion.number} đã có {scored} đơn vị chấm điểm; không xóa được.")
    record(
        actor=actor,
        action="criteria.delete",
        summary=f"Xóa tiêu chí {criterion.number}: {criterion.content[:80]}",
        target=table,
        before=snapshot(criterion, CRITERION_FIELDS),
    )
    criterion.delete()


# --- Scores ---------------------------------------------------------------------------------


def _write_sheet(*, table: CriteriaTable, unit: Unit, entries: dict, apply) -> list[Score]:
    """The frame both sheet writes share. `entries` maps criterion id to the row's typed values;
    `apply(criterion, score, *values)` changes the row's score and says whether it changed, or
    raises ValueError naming what is wrong. All or nothing: the table is locked, every bad row is
    named with its criterion and no row is written unless all are right."""
    table = CriteriaTable.objects.select_for_update().get(pk=table.pk)
    _ensure_open(table)
    _ensure_member(table.group, unit)
    criteria = {c.pk: c for c in Criterion.objects.filter(section__table=table, pk__in=list(entries))}
    existing = {s.criterion_id: s for s in Score.objects.filter(unit=unit, criterion_id__in=list(criteria))}
    errors, changed = [], []
    for criterion_id, values in entries.items():
        criterion = criteria.get(int(criterion_id))
        if criterion is None:
            errors.append(f"Tiêu chí mã {criterion_id} không thuộc bảng tiêu chí này.")
            continue
        score = existing.get(criterion.pk) or Score(criterion=criterion, unit=unit)
        try:
            if apply(criterion, score, *values):
                changed.append(score)
        except ValueError as exc:
            errors.append(f"Tiêu chí {criterion.number} ({criterion.content[:60]}): {exc}.")
    if errors:
        raise ValidationError(errors)
    for score in changed:
        score.save()
    return changed


@transaction.atomic
def save_self_scores(*, actor, table: CriteriaTable, unit: Unit, entries: dict) -> int:
    """Save a unit's own points; `entries` maps criterion id to (points text, comment).

    All or nothing: one point over a maximum and no row is written, and every bad cell is named.
    """
    now = timezone.now()

    def apply(criterion, score, raw_points, comment):
        points, comment = check_points(criterion, raw_points), clean(comment)
        if score.pk and score.self_points == points and score.comment == comment:
            return False
        if not score.pk and points is None and not comment:
            return False
        score.self_points, score.comment, score.scored_by, score.scored_at = points, comment, actor, now
        return True

    changed = _write_sheet(table=table, unit=unit, entries=entries, apply=apply)
    if changed:
        record(
            actor=actor,
            action="scores.self",
            summary=f"{unit} tự chấm {len(changed)} tiêu chí",
            target=table,
            after={str(s.criterion.number): format_points(s.self_points) for s in changed},
        )
    return len(changed)


@transaction.atomic
def add_evidence(*, actor, table: CriteriaTable, unit: Unit, criterion: Criterion, upload) -> ScoreEvidence:
    _ensure_open(table)
    _ensure_member(table.group, unit)
    if criterion.section.table_id != table.pk:
        raise ValidationError("Tiêu chí không thuộc bảng tiêu chí này.")
    kind = validate_upload(upload, allowed=DOCUMENT_KINDS, max_bytes=settings.EVIDENCE_MAX_BYTES)
    score, _ = Score.objects.get_or_create(criterion=criterion, unit=unit)
    evidence = ScoreEvidence(score=score, original_name=display_name(upload.name), kind=kind, uploaded_by=actor)
    evidence.file.save(upload.name, upload, save=False)  # stored under our name: score_evidence_path
    evidence.save()
    record(
        actor=actor,
        action="scores.evidence",
        summary=f"{unit} nộp tài liệu kiểm chứng “{evidence.original_name}” cho tiêu chí {criterion.number}",
        target=evidence,
        context=table,
    )
    return evidence


@transaction.atomic
def adjust_scores(*, actor, table: CriteriaTable, unit: Unit, entries: dict) -> int:
    """The leader's settled points for a member's whole sheet in one go; `entries` maps criterion
    id to (points text, reason). The unit's own claim stays beside them. A row left blank is
    skipped; a row with points needs its reason and a reason needs its points. All or nothing:
    every bad row is named and none is written. Returns how many rows changed; one activity row
    for them all."""
    now = timezone.now()

    def apply(criterion, score, raw_points, raw_reason):
        points, reason = check_points(criterion, raw_points), clean(raw_reason)
        if points is None and not reason:
            return False
        if points is None:
            raise ValueError("cần nhập điểm sau điều chỉnh (đã ghi lý do)")
        if not reason:
            raise ValueError("cần ghi lý do điều chỉnh điểm")
        if score.adjusted_points == points and score.adjust_reason == reason:
            return False
        score.adjusted_points, score.adjust_reason, score.adjusted_by, score.adjusted_at = points, reason, actor, now
        return True

    changed = _write_sheet(table=table, unit=unit, entries=entries, apply=apply)
    if changed:
        record(
            actor=actor,
            action="scores.adjust",
            summary=f"Điều chỉnh điểm {len(changed)} tiêu chí của {unit}",
            target=table,
            after={str(s.criterion.number): f"{format_points(s.adjusted_points)} ({s.adjust_reason})" for s in changed},
        )
    return len(changed)


REMIND_ACTION = "scores.remind"
# The reminded units' ids, kept in the log row (not shown in the history) for the once-a-day rule.
REMINDED_UNITS = f"{HIDDEN_PREFIX}units"


def reminded_today(table: CriteriaTable, today: datetime.date | None = None) -> set[int]:
    """Units reminded to score in this table on `today` (Asia/Ho_Chi_Minh; default: now)."""
    return reminded_on(table, today or timezone.localdate())


# What a leader is told about members nobody can be told about (the wording of tasks' remind_unit).
NOBODY_TO_TELL = (
    "chưa có tài khoản cán bộ đơn vị hay địa chỉ nhận nhắc việc nào: không gửi được nhắc nhở. "
    "Quản trị viên thêm địa chỉ ở mục “Địa chỉ nhận nhắc việc”."
)


def unreachable_message(units: list[Unit]) -> str:
    return f"Các đơn vị chưa chấm ({'; '.join(unit.name for unit in units)}) {NOBODY_TO_TELL}"


class RemindOutcome(NamedTuple):
    """What "Nhắc đơn vị chưa chấm" did: the units reminded now, and the waiting units left
    unclaimed because they have neither an active officer nor a reminder contact."""

    reminded: list[Unit]
    unreachable: list[Unit]


@transaction.atomic
def remind_unscored(*, actor, table: CriteriaTable, url: str, today: datetime.date | None = None) -> RemindOutcome:
    """The leader's "Nhắc đơn vị chưa chấm": one notice to the active officers of every member
    that has not scored itself and one e-mail to them and to the unit's reminder contacts, at most
    once a day per unit (the unit's daily reminder row, notifications.services). A member with
    nobody to tell is not claimed, so it can be reminded the same day once it has an address."""
    table = CriteriaTable.objects.select_for_update().select_related("group").get(pk=table.pk)
    _ensure_open(table)
    waiting = unscored_members(table)
    if not waiting:
        raise ValidationError("Mọi thành viên đã tự chấm điểm: không có đơn vị nào cần nhắc.")
    officers, contacts = _recipients(waiting)
    reachable = [unit for unit in waiting if officers.get(unit.pk) or contacts.get(unit.pk)]
    unreachable = [unit for unit in waiting if unit not in reachable]
    claimed = set(
        claim_daily_reminders(
            about=table, unit_ids=[unit.pk for unit in reachable], actor=actor, day=today or timezone.localdate()
        )
    )
    due = [unit for unit in reachable if unit.pk in claimed]
    if not due:
        raise ValidationError(_nothing_sent(reminded=reachable, unreachable=unreachable))
    group = table.group
    # One call for every unit: the outbox sends each address its own e-mail (notifications.mail),
    # so no unit sees another's addresses, and an address shared by two units gets one e-mail.
    notify_and_email(
        [user for unit in due for user in officers.get(unit.pk, [])],
        title=f"Nhắc tự chấm điểm thi đua: {group.name} năm {group.year}",
        body=(
            f"Trưởng {group.get_kind_display().lower()} đề nghị đơn vị tự chấm điểm theo bảng tiêu chí "
            f"“{table.title}” trước hạn {table.scoring_due:%d/%m/%Y}."
        ),
        url=url,
        extra_addresses=[address for unit in due for address in contacts.get(unit.pk, [])],
    )
    after = {"đơn vị được nhắc": [unit.name for unit in due], REMINDED_UNITS: [unit.pk for unit in due]}
    if unreachable:
        after["đơn vị không nhắc được (chưa có người nhận)"] = [unit.name for unit in unreachable]
    record(
        actor=actor,
        action=REMIND_ACTION,
        summary=f"Nhắc {len(due)} đơn vị chưa tự chấm điểm: " + "; ".join(unit.name for unit in due),
        target=table,
        after=after,
    )
    return RemindOutcome(reminded=due, unreachable=unreachable)


def _recipients(units: list[Unit]) -> tuple[dict[int, list[User]], dict[int, list[str]]]:
    """Each unit's active officers and its reminder contacts' addresses, by unit id."""
    officers, contacts = {}, {}
    for user in User.objects.unit_officers().filter(unit__in=units).order_by("pk"):
        officers.setdefault(user.unit_id, []).append(user)
    for unit_id, address in ReminderContact.objects.filter(unit__in=units).values_list("unit_id", "email"):
        contacts.setdefault(unit_id, []).append(address)
    return officers, contacts


def _nothing_sent(*, reminded: list[Unit], unreachable: list[Unit]) -> list[str]:
    """Why no unit was reminded: those reachable were reminded today already, the others have
    nobody to tell."""
    reasons = []
    if reminded:
        names = "; ".join(unit.name for unit in reminded)
        reasons.append(f"Hôm nay đã nhắc các đơn vị chưa chấm ({names}). Mỗi đơn vị chỉ được nhắc một lần mỗi ngày.")
    if unreachable:
        reasons.append(unreachable_message(unreachable))
    return reasons


# The year's workflow --------------------------------------------------------------------------
# A group's year has one state change that gates anything: the leader publishes the results, and
# the table and its scores are frozen from then on (_ensure_open). The covenant's signatures are
# recorded as they come and gate nothing, so signing is not a state.

OPEN, PUBLISHED = "open", "published"


class Publication:
    """The table's state is whether its results are published: `published_at` set or empty."""

    description = "derived from `published_at` (empty: open for scoring)"

    def read(self, table: CriteriaTable) -> str:
        return PUBLISHED if table.published_at else OPEN

    def write(self, table: CriteriaTable, target: str, change) -> None:
        if target != PUBLISHED:
            raise ValueError(f"A criteria table cannot go back to {target}: published results stay published.")
        table.published_at, table.published_by = timezone.now(), change.user
        table.save(update_fields=["published_at", "published_by"])


def leads_the_group(user, table: CriteriaTable) -> bool:
    """`emulation.publish_ranking` on the table's group: the user's unit is its leader (trưởng)."""
    return allowed(user, "emulation.publish_ranking", table.group)


def has_criteria(table: CriteriaTable, change) -> None:
    """The table has at least one criterion."""
    if not Criterion.objects.filter(section__table=table).exists():
        raise ValidationError("Bảng tiêu chí chưa có tiêu chí nào.")


def every_member_scored(table: CriteriaTable, change) -> None:
    """Every member unit has scored itself on at least one criterion."""
    scored = set(
        Score.objects.filter(criterion__section__table=table).exclude(self_points=None).values_list("unit", flat=True)
    )
    missing = [
        m.unit for m in table.group.memberships.select_related("unit").order_by("unit__name") if m.unit_id not in scored
    ]
    if missing:
        raise ValidationError(
            "Chưa công bố được: đơn vị chưa tự chấm điểm — " + ", ".join(str(u) for u in missing) + "."
        )


def publication_log(change) -> dict:
    """One row on the table, “Công bố kết quả chấm điểm, xếp hạng <group>”, with no before and after."""
    return {
        "action": "scores.publish",
        "summary": f"Công bố kết quả chấm điểm, xếp hạng {change.obj.group}",
        "target": change.obj,
    }


SCORING_WORKFLOW = Workflow(
    name="scores",
    title="Năm thi đua của Cụm, Khối: chấm điểm và công bố kết quả",
    noun="bảng tiêu chí",
    model=CriteriaTable,
    states=[(OPEN, "Đang chấm điểm"), (PUBLISHED, "Đã công bố kết quả")],
    initial=OPEN,
    state=Publication(),
    log=publication_log,
    transitions=[
        Transition(
            name="publish",
            sources=(OPEN,),
            target=PUBLISHED,
            label="Công bố kết quả",
            done_message="Đã công bố kết quả chấm điểm, xếp hạng. Các đơn vị thành viên đã xem được.",
            permission=leads_the_group,
            guards=(has_criteria, every_member_scored),
            wrong_state=PUBLISHED_MESSAGE,
        )
    ],
)


def publish_ranking(*, actor, table: CriteriaTable) -> CriteriaTable:
    return SCORING_WORKFLOW.apply(table, "publish", actor).obj


def import_criteria_rows(*, actor, table: CriteriaTable, rows) -> int:
    """Replace the table's criteria with rows read from a workbook (see workbook.py); all or nothing."""
    count, limit = sum(len(row.criteria) for row in rows), settings.CRITERIA_MAX_ROWS
    if count > limit:
        raise ValidationError(
            f"Một bảng tiêu chí có tối đa {limit} tiêu chí; dữ liệu nhập có {count} tiêu chí. "
            "Không có tiêu chí nào được nhập."
        )
    with transaction.atomic():
        _ensure_open(table)
        if Score.objects.filter(criterion__section__table=table).exists():
            raise ValidationError("Bảng tiêu chí đã có đơn vị chấm điểm; không thay bằng tệp mới được.")
        table.sections.all().delete()
        count = _write_sections(table, [(row.number, row.title, row.criteria) for row in rows])
        record(
            actor=actor,
            action="criteria.import",
            summary=f"Nhập bảng tiêu chí từ Excel ({count} tiêu chí)",
            target=table,
        )
        return count


# --- Proposals for awards -------------------------------------------------------------------


def proposable_award_types(table: CriteriaTable):
    """Collective titles and forms in force in the group's year (Cờ thi đua, Bằng khen…)."""
    from awards.models import AwardType, Beneficiary

    year_end = datetime.date(table.group.year, 12, 31)
    return AwardType.objects.valid_on(year_end).filter(
        beneficiary__in=[Beneficiary.COLLECTIVE, Beneficiary.BOTH, Beneficiary.ALL]
    )


# What the proposal form suggests: the flag for the first, a Bằng khen for the others.
FIRST_PLACE_AWARD = "co-thi-dua-tinh"
RUNNER_UP_AWARD = "bang-khen-chu-tich-tinh"


def proposal_candidates(table: CriteriaTable, rows) -> tuple[list, list[dict]]:
    """The award types on offer and, for each ranked unit not yet proposed that has scored,
    whether it starts ticked (the first) and which award it starts with."""
    award_types = list(proposable_award_types(table))
    codes = {t.code: t.pk for t in award_types}
    proposed = set(table.proposals.values_list("unit_id", flat=True))
    candidates = [
        {
            "row": row,
            "checked": row.rank == 1,
            "award_type": codes.get(FIRST_PLACE_AWARD if row.rank == 1 else RUNNER_UP_AWARD),
        }
        for row in rows
        if row.unit.pk not in proposed and row.scored
    ]
    return award_types, candidates


@transaction.atomic
def propose_for_awards(*, actor, table: CriteriaTable, choices: dict) -> list:
    """Start draft dossiers for ranked members: `choices` maps unit id to award type id.

    One dossier per award type, proposed by the leader unit, with one collective nominee per
    unit; each unit can be proposed once a year. The dossiers then follow the awards workflow.
    """
    from awards.models import DossierKind, NomineeKind
    from awards.services import add_nominee, create_dossier

    from .selectors import ranking

    table = CriteriaTable.objects.select_for_update().get(pk=table.pk)
    if not table.is_published:
        raise ValidationError("Chỉ đề nghị khen thưởng sau khi đã công bố kết quả xếp hạng.")
    if not choices:
        raise ValidationError("Chọn ít nhất một đơn vị để đề nghị khen thưởng.")
    group = table.group
    leader = group.memberships.filter(role="truong").select_related("unit").first()
    if leader is None:
        raise ValidationError(f"{group} chưa có đơn vị trưởng để đứng tên tờ trình.")
    rows = {row.unit.pk: row for row in ranking(table)}
    award_types = {t.pk: t for t in proposable_award_types(table)}
    already = set(table.proposals.values_list("unit_id", flat=True))
    errors, by_type = [], {}
    for unit_id, award_type_id in choices.items():
        row = rows.get(int(unit_id))
        award_type = award_types.get(int(award_type_id)) if award_type_id else None
        if row is None:
            errors.append("Đơn vị được chọn không thuộc cụm, khối này.")
        elif row.unit.pk in already:
            errors.append(f"{row.unit} đã được đề nghị khen thưởng từ kết quả năm {group.year}.")
        elif award_type is None:
            errors.append(f"Chọn danh hiệu, hình thức khen thưởng tập thể cho {row.unit}.")
        else:
            by_type.setdefault(award_type, []).append(row)
    if errors:
        raise ValidationError(errors)
    dossiers = []
    for award_type, ranked in by_type.items():
        ranked.sort(key=lambda r: (r.rank, r.unit.name))
        names = ", ".join(r.unit.name for r in ranked)
        dossier = create_dossier(
            actor=actor,
            unit=leader.unit,
            data={
                "kind": DossierKind.REGULAR,
                "award_type": award_type,
                "year": group.year,
                "title": f"Đề nghị tặng {award_type.name} năm {group.year} cho {names} ({group.name})",
            },
        )
        for row in ranked:
            add_nominee(
                actor=actor,
                dossier=dossier,
                data={
                    "kind": NomineeKind.COLLECTIVE,
                    "unit": row.unit,
                    "achievement": (
                        f"Xếp hạng {row.rank}/{len(rows)} {group.name} năm {group.year}, "
                        f"tổng điểm {format_points(row.total)}."
                    ),
                },
            )
            AwardProposal.objects.create(
                table=table, unit=row.unit, rank=row.rank, total=row.total, dossier=dossier, proposed_by=actor
            )
        dossiers.append(dossier)
    record(
        actor=actor,
        action="scores.propose",
        summary=f"Đề nghị khen thưởng từ kết quả xếp hạng {group}: "
        + "; ".join(f"{t.name}: {', '.join(r.unit.name for r in rs)}" for t, rs in by_type.items()),
        target=table,
    )
    return dossiers
