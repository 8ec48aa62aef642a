"""Two web nodes, one database, one file store: what one node was sent, the other finishes.

Each node is a real gunicorn process on its own loopback port with its own /tmp (TMPDIR), as two
machines would have; they share only the suite's PostgreSQL test database, Redis and the storage
folder. A person signs in on one, uploads a workbook there, and confirms the import on the other.
"""

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from django.conf import settings
from django.db import connection

from plans.models import AppendixImport
from tasks.models import Task
from tdkt_portal.celery import app
from tests.factories import PlanFactory, UserFactory
from tests.tasks.test_reminders_worker import database_url_of_test_db
from tests.tasks.workbooks.builders import demo_registry, province
from tests.tasks.workbooks.test_views import page_form
from units.models import Role, Unit

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the nodes share the PostgreSQL test database"),
]

BASE_DIR = Path(settings.BASE_DIR)
SEED = BASE_DIR / "fixtures" / "seeds" / "hung-yen-2025.xlsx"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_node(name: str, media: Path, tmp_path: Path) -> tuple[subprocess.Popen, str, Path]:
    """A gunicorn process serving the portal on 127.0.0.1, with its own /tmp."""
    port = free_port()
    own_tmp = tmp_path / f"{name}-tmp"
    own_tmp.mkdir()
    log = tmp_path / f"{name}.log"
    env = {
        **{key: value for key, value in os.environ.items() if not key.startswith("S3_")},
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": database_url_of_test_db(),
        "REDIS_URL": settings.REDIS_URL,
        "MEDIA_ROOT": str(media),
        "TMPDIR": str(own_tmp),
    }
    command = [sys.executable, "-m", "gunicorn", "tdkt_portal.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1"]
    process = subprocess.Popen(command, cwd=BASE_DIR, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT)
    return process, f"http://127.0.0.1:{port}", log


def wait_until_serving(process: subprocess.Popen, url: str, log: Path) -> None:
    deadline = time.monotonic() + 120
    while True:
        try:
            requests.get(f"{url}/dang-nhap/", timeout=30)
            return
        except requests.RequestException:
            if process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"{url} did not start:\n{log.read_text()}") from None
            time.sleep(0.2)


@pytest.fixture
def nodes(transactional_db, tmp_path):
    """Two fresh nodes per test: a transactional test's flush makes the content types anew, with
    new ids, and a node kept from an earlier test would still hold the old ones in its cache."""
    media = tmp_path / "shared-media"
    media.mkdir()
    started = [start_node(name, media, tmp_path) for name in ("a", "b")]
    try:
        for process, url, log in started:
            wait_until_serving(process, url, log)
        yield started[0][1], started[1][1], media
    finally:
        for process, _, _ in started:
            process.terminate()
            process.wait(timeout=30)
        app.control.purge()  # notices the nodes queued for a worker this test does not run


def csrf(session: requests.Session) -> str:
    return session.cookies["csrftoken"]


def sign_in(session: requests.Session, node: str, username: str) -> None:
    session.get(f"{node}/dang-nhap/")
    response = session.post(
        f"{node}/dang-nhap/",
        {"username": username, "password": "mat-khau-thu", "csrfmiddlewaretoken": csrf(session)},
        allow_redirects=False,
    )
    assert response.status_code == 302, response.text[:500]


def test_a_workbook_uploaded_through_one_node_is_confirmed_through_the_other(nodes):
    first, second, media = nodes
    demo_registry()
    plan = PlanFactory(issuing_unit=province(), status="draft")
    editor = UserFactory(role=Role.PLAN_EDITOR, unit=Unit.objects.get(name="Sở Nội vụ", tree_root=plan.issuing_unit))
    person = requests.Session()
    sign_in(person, first, editor.username)

    upload = person.post(
        f"{first}/ke-hoach/{plan.pk}/nhap-excel/",
        data={"csrfmiddlewaretoken": csrf(person)},
        files={"file": (SEED.name, SEED.read_bytes(), XLSX)},
        allow_redirects=False,
    )
    staged = AppendixImport.objects.get()
    assert (upload.status_code, upload.headers["Location"]) == (302, staged.get_absolute_url())
    assert [path.name for path in media.rglob("*.xlsx")] == [Path(staged.file.name).name]

    # The other node reads the staged file from the shared store, with the session the first made.
    page = person.get(f"{second}{staged.get_absolute_url()}")
    assert page.status_code == 200
    assert "27 nhiệm vụ, 0 nhóm." in page.text
    form = page_form(page.text) | {"action": "confirm", "csrfmiddlewaretoken": csrf(person)}
    confirm = person.post(f"{second}{staged.get_absolute_url()}", data=form, allow_redirects=False)
    appendix = plan.appendices.get()
    assert (confirm.status_code, confirm.headers["Location"]) == (
        302,
        f"{plan.get_absolute_url()}#appendix-{appendix.pk}",
    )
    assert Task.objects.filter(appendix=appendix).count() == 27
    assert list(media.rglob("*.xlsx")) == []  # the staged file went once the import committed

    # A second click, on the first node, finds the import done there too and imports nothing more.
    again = person.post(f"{first}{staged.get_absolute_url()}", data=form, allow_redirects=False)
    assert again.status_code == 302 and Task.objects.count() == 27


def test_the_admins_import_previewed_on_one_node_is_confirmed_on_the_other(nodes):
    """django-import-export keeps the upload between preview and confirm: in the shared store, not
    in the first node's /tmp, which the second cannot see."""
    first, second, media = nodes
    demo_registry()
    plan = PlanFactory(issuing_unit=province("Bắc Ninh"), status="draft")
    admin = UserFactory(role=Role.ADMIN, is_staff=True, is_superuser=True)
    person = requests.Session()
    sign_in(person, first, admin.username)
    person.get(f"{first}/quan-tri/plans/appendix/import/")
    seed = BASE_DIR / "fixtures" / "seeds" / "bac-ninh-2025.xlsx"
    preview = person.post(
        f"{first}/quan-tri/plans/appendix/import/",
        data={"format": "0", "resource": "0", "plan": plan.pk, "sheet": "", "csrfmiddlewaretoken": csrf(person)},
        files={"import_file": (seed.name, seed.read_bytes(), XLSX)},
    )
    assert preview.text.count('<tr class="new">') == 29
    kept = list((media / "django-import-export").iterdir())
    assert len(kept) == 1
    confirm = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', preview.text))
    assert confirm["import_file_name"] == kept[0].name
    done = person.post(f"{second}/quan-tri/plans/appendix/process_import/", data=confirm, allow_redirects=False)
    assert done.status_code == 302
    assert Task.objects.filter(appendix__plan=plan).count() == 29
    assert list((media / "django-import-export").iterdir()) == []
