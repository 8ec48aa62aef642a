"""Vietnamese everywhere: the demo's pages, as each kind of user sees them, and the admin's
third-party screens (import-export, periodic tasks, login lockouts) show no English interface word
and, in the portal, no raw code value (``ca_nhan``, ``timing_text``)."""

import io
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client

from awards.models import Dossier
from awards.selectors import visible_sessions
from plans.models import Plan
from tasks.models import Task
from units.models import EmulationGroup, Unit, User

pytestmark = pytest.mark.django_db

SEEDS = Path(__file__).resolve().parents[2] / "fixtures" / "seeds"

ENGLISH = re.compile(
    r"\b(Import|Export|Submit|Confirm|Preview|Errors?|Skipped|Update|Delete|Save|Search|Filter|Add|Change|"
    r"History|Home|Log ?out|Log ?in|Name|Description|Enabled|Schedule|Arguments|Periodic|Tasks?|Interval|"
    r"Crontab|Clocked|Yes|No|None|True|False|Select all|Row|Line number|Format|Resource|File to import|"
    r"Next|Previous|Page|Loading|Warning|Success|Back|Cancel|View|Edit|Remove|Download|Upload|Status)\b",
    re.IGNORECASE,
)
# snake_case words: a choice or field name printed as stored.
RAW = re.compile(r"\b[a-z]+_[a-z_]+\b")
# Not "alt": Django's admin writes its yes/no icons' alt as "True"/"False", untranslatable.
SHOWN_ATTRIBUTES = {"title", "placeholder", "aria-label"}
# A dotted code path (tasks.tasks.send_reminders) is the name of the thing, not an interface word.
DOTTED = re.compile(r"\b\w+(?:\.\w+)+\b")


class VisibleText(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts, self.hidden = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "code", "pre"):
            self.hidden += 1
        attrs = dict(attrs)
        self.parts += [value for name, value in attrs.items() if name in SHOWN_ATTRIBUTES and value]
        if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
            self.parts.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag in ("script", "style", "code", "pre"):
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden and data.strip():
            self.parts.append(data.strip())


def visible(html: str) -> list[str]:
    parser = VisibleText()
    parser.feed(html)
    return parser.parts


def foreign(html: str, raw: bool) -> set[str]:
    found = set()
    for text in visible(html):
        text = DOTTED.sub("", text)
        found |= {m.group(0) for m in ENGLISH.finditer(text) if m.group(0) not in VIETNAMESE_LOOKALIKES}
        if raw:
            found |= {m.group(0) for m in RAW.finditer(text)}
    return found


# Vietnamese words that are spelled like an English one, case aside.
VIETNAMESE_LOOKALIKES = {"No"}


def test_demo_pages_of_every_role_are_in_vietnamese():
    call_command("load_demo", stdout=io.StringIO())
    plan = Plan.objects.get(number="83")
    group = EmulationGroup.objects.get(name="Khối các cơ quan tổng hợp")
    education = Unit.objects.get(name="Sở Giáo dục và Đào tạo", tree_root__name__contains="Bắc Ninh")
    task = Task.objects.filter(appendix__plan=plan, assignments__unit=education).order_by("pk").first()
    dossier = Dossier.objects.order_by("pk").first()
    # A session of the province's council (the Sở's own council sits in the demo too).
    session = visible_sessions(User.objects.get(username="hoidong")).order_by("pk").first()
    pages = {
        "bn.gddt": [
            "/",
            "/nhiem-vu-cua-don-vi/",
            f"/nhiem-vu/{task.pk}/tien-do/",
            "/khen-thuong/",
            f"/khen-thuong/ho-so/{dossier.pk}/",
            f"/khen-thuong/ho-so/{dossier.pk}/lich-su/",
            "/thong-bao/",
        ],
        "bn.snv": ["/", f"/cum-khoi/{group.pk}/", f"/cum-khoi/{group.pk}/tieu-chi/", f"/cum-khoi/{group.pk}/xep-hang/"],
        "hoidong": ["/", "/khen-thuong/phien-hop/", f"/khen-thuong/phien-hop/{session.pk}/"],
        "bn.noivu": [
            "/",
            "/ke-hoach/",
            f"/ke-hoach/{plan.pk}/",
            f"/ke-hoach/{plan.pk}/tien-do/",
            f"/ke-hoach/{plan.pk}/lich-su/",
            "/don-vi/",
            "/don-vi/cum-khoi-thi-dua/",
        ],
    }
    problems = {}
    for username, urls in pages.items():
        client = Client()
        client.force_login(User.objects.get(username=username))
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            found = foreign(response.content.decode(), raw=True)
            if found:
                problems[f"{username} {url}"] = sorted(found)
    assert problems == {}, problems


def test_the_admins_third_party_screens_are_in_vietnamese():
    call_command("load_demo", stdout=io.StringIO())
    client = Client()
    client.force_login(User.objects.get(username="admin"))
    plan = Plan.objects.filter(status="draft").first() or Plan.objects.first()
    upload = SimpleUploadedFile("bac-ninh-2025.xlsx", (SEEDS / "bac-ninh-2025.xlsx").read_bytes())
    preview = client.post(
        "/quan-tri/plans/appendix/import/",
        {"import_file": upload, "format": "0", "resource": "0", "plan": plan.pk, "sheet": ""},
    )
    pages = {
        "import": client.get("/quan-tri/plans/appendix/import/"),
        "import preview": preview,
        "periodic tasks": client.get("/quan-tri/django_celery_beat/periodictask/"),
        "periodic task form": client.get("/quan-tri/django_celery_beat/periodictask/add/"),
        "crontabs": client.get("/quan-tri/django_celery_beat/crontabschedule/add/"),
        "intervals": client.get("/quan-tri/django_celery_beat/intervalschedule/add/"),
        "admin index": client.get("/quan-tri/"),
    }
    problems = {}
    for name, response in pages.items():
        assert response.status_code == 200, name
        found = foreign(response.content.decode(), raw=False)
        if found:
            problems[name] = sorted(found)
    assert problems == {}, problems
