"""Beside a task's progress evidence, what the file's digital signature says, as beside emulation
evidence and dossier papers; an unsigned file costs the page no query."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from documents.services import add_trusted_root
from documents.signing import VIETNAM, Pkcs12Signer, sign_pdf
from tasks.progress import Report, add_contribution, update_status
from tests.documents.certificates import MadeUpAuthority
from tests.documents.test_signing import document

from . import test_progress_views

pytestmark = pytest.mark.django_db

ORGANISATION = "Sở Nội vụ tỉnh Bắc Ninh"

# The progress pages' plan, units and officers.
world = test_progress_views.world


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(scope="module")
def authority():
    return MadeUpAuthority.create()


@pytest.fixture
def signed(authority, tmp_path):
    signer = Pkcs12Signer(authority.pkcs12_file(tmp_path, ORGANISATION), "mat-khau")
    return sign_pdf(document(), signer, reason="Báo cáo kết quả", location="Bắc Ninh").content


def report(world, *files, occurrence=None):
    task = world["tasks"][1]
    update_status(
        actor=world["lead"],
        occurrence=occurrence or task.occurrences.order_by("due_on").first(),
        status="in_progress",
        percent=50,
        report=Report(datetime.date(2025, 3, 1), files=[SimpleUploadedFile(name, content) for name, content in files]),
    )


def progress_page(client, world):
    client.force_login(world["lead"])
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("tasks:progress", args=[world["tasks"][1].pk]))
    assert response.status_code == 200
    return response.content.decode(), len(captured)


def test_signed_evidence_says_who_signed_it_when_and_whether_it_is_trusted(client, world, authority, signed):
    report(world, ("bao-cao-ky-so.pdf", signed))
    page, _ = progress_page(client, world)
    assert page.count("signature-note") == 1
    assert f"Đã ký số bởi {ORGANISATION} lúc " in page
    assert "chứng thư số chưa được tin cậy" in page and "signature-untrusted" in page
    add_trusted_root(name="", data=authority.pem)
    page, _ = progress_page(client, world)
    when = datetime.datetime.now(VIETNAM)
    assert f"Đã ký số bởi {ORGANISATION} lúc " in page and "signature-ok" in page
    assert f"ngày {when:%d/%m/%Y}." in page and "chưa được tin cậy" not in page


def test_evidence_changed_after_signing_says_so_and_unsigned_evidence_says_nothing(client, world, signed):
    changed = bytearray(signed)
    # A page made a point wider inside the signed bytes: the signature no longer matches.
    position = changed.index(b"/MediaBox [ 0 0 595")
    changed[position + 16 : position + 19] = b"596"
    report(world, ("da-sua.pdf", bytes(changed)), ("chua-ky.pdf", document().content))
    task = world["tasks"][0]
    add_contribution(
        actor=world["partner"],
        occurrence=task.occurrences.get(),
        report=Report(datetime.date(2025, 3, 2), files=[SimpleUploadedFile("phoi-hop.pdf", signed)]),
    )
    page, _ = progress_page(client, world)
    assert page.count("signature-note") == 1 and "signature-bad" in page
    assert f"Chữ ký số của {ORGANISATION} không còn khớp nội dung" in page
    client.force_login(world["partner"])
    page = client.get(reverse("tasks:progress", args=[task.pk])).content.decode()
    assert page.count("signature-note") == 1 and f"Đã ký số bởi {ORGANISATION} lúc " in page


def test_unsigned_evidence_costs_no_query_and_signed_evidence_one_each(client, world, signed):
    first, *others = world["tasks"][1].occurrences.order_by("due_on")
    report(world, ("a.pdf", document().content), occurrence=first)
    _, one_unsigned = progress_page(client, world)
    for occurrence in others[:5]:
        report(world, ("b.pdf", document().content), ("c.pdf", document(3).content), occurrence=occurrence)
    page, many_unsigned = progress_page(client, world)
    assert page.count("data-update=") == 6 and "signature-note" not in page
    assert many_unsigned == one_unsigned
    # A signed file asks which roots are trusted (its check is then remembered for that set).
    report(world, ("ky-so-1.pdf", signed), ("ky-so-2.pdf", signed), occurrence=others[5])
    page, with_signed = progress_page(client, world)
    assert page.count("signature-note") == 2
    assert with_signed == many_unsigned + 2
