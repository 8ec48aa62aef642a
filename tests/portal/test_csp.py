"""Content-Security-Policy: the header on every page, and no inline script or style to need loosening it."""

import io
import re
from collections import Counter, deque
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from plans.models import Plan
from units.models import User

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"
# E-mail bodies are read by mail clients, never served under the policy; they need inline styles.
NOT_PAGES = ("email/",)
# <script type="application/json"> (json_script) holds data the browser never runs.
DATA_BLOCKS = {"application/json"}

EXPECTED = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {name: values for name, *values in (part.split() for part in header.split(";") if part.strip())}


class InlineFinder(HTMLParser):
    """Everything in a page the policy would refuse to run or apply."""

    def __init__(self, nonce=None):
        super().__init__()
        self.nonce, self.problems = nonce, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and not attrs.get("src") and attrs.get("type") not in DATA_BLOCKS:
            self.problems.append(f"<script> without src (line {self.getpos()[0]})")
        if tag == "style" and (self.nonce is None or attrs.get("nonce") != self.nonce):
            self.problems.append(f"<style> without this response's nonce (line {self.getpos()[0]})")
        for name, value in attrs.items():
            if re.fullmatch(r"on[a-z]+", name):
                self.problems.append(f"{name}= handler on <{tag}> (line {self.getpos()[0]})")
            if name == "style":
                self.problems.append(f'style="{value}" on <{tag}> (line {self.getpos()[0]})')
            url_attribute = name in {"href", "src", "action", "formaction"}
            if url_attribute and (value or "").strip().lower().startswith("javascript:"):
                self.problems.append(f"{name}=javascript: on <{tag}> (line {self.getpos()[0]})")


def template_files():
    return sorted(p for p in TEMPLATES.rglob("*.html") if not any(part in str(p) for part in NOT_PAGES))


@pytest.mark.parametrize("path", template_files(), ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_no_template_writes_inline_script_handlers_or_styles(path):
    source = path.read_text(encoding="utf-8")
    problems = []
    for number, line in enumerate(source.splitlines(), 1):
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", line):
            problems.append(f"line {number}: <script> without src")
        if re.search(r"<[a-zA-Z][^>]*\son[a-z]+\s*=", line):
            problems.append(f"line {number}: on…= event handler attribute")
        if re.search(r"<[a-zA-Z][^>]*\sstyle\s*=", line):
            problems.append(f'line {number}: style="" attribute')
        if re.search(r"<style\b(?![^>]*\bnonce=)", line):
            problems.append(f"line {number}: <style> without the request's nonce")
        if re.search(r"""=\s*["']\s*javascript:""", line, re.IGNORECASE):
            problems.append(f"line {number}: javascript: URL")
    assert not problems, f"{path.relative_to(ROOT)}: " + "; ".join(problems)


def test_the_policy_is_strict_and_complete(settings):
    directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    assert "'unsafe-inline'" not in directives["script-src"] and "'unsafe-eval'" not in directives["script-src"]
    assert "'unsafe-inline'" not in directives["style-src"]


@pytest.mark.django_db
def test_every_main_page_carries_the_policy(client):
    """Main pages signed in, plus the login page and the admin, each with the whole policy."""
    call_command("load_demo", stdout=io.StringIO())
    anonymous = Client()
    responses = {"/dang-nhap/": anonymous.get("/dang-nhap/")}
    editor = User.objects.get(username="bn.noivu")
    client.force_login(editor)
    plan = Plan.objects.get(number="83")
    for url in [
        reverse("plans:list"),
        reverse("plans:detail", args=[plan.pk]),
        reverse("tasks:dashboard", args=[plan.pk]),
        reverse("tasks:plan_preview", args=[plan.pk]),
        reverse("awards:list"),
        reverse("units:list"),
        reverse("emulation:groups"),
        reverse("notifications:list"),
    ]:
        responses[url] = client.get(url)
    officer = Client()
    officer.force_login(User.objects.get(username="bn.gddt"))
    responses["/nhiem-vu-cua-don-vi/"] = officer.get(reverse("tasks:unit_tasks"))
    admin = Client()
    admin.force_login(User.objects.get(username="admin"))
    responses["/quan-tri/"] = admin.get(reverse("admin:index"))

    for url, response in responses.items():
        assert response.status_code == 200, url
        directives = policy(response)
        for name, values in EXPECTED.items():
            assert directives.get(name) == values, (url, name, directives.get(name))
        assert "'unsafe-inline'" not in directives["script-src"], url
        assert "'unsafe-inline'" not in directives["style-src"] and directives["style-src"][0] == "'self'", url
    # Only a document preview writes its own <style>, admitted by the nonce of that response.
    preview = policy(responses[reverse("tasks:plan_preview", args=[plan.pk])])
    assert re.fullmatch(r"'nonce-[A-Za-z0-9+/=]+'", preview["style-src"][1])
    assert policy(responses[reverse("plans:list")])["style-src"] == ["'self'"]


SKIP = re.compile(
    r"/dang-xuat/|/pdf/|xuat-excel|/excel/|/tep/|minh-chung/|/tai-lieu/\d+/$|bao-cao-loi|/doc-het/|/quan-tri/logout/"
)
ADMIN_PAGE = re.compile(r"^/quan-tri/(?:[a-z_]+/(?:[a-z_]+/(?:(?:add|import|\d+/change)/)?)?)?$")
SAME_SHAPE = 2  # pages differing only by ids share templates: visit two of each


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("href", "hx-get"):
            if attrs.get(name) and (tag == "a" or name == "hx-get"):
                self.urls.append(attrs[name])


def crawl(client, start, limit=300):
    """Every same-site page reachable by GET from `start` (links and hx-get), scanned; {url: problems}."""
    seen, queue, found, shapes = {start}, deque([start]), {}, Counter()
    while queue and len(seen) <= limit:
        url = queue.popleft()
        response = client.get(url)
        if response.status_code in (301, 302):
            targets = [response["Location"]]
        elif response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            html = response.content.decode()
            nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"])
            finder = InlineFinder(nonce and nonce.group(1))
            finder.feed(html)
            if finder.problems:
                names = [t.name for t in response.templates if t.name][:1] or ["?"]
                found[url] = f"{names[0]}: " + "; ".join(finder.problems)
            links = Links()
            links.feed(html)
            targets = links.urls
        else:
            continue
        for target in targets:
            parts = urlsplit(urljoin(url, target))
            if parts.netloc not in ("", "testserver") or not parts.path.startswith("/"):
                continue
            path = parts.path  # query strings (filters, pages, occurrences) render the same templates
            if SKIP.search(path) or path in seen:
                continue
            # The admin: its index, every app, list, add and import page, and objects of each kind.
            if path.startswith("/quan-tri/") and not ADMIN_PAGE.match(path):
                continue
            shape = re.sub(r"\d+", "N", path)
            if shapes[shape] >= SAME_SHAPE:
                continue
            shapes[shape] += 1
            seen.add(path)
            queue.append(path)
    return seen, found


@pytest.mark.django_db
def test_no_page_of_the_demo_has_inline_script_or_style():
    """Sign in as each demo account and visit every page it can reach: nothing inline anywhere."""
    call_command("load_demo", stdout=io.StringIO())
    problems, visited = {}, set()
    anonymous = Client()
    seen, found = crawl(anonymous, "/dang-nhap/")
    visited |= seen
    problems.update(found)
    for user in User.objects.order_by("username"):
        client = Client()
        client.force_login(user)
        seen, found = crawl(client, "/")
        visited |= seen
        problems.update({f"{user.username} {url}": text for url, text in found.items()})
    assert len(visited) > 100  # plans, appendices, tasks, dossiers, sessions, groups, the admin…
    assert any(url.startswith("/quan-tri/") for url in visited)
    assert not problems, "\n".join(f"{url} ({text})" for url, text in problems.items())
