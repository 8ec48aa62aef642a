"""What the previews draw: a sample certificate's texts and the scan of the blank stock."""

import base64
import datetime

from awards.models import Decision

from .layout import WIDEST_NUMBER, field_texts
from .models import FieldKey
from .services import awarded_nominees

SAMPLE = {
    FieldKey.RECIPIENT: "Bà Nguyễn Thị Hằng Ước",
    FieldKey.POSITION: "Trưởng phòng Tổ chức cán bộ, Sở Giáo dục và Đào tạo",
    FieldKey.ACHIEVEMENT: "Đã có thành tích xuất sắc trong công tác năm 2025",
    FieldKey.DECISION: "Quyết định số 1520/QĐ-UBND ngày 20/12/2025",
    FieldKey.PLACE_DATE: "Bắc Ninh, ngày 20 tháng 12 năm 2025",
    FieldKey.SIGNER_AUTHORITY: "KT. CHỦ TỊCH",
    FieldKey.SIGNER_POST: "PHÓ CHỦ TỊCH",
    FieldKey.SIGNER_NAME: "Vương Quốc Tuấn",
    FieldKey.REGISTER: f"Số: {WIDEST_NUMBER}",
}


def sample_decision(layout):
    """The deciding unit's latest issued decision of the layout's award type, if any."""
    if layout is None or layout.pk is None:
        return None
    return (
        Decision.objects.filter(
            award_type_id=layout.award_type_id, issuing_unit_id=layout.unit_id, issued_on__lte=datetime.date.today()
        )
        .order_by("-issued_on", "-id")
        .first()
    )


def sample_texts(layout) -> dict:
    """A real awarded nominee's texts where the unit has a decision, else a sample person."""
    decision = sample_decision(layout)
    nominee = awarded_nominees(decision).first() if decision else None
    if nominee is None:
        return {str(key): text for key, text in SAMPLE.items()}
    texts = field_texts(decision, nominee, WIDEST_NUMBER)
    return {str(key): text or SAMPLE[key] for key, text in texts.items()}


def scan_data_url(layout) -> str:
    if layout is None or not layout.stock_scan:
        return ""
    with layout.stock_scan.open("rb") as scan:
        content = scan.read()
    kind = "png" if content.startswith(b"\x89PNG") else "jpeg"
    return f"data:image/{kind};base64,{base64.b64encode(content).decode()}"
