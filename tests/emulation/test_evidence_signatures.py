"""Beside a member's evidence, what the file's digital signature says."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from documents.services import add_trusted_root
from documents.signing import VIETNAM, Pkcs12Signer, sign_pdf
from emulation import services
from tests.documents.certificates import MadeUpAuthority
from tests.documents.test_signing import document

ORGANISATION = "Sở Tư pháp tỉnh Thử"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def authority():
    return MadeUpAuthority.create()


def upload(block, content, name="bao-cao.pdf"):
    return services.add_evidence(
        actor=block.alpha_user,
        table=block.table,
        unit=block.alpha,
        criterion=block.c1,
        upload=SimpleUploadedFile(name, content),
    )


def scoring_page(client, block) -> str:
    client.force_login(block.alpha_user)
    return client.get(reverse("emulation:scoring", args=[block.group.pk])).content.decode()


def test_a_signed_evidence_file_says_who_signed_it_when_and_whether_it_is_trusted(client, block, authority, tmp_path):
    signer = Pkcs12Signer(authority.pkcs12_file(tmp_path, ORGANISATION), "mat-khau")
    signed = sign_pdf(document(), signer, reason="Báo cáo", location="Bắc Ninh")
    upload(block, signed.content)
    page = scoring_page(client, block)
    assert f"Đã ký số bởi {ORGANISATION} lúc " in page
    assert "chứng thư số chưa được tin cậy" in page and "signature-untrusted" in page
    add_trusted_root(name="", data=authority.pem)
    page = scoring_page(client, block)
    when = datetime.datetime.now(VIETNAM)
    assert f"Đã ký số bởi {ORGANISATION} lúc " in page and "signature-ok" in page
    assert f"ngày {when:%d/%m/%Y}." in page and "chưa được tin cậy" not in page


def test_a_file_changed_after_signing_says_so_and_an_unsigned_one_says_nothing(client, block, authority, tmp_path):
    signer = Pkcs12Signer(authority.pkcs12_file(tmp_path, ORGANISATION), "mat-khau")
    content = bytearray(sign_pdf(document(), signer, reason="Báo cáo").content)
    # The page made a point wider inside the signed bytes: the signature no longer matches.
    position = content.index(b"/MediaBox [ 0 0 595")
    content[position + 16 : position + 19] = b"596"
    upload(block, bytes(content), "da-sua.pdf")
    upload(block, document().content, "chua-ky.pdf")
    page = scoring_page(client, block)
    assert page.count("signature-note") == 1 and "signature-bad" in page
    assert f"Chữ ký số của {ORGANISATION} không còn khớp nội dung" in page
