"""Demo layouts: the Bằng khen of the Chairman of Bắc Ninh's provincial People's Committee, the
Giấy khen of its Sở Nội vụ and the Lao động tiên tiến certificate of its Sở Giáo dục và Đào tạo,
each with a drawn scan of its blank stock; and the certificates of the demo's issued decision
(Sở GD&ĐT's 1850/QĐ-SGDĐT), printed once by its secretary so the register has its first lines."""

from awards.models import AwardType, Decision
from units.models import Unit, User

from .models import Issue, Layout
from .samples import make_layout
from .services import print_certificates

PROVINCE = "Ủy ban nhân dân tỉnh Bắc Ninh"
DEPARTMENT = "Sở Nội vụ"
SCHOOLS_DEPARTMENT = "Sở Giáo dục và Đào tạo"
DECISION_NUMBER = "1850"
PRINTED_BY = "bn.gddt.tk"


def load_certificate_demo() -> dict:
    province = Unit.objects.get(name=PROVINCE, parent__isnull=True)
    department = Unit.objects.get(name=DEPARTMENT, tree_root=province)
    schools = Unit.objects.get(name=SCHOOLS_DEPARTMENT, tree_root=province)
    wanted = [
        ("bang_khen", "bang-khen-chu-tich-tinh", province, "Bằng khen của Chủ tịch UBND tỉnh Bắc Ninh (A4 ngang)"),
        ("giay_khen", "giay-khen", department, "Giấy khen của Giám đốc Sở Nội vụ Bắc Ninh (A4 dọc)"),
        (
            "giay_chung_nhan",
            "lao-dong-tien-tien",
            schools,
            "Giấy chứng nhận Lao động tiên tiến của Sở GD&ĐT Bắc Ninh (A4 dọc)",
        ),
    ]
    layouts = []
    for kind, code, unit, name in wanted:
        award_type = AwardType.objects.get(code=code)
        layout = Layout.objects.filter(award_type=award_type, unit=unit).first()
        layouts.append(layout or make_layout(kind=kind, award_type=award_type, unit=unit, name=name))
    return {"layouts": layouts, "printed": _print_the_demo_decision(schools)}


def _print_the_demo_decision(unit) -> int:
    """How many certificates this load printed: none when the register already has the decision."""
    decision = Decision.objects.filter(issuing_unit=unit, number=DECISION_NUMBER).first()
    if decision is None or Issue.objects.filter(decision=decision).exists():
        return 0
    print_certificates(actor=User.objects.get(username=PRINTED_BY), decision=decision)
    return Issue.objects.filter(decision=decision).count()
