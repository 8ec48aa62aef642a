from common.web import download, flash_form_errors


def test_download_types_follow_the_extension():
    xlsx = download(b"PK", "tien-do-83-2025.xlsx")
    assert xlsx["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert xlsx["Content-Disposition"] == 'attachment; filename="tien-do-83-2025.xlsx"'
    pdf = download(b"%PDF-", "quyet-dinh.pdf")
    assert (pdf["Content-Type"], pdf.content) == ("application/pdf", b"%PDF-")


def test_a_vietnamese_filename_survives_the_header():
    response = download(b"%PDF-", "giao-ước.pdf")
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''giao-%C6%B0%E1%BB%9Bc.pdf"


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
