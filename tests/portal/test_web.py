from tdkt_portal.web import download


def test_download_types_follow_the_extension():
    xlsx = download(b"PK", "tien-do-83-2025.xlsx")
    assert xlsx["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert xlsx["Content-Disposition"] == 'attachment; filename="tien-do-83-2025.xlsx"'
    pdf = download(b"%PDF-", "quyet-dinh.pdf")
    assert (pdf["Content-Type"], pdf.content) == ("application/pdf", b"%PDF-")


def test_a_vietnamese_filename_survives_the_header():
    response = download(b"%PDF-", "giao-ước.pdf")
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''giao-%C6%B0%E1%BB%9Bc.pdf"
