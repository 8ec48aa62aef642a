"""Award demo (fixtures/awards/demo.json) at two levels. Sở GD&ĐT Bắc Ninh's own council
(`bn.gddt.gd` presides, `bn.gddt.tk` its secretary) votes its staff's dossiers: its Giám đốc
decides Lao động tiên tiến (…/QĐ-SGDĐT); a Bằng khen of the provincial chair goes up to the
province, where it waits on `hoidong`'s planned session, ready for the vote; a Bằng khen of the
Prime Minister went up through the province's earlier session to the central level (Tờ trình and
package). A Chiến sĩ thi đua tỉnh dossier waits at the Sở with an eligibility check that finds
only two of the three years it needs.

Everything goes through the award services, so the demo obeys the same rules; loading twice
changes nothing."""

import datetime
import json
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from units.models import Unit, User

from . import services
from .catalogue import load_catalogue, load_reference_data
from .models import (
    AwardRecord,
    AwardType,
    BaseSalary,
    Council,
    CouncilMember,
    CouncilSession,
    Dossier,
    LegalText,
    Movement,
)

DEMO_FILE = Path(settings.BASE_DIR) / "fixtures" / "awards" / "demo.json"

# A one-page PDF so the demo's papers open in any viewer; complete down to its cross-reference
# table, since uploads must parse as PDF (common.uploads).
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000052 00000 n \n0000000101 00000 n \n"
    b"trailer<</Size 4/Root 1 0 R>>\nstartxref\n164\n%%EOF\n"
)


def _paper(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, DEMO_PDF, content_type="application/pdf")


COUNCIL_FIELDS = ("level", "head_title", "head_name", "decision_symbol", "proposal_symbol")


def _council(data, unit) -> Council:
    council, _ = Council.objects.get_or_create(
        government=unit, defaults={"name": data["name"], **{k: data[k] for k in COUNCIL_FIELDS if k in data}}
    )
    # Seats go to the demo accounts (fixtures/demo/accounts.json): no accounts of our own.
    for order, row in enumerate(data["members"]):
        CouncilMember.objects.get_or_create(
            council=council,
            user=User.objects.get(username=row["username"]),
            defaults={"role": row["role"], "position": row["position"], "position_order": order},
        )
    return council


def _session(council, data) -> CouncilSession:
    session = CouncilSession.objects.filter(council=council, title=data["title"]).first()
    if session is None:
        session = services.create_session(
            actor=None,
            data={
                "council": council,
                "title": data["title"],
                "meets_at": datetime.datetime.fromisoformat(data["meets_at"]),
                "place": data["place"],
                "presided_by": data["presided_by"],
            },
        )
    return session


def _dossier(row, movement) -> Dossier:
    """A Sở GD&ĐT dossier with its papers, submitted: it goes to the council of its level."""
    officer = User.objects.get(username=row["officer"])
    dossier = services.create_dossier(
        actor=officer,
        unit=officer.unit,
        data={
            "kind": "thuong_xuyen",
            "award_type": AwardType.objects.get(code=row["award"]),
            "year": 2025,
            "movement": movement if row.get("movement") else None,
            "title": row["title"],
        },
    )
    for number, person in enumerate(row["nominees"], start=1):
        nominee = services.add_nominee(actor=officer, dossier=dossier, data={"kind": "ca_nhan", **person})
        services.add_attachment(
            actor=officer,
            dossier=dossier,
            uploaded=_paper(f"Báo cáo thành tích {number} - {person['full_name']}.pdf"),
            kind="bao_cao_thanh_tich",
            nominee=nominee,
        )
        if "sang_kien" in dossier.award_type.required_documents:
            services.add_attachment(
                actor=officer,
                dossier=dossier,
                uploaded=_paper(f"Quyết định công nhận sáng kiến - {person['full_name']}.pdf"),
                kind="sang_kien",
                nominee=nominee,
            )
    services.add_attachment(actor=officer, dossier=dossier, uploaded=_paper("Tờ trình.pdf"), kind="to_trinh")
    services.add_attachment(
        actor=officer, dossier=dossier, uploaded=_paper("Biên bản họp Hội đồng TĐKT Sở.pdf"), kind="bien_ban"
    )
    services.apply_transition(actor=officer, dossier=dossier, name="submit")
    return dossier


def _put_on(session, dossiers, staff) -> None:
    for dossier in dossiers:
        services.apply_transition(actor=staff, dossier=dossier, name="start_appraisal")
        services.apply_transition(actor=staff, dossier=dossier, name="mark_ready")
        services.schedule_dossier(actor=staff, dossier=dossier, session=session)


def _hold(session, secretary) -> None:
    """Open the vote, every member agrees on everyone, close and apply."""
    services.open_voting(actor=secretary, session=session)
    nominees = list(session.dossiers.values_list("nominees", flat=True))
    for seat in session.council.members.select_related("user"):
        services.cast_ballots(actor=seat.user, session=session, choices={pk: "dong_y" for pk in nominees})
    services.close_voting(actor=secretary, session=session)
    services.apply_results(actor=secretary, session=session)


def _department_decision(session, dossier, data, secretary):
    """The Giám đốc's Quyết định in the Sở's register, for everyone its council approved."""
    council, award_type = session.council, dossier.award_type
    unit = council.government
    return services.issue_decision(
        actor=secretary,
        session=session,
        award_type=award_type,
        nominees=list(services.decidable_nominees(session, award_type)),
        data={
            "issuing_unit": unit,
            "parent_body_line": (unit.parent.short_name or unit.parent.name).upper(),
            "issuing_body_line": unit.name.upper(),
            "number": data["number"],
            "symbol": council.decision_symbol,
            "place": data["place"],
            "issued_on": datetime.date.fromisoformat(data["issued_on"]),
            "title": f"Về việc tặng {award_type.award_phrase} năm 2025",
            "legal_bases": "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
            "recipients": "Như Điều 3;\nLưu: VT, VP.",
            "signer_authority": "",
            "signer_position": council.head_title.upper(),
            "signer_name": council.head_name,
        },
    )


def _flow(data, movement, province_council, department_council) -> list[Dossier]:
    """Sở GD&ĐT's council votes its staff's dossiers: its Giám đốc decides Lao động tiên tiến; the
    province's Bằng khen goes up to the province's planned session; the Prime Minister's goes up
    through the province's earlier session to the central level."""
    dossiers = {row["until"]: _dossier(row, movement) for row in data["dossiers"]}
    dept_secretary = User.objects.get(username="bn.gddt.tk")
    dept_session = _session(department_council, data["department_session"])
    _put_on(dept_session, [dossiers[k] for k in ("decided", "forwarded", "forwarded_up")], dept_secretary)
    _hold(dept_session, dept_secretary)
    _department_decision(dept_session, dossiers["decided"], data["department_decision"], dept_secretary)
    staff, secretary = User.objects.get(username="bn.noivu"), User.objects.get(username="hoidong")
    earlier = _session(province_council, data["earlier_session"])
    _put_on(earlier, [Dossier.objects.get(forwarded_from=dossiers["forwarded_up"])], staff)
    _hold(earlier, secretary)
    planned = _session(province_council, data["session"])
    _put_on(planned, [Dossier.objects.get(forwarded_from=dossiers["forwarded"])], staff)
    return list(dossiers.values())


@transaction.atomic
def load_award_demo() -> dict:
    load_catalogue(AwardType)
    load_reference_data(BaseSalary, LegalText)
    data = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
    province = Unit.objects.get(name=data["province"], parent__isnull=True)
    council = _council(data["council"], province)
    dept = data["department_council"]
    department_council = _council(dept, Unit.objects.get(name=dept["unit"], tree_root=province))
    m = data["movement"]
    movement, _ = Movement.objects.get_or_create(
        name=m["name"],
        defaults={
            "launched_by": Unit.objects.get(name=m["launched_by"], parent__isnull=True),
            "starts_on": datetime.date.fromisoformat(m["starts_on"]),
            "ends_on": datetime.date.fromisoformat(m["ends_on"]),
        },
    )
    for row in data["history"]:
        AwardRecord.objects.get_or_create(
            full_name=row["full_name"],
            birth_year=row["birth_year"],
            year=row["year"],
            award_type=AwardType.objects.get(code=row["award"]),
            defaults={
                "unit": Unit.objects.get(name=row["unit"], tree_root=province),
                "decision_reference": row["decision_reference"],
            },
        )
    first = data["dossiers"][0]
    done = Dossier.objects.filter(unit__name=dept["unit"], unit__tree_root=province, title=first["title"]).exists()
    dossiers = [] if done else _flow(data, movement, council, department_council)
    session = _session(council, data["session"])
    return {"council": council, "session": session, "dossiers": dossiers}
