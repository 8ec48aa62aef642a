import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage

from common.web import download, flash_form_errors, serve_file

from .samples import GOOD_PDF, GOOD_XLSX


def test_download_types_come_from_the_content():
    xlsx = download(GOOD_XLSX, "tien-do-83-2025.xlsx")
    assert xlsx["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert xlsx["Content-Disposition"] == 'attachment; filename="tien-do-83-2025.xlsx"'
    assert xlsx["X-Content-Type-Options"] == "nosniff"
    pdf = download(GOOD_PDF, "quyet-dinh.pdf")
    assert (pdf["Content-Type"], pdf.content) == ("application/pdf", GOOD_PDF)


def test_bytes_that_are_not_what_the_name_says_go_out_as_plain_bytes():
    response = download(b"<html><script>alert(1)</script>", "bao-cao.pdf")
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == 'attachment; filename="bao-cao.bin"'


def test_a_vietnamese_filename_survives_the_header():
    response = download(GOOD_PDF, "giao-ước.pdf")
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''giao-%C6%B0%E1%BB%9Bc.pdf"


@pytest.fixture
def storage(tmp_path):
    return FileSystemStorage(location=tmp_path)


class Stored:
    """What a FileField gives a view: something with open("rb")."""

    def __init__(self, storage, name, content):
        self.storage, self.name = storage, storage.save(name, ContentFile(content))

    def open(self, mode="rb"):
        return self.storage.open(self.name, mode)


def test_a_stored_file_is_served_as_what_it_is_whatever_its_name_on_disk(storage):
    response = serve_file(Stored(storage, "minh-chung/1/abc/bao-cao.hta", GOOD_PDF), "bao-cao.hta")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="bao-cao.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == GOOD_PDF


def test_a_stored_web_page_goes_out_as_bytes_to_save(storage):
    page = b"<!DOCTYPE html><html><script>fetch('/quan-tri/')</script></html>"
    response = serve_file(Stored(storage, "emulation/evidence/2025/trang.html", page), "trang.html")
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == 'attachment; filename="trang.bin"'
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_refused_forms_errors_name_their_field(rf):
    from django import forms
    from django.contrib.messages import get_messages
    from django.contrib.messages.storage.fallback import FallbackStorage

    class ReportForm(forms.Form):
        title = forms.CharField(label="Tên báo cáo")
        due = forms.DateField(label="Hạn nộp", error_messages={"invalid": "Ngày không hợp lệ (dd/mm/yyyy)."})

        def clean(self):
            raise forms.ValidationError("Báo cáo này đã khóa.")

    request = rf.post("/")
    request.session, request._messages = {}, None
    request._messages = FallbackStorage(request)
    form = ReportForm({"title": "", "due": "31/02/2025"})
    assert not form.is_valid()
    flash_form_errors(request, form)
    assert [str(m) for m in get_messages(request)] == [
        "Tên báo cáo: Trường này là bắt buộc.",
        "Hạn nộp: Ngày không hợp lệ (dd/mm/yyyy).",
        "Báo cáo này đã khóa.",
    ]
