"""Award demo (fixtures/awards/demo.json): Bắc Ninh's council with `hoidong` as its secretary, a
session and two dossiers from Sở GD&ĐT — one on the session's agenda ready for the vote, one
waiting for appraisal whose eligibility check finds only two of the three years it needs.

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
STEPS = ["submitted", "on_session"]


def _paper(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, DEMO_PDF, content_type="application/pdf")


def _council(data, province) -> Council:
    council, _ = Council.objects.get_or_create(
        name=data["name"], government=province, defaults={"level": data["level"]}
    )
    # Seats go to the demo accounts (fixtures/demo/accounts.json): no accounts of our own.
    for order, row in enumerate(data["members"]):
        CouncilMember.objects.get_or_create(
            council=council,
            user=User.objects.get(username=row["username"]),
            defaults={"role": row["role"], "position": row["position"], "position_order": order},
        )
    return council


def _dossier(row, province, movement, session, staff) -> Dossier | None:
    officer = User.objects.get(username=row["officer"])
    if Dossier.objects.filter(unit=officer.unit, title=row["title"]).exists():
        return None
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
    if STEPS.index(row["until"]) >= STEPS.index("on_session"):
        services.apply_transition(actor=staff, dossier=dossier, name="start_appraisal")
        services.apply_transition(actor=staff, dossier=dossier, name="mark_ready")
        services.schedule_dossier(actor=staff, dossier=dossier, session=session)
    return dossier


@transaction.atomic
def load_award_demo() -> dict:
    load_catalogue(AwardType)
    load_reference_data(BaseSalary, LegalText)
    data = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
    province = Unit.objects.get(name=data["province"], parent__isnull=True)
    council = _council(data["council"], province)
    meets_at = datetime.datetime.fromisoformat(data["session"]["meets_at"])
    session = CouncilSession.objects.filter(council=council, title=data["session"]["title"]).first()
    if session is None:
        session = services.create_session(
            actor=None,
            data={
                "council": council,
                "title": data["session"]["title"],
                "meets_at": meets_at,
                "place": data["session"]["place"],
                "presided_by": data["session"]["presided_by"],
            },
        )
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
    staff = User.objects.get(username="bn.noivu")
    dossiers = [d for row in data["dossiers"] if (d := _dossier(row, province, movement, session, staff))]
    return {"council": council, "session": session, "dossiers": dossiers}
