import asyncio
import datetime
import io
import re
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.exceptions import ValidationError
from django.template import engines
from pyhanko.pdf_utils.generic import NameObject, StreamObject
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from documents.parts import DocumentHeader, Recipients, Signer, paragraphs
from documents.rendering import html_to_pdf
from documents.signatures import check_pdf, load_certificate
from documents.signing import Pkcs12Signer, sign_pdf

from .certificates import NOW, MadeUpAuthority
from .pdf_tools import Pdf

ORGANISATION = "Sở Nội vụ tỉnh Hưng Yên"
TEMPLATE = (
    '{% extends "documents/base.html" %}{% block body %}<div class="doc-body">'
    "{% for p in body %}<p>{{ p.text }}</p>{% endfor %}</div>{% endblock %}"
)


def document(paragraph_count=1, *, with_signer=True, archival=False):
    context = {
        "header": DocumentHeader(
            issuing_body="ỦY BAN NHÂN DÂN\nTỈNH HƯNG YÊN",
            symbol="QĐ-UBND",
            place="Hưng Yên",
            number="12",
            date=datetime.date(2026, 3, 4),
        ),
        "subject": "Về việc tặng Bằng khen",
        "signer": Signer("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn B"),
        "recipients": Recipients(["Như Điều 3;", "Lưu: VT."]),
        "body": paragraphs("\n\n".join(f"Điều {i}. " + "nội dung " * 40 for i in range(1, paragraph_count + 1))),
    }
    template = TEMPLATE if with_signer else TEMPLATE + "{% block closing %}{% endblock %}"
    return html_to_pdf(engines["django"].from_string(template).render(context), archival=archival)


@pytest.fixture(scope="module")
def authority():
    return MadeUpAuthority.create()


@pytest.fixture
def signer(authority, tmp_path):
    return Pkcs12Signer(authority.pkcs12_file(tmp_path, ORGANISATION), "mat-khau")


def test_signed_pdf_is_the_document_plus_a_trusted_pades_signature(authority, signer):
    pdf = document()
    signed = sign_pdf(pdf, signer, reason="Ban hành Quyết định 12/QĐ-UBND", location="Hưng Yên")
    # An incremental update: the bytes that were drawn are kept, the signature is appended.
    assert signed.content.startswith(pdf.content)
    assert signed.organisation == ORGANISATION
    [check] = check_pdf(signed.content, [load_certificate(authority.pem)])
    assert (check.intact, check.unchanged_since, check.trusted) == (True, True, True)
    assert check.organisation == ORGANISATION
    assert abs(check.signed_at - datetime.datetime.now(datetime.UTC)) < datetime.timedelta(minutes=2)
    local = check.signed_at.astimezone(datetime.timezone(datetime.timedelta(hours=7)))
    assert check.summary == f"Đã ký số bởi {ORGANISATION} lúc {local:%H:%M ngày %d/%m/%Y}."
    assert b"/ETSI.CAdES.detached" in signed.content


def test_the_mark_sits_in_the_signer_block_with_name_and_iso_time(signer):
    """Decree 30/2020, Phụ lục I, Phần II: the organisation's name and the signing time in ISO 8601
    with Vietnam's offset, at the place of the signature, between the title and the name."""
    pdf = document(paragraph_count=14)  # the signer block is pushed past the first page
    last = pdf.anchors["chu-ky-so"].page + 1
    assert last == pdf.page_count > 1
    signed = Pdf(sign_pdf(pdf, signer, reason="Ban hành").content)
    words = signed.words(last)
    name_line = next(w for w in words if w.text.startswith("Ký bởi:"))
    time_line = next(w for w in words if w.text.startswith("Thời gian ký:"))
    assert name_line.text == f"Ký bởi: {ORGANISATION}"
    assert re.fullmatch(r"Thời gian ký: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00", time_line.text)
    title = next(w for w in words if w.text == "CHỦ")
    name = next(w for w in words if w.text == "Nguyễn")
    assert title.y_max < name_line.y_min < time_line.y_min < name.y_min
    assert "Ký bởi" not in signed.text(1, 1)


def test_without_the_root_the_signature_is_intact_but_not_trusted(signer):
    signed = sign_pdf(document(), signer, reason="Ban hành")
    [check] = check_pdf(signed.content, [])
    assert (check.intact, check.unchanged_since, check.trusted) == (True, True, False)
    assert check.summary.endswith("; chứng thư số chưa được tin cậy (cổng chưa có chứng thư gốc của tổ chức cấp).")


def test_a_root_of_another_authority_does_not_make_it_trusted(signer):
    signed = sign_pdf(document(), signer, reason="Ban hành")
    [check] = check_pdf(signed.content, [load_certificate(MadeUpAuthority.create("CA khác").pem)])
    assert check.trusted is False


def test_a_byte_changed_inside_the_signed_range_breaks_the_signature(authority, signer):
    content = bytearray(sign_pdf(document(), signer, reason="Ban hành").content)
    position = content.index(b"/MediaBox [ 0 0 595")
    content[position + 16 : position + 19] = b"596"
    [check] = check_pdf(bytes(content), [load_certificate(authority.pem)])
    assert check.intact is False
    assert check.summary == (
        f"Chữ ký số của {ORGANISATION} không còn khớp nội dung: tệp đã bị sửa, chữ ký không có giá trị."
    )


def test_a_change_appended_after_signing_is_reported(authority, signer):
    signed = sign_pdf(document(), signer, reason="Ban hành").content
    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    page = writer.root["/Pages"]["/Kids"][0].get_object()
    # Someone blanks the first page in a later revision, leaving the signature in place.
    page[NameObject("/Contents")] = writer.add_object(StreamObject(stream_data=b""))
    writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)
    [check] = check_pdf(out.getvalue(), [load_certificate(authority.pem)])
    assert (check.intact, check.unchanged_since) == (True, False)
    assert check.summary.endswith(", nhưng tệp đã bị sửa sau khi ký.")


def test_an_unsigned_pdf_has_no_signatures_and_a_non_pdf_is_refused():
    assert check_pdf(document().content, []) == []
    with pytest.raises(ValidationError) as error:
        check_pdf(b"%PDF-1.7 not really", [])
    assert error.value.messages == ["Không đọc được tệp PDF để kiểm tra chữ ký số."]


def test_a_document_without_a_signer_block_is_not_signed(signer):
    with pytest.raises(ValidationError) as error:
        sign_pdf(document(with_signer=False), signer, reason="Ban hành")
    assert error.value.messages == ["Văn bản không có khối chữ ký của người có thẩm quyền: không có chỗ để ký số."]


@pytest.mark.parametrize(
    ("make", "password", "message"),
    [
        (lambda ca, folder: folder / "khong-co.p12", "x", "Không tìm thấy tệp chứng thư số {path}."),
        (
            lambda ca, folder: ca.pkcs12_file(folder, ORGANISATION),
            "sai-mat-khau",
            "Mật khẩu của tệp chứng thư số {name} không đúng (hoặc tệp không phải PKCS#12).",
        ),
        (
            lambda ca, folder: ca.pkcs12_file(
                folder,
                ORGANISATION,
                valid_from=NOW - datetime.timedelta(days=400),
                valid_until=datetime.datetime(2025, 12, 31, 12, tzinfo=datetime.UTC),
            ),
            "mat-khau",
            "Chứng thư số trong {name} đã hết hạn ngày 31/12/2025.",
        ),
        (
            lambda ca, folder: ca.certificate_only_file(folder, ORGANISATION),
            "mat-khau",
            "Tệp {name} không có khoá bí mật đi kèm chứng thư số: không ký được.",
        ),
    ],
    ids=["missing-file", "wrong-password", "expired", "no-key"],
)
def test_an_unusable_certificate_is_named_before_anything_is_signed(authority, tmp_path, make, password, message):
    path = make(authority, tmp_path)
    with pytest.raises(ValidationError) as error:
        Pkcs12Signer(path, password)
    assert error.value.messages == [message.format(path=path, name=path.name)]


def test_signing_and_checking_work_inside_a_running_event_loop(authority, signer):
    """An ASGI server, or a browser driven from the same thread, has a loop running: pyHanko's own
    sync wrappers (asyncio.run) would refuse there."""

    async def inside():
        signed = sign_pdf(document(), signer, reason="Ban hành")
        return check_pdf(signed.content, [load_certificate(authority.pem)])

    # A thread of its own, so the test's loop never meets one a browser test left running here.
    with ThreadPoolExecutor(max_workers=1) as pool:
        [check] = pool.submit(lambda: asyncio.run(inside())).result()
    assert check.sound
