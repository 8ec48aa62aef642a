"""At 390×844 (a common phone), no page a unit officer, a Cụm/Khối trưởng, a council member or a plan
editor uses scrolls sideways: tables become stacked rows, filters fold away."""

import io

import pytest
from django.core.management import call_command

from awards.models import Dossier
from awards.selectors import visible_dossiers, visible_sessions
from plans.models import Plan
from tasks.models import Task
from tdkt_portal.demo import DEMO_PASSWORD
from units.models import EmulationGroup, Unit, User

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}

# The element that sticks out furthest, to say what to fix when a page fails.
OVERFLOW = """() => {
  const root = document.documentElement;
  const extra = root.scrollWidth - root.clientWidth;
  if (extra <= 0) return null;
  let worst = null, right = root.clientWidth;
  for (const el of document.body.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    if (box.width && box.right > right) { right = box.right; worst = el; }
  }
  if (!worst) return extra + " px";
  const classes = String(worst.className).trim().replace(/\\s+/g, ".");
  return extra + " px (" + worst.tagName.toLowerCase() + (classes ? "." + classes : "") + ")";
}"""


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="vi-VN", viewport=PHONE, is_mobile=True)
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


def sign_in(page, username):
    page.context.clear_cookies()
    page.goto("/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()


def sideways(page, urls) -> dict:
    found = {}
    for url in urls:
        response = page.goto(url)
        assert response.status == 200, url
        page.wait_for_load_state("networkidle")
        extra = page.evaluate(OVERFLOW)
        if extra:
            found[url] = extra
    return found


def test_no_page_of_any_role_scrolls_sideways_on_a_phone(phone):
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
    pages = {
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
    found = {}
    for username, urls in pages.items():
        sign_in(phone, username)
        found |= {f"{username} {url}": extra for url, extra in sideways(phone, urls).items()}
    assert found == {}
