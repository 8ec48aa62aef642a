"""Dossiers, their nominees and papers: every write a unit makes while it prepares a dossier."""

from collections import defaultdict

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from activity.services import record, record_changes
from activity.snapshot import snapshot
from common.fields import assign
from common.uploads import DOCUMENT_KINDS, display_name, validate_upload
from units.text import clean_attributes

from ..models import (
    PER_NOMINEE_DOCUMENTS,
    Attachment,
    AwardType,
    DocumentKind,
    Dossier,
    DossierKind,
    DossierStatus,
    Nominee,
    NomineeKind,
    citizen_id_validator,
)
from ..routing import NoCouncil, council_for

DOSSIER_FIELDS = ["kind", "award_type", "year", "movement", "title"]
NOMINEE_FIELDS = [
    "kind",
    "full_name",
    "position",
    "workplace",
    "gender",
    "birth_year",
    "citizen_id",
    "posthumous",
    "unit",
    "achievement",
    "task_rating",
    "excellent_years",
    "initiative_scope",
    "initiative_count",
    "initiative_title",
    "member_count",
    "members_not_done",
]


def locked_dossier(dossier: Dossier):
    return (
        Dossier.objects.select_for_update(of=("self",))
        .select_related("award_type", "unit", "session", "council__government")
        .get(pk=dossier.pk)
    )


def ensure_editable(dossier: Dossier) -> None:
    if dossier.status not in (DossierStatus.DRAFT, DossierStatus.RETURNED):
        raise ValidationError(
            f"Hồ sơ đang ở trạng thái “{dossier.get_status_display()}” nên không sửa được; "
            "chỉ sửa khi đang soạn hoặc khi được yêu cầu bổ sung."
        )


def _check_award_type(award_type: AwardType, year: int, day=None) -> None:
    """The row must be in force on the dossier's day (the catalogue is dated: a row replaced when a
    decree changed it names its successor), and apply to the dossier's year."""
    day = day or timezone.localdate()
    if not award_type.valid_on_day(day):
        current = award_type.on(day)
        instead = f" Dùng “{current}”." if current else ""
        raise ValidationError(
            {
                "award_type": f"“{award_type}” không áp dụng ngày {day:%d/%m/%Y} "
                f"(áp dụng {award_type.validity_text}).{instead}"
            }
        )
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


def route(dossier: Dossier) -> None:
    """Send the dossier to the council of its level (awards.routing); an award its level cannot
    decide nor propose is refused with the reason. With no council on the way up yet, a draft
    waits: submitting it asks again (`goes_to_a_council`)."""
    if dossier.forwarded_from_id:
        return  # received from below: it stays with the council it was forwarded to
    try:
        dossier.council = council_for(dossier.unit, dossier.award_type)
    except NoCouncil:
        dossier.council = None


# Dossiers ----------------------------------------------------------------------------------


@transaction.atomic
def create_dossier(*, actor, unit, data: dict) -> Dossier:
    dossier = Dossier(unit=unit, created_by=actor if actor and actor.is_authenticated else None)
    assign(dossier, data, DOSSIER_FIELDS)
    clean_attributes(dossier, ["title"])
    dossier.full_clean()
    _check_award_type(dossier.award_type, dossier.year, dossier.catalogue_day)
    route(dossier)
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
    dossier = locked_dossier(dossier)
    ensure_editable(dossier)
    before = snapshot(dossier, DOSSIER_FIELDS)
    assign(dossier, data, DOSSIER_FIELDS)
    clean_attributes(dossier, ["title"])
    dossier.full_clean()
    _check_award_type(dossier.award_type, dossier.year, dossier.catalogue_day)
    for nominee in dossier.nominees.all():
        _check_nominee_fits(nominee, dossier.award_type)
    route(dossier)
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
    if nominee.kind == NomineeKind.HOUSEHOLD and not award_type.for_households:
        raise ValidationError({"kind": f"“{award_type}” không xét cho hộ gia đình."})


@transaction.atomic
def add_nominee(*, actor, dossier: Dossier, data: dict) -> Nominee:
    dossier = locked_dossier(dossier)
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
    # Cards print the number in groups ("034 085 001 234"): the spaces are not part of it.
    nominee.citizen_id = "".join((nominee.citizen_id or "").split())
    if nominee.citizen_id:
        try:
            citizen_id_validator(nominee.citizen_id)
        except ValidationError as wrong:
            raise ValidationError({"citizen_id": wrong.messages}) from None
    if nominee.kind != NomineeKind.PERSON:
        if nominee.citizen_id:
            raise ValidationError({"citizen_id": "Chỉ ghi số định danh cá nhân (CCCD) cho cá nhân."})
        if nominee.posthumous:
            raise ValidationError({"posthumous": "Chỉ truy tặng cho cá nhân, không cho tập thể hay hộ gia đình."})
    _check_nominee_fits(nominee, award_type)
    nominee.full_clean()


@transaction.atomic
def update_nominee(*, actor, nominee: Nominee, data: dict) -> Nominee:
    dossier = locked_dossier(nominee.dossier)
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
    dossier = locked_dossier(nominee.dossier)
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
    dossier = locked_dossier(dossier)
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
    dossier = locked_dossier(attachment.dossier)
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
    if dossier.forwarded_from_id:
        # Forwarded by a lower level: its Tờ trình, minutes and the nominees' papers come with it
        # (awards.proposals), checked there when the unit submitted.
        return []
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
