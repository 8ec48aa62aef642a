import hashlib
import io

import pytest
from django.core.management import CommandError, call_command

from activity.models import ActivityLog
from documents.models import SignedDocument
from documents.services import add_trusted_root, check_signatures
from plans.models import PlanStatus
from tests.documents.certificates import MadeUpAuthority
from tests.factories import PlanFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def certificate(settings, tmp_path):
    authority = MadeUpAuthority.create()
    settings.SIGNING_PKCS12 = str(authority.pkcs12_file(tmp_path, "Ủy ban nhân dân tỉnh Thử"))
    settings.SIGNING_PASSWORD = "mat-khau"
    return authority


def render(*args) -> str:
    out = io.StringIO()
    call_command("render_plan", *args, stdout=out)
    return out.getvalue()


def test_an_issued_plan_is_signed_kept_with_its_hash_and_logged(tmp_path, certificate):
    plan = PlanFactory(number="196", status=PlanStatus.ISSUED)
    target = tmp_path / "ky-so.pdf"
    message = render(str(plan.pk), "-o", str(target), "--sign")
    content = target.read_bytes()
    digest = hashlib.sha256(content).hexdigest()
    assert message.endswith(f"ký số bởi Ủy ban nhân dân tỉnh Thử, SHA-256 {digest}.\n")
    stored = SignedDocument.objects.get()
    assert (stored.key, stored.sha256, stored.size) == (f"plan-{plan.pk}", digest, len(content))
    assert stored.file.read() == content
    assert stored.file.name.endswith("ke-hoach-196-kh-ubnd-2025-ky-so.pdf")
    log = ActivityLog.objects.get(action="plan.signed")
    assert log.context_id == plan.pk and log.after == {"organisation": "Ủy ban nhân dân tỉnh Thử", "sha256": digest}
    add_trusted_root(name="", data=certificate.pem)
    [check] = check_signatures(content)
    assert check.sound and check.organisation == "Ủy ban nhân dân tỉnh Thử"


def test_a_draft_is_never_signed(tmp_path, certificate):
    plan = PlanFactory(number="", status=PlanStatus.DRAFT, issued_on=None)
    with pytest.raises(CommandError) as error:
        render(str(plan.pk), "-o", str(tmp_path / "x.pdf"), "--sign")
    assert str(error.value) == ("Kế hoạch /KH-UBND chưa ban hành (chưa có số và ngày): chỉ ký số văn bản đã ban hành.")
    assert not (tmp_path / "x.pdf").exists()
    assert not SignedDocument.objects.exists()


def test_signing_without_a_configured_certificate_says_what_to_set(tmp_path, settings):
    settings.SIGNING_PKCS12 = ""
    plan = PlanFactory(status=PlanStatus.ISSUED)
    with pytest.raises(CommandError) as error:
        render(str(plan.pk), "-o", str(tmp_path / "x.pdf"), "--sign")
    assert str(error.value) == (
        "Chưa cấu hình chứng thư số của cơ quan: đặt SIGNING_PKCS12 (đường dẫn tệp .p12) "
        "và SIGNING_PASSWORD trong môi trường."
    )
    assert not SignedDocument.objects.exists()


def test_a_wrong_password_stores_nothing(tmp_path, certificate, settings):
    settings.SIGNING_PASSWORD = "sai"
    plan = PlanFactory(status=PlanStatus.ISSUED)
    with pytest.raises(CommandError) as error:
        render(str(plan.pk), "-o", str(tmp_path / "x.pdf"), "--sign")
    assert "Mật khẩu của tệp chứng thư số co-quan.p12 không đúng" in str(error.value)
    assert not SignedDocument.objects.exists() and not ActivityLog.objects.filter(action="plan.signed").exists()
