import pytest
from django import forms as django_forms
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.test import RequestFactory

from common.web import button_action, download, flash_form_errors, form_page, serve_file, submit

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


# The one form view and the one button action -------------------------------------------------


class NameForm(django_forms.Form):
    name = django_forms.CharField(label="Tên")


def _request(method="get", data=None):
    request = getattr(RequestFactory(), method)("/x/", data or {})
    request.session = {}
    request.user = AnonymousUser()
    request._messages = FallbackStorage(request)
    return request


def _flashed(request):
    return [(m.level_tag, m.message) for m in get_messages(request)]


def _page(request, save, **kwargs):
    return form_page(
        request,
        NameForm(request.POST or None),
        save=save,
        success=lambda name: f"Đã lưu “{name}”.",
        then=lambda name: f"/xong/{len(name)}/",
        template="base_form_test.html",
        **kwargs,
    )


@pytest.fixture
def form_template(settings, tmp_path):
    (tmp_path / "base_form_test.html").write_text("{{ form.non_field_errors }}|{{ form.name.errors }}|{{ extra }}")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]


def test_form_page_shows_the_form_on_get_and_never_saves(form_template):
    saved = []
    response = _page(_request(), saved.append, context={"extra": "ngữ cảnh"})
    assert (response.status_code, response.content.decode(), saved) == (200, "||ngữ cảnh", [])


def test_form_page_saves_flashes_and_redirects_to_what_was_saved(form_template):
    request = _request("post", {"name": "Sở Nội vụ"})
    response = _page(request, lambda data: data["name"])
    assert (response.status_code, response.url) == (302, "/xong/9/")
    assert _flashed(request) == [("success", "Đã lưu “Sở Nội vụ”.")]


def test_form_page_shows_a_refusal_on_its_field_and_on_top_and_flashes_nothing(form_template):
    def refuse(data):
        raise ValidationError({"name": "Tên đã có.", "year": "Năm đã khoá."})

    request = _request("post", {"name": "Sở Nội vụ"})
    response = _page(request, refuse, context=lambda form: {"extra": form["name"].value()}, refused_status=400)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Năm đã khoá." in body.split("|")[0] and "Tên đã có." in body.split("|")[1]
    assert body.endswith("|Sở Nội vụ")
    assert _flashed(request) == []


def test_button_action_flashes_success_or_each_reason_and_goes_back():
    request = _request("post")
    response = button_action(request, lambda: 3, success=lambda n: f"Đã ghi {n} phiếu.", then="/phien/1/")
    assert (response.url, _flashed(request)) == ("/phien/1/", [("success", "Đã ghi 3 phiếu.")])

    def refuse():
        raise ValidationError(["Phiên họp đã đóng.", "Bạn không có phiếu."])

    request = _request("post")
    response = button_action(request, refuse, success="không dùng", then="/phien/1/")
    assert _flashed(request) == [("error", "Phiên họp đã đóng."), ("error", "Bạn không có phiếu.")]


def test_button_action_goes_where_its_result_says_or_back_after_a_refusal():
    def then(result):
        return "/phien/1/" if result is None else f"/cong-viec/{result}/"

    request = _request("post")
    response = button_action(request, lambda: 7, success=lambda n: f"Đang xử lý công việc {n}.", then=then)
    assert (response.url, _flashed(request)) == ("/cong-viec/7/", [("success", "Đang xử lý công việc 7.")])

    def refuse():
        raise ValidationError("Phiên họp đã đóng.")

    request = _request("post")
    response = button_action(request, refuse, success="không dùng", then=then)
    assert (response.url, _flashed(request)) == ("/phien/1/", [("error", "Phiên họp đã đóng.")])


def test_button_action_checks_its_form_first_and_names_the_field():
    called = []
    request = _request("post", {})
    button_action(request, called.append, success="x", then="/p/", form=NameForm(request.POST))
    assert (called, _flashed(request)) == ([], [("error", "Tên: Trường này là bắt buộc.")])
    request = _request("post", {"name": "A"})
    form = NameForm(request.POST)
    button_action(request, lambda data: called.append(data["name"]), success="ok", then="/p/", form=form)
    assert called == ["A"]


def test_submit_gives_the_services_result_and_flashes_nothing():
    request = _request("post", {"name": "Phòng Nội vụ"})
    form = NameForm(request.POST)
    assert submit(request, form, lambda data: data["name"].upper()) == (True, "PHÒNG NỘI VỤ")
    assert _flashed(request) == []


def test_submit_never_saves_on_get_nor_an_invalid_form():
    saved = []
    request = _request()
    assert submit(request, NameForm(request.GET or None), saved.append) == (False, None)
    request = _request("post", {})
    form = NameForm(request.POST)
    assert submit(request, form, saved.append) == (False, None)
    assert (saved, form.errors["name"]) == ([], ["Trường này là bắt buộc."])


def test_submit_puts_a_refusal_on_the_form():
    def refuse(data):
        raise ValidationError({"name": "Tên đã có."})

    request = _request("post", {"name": "Sở Nội vụ"})
    form = NameForm(request.POST)
    assert submit(request, form, refuse) == (False, None)
    assert (form.errors["name"], _flashed(request)) == (["Tên đã có."], [])


@pytest.mark.django_db
def test_a_list_counts_up_to_its_limit_and_still_pages_past_it(monkeypatch, django_assert_num_queries):
    """common.web.list_page: a national list is not counted to its end (bench/scale.py); past the
    limit the pager says "more than" and each page knows its successor from one extra row."""
    from django.template.loader import render_to_string

    from common import web
    from tests.factories import UnitFactory
    from units.models import Unit

    monkeypatch.setattr(web, "LIST_COUNT_LIMIT", 4)
    units = [UnitFactory(name=f"Đơn vị {n}") for n in range(7)]
    rows = Unit.objects.filter(pk__in=[u.pk for u in units]).order_by("pk")

    def opened(number):
        request = RequestFactory().get("/", {"trang": number, "nam": "2025"})
        with django_assert_num_queries(3):  # the capped count, the page's ids (one more), its rows
            listing = web.list_page(request, rows, per_page=2)
            names = [unit.name for unit in listing["page"].object_list]
        return listing, names, render_to_string("_pager.html", listing)

    first, names, html = opened(1)
    assert (names, first["page"].paginator.capped, first["query"]) == (["Đơn vị 0", "Đơn vị 1"], True, "nam=2025")
    assert "Trang 1 (hơn 4 dòng)" in html and "trang=2" in html and "Trang trước" not in html
    _, names, html = opened(3)
    assert names == ["Đơn vị 4", "Đơn vị 5"] and "trang=2" in html and "trang=4" in html
    _, names, html = opened(4)
    assert names == ["Đơn vị 6"] and "Trang 4 (hơn 4 dòng)" in html and "Trang sau" not in html
    monkeypatch.setattr(web, "LIST_COUNT_LIMIT", 1000)
    listing, names, html = opened(4)
    assert not listing["page"].paginator.capped and names == ["Đơn vị 6"] and "Trang 4/4" in html
