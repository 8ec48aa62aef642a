"""Prize money: each awarded nominee's reward on the decision's signing date, and the yearly report.

The reward is the award type's coefficient times the base salary in force on the signing date
(Decree 152/2025/NĐ-CP: "được thưởng … lần mức lương cơ sở"), rounded up to the next ten thousand
đồng: "Tiền thưởng sau khi nhân với hệ số mức lương cơ sở được làm tròn số lên hàng chục nghìn đồng
tiền Việt Nam" (khoản 2 Điều 53 Nghị định 98/2023/NĐ-CP until 30/6/2025; Điều 49 Nghị định
152/2025/NĐ-CP from 01/7/2025, as Decree 91/2017/NĐ-CP art. 68(2) had it); `PRIZE_ROUNDING` holds
that step.
"""

from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

from django.core.exceptions import ValidationError
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from common import xlsx
from common.xlsx import save

from ..models import AwardType, BaseSalary, Decision, Nominee, NomineeKind, Prize

PRIZE_ROUNDING = 10_000


@dataclass(frozen=True)
class Reward:
    nominee: Nominee
    coefficient: Decimal
    base_salary: int
    amount: int


def money(amount: int) -> str:
    """ "1.420.000" as Vietnamese documents write đồng."""
    return f"{amount:,}".replace(",", ".")


def coefficient_text(coefficient: Decimal) -> str:
    """ "0,3", "1,5", "12" """
    return f"{coefficient.normalize():f}".replace(".", ",")


def prize_amount(coefficient: Decimal, base_salary: int) -> int:
    steps = (Decimal(coefficient) * base_salary / PRIZE_ROUNDING).to_integral_value(rounding=ROUND_CEILING)
    return int(steps) * PRIZE_ROUNDING


def rewards_for(award_type: AwardType, day, nominees) -> list[Reward]:
    """What each nominee receives under a decision signed on `day`; refused, naming what to enter,
    when the base salary for that day or the award type's coefficient is missing."""
    missing = []
    salary = BaseSalary.objects.on(day)
    if salary is None:
        missing.append(
            f"mức lương cơ sở áp dụng ngày {day:%d/%m/%Y} (Quản trị → Mức lương cơ sở: số tiền, ngày áp dụng, "
            "căn cứ nghị định)"
        )
    kinds = {n.kind for n in nominees}
    for kind in sorted(kinds):
        if award_type.prize_coefficient_for(kind) is None:
            field = (
                "hệ số tiền thưởng của tập thể"
                if kind == NomineeKind.COLLECTIVE and award_type.for_units and award_type.for_people
                else "hệ số tiền thưởng (lần mức lương cơ sở)"
            )
            missing.append(
                f"“{field}” của “{award_type.name}” (Quản trị → Danh hiệu, hình thức khen thưởng), "
                "theo Nghị định số 152/2025/NĐ-CP"
            )
    if missing:
        raise ValidationError(
            f"Chưa ban hành được quyết định vì chưa tính được tiền thưởng. Hãy nhập {'; '.join(missing)}."
        )
    return [
        Reward(
            nominee=n,
            coefficient=award_type.prize_coefficient_for(n.kind),
            base_salary=salary.amount,
            amount=prize_amount(award_type.prize_coefficient_for(n.kind), salary.amount),
        )
        for n in nominees
    ]


def record_prizes(decision: Decision, rewards: list[Reward]) -> list[Prize]:
    return Prize.objects.bulk_create(
        [
            Prize(
                decision=decision,
                nominee=r.nominee,
                coefficient=r.coefficient,
                base_salary=r.base_salary,
                amount=r.amount,
            )
            for r in rewards
        ]
    )


def prize_lines(decision: Decision) -> dict:
    """What the decision's article on money says: the amount per kind of nominee, the total, the
    base salary and its decree, and the fund it is paid from."""
    prizes = list(decision.prizes.select_related("nominee"))
    if not prizes:
        return {}
    per_kind = {}
    for prize in prizes:
        per_kind.setdefault(prize.nominee.kind, prize)
    salary = BaseSalary.objects.filter(amount=prizes[0].base_salary, effective_from__lte=decision.issued_on).first()
    return {
        "per_kind": [
            {
                "kind": NomineeKind(kind).label.lower(),
                "amount": money(prize.amount),
                "coefficient": coefficient_text(prize.coefficient),
            }
            for kind, prize in per_kind.items()
        ],
        "base_salary": money(prizes[0].base_salary),
        "salary_basis": salary.legal_basis if salary else "",
        "total": money(sum(p.amount for p in prizes)),
        "count": len(prizes),
        "by_nominee": {p.nominee_id: p.amount for p in prizes},
        "total_amount": sum(p.amount for p in prizes),
    }


REPORT_HEADER = [
    "TT",
    "Quyết định",
    "Ngày ký",
    "Danh hiệu, hình thức",
    "Họ và tên / tên tập thể",
    "Đối tượng",
    "Đơn vị đề nghị",
    "Hệ số",
    "Mức lương cơ sở (đồng)",
    "Tiền thưởng (đồng)",
]


def yearly_prizes(unit, year: int):
    return (
        Prize.objects.filter(decision__issuing_unit=unit, decision__issued_on__year=year)
        .select_related("decision__award_type", "nominee__dossier__unit", "nominee__unit")
        .order_by("decision__issued_on", "decision__number", "decision_id", "id")
    )


def yearly_report(unit, year: int) -> bytes:
    """The awards a unit decided in a year and the money they carry (.xlsx): one row per awarded
    nominee, then the totals per award type and the grand total."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = xlsx.sheet_title(f"Khen thưởng {year}", "Khen thưởng")
    xlsx.append(sheet, [f"BÁO CÁO KHEN THƯỞNG VÀ TIỀN THƯỞNG NĂM {year}"])
    xlsx.append(sheet, [f"Cơ quan quyết định: {unit.name}"])
    header_row = xlsx.append(sheet, REPORT_HEADER)
    totals: dict[str, list[int]] = {}
    prizes = list(yearly_prizes(unit, year))
    for number, prize in enumerate(prizes, start=1):
        decision, nominee = prize.decision, prize.nominee
        xlsx.append(
            sheet,
            [
                number,
                decision.reference,
                decision.issued_on.strftime("%d/%m/%Y"),
                decision.award_type.name,
                nominee.display_name,
                nominee.get_kind_display(),
                nominee.dossier.unit.name,
                float(prize.coefficient),
                prize.base_salary,
                prize.amount,
            ],
        )
        count_and_sum = totals.setdefault(decision.award_type.name, [0, 0])
        count_and_sum[0] += 1
        count_and_sum[1] += prize.amount
    xlsx.append(sheet, [])
    xlsx.append(
        sheet, ["", "Tổng hợp theo danh hiệu, hình thức", "", "", "Số được khen", "", "", "", "", "Tiền thưởng"]
    )
    for name, (count, amount) in totals.items():
        xlsx.append(sheet, ["", name, "", "", count, "", "", "", "", amount])
    xlsx.append(sheet, ["", "Tổng cộng", "", "", len(prizes), "", "", "", "", sum(p.amount for p in prizes)])
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    sheet["A1"].font = Font(bold=True)
    for row in sheet.iter_rows(min_row=header_row + 1, min_col=9, max_col=10):
        for cell in row:
            if isinstance(cell.value, int):
                cell.number_format = "#,##0"
    for letter, width in zip("ABCDEFGHIJ", (5, 18, 11, 30, 28, 10, 30, 7, 14, 14), strict=True):
        sheet.column_dimensions[letter].width = width
    return save(workbook)
