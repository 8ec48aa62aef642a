"""A deadline day: unit officers open their tasks and post progress with a small PDF, plan editors
watch the progress dashboards. Run by run.py (headless, against 127.0.0.1 only).

Every user starts with a session already signed in (prepare.py), or, with LOAD_SIGN_IN=1, signs in
through the login form with an account from the data file run.py prepared (LOAD_DATA). A status
update that loses a race with another officer of the same unit is answered 409 ("someone saved
first") — the portal's intended answer, counted apart and not as an error.
"""

import io
import itertools
import json
import os
import random
import re
from datetime import date

from locust import HttpUser, between, events, task
from pypdf import PdfWriter

DATA = json.loads(open(os.environ["LOAD_DATA"], encoding="utf-8").read())  # noqa: SIM115
SIGN_IN = os.environ.get("LOAD_SIGN_IN") == "1"
OFFICERS = itertools.cycle(DATA["officers"])
EDITORS = itertools.cycle(sorted(DATA["editors"].items()))
OFFICER_SESSIONS = iter(DATA["officer_sessions"])
EDITOR_SESSIONS = iter(DATA["editor_sessions"])
TASK_LINK = re.compile(r'href="(/nhiem-vu/(\d+)/tien-do/)"')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION = re.compile(r'name="version" value="(\d+)"')
OCCURRENCE = re.compile(
    r'name="action" value="(status|contribution)">\s*<input type="hidden" name="occurrence" value="(\d+)"'
)
STATUS = re.compile(r'<select name="status"[^>]*>(.*?)</select>', re.S)
SELECTED = re.compile(r'<option value="([^"]+)"[^>]*selected')
conflicts = 0


def small_pdf() -> bytes:
    """A one-page PDF of a few hundred bytes, as a scanned receipt would be but smaller."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


PDF = small_pdf()


def use_session(user, session_key):
    host = user.host.split("://", 1)[1].split(":")[0]
    user.client.cookies.set("sessionid", session_key, domain=host, path="/")


def sign_in(user, username):
    page = user.client.get("/dang-nhap/", name="/dang-nhap/")
    token = CSRF.search(page.text).group(1)
    with user.client.post(
        "/dang-nhap/",
        {"username": username, "password": DATA["password"], "csrfmiddlewaretoken": token},
        name="/dang-nhap/ [POST]",
        allow_redirects=False,
        catch_response=True,
    ) as response:
        if response.status_code != 302:
            response.failure(f"{username} không đăng nhập được ({response.status_code})")


class Officer(HttpUser):
    """A unit officer on the deadline: the unit's task list, a task, an update with evidence."""

    weight = 8
    wait_time = between(1, 3)

    def on_start(self):
        if SIGN_IN:
            sign_in(self, next(OFFICERS))
        else:
            use_session(self, next(OFFICER_SESSIONS))
        self.tasks_seen = []
        self.open_list()

    @task(3)
    def open_list(self):
        page = self.client.get("/nhiem-vu-cua-don-vi/", name="/nhiem-vu-cua-don-vi/")
        self.tasks_seen = [link for link, _ in TASK_LINK.findall(page.text)] or self.tasks_seen

    @task(3)
    def open_task(self):
        if self.tasks_seen:
            self.client.get(random.choice(self.tasks_seen), name="/nhiem-vu/[id]/tien-do/")

    @task(2)
    def post_progress(self):
        global conflicts
        if not self.tasks_seen:
            return
        link = random.choice(self.tasks_seen)
        page = self.client.get(link, name="/nhiem-vu/[id]/tien-do/").text
        form = OCCURRENCE.search(page)
        if form is None:
            return
        action, occurrence = form.groups()
        data = {
            "csrfmiddlewaretoken": CSRF.search(page).group(1),
            "action": action,
            "occurrence": occurrence,
            "noted_on": date.today().strftime("%d/%m/%Y"),
            "note": "Đã triển khai, gửi kèm văn bản báo cáo.",
        }
        if action == "status":
            select = STATUS.search(page)
            current = SELECTED.search(select.group(1)) if select else None
            status = current.group(1) if current else "not_started"
            data |= {"version": VERSION.search(page).group(1)}
            # "Không thực hiện" needs a reason the page asks for; the officer here resumes the work.
            data["status"] = "in_progress" if status in ("not_started", "not_done") else status
            data["percent"] = str(random.randint(10, 90)) if data["status"] == "in_progress" else ""
        files = {"files": ("bao-cao.pdf", PDF, "application/pdf")}
        with self.client.post(
            link,
            data=data,
            files=files,
            name=f"/nhiem-vu/[id]/tien-do/ [POST {action}]",
            catch_response=True,
            allow_redirects=False,
        ) as response:
            if response.status_code == 409:
                conflicts += 1
                response.success()
            elif response.status_code != 302:
                response.failure(f"cập nhật không lưu ({response.status_code})")


class Editor(HttpUser):
    """A plan editor watching who has reported: the plan's progress dashboard."""

    weight = 2
    wait_time = between(2, 5)

    def on_start(self):
        if SIGN_IN:
            username, self.plans = next(EDITORS)
            sign_in(self, username)
        else:
            session_key, self.plans = next(EDITOR_SESSIONS)
            use_session(self, session_key)

    @task
    def dashboard(self):
        self.client.get(f"/ke-hoach/{random.choice(self.plans)}/tien-do/", name="/ke-hoach/[id]/tien-do/")


@events.quitting.add_listener
def report_conflicts(environment, **kwargs):
    print(f"409 (người khác vừa lưu trước, đúng như thiết kế): {conflicts}")
