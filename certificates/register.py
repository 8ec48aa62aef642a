"""The register (sổ theo dõi cấp phát) as a person reads it: rows and the .xlsx export."""

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

from common import xlsx
from units.rules import is_admin

from .models import Issue

HEADERS = [
    "Số vào sổ",
    "Họ tên, tên tập thể",
    "Hình thức khen thưởng",
    "Quyết định",
    "Ngày quyết định",
    "Ngày in",
    "Người in",
    "Ghi chú",
]


def visible_issues(user):
    """The register rows of the units whose awards the user issues (an editor: their administration)."""
    issues = Issue.objects.select_related("unit", "decision__award_type", "printed_by", "reprint_of")
    if is_admin(user) or user.unit_id is None:
        return issues
    return issues.filter(unit__local_government_id=user.unit.local_government_id)


def row(issue) -> list:
    printed = timezone.localtime(issue.printed_at)
    return [
        issue.number,
        issue.recipient,
        str(issue.decision.award_type),
        issue.decision.reference,
        f"{issue.decision.issued_on:%d/%m/%Y}",
        f"{printed:%d/%m/%Y %H:%M}",
        str(issue.printed_by) if issue.printed_by else "",
        "In lại" if issue.is_reprint else "",
    ]


def workbook(issues) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "So cap phat"
    xlsx.append(sheet, ["SỔ THEO DÕI CẤP PHÁT BẰNG KHEN, GIẤY KHEN"])
    sheet["A1"].font = Font(bold=True)
    last_unit = None
    for issue in issues.order_by("unit__name", "unit_id", "number", "printed_at", "id"):
        if issue.unit_id != last_unit:
            xlsx.append(sheet, [f"Cơ quan quyết định: {issue.unit}"])
            xlsx.append(sheet, HEADERS)
            last_unit = issue.unit_id
        xlsx.append(sheet, row(issue))
    for column, width in zip("ABCDEFGH", (10, 32, 30, 18, 14, 18, 22, 10), strict=True):
        sheet.column_dimensions[column].width = width
    return xlsx.save(book)
