"""The authorisation probe: every URL pattern of the portal, every role, GET and POST, against the
objects of another unit and another province.

The probe walks the project's URLconf (everything outside the Django admin), so a new URL is probed
as soon as it exists, or fails `test_every_url_pattern_is_in_the_probes_table` until `table.PATTERNS` says how
to fill it. For each pattern it takes every target `table.py` builds from `world.py` (A's and B's
objects) and sends, as each of A's people, anonymous and the admin: a GET, an empty POST and the
filled POSTs. Each request runs in a savepoint that is rolled back, so every request meets the
same world, and is judged:

- no response is a 5xx;
- a GET that the oracle forbids answers 403, 404, 405 or a redirect to the login page; a POST from
  someone who may not even see the object too;
- no response shows the marker of an object the actor may not read (titles, names, notes, files);
- a request the oracle forbids changes nothing: the same rows in every application table (an md5
  of each table's rows, compared when PostgreSQL's per-transaction counters saw a write), no new
  file under MEDIA_ROOT, no e-mail.

The world is built once for the module; the requests run in one fixture and the tests below read
its findings, each listing every failure (role, method, URL, status) in one message. Findings that
are real but fixed elsewhere are listed in KNOWN and reported as xfail.

While adding an entry, `PROBE_ONLY=<regex of pattern names>` probes only those patterns.
"""

import logging
import os
import re
import time
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.cookies import SimpleCookie

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection, transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.documents.certificates import MadeUpAuthority

from .table import PATTERNS, Probe, Target, allowed, rule_for
from .world import build_world

# The tests only read the module fixture's findings; the mark makes pytest-django set up the
# test database for it.
pytestmark = pytest.mark.django_db

ADMIN_PREFIX = "quan-tri/"
LOGIN_URL = "/dang-nhap/"

# Tables that change because someone signs in (or fails to: django-axes counts wrong passwords),
# not because of what they did.
BOOKKEEPING_TABLES = {"django_session", "axes_accessattempt", "axes_accessfailurelog", "axes_accesslog"}
# Columns that change the same way.
BOOKKEEPING_COLUMNS = ("last_login",)


# Findings that are real and known, kept out of the other tests and reported as xfail below
# with why they are not fixed here. Each names the check, pattern, actor, method, the POST body
# (None: any) and a pattern the finding's detail must match in full: a new hole on the same page
# still fails.
@dataclass(frozen=True)
class Known:
    check: str
    pattern: str
    actor: str
    method: str
    body: str | None
    detail: str  # regular expression, matched against the whole detail
    reason: str

    def matches(self, finding) -> bool:
        return (
            (finding.check, finding.pattern, finding.actor, finding.method)
            == (self.check, self.pattern, self.actor, self.method)
            and self.body in (None, finding.body)
            and re.fullmatch(self.detail, finding.detail) is not None
        )

    def __str__(self):
        return f"{self.check}-{self.pattern}-{self.actor}-{self.method}-{self.body or 'any'}"


# None today. On main at 908ee30 the probe found that the plan form offered other provinces' draft
# plans as "based_on" (titles shown, and accepted); 4693017 ("A plan is based only on a plan its
# editor may read") fixed that, and the "based on B's draft" bodies keep checking it. It was
# recorded like this:
#   Known("leak", "plans:edit", "editor", "GET", None, r"B\.plan\.draft title \(zqB\d+\)",
#         "PlanForm offers every plan of every administration as based_on")
KNOWN: list[Known] = []


def known(finding) -> Known | None:
    return next((k for k in KNOWN if k.matches(finding)), None)


# Walking the URLconf ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    name: str | None
    route: str
    kwargs: frozenset


def url_routes(patterns=None, prefix="", namespace=None, kwargs=frozenset()):
    """Every URL pattern outside the admin, with its namespaced name and its kwargs."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if route.startswith(ADMIN_PREFIX):
            continue
        converters = frozenset(getattr(entry.pattern, "converters", {}))
        if isinstance(entry, URLResolver):
            inner = entry.namespace
            name_space = f"{namespace}:{inner}" if namespace and inner else (inner or namespace)
            yield from url_routes(entry.url_patterns, route, name_space, kwargs | converters)
        elif isinstance(entry, URLPattern):
            name = entry.name and (f"{namespace}:{entry.name}" if namespace else entry.name)
            yield Route(name, route, kwargs | converters)


# Oracle helpers --------------------------------------------------------------------------------


def is_login_redirect(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(LOGIN_URL)


def denied(response) -> bool:
    # 401: the REST API's answer to a caller with no session and no key.
    return response.status_code in (401, 403, 404, 405) or is_login_redirect(response)


def text_of(response) -> str:
    if getattr(response, "streaming", False):
        return ""
    kind = response.get("Content-Type", "")
    if not kind.startswith(("text/", "application/json")):
        return ""
    return response.content.decode(errors="replace")


# What a request changed ------------------------------------------------------------------------


def application_tables() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
        return [name for (name,) in cursor.fetchall() if name not in BOOKKEEPING_TABLES]


class Fingerprint:
    """Per table: an md5 of its rows (bookkeeping columns left out), and PostgreSQL's counters of
    rows written in this transaction, which tell cheaply whether the md5s need reading again."""

    def __init__(self):
        self.tables = application_tables()
        drop = " ".join(f"- '{column}'" for column in BOOKKEEPING_COLUMNS)
        self.md5_sql = {
            table: f"SELECT '{table}', md5(coalesce(string_agg((to_jsonb(t) {drop})::text, ',' "
            f"ORDER BY (to_jsonb(t) {drop})::text), '')) FROM \"{table}\" t"
            for table in self.tables
        }
        names = ", ".join(f"'public.\"{table}\"'::regclass::oid" for table in self.tables)
        # What pg_stat_xact_user_tables shows, without its joins: asked thousands of times.
        self.counter_sql = (
            "SELECT array_agg(pg_stat_get_xact_tuples_inserted(t) + pg_stat_get_xact_tuples_updated(t) "
            f"+ pg_stat_get_xact_tuples_deleted(t) ORDER BY n) FROM unnest(ARRAY[{names}]) WITH ORDINALITY AS u(t, n)"
        )
        self.baseline = self.md5s()

    def md5s(self, tables=None) -> dict:
        tables = self.tables if tables is None else tables
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(self.md5_sql[table] for table in tables))
            return dict(cursor.fetchall())

    def writes(self) -> list[int]:
        """Rows written so far in this transaction, per table."""
        with connection.cursor() as cursor:
            cursor.execute(self.counter_sql)
            return cursor.fetchone()[0]

    def changed_tables(self, before: list[int], after: list[int]) -> list[str]:
        """Of the tables written to since `before`, those whose rows now differ from the world's."""
        written = [table for table, old, new in zip(self.tables, before, after, strict=True) if old != new]
        now = self.md5s(written)
        return sorted(table for table, digest in now.items() if self.baseline[table] != digest)


def media_files() -> set:
    root = str(settings.MEDIA_ROOT)
    return {os.path.join(folder, name) for folder, _, names in os.walk(root) for name in names}


# The probe -------------------------------------------------------------------------------------


@dataclass
class Finding:
    check: str  # server_error | forbidden_read | leak | forbidden_write
    pattern: str
    actor: str
    method: str
    body: str  # "" for a GET, "empty" or the filled body's label for a POST
    url: str
    status: int
    detail: str = ""

    def __str__(self):
        body = f" ({self.body})" if self.body else ""
        extra = f" — {self.detail}" if self.detail else ""
        return f"{self.actor} {self.method}{body} {self.url} → {self.status}{extra}  [{self.pattern}]"


@dataclass
class Results:
    routes: list = field(default_factory=list)
    unknown: list = field(default_factory=list)  # routes with no entry in PATTERNS
    mismatched: list = field(default_factory=list)  # entries whose targets do not fit the route
    urls: set = field(default_factory=set)
    requests: int = 0
    seconds: float = 0.0
    findings: list = field(default_factory=list)
    reached: set = field(default_factory=set)  # patterns some actor got a real answer from
    wrote: set = field(default_factory=set)  # write patterns some allowed filled/empty POST changed
    writable: set = field(default_factory=set)  # patterns with a write rule
    seen_markers: set = field(default_factory=set)  # markers some response showed
    markers: list = field(default_factory=list)
    actors: list = field(default_factory=list)
    timing: dict = field(default_factory=lambda: defaultdict(float))  # seconds per pattern

    def failures(self, check):
        return [f for f in self.findings if f.check == check and known(f) is None]


@dataclass
class Sent:
    """One answer and what the request left behind."""

    response: object
    changed: list  # tables whose rows differ from the world's
    new_files: list  # files that appeared under MEDIA_ROOT
    new_mail: list


class Prober:
    def __init__(self, world, results: Results):
        self.world, self.results = world, results
        self.fingerprint = Fingerprint()
        # Whole tokens only: a CSRF token or a stored file's random suffix may hold "zqB075" by chance.
        tokens = "|".join(re.escape(m.token) for m in world.markers)
        self.marker_re = re.compile(f"(?<![A-Za-z0-9])(?:{tokens})(?![A-Za-z0-9])")
        self.markers = {m.token: m for m in world.markers}
        self.clients = {}
        for actor in world.actors:
            client = Client(raise_request_exception=False)
            if actor.user is not None:
                client.force_login(actor.user)
            self.clients[actor.key] = (client, SimpleCookie(client.cookies.output(header="", sep="\n")))
        # Signing in wrote last_login only, left out of the fingerprint.
        self.fingerprint.baseline = self.fingerprint.md5s()
        self.writes, self.files = self.fingerprint.writes(), media_files()
        mail.outbox.clear()

    def send(self, actor, method, url, data, post=None, target=None):
        client, cookies = self.clients[actor.key]
        changed = []
        with transaction.atomic():
            if method == "GET":
                response = client.get(url)
            elif post is not None and post.json:
                headers = post.headers(self.world, target) if post.headers else {}
                response = client.post(url, data, content_type="application/json", headers=headers)
            else:
                response = client.post(url, data)
            # The counters only grow (a rolled back savepoint keeps its count), so the last
            # request's reading is this one's starting point.
            if response.status_code < 500:
                writes = self.fingerprint.writes()
                if writes != self.writes:
                    changed = self.fingerprint.changed_tables(self.writes, writes)
                self.writes = writes
            transaction.set_rollback(True)
        if response.status_code >= 500:
            self.writes = self.fingerprint.writes()
        client.cookies = SimpleCookie(cookies.output(header="", sep="\n"))  # signed in as before, no messages
        files = media_files()
        new_files, self.files = sorted(files - self.files), files
        new_mail = list(mail.outbox)
        mail.outbox.clear()
        self.results.requests += 1
        return Sent(response, changed, new_files, new_mail)

    def leaks(self, actor, response) -> list[str]:
        text = text_of(response)
        if not text:
            return []
        found = set(self.marker_re.findall(text))
        self.results.seen_markers |= found
        markers = [self.markers[token] for token in found]
        return sorted(str(m) for m in markers if not allowed(m.rule, actor, m.thing))

    def probe(self, name: str, probe: Probe, target: Target, url: str):
        read_rule = rule_for(probe, target, "read")
        default_write = rule_for(probe, target, "write") or "nobody"
        requests = [("GET", "", None, None), ("POST", "empty", None, default_write)]
        requests += [("POST", post.label, post, post.write or default_write) for post in probe.posts]
        for actor in self.world.actors:
            may_read = allowed(read_rule, actor, target.thing)
            for method, body, post, write_rule in requests:
                # Built for each request: an upload is read once.
                data = post.data(self.world, target) if post else {}
                sent = self.send(actor, method, url, data, post, target)
                if method == "GET":
                    may_write = may_read and probe.get_writes
                else:
                    may_write = allowed(write_rule, actor, target.thing)
                for check, detail in self.judge(actor, method, sent, may_read, may_write, name):
                    self.results.findings.append(
                        Finding(check, name, actor.key, method, body, url, sent.response.status_code, detail)
                    )

    def judge(self, actor, method, sent, may_read, may_write, name):
        """(check, detail) of each thing wrong with one answer."""
        response = sent.response
        status = response.status_code
        if status >= 500:
            error = getattr(response, "exc_info", None)
            yield "server_error", repr(error[1]) if error else ""
            return
        if status < 400 and not (actor.kind == "anonymous" and is_login_redirect(response)):
            self.results.reached.add(name)
        if not may_read and not may_write and not denied(response):
            yield "forbidden_read", "" if method == "GET" else "a POST reached a view it may not"
        if method == "POST" and may_write and (sent.changed or sent.new_files):
            self.results.wrote.add(name)
        if not may_write and (sent.changed or sent.new_files or sent.new_mail):
            what = [f"tables {', '.join(sent.changed)}"] if sent.changed else []
            what += [f"files {', '.join(os.path.basename(f) for f in sent.new_files)}"] if sent.new_files else []
            what += [f"{len(sent.new_mail)} e-mail"] if sent.new_mail else []
            yield "forbidden_write", "; ".join(what)
        leaked = self.leaks(actor, response)
        if leaked:
            yield "leak", ", ".join(leaked)


def run_probe(world) -> Results:
    results = Results(markers=world.markers, actors=world.actors)
    prober = Prober(world, results)
    started = time.monotonic()
    only = re.compile(os.environ.get("PROBE_ONLY", ""))
    for route in url_routes():
        if not only.search(route.name or ""):
            continue
        results.routes.append(route)
        probe = PATTERNS.get(route.name)
        if probe is None:
            results.unknown.append(route)
            continue
        if probe.write:
            results.writable.add(route.name)
        for target in probe.targets(world):
            if set(target.kwargs) != set(route.kwargs):
                results.mismatched.append((route, target))
                continue
            url = reverse(route.name, kwargs=target.kwargs)
            results.urls.add(url)
            begun = time.monotonic()
            prober.probe(route.name, probe, target, url)
            results.timing[route.name] += time.monotonic() - begun
    results.seconds = time.monotonic() - started
    return results


_PDF_CACHE = {}


@pytest.fixture(scope="module")
def results(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("probe-media")
    certificate = MadeUpAuthority.create().pkcs12_file(tmp_path_factory.mktemp("probe-ca"), "Ủy ban nhân dân tỉnh Thử")
    fast = override_settings(
        MEDIA_ROOT=media,
        SIGNING_PKCS12=str(certificate),
        SIGNING_PASSWORD="mat-khau",
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        # Sessions in the cookie: a query less in each of thousands of requests. Who is signed in
        # is looked up the same way.
        SESSION_ENGINE="django.contrib.sessions.backends.signed_cookies",
    )
    with django_db_blocker.unblock(), fast, same_pdf_once(), quiet_request_log():
        with transaction.atomic():
            world = build_world()
            found = run_probe(world)
            transaction.set_rollback(True)
    return found


@contextmanager
def quiet_request_log():
    """Thousands of refusals would each print a traceback; 5xx are collected from the responses."""
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


class same_pdf_once:
    """WeasyPrint draws each distinct document once; the same HTML asked again by another role
    gets the same bytes. The probe asks for the same few documents a few hundred times."""

    def __enter__(self):
        from documents import rendering
        from tasks import printing

        self.modules = (rendering, printing)
        self.original = rendering.html_to_pdf

        def cached(html, *, on_page=None):
            if html not in _PDF_CACHE:
                _PDF_CACHE[html] = self.original(html, on_page=on_page)
            return _PDF_CACHE[html]

        for module in self.modules:
            module.html_to_pdf = cached

    def __exit__(self, *exc):
        for module in self.modules:
            module.html_to_pdf = self.original
        _PDF_CACHE.clear()


# The tests ---------------------------------------------------------------------------------------


def listing(findings, limit=400) -> str:
    lines = [str(f) for f in findings[:limit]]
    if len(findings) > limit:
        lines.append(f"… and {len(findings) - limit} more")
    return "\n".join(lines)


def whole_probe_only():
    if os.environ.get("PROBE_ONLY"):
        pytest.skip("PROBE_ONLY limits the probe to some patterns")


def test_every_url_pattern_is_in_the_probes_table():
    routes = list(url_routes())
    unknown = [
        f"{r.name or '(no name)'}  /{r.route}  kwargs {sorted(r.kwargs)}" for r in routes if r.name not in PATTERNS
    ]
    assert not unknown, (
        "These URL patterns are not in the authorisation probe's table. Add an entry for each to "
        "tests/probe/table.py PATTERNS (how to build its kwargs from the world, who may read it, "
        "who may write through it, and a filled POST body):\n" + "\n".join(unknown)
    )
    stale = sorted(set(PATTERNS) - {r.name for r in routes})
    assert not stale, f"PATTERNS has entries for URL patterns that no longer exist: {stale}"


def test_the_table_fills_every_patterns_kwargs(results):
    mismatched = [
        f"{r.name}: route kwargs {sorted(r.kwargs)}, table gives {sorted(t.kwargs)}" for r, t in results.mismatched
    ]
    assert not mismatched, "The probe's table builds the wrong kwargs for:\n" + "\n".join(mismatched)
    assert not results.unknown


def test_no_response_is_a_server_error(results):
    failures = results.failures("server_error")
    assert not failures, f"{len(failures)} responses were 5xx:\n{listing(failures)}"


def test_no_forbidden_read(results):
    failures = results.failures("forbidden_read")
    assert not failures, (
        f"{len(failures)} requests the oracle forbids were answered (expected 403, 404, 405 or a redirect "
        f"to {LOGIN_URL}):\n{listing(failures)}"
    )


def test_no_page_shows_what_its_reader_may_not_see(results):
    failures = results.failures("leak")
    assert not failures, f"{len(failures)} responses show objects their reader may not see:\n{listing(failures)}"


def test_no_forbidden_write(results):
    failures = results.failures("forbidden_write")
    assert not failures, f"{len(failures)} forbidden requests changed something:\n{listing(failures)}"


def test_the_probe_reaches_every_view_and_its_posts_can_write(results):
    """A probe that only ever met 403s would prove nothing: every pattern answered someone, and
    every pattern that writes was made to write by someone allowed to, with the probe's bodies."""
    probed = {r.name for r in results.routes if r.name in PATTERNS}
    unreached = sorted(probed - results.reached)
    assert not unreached, f"No actor got a real answer from: {unreached}"
    silent = sorted(results.writable - results.wrote)
    assert not silent, f"No allowed POST changed anything through: {silent}"


def test_every_marker_is_shown_to_someone_allowed(results):
    """A marker no page shows would never be caught leaking: each one some actor may read is on
    some page."""
    whole_probe_only()
    unseen = [
        f"{m.token} ({m.thing.key}, {m.rule})"
        for m in results.markers
        if m.token not in results.seen_markers and any(allowed(m.rule, a, m.thing) for a in results.actors)
    ]
    assert not unseen, f"No page showed these markers, so their leaks would go unnoticed: {unseen}"


def test_size_of_the_probe(results):
    whole_probe_only()
    print(
        f"\nauthorisation probe: {len(results.routes)} URL patterns, {len(results.urls)} concrete URLs, "
        f"{results.requests} requests in {results.seconds:.0f} s"
    )
    slowest = sorted(results.timing.items(), key=lambda item: -item[1])[:15]
    print("slowest: " + ", ".join(f"{name} {seconds:.1f} s" for name, seconds in slowest))
    assert len(results.routes) >= 98 and results.requests > 5000


@pytest.mark.parametrize("entry", KNOWN, ids=str)
def test_known_findings(results, entry):
    whole_probe_only()
    matching = [f for f in results.findings if entry.matches(f)]
    if not matching:
        pytest.fail(f"No longer found; remove it from KNOWN: {entry}: {entry.reason}")
    pytest.xfail(f"{entry.reason}:\n{listing(matching, 5)}")
