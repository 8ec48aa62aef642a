"""Ký số of an issued award decision: who sees the button, where the mark is drawn, what is kept,
and what a refusal says (with a CA made at test time)."""

import datetime
import hashlib
import re

import pytest
from django.urls import reverse

from activity.models import ActivityLog
from awards import printing, services
from documents.models import SignedDocument
from documents.services import add_trusted_root, check_signatures
from tests.documents.certificates import NOW, MadeUpAuthority
from tests.documents.pdf_tools import Pdf
from tests.factories import ProvinceFactory, UnitFactory, UserFactory
from units.models import Role

pytestmark = pytest.mark.django_db

ORGANISATION = "Ủy ban nhân dân tỉnh Bắc Ninh"


@pytest.fixture(scope="module")
def authority():
    return MadeUpAuthority.create()


@pytest.fixture
def certificate(settings, tmp_path, authority):
    settings.SIGNING_PKCS12 = str(authority.pkcs12_file(tmp_path, ORGANISATION))
    settings.SIGNING_PASSWORD = "mat-khau"
    return authority


def test_the_staff_sign_the_decision_and_download_the_signed_copy(client, world, decided, certificate):
    _, decision = decided
    client.force_login(world.staff)
    page = client.get(reverse("awards:decision", args=[decision.pk])).content.decode()
    assert f'action="{reverse("awards:decision_sign", args=[decision.pk])}"' in page
    assert "Bản đã ký số" not in page
    response = client.post(reverse("awards:decision_sign", args=[decision.pk]), follow=True)
    page = response.content.decode()
    assert f"Đã ký số Quyết định 12/QĐ-UBND bằng chứng thư số của {ORGANISATION}." in page
    stored = SignedDocument.objects.get()
    assert (stored.key, stored.organisation) == (f"decision-{decision.pk}", ORGANISATION)
    assert stored.file.name.endswith("quyet-dinh-12-qd-ubnd-2025-ky-so.pdf")
    assert "Bản đã ký số" in page and f"Ký bởi {ORGANISATION}" in page
    download = client.get(reverse("awards:decision_signed", args=[decision.pk, stored.pk]))
    content = b"".join(download.streaming_content)
    assert download["Content-Type"] == "application/pdf"
    assert f'filename="quyet-dinh-12-qd-ubnd-2025-ky-so-{stored.pk}.pdf"' in download["Content-Disposition"]
    digest = hashlib.sha256(content).hexdigest()
    assert (stored.sha256, stored.size) == (digest, len(content))
    log = ActivityLog.objects.get(action="decision.signed")
    assert (log.actor, log.context_id) == (world.staff, decision.pk)
    assert log.after == {"organisation": ORGANISATION, "sha256": digest}
    add_trusted_root(name="", data=certificate.pem)
    [check] = check_signatures(content)
    assert check.sound and check.organisation == ORGANISATION


def test_the_mark_is_drawn_at_the_decisions_signer_block(decided, certificate):
    """Between the signer's title and name, on the page the signer block fell on, before the list."""
    _, decision = decided
    drawn = printing.render_decision(decision)
    anchor = drawn.anchors["chu-ky-so"]
    signed = services.sign_decision(decision, drawn)
    assert signed.content.startswith(drawn.content)
    page = anchor.page + 1
    words = Pdf(signed.content).words(page)
    name_line = next(w for w in words if w.text.startswith("Ký bởi:"))
    time_line = next(w for w in words if w.text.startswith("Thời gian ký:"))
    assert name_line.text == f"Ký bởi: {ORGANISATION}"
    assert re.fullmatch(r"Thời gian ký: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00", time_line.text)
    position = next(w for w in words if w.text == "PHÓ")
    name = next(w for w in words if w.text == "Vương")
    assert position.y_max < name_line.y_min < time_line.y_min < name.y_min
    assert position.x_min < name_line.x_max and name_line.x_min < position.x_max  # the same column
    other_pages = [n for n in range(1, drawn.page_count + 1) if n != page]
    assert other_pages and not any("Ký bởi" in Pdf(signed.content).text(n, n) for n in other_pages)


def test_a_reader_sees_the_signed_copies_but_no_button_and_cannot_sign(client, world, decided, certificate):
    _, decision = decided
    services.sign_decision(decision, printing.render_decision(decision), actor=world.staff)
    stored = SignedDocument.objects.get()
    for reader in (world.officer, world.chair):
        client.force_login(reader)
        page = client.get(reverse("awards:decision", args=[decision.pk])).content.decode()
        assert f'action="{reverse("awards:decision_sign", args=[decision.pk])}"' not in page
        assert reverse("awards:decision_signed", args=[decision.pk, stored.pk]) in page
        assert client.post(reverse("awards:decision_sign", args=[decision.pk])).status_code == 403
        assert client.get(reverse("awards:decision_signed", args=[decision.pk, stored.pk])).status_code == 200
    assert SignedDocument.objects.count() == 1


def test_the_staff_of_another_administration_cannot_sign(client, world, decided, certificate):
    _, decision = decided
    elsewhere = UnitFactory(name="Sở Nội vụ", parent=ProvinceFactory(name="Ủy ban nhân dân tỉnh Thử"))
    client.force_login(UserFactory(role=Role.PLAN_EDITOR, unit=elsewhere))
    assert client.post(reverse("awards:decision_sign", args=[decision.pk])).status_code == 403
    assert not SignedDocument.objects.exists()


def test_a_signed_copy_of_another_document_is_not_served_as_this_decisions(client, world, decided, certificate):
    _, decision = decided
    services.sign_decision(decision, printing.render_decision(decision))
    SignedDocument.objects.update(key="plan-1")
    client.force_login(world.staff)
    signed = SignedDocument.objects.get()
    assert client.get(reverse("awards:decision_signed", args=[decision.pk, signed.pk])).status_code == 404


def _expired(authority, folder):
    return authority.pkcs12_file(
        folder,
        ORGANISATION,
        valid_from=NOW - datetime.timedelta(days=400),
        valid_until=datetime.datetime(2025, 12, 31, 12, tzinfo=datetime.UTC),
    )


@pytest.mark.parametrize(
    ("make", "password", "message"),
    [
        (
            lambda ca, folder: ca.pkcs12_file(folder, ORGANISATION),
            "sai-mat-khau",
            "Mật khẩu của tệp chứng thư số co-quan.p12 không đúng (hoặc tệp không phải PKCS#12).",
        ),
        (_expired, "mat-khau", "Chứng thư số trong co-quan.p12 đã hết hạn ngày 31/12/2025."),
        (
            lambda ca, folder: ca.certificate_only_file(folder, ORGANISATION),
            "mat-khau",
            "Tệp chi-chung-thu.p12 không có khoá bí mật đi kèm chứng thư số: không ký được.",
        ),
        (
            lambda ca, folder: "",
            "",
            "Chưa cấu hình chứng thư số của cơ quan: đặt SIGNING_PKCS12 (đường dẫn tệp .p12) "
            "và SIGNING_PASSWORD trong môi trường.",
        ),
    ],
    ids=["wrong-password", "expired", "no-key", "not-configured"],
)
def test_an_unusable_certificate_is_named_and_nothing_is_kept(
    client, world, decided, authority, settings, tmp_path, make, password, message
):
    _, decision = decided
    settings.SIGNING_PKCS12 = str(make(authority, tmp_path))
    settings.SIGNING_PASSWORD = password
    client.force_login(world.staff)
    response = client.post(reverse("awards:decision_sign", args=[decision.pk]), follow=True)
    assert message in response.content.decode()
    assert not SignedDocument.objects.exists()
    assert not ActivityLog.objects.filter(action="decision.signed").exists()
    assert not (settings.MEDIA_ROOT / "van-ban-ky-so").exists()
