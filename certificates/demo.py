"""Demo layouts: the Bằng khen of the Chairman of Bắc Ninh's provincial People's Committee and the
Giấy khen of its Sở Nội vụ, each with a drawn scan of its blank stock."""

from awards.models import AwardType
from units.models import Unit

from .models import Layout
from .samples import make_layout

PROVINCE = "Ủy ban nhân dân tỉnh Bắc Ninh"
DEPARTMENT = "Sở Nội vụ"


def load_certificate_demo() -> list[Layout]:
    province = Unit.objects.get(name=PROVINCE, parent__isnull=True)
    department = Unit.objects.get(name=DEPARTMENT, tree_root=province)
    wanted = [
        ("bang_khen", "bang-khen-chu-tich-tinh", province, "Bằng khen của Chủ tịch UBND tỉnh Bắc Ninh (A4 ngang)"),
        ("giay_khen", "giay-khen", department, "Giấy khen của Giám đốc Sở Nội vụ Bắc Ninh (A4 dọc)"),
    ]
    layouts = []
    for kind, code, unit, name in wanted:
        award_type = AwardType.objects.get(code=code)
        layout = Layout.objects.filter(award_type=award_type, unit=unit).first()
        layouts.append(layout or make_layout(kind=kind, award_type=award_type, unit=unit, name=name))
    return layouts
