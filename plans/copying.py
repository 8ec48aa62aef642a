"""Next year's plan from this year's ("Tạo kế hoạch năm sau").

`copy_plan` writes a draft for a later year from a plan: general information, sections and
appendices here; each appendix's groups and tasks by tasks, which listens to `plan_copied` (plans
cannot import it). Year words and dated deadlines move to the new year, units that closed before
it give way to their successors, and every copied row carries a `ReviewMark` ("cần rà soát")
listing what the copy changed and what a person should look at, until an editor clears it. The
draft cannot be issued while a mark is open. One transaction, one activity row.
"""

import calendar
import datetime
import re
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from activity.services import record
from units.models import Unit

from .models import Appendix, Plan, PlanSection, PlanStatus, ReviewMark
from .selectors import issuer_header
from .signals import plan_copied
from .succession import UnitChange, date_text, is_active, unit_on

# A document cited with its number keeps its date: "Kế hoạch số 196/KH-UBND ngày 24/12/2024" is
# still that document next year.
_CITATION = (
    r"\bsố\s+\d+[\w.-]*(?:/[\w.&-]+)+\s+ngày\s+"
    r"(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{4}|\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4})"
)
_DATE = r"\b(?P<day>\d{1,2})(?P<sep>[/.-])(?P<month>\d{1,2})(?P=sep)(?P<dyear>\d{4})\b"
# "năm học 2024-2025": two consecutive years move together; "giai đoạn 2021-2025" stays.
_SPAN = r"\b(?P<first>\d{4})(?P<dash>\s*[-–]\s*)(?P<second>\d{4})\b"
_YEAR_WORD = r"\b(?P<word>năm)(?P<space>\s+)(?P<year>\d{4})\b"
# "(19/5/1890 - 19/5/2025)": an anniversary; its count of years changes with its end.
_ANNIVERSARY = r"\b\d{1,2}[/.-]\d{1,2}[/.-](?P<since>\d{4})\s*[-–]\s*\d{1,2}[/.-]\d{1,2}[/.-](?P<until>\d{4})\b"
_PATTERN = re.compile(
    f"(?P<cite>{_CITATION})|(?P<anniversary>{_ANNIVERSARY})|{_DATE}|{_SPAN}|{_YEAR_WORD}", re.IGNORECASE
)
_DATE_ONLY = re.compile(_DATE)

REVIEW_BLOCKS_ISSUE = "Chưa ban hành được: còn {count} mục sao chép từ kế hoạch năm trước cần rà soát."


@dataclass
class Shifted:
    text: str
    changes: list[str] = field(default_factory=list)
    checks: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class YearShift:
    """Moves the years a plan's text ties to its own year (the year before it, its own, the next)
    by the distance to the new year; any other year (a law's, a five-year period's) stays."""

    source_year: int
    year: int

    @property
    def delta(self) -> int:
        return self.year - self.source_year

    def moves(self, year: int) -> bool:
        return self.source_year - 1 <= year <= self.source_year + 1

    def text(self, text: str) -> Shifted:
        result = Shifted(text)
        if not text:
            return result

        def replace(match: re.Match) -> str:
            found = match.group(0)
            if match.group("cite"):
                return found
            if match.group("anniversary"):
                since, until = int(match.group("since")), int(match.group("until"))
                if self.moves(until) and not self.moves(since):
                    _note(
                        result.checks,
                        f"Mốc kỷ niệm “{found}” là của năm {until}: giữ nguyên, "
                        f"cần viết lại cho năm {until + self.delta}.",
                    )
                    return found
                return _DATE_ONLY.sub(lambda date: self._date(date, result), found)
            if match.group("dyear"):
                return self._date(match, result)
            if match.group("first"):
                first, second = int(match.group("first")), int(match.group("second"))
                if second != first + 1 or not self.moves(first):
                    return found
                new = f"{first + self.delta}{match.group('dash')}{second + self.delta}"
            else:
                year = int(match.group("year"))
                if not self.moves(year):
                    return found
                new = f"{match.group('word')}{match.group('space')}{year + self.delta}"
            _note(result.changes, f"“{found}” → “{new}”")
            return new

        result.text = _PATTERN.sub(replace, text)
        return result

    def _date(self, match: re.Match, result: Shifted) -> str:
        found = match.group(0)
        day, month, year = int(match.group("day")), int(match.group("month")), int(match.group("dyear"))
        if not self.moves(year) or not 1 <= month <= 12:
            return found
        new_year = year + self.delta
        if not 1 <= day <= calendar.monthrange(new_year, month)[1]:
            _note(
                result.checks,
                f"Ngày {found} không có trong năm {new_year} (tháng {month} năm {new_year} chỉ có "
                f"{calendar.monthrange(new_year, month)[1]} ngày): giữ nguyên, cần sửa.",
            )
            return found
        sep = match.group("sep")
        new = f"{match.group('day')}{sep}{match.group('month')}{sep}{new_year}"
        _note(result.changes, f"“{found}” → “{new}”")
        return new


def _note(notes: list[str], text: str) -> None:
    if text not in notes:
        notes.append(text)


@dataclass
class CopyContext:
    """What the copy knows while it writes: the two plans, the year shift, the registry's
    answer for each unit on the new year's first day, and the review marks so far."""

    source: Plan
    plan: Plan
    shift: YearShift
    appendices: list[tuple[Appendix, Appendix]] = field(default_factory=list)
    marks: list[ReviewMark] = field(default_factory=list)
    _units: dict[int, UnitChange] = field(default_factory=dict)

    @property
    def first_day(self) -> datetime.date:
        return datetime.date(self.plan.year, 1, 1)

    def unit_for(self, unit: Unit) -> UnitChange:
        """The unit itself while it is active on 1 January of the new year; else the first active
        unit along its successors; else None, with a note to choose one."""
        if unit.pk not in self._units:
            found = unit_on(unit, self.first_day)
            closes = found.unit.active_to if found.unit is not None else None
            if closes and closes.year == self.plan.year:
                then = f", đơn vị kế thừa: {found.unit.successor.name}" if found.unit.successor_id else ""
                found.check = f"{found.unit.name} ngừng hoạt động từ {date_text(closes)}{then}: cần xem lại."
            if found.unit is not None and self._outside_issuer(found.unit):
                issuer = self.plan.issuing_unit
                found = UnitChange(
                    None,
                    check=f"{found.unit.name} không thuộc {issuer.name}: bỏ liên kết, giữ tên; cần chọn đơn vị của "
                    f"{issuer.name}.",
                )
            self._units[unit.pk] = found
        return self._units[unit.pk]

    def _outside_issuer(self, unit: Unit) -> bool:
        """A plan started from another body's (a commune's from the province's) links only the
        units of its own administration: the province's sở do not carry out a commune's tasks."""
        issuer = self.plan.issuing_unit
        return issuer.pk != self.source.issuing_unit_id and unit.local_government_id != issuer.local_government_id

    def mark(self, obj, label: str, changes=(), checks=()) -> None:
        self.marks.append(
            ReviewMark(
                plan=self.plan,
                target_type=ContentType.objects.get_for_model(obj),
                target_id=obj.pk,
                position=len(self.marks),
                label=label[:300],
                changes=list(dict.fromkeys(changes)),
                checks=list(dict.fromkeys(checks)),
            )
        )


def _issuer_for(source: Plan, chosen: Unit | None, day: datetime.date) -> tuple[Unit, list[str]]:
    if chosen is not None:
        if not is_active(chosen, day):
            raise ValidationError({"issuing_unit": f"{chosen.name} không hoạt động vào ngày {date_text(day)}."})
        if chosen.pk == source.issuing_unit_id:
            return chosen, []
        return chosen, [f"Cơ quan ban hành: {chosen.name} (kế hoạch gốc của {source.issuing_unit.name})."]
    issuer = source.issuing_unit
    if is_active(issuer, day):
        return issuer, []
    found = unit_on(issuer, day)
    if found.unit is None:
        raise ValidationError({"issuing_unit": f"{found.check} Hãy chọn cơ quan ban hành kế hoạch năm {day.year}."})
    return found.unit, [f"Cơ quan ban hành: {found.change}"]


def _existing_copy(source: Plan, issuer: Unit, year: int, title: str) -> Plan | None:
    plans = Plan.objects.filter(issuing_unit=issuer, year=year)
    return plans.filter(copied_from=source).first() or plans.filter(title=title).first()


def _refuse_existing(existing: Plan) -> None:
    state = "dự thảo" if existing.status == PlanStatus.DRAFT else "đã ban hành"
    raise ValidationError(
        f"{existing.issuing_unit.name} đã có kế hoạch năm {existing.year} “{existing.title}” ({state}, mã "
        f"{existing.pk}). Hãy mở và sửa kế hoạch đó thay vì tạo thêm một bản nữa.",
        code="exists",
    )


@transaction.atomic
def copy_plan(*, actor, source: Plan, year: int, issuing_unit: Unit | None = None) -> Plan:
    """A draft of `source` for `year` (for `issuing_unit`, by default the source's issuer or its
    successor), with every copied row marked for review."""
    # Locked so two clicks of "Tạo kế hoạch năm sau" make one draft: the second finds the first.
    source = Plan.objects.select_for_update().get(pk=source.pk)
    if year <= source.year:
        raise ValidationError({"year": f"Năm của kế hoạch mới phải sau năm {source.year} của kế hoạch gốc."})
    if year > source.year + 5:
        raise ValidationError({"year": f"Chỉ tạo được kế hoạch cho tối đa 5 năm sau năm {source.year}."})
    day = datetime.date(year, 1, 1)
    issuer, issuer_changes = _issuer_for(source, issuing_unit, day)
    shift = YearShift(source.year, year)
    title = shift.text(source.title)
    existing = _existing_copy(source, issuer, year, title.text)
    if existing is not None:
        _refuse_existing(existing)

    plan = _copy_plan_row(source, issuer, shift, title.text, actor)
    context = CopyContext(source=source, plan=plan, shift=shift)
    context.mark(plan, "Thông tin chung của kế hoạch", *_plan_notes(source, plan, shift, title, issuer_changes))
    _copy_sections(context)
    _copy_appendices(context)
    plan_copied.send(sender=Plan, context=context)
    ReviewMark.objects.bulk_create(context.marks)
    flagged = sum(1 for mark in context.marks if mark.checks)
    record(
        actor=actor,
        action="plan.copy",
        summary=(
            f"Tạo kế hoạch năm {year} từ Kế hoạch {source.reference.strip()} năm {source.year}: "
            f"{len(context.marks)} mục cần rà soát, {flagged} mục có điểm cần xem lại"
        ),
        target=plan,
        after={
            "copied_from": source.pk,
            "year": year,
            "issuing_unit": issuer.name,
            "marks": len(context.marks),
            "flagged": flagged,
        },
    )
    return plan


def _copy_plan_row(source: Plan, issuer: Unit, shift: YearShift, title: str, actor) -> Plan:
    if source.issued_on:
        dated_month, dated_year = source.issued_on.month, source.issued_on.year + shift.delta
    else:
        dated_month = source.dated_month
        dated_year = source.dated_year + shift.delta if source.dated_year else None
    same_issuer = issuer.pk == source.issuing_unit_id
    header = {} if same_issuer else issuer_header(issuer)
    plan = Plan(
        issuing_unit=issuer,
        parent_body_line=source.parent_body_line if same_issuer else "",
        issuing_body_line=header.get("issuing_body_line", source.issuing_body_line),
        number="",
        symbol=source.symbol,
        place=header.get("place", source.place),
        issued_on=None,
        dated_month=dated_month,
        dated_year=dated_year,
        year=shift.year,
        title=title,
        based_on=None,
        legal_bases=source.legal_bases,
        preamble=shift.text(source.preamble).text,
        closing=shift.text(source.closing).text,
        recipients=source.recipients,
        signer_authority=source.signer_authority,
        signer_position=source.signer_position,
        signer_name=source.signer_name if same_issuer else "",
        status=PlanStatus.DRAFT,
        copied_from=source,
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    plan.full_clean()
    plan.save()
    return plan


def _plan_notes(source: Plan, plan: Plan, shift: YearShift, title: Shifted, issuer_changes) -> tuple[list, list]:
    preamble, closing = shift.text(source.preamble), shift.text(source.closing)
    changes = [f"Năm kế hoạch: {source.year} → {plan.year}.", *issuer_changes]
    changes += [f"Trích yếu: {c}" for c in title.changes]
    changes += [f"Lời dẫn: {c}" for c in preamble.changes] + [f"Câu kết: {c}" for c in closing.changes]
    dated = f"tháng {plan.dated_month:02d}/{plan.dated_year}" if plan.dated_month and plan.dated_year else "để trống"
    changes.append(f"Số và ngày ban hành để trống (ngày dự thảo: {dated}); điền khi ban hành.")
    checks = title.checks + preamble.checks + closing.checks
    if source.legal_bases.strip():
        checks.append(
            f"Căn cứ: giữ nguyên {len(source.legal_basis_lines)} căn cứ của kế hoạch năm {source.year}; "
            "xem văn bản nào đã hết hiệu lực hoặc được thay thế, văn bản mới nào cần dẫn."
        )
    if source.based_on_id:
        checks.append(
            f"Căn cứ kế hoạch cấp trên (Kế hoạch {source.based_on.reference.strip()} năm {source.based_on.year}) "
            f"không chuyển sang: chọn kế hoạch năm {plan.year} của cấp trên khi đã có."
        )
    if plan.issuing_unit_id != source.issuing_unit_id:
        checks.append(
            f"Kế hoạch lập từ kế hoạch của {source.issuing_unit.name}: rà soát nội dung, đơn vị và người ký "
            f"cho phù hợp với {plan.issuing_unit.name}."
        )
    elif source.signer_name:
        checks.append(f"Người ký: {source.signer_name} ({source.signer_position.lower()}) — xác nhận lại.")
    if source.recipients.strip():
        checks.append("Nơi nhận: giữ nguyên như năm trước; rà soát tên các cơ quan sau sắp xếp.")
    return changes, checks


def _copy_sections(context: CopyContext) -> None:
    shift = context.shift
    for section in context.source.sections.all():
        heading, body = shift.text(section.heading), shift.text(section.body)
        copy = PlanSection.objects.create(
            plan=context.plan, position=section.position, heading=heading.text, body=body.text
        )
        context.mark(copy, f"Mục {heading.text}", heading.changes + body.changes, heading.checks + body.checks)


def _copy_appendices(context: CopyContext) -> None:
    shift, source = context.shift, context.source
    for appendix in source.appendices.all():
        title = shift.text(appendix.title)
        changes, checks = list(title.changes), list(title.checks)
        subtitle = appendix.subtitle
        if subtitle and (source.number and source.number in subtitle or "Kèm theo" in subtitle):
            # "(Kèm theo Kế hoạch số 196/KH-UBND …)" names last year's plan: let it follow this one.
            subtitle = ""
            changes.append("Dòng “Kèm theo Kế hoạch…” ghi lại theo kế hoạch mới khi ban hành.")
        elif subtitle:
            shifted = shift.text(subtitle)
            subtitle = shifted.text
            changes += shifted.changes
            checks += shifted.checks
        copy = Appendix.objects.create(
            plan=context.plan,
            position=appendix.position,
            label=appendix.label,
            title=title.text,
            subtitle=subtitle,
            columns=list(appendix.columns),
            column_labels=dict(appendix.column_labels),
        )
        context.appendices.append((appendix, copy))
        context.mark(copy, f"{copy.label} – {copy.title}", changes, checks)


# Reviewing -------------------------------------------------------------------------------------


def open_review_count(plan: Plan) -> int:
    return ReviewMark.objects.filter(plan=plan).open().count()


def reviewed(plan: Plan, change) -> None:
    """Guard of the plan's issue: every row copied from last year's has been looked at."""
    count = open_review_count(plan)
    if count:
        raise ValidationError(REVIEW_BLOCKS_ISSUE.format(count=count), code="review")


@transaction.atomic
def clear_reviews(*, actor, plan: Plan, mark_ids=None) -> int:
    """Mark rows of a copied draft as looked at: the given marks, or every open one. Returns how
    many were cleared."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != PlanStatus.DRAFT:
        raise ValidationError("Kế hoạch đã ban hành nên không rà soát được nữa.", code="locked")
    marks = ReviewMark.objects.filter(plan=plan).open()
    if mark_ids is not None:
        ids = {int(pk) for pk in mark_ids}
        if not ids:
            raise ValidationError("Hãy chọn mục đã rà soát.")
        marks = marks.filter(pk__in=ids)
    labels = list(marks.values_list("label", flat=True))
    if not labels:
        raise ValidationError("Không còn mục nào cần rà soát trong những mục đã chọn.")
    marks.update(cleared_at=timezone.now(), cleared_by=actor if actor is not None and actor.is_authenticated else None)
    shown = "; ".join(labels[:3]) + ("…" if len(labels) > 3 else "")
    record(
        actor=actor,
        action="plan.review",
        summary=f"Đã rà soát {len(labels)} mục sao chép từ năm trước: {shown}",
        target=plan,
        after={"cleared": labels},
    )
    return len(labels)
