"""The main pages of every role in the demo, visited by the phone-width and accessibility tests."""

import io

from django.core.management import call_command

from awards.models import Decision, Dossier
from awards.selectors import visible_dossiers, visible_sessions
from plans.models import Plan
from tasks.models import Task
from tdkt_portal.demo import DEMO_PASSWORD
from units.models import EmulationGroup, Unit, User


def sign_in(page, username):
    page.context.clear_cookies()
    page.goto("/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()


def demo_pages() -> dict[str, list[str]]:
    """Loads the demo and returns, per account, the pages that account uses most."""
    call_command("load_demo", stdout=io.StringIO())
    plan = Plan.objects.get(number="83")
    general = EmulationGroup.objects.get(name="Khối các cơ quan tổng hợp")
    social = EmulationGroup.objects.get(name="Khối văn hóa - xã hội")
    education = Unit.objects.get(name="Sở Giáo dục và Đào tạo", tree_root__name__contains="Bắc Ninh")
    task = Task.objects.filter(appendix__plan=plan, assignments__unit=education).order_by("pk").first()
    dossier = Dossier.objects.order_by("pk").first()
    # A session of the province's council (the Sở's own council sits in the demo too).
    council_member = User.objects.get(username="hoidong")
    session = visible_sessions(council_member).order_by("pk").first()
    council_dossier = visible_dossiers(council_member).order_by("pk").first()
    member = general.memberships.exclude(role="truong").order_by("unit__name").first().unit
    decisions = [f"/khen-thuong/quyet-dinh/{d.pk}/" for d in Decision.objects.order_by("pk")[:1]]
    return {
        "bn.gddt": [  # a unit officer, also trưởng of Khối văn hóa - xã hội
            "/",
            "/nhiem-vu-cua-don-vi/",
            f"/nhiem-vu/{task.pk}/tien-do/",
            "/ke-hoach/",
            f"/ke-hoach/{plan.pk}/",
            "/khen-thuong/",
            f"/khen-thuong/ho-so/{dossier.pk}/",
            "/don-vi/cum-khoi-thi-dua/",
            f"/cum-khoi/{social.pk}/",
            f"/cum-khoi/{social.pk}/tieu-chi/",
            "/don-vi/",
            "/thong-bao/",
        ],
        "bn.snv": [  # trưởng of Khối các cơ quan tổng hợp
            "/",
            f"/cum-khoi/{general.pk}/",
            f"/cum-khoi/{general.pk}/tieu-chi/",
            f"/cum-khoi/{general.pk}/cham-diem/",
            f"/cum-khoi/{general.pk}/don-vi/{member.pk}/",
            f"/cum-khoi/{general.pk}/xep-hang/",
        ],
        "hoidong": [  # the council's secretary
            "/",
            "/khen-thuong/phien-hop/",
            f"/khen-thuong/phien-hop/{session.pk}/",
            f"/khen-thuong/ho-so/{council_dossier.pk}/",
            "/khen-thuong/quyet-dinh/",
            *decisions,
        ],
        "bn.noivu": [  # the plan editor
            "/",
            "/ke-hoach/",
            f"/ke-hoach/{plan.pk}/",
            f"/ke-hoach/{plan.pk}/tien-do/",
            f"/ke-hoach/{plan.pk}/lich-su/",
            "/khen-thuong/",
            "/khen-thuong/phien-hop/",
            "/don-vi/cum-khoi-thi-dua/",
        ],
    }
