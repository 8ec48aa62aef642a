import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.serialization import Encoding
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from documents.models import TrustedRoot
from documents.services import add_trusted_root, check_signatures
from documents.signing import Pkcs12Signer, sign_pdf
from tests.factories import UserFactory

from .certificates import MadeUpAuthority
from .test_signing import ORGANISATION, document

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def authority():
    return MadeUpAuthority.create()


def test_uploads_are_checked_against_the_roots_an_admin_loaded(authority, tmp_path):
    signed = sign_pdf(
        document(), Pkcs12Signer(authority.pkcs12_file(tmp_path, ORGANISATION), "mat-khau"), reason="Ban hành"
    )
    assert [check.trusted for check in check_signatures(signed.content)] == [False]
    root = add_trusted_root(name="", data=authority.der)
    assert root.name == "CA thử nghiệm của cổng TĐKT"
    assert root.fingerprint == authority.certificate.fingerprint(hashes.SHA256()).hex()
    assert [check.trusted for check in check_signatures(signed.content)] == [True]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"khong phai chung thu", "Tệp không phải chứng thư số (X.509, dạng PEM hoặc DER)."),
        ("leaf", "Chứng thư này không phải chứng thư của tổ chức cấp (CA): không dùng làm gốc tin cậy."),
        ("again", "Chứng thư gốc này đã có trong danh sách tin cậy."),
    ],
    ids=["garbage", "not-a-ca", "duplicate"],
)
def test_a_root_that_cannot_be_trusted_is_refused_with_the_reason(authority, data, message):
    if data == "leaf":
        data = authority.issue(ORGANISATION)[1].public_bytes(Encoding.PEM)
    elif data == "again":
        add_trusted_root(name="Lần đầu", data=authority.pem)
        data = authority.pem
    before = TrustedRoot.objects.count()
    with pytest.raises(ValidationError) as error:
        add_trusted_root(name="Thử", data=data)
    assert error.value.messages == [message]
    assert TrustedRoot.objects.count() == before


def test_an_admin_adds_a_root_from_its_file_and_a_bad_file_is_named(client, authority):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    url = reverse("admin:documents_trustedroot_add")
    refused = client.post(url, {"name": "", "upload": SimpleUploadedFile("goc.cer", b"rac")})
    assert refused.status_code == 200
    assert "Tệp không phải chứng thư số (X.509, dạng PEM hoặc DER)." in refused.content.decode()
    assert not TrustedRoot.objects.exists()
    added = client.post(url, {"name": "Root CA thử", "upload": SimpleUploadedFile("goc.cer", authority.der)})
    assert added.status_code == 302
    root = TrustedRoot.objects.get()
    assert (root.name, bytes(root.certificate)) == ("Root CA thử", authority.der)
