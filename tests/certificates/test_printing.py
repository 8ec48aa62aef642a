"""Certificates as PDF pages read back with poppler: each field's words sit in the box the layout
gives, to within 0.5 mm, in our fonts only; the register numbers them."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from certificates import fonts, services
from certificates.layout import POINTS_PER_MM, field_texts
from certificates.models import FieldKey, Issue
from tests.documents.pdf_tools import Pdf

pytestmark = pytest.mark.django_db

TOLERANCE = 0.5 * POINTS_PER_MM


def union(words):
    return (
        min(w.x_min for w in words),
        min(w.y_min for w in words),
        max(w.x_max for w in words),
        max(w.y_max for w in words),
    )


def expected_box(layout, field, text):
    """The box the layout promises, computed here from the field's numbers and the font file."""
    face, bold, italic = field.face, field.bold, field.italic
    size = float(field.size_pt)
    box = float(field.max_width_mm) * POINTS_PER_MM
    width = fonts.text_width(text, size, face, bold, italic)
    if width > box:
        size = int(size * box / width * 10) / 10
        width = fonts.text_width(text, size, face, bold, italic)
    metrics = fonts.metrics(face, bold, italic)
    left = float(field.x_mm + layout.offset_x_mm) * POINTS_PER_MM
    left += {"left": 0, "center": (box - width) / 2, "right": box - width}[field.align]
    baseline = float(field.y_mm + layout.offset_y_mm) * POINTS_PER_MM
    top = baseline - metrics.ascender * size / metrics.units_per_em
    bottom = baseline - metrics.descender * size / metrics.units_per_em
    return (left, top, left + width, bottom)


def words_of(words, text):
    """The run of consecutive words that spells `text`."""
    wanted = text.split()
    for start in range(len(words) - len(wanted) + 1):
        run = words[start : start + len(wanted)]
        if [w.text for w in run] == wanted:
            return run
    raise AssertionError(f"{text!r} not found in {[w.text for w in words]}")


def assert_fields_where_the_layout_says(pdf, page, layout, decision, nominee, number):
    words = pdf.words(page)
    texts = field_texts(decision, nominee, number)
    for field in layout.fields.all():
        got = union(words_of(words, texts[field.key]))
        want = expected_box(layout, field, texts[field.key])
        assert all(abs(g - w) <= TOLERANCE for g, w in zip(got, want, strict=True)), (field.key, got, want)


def test_each_field_lands_in_its_box_within_half_a_millimetre(world):
    content = services.print_certificates(actor=world.staff, decision=world.decision)
    pdf = Pdf(content)
    assert pdf.page_count == 2
    assert pdf.page_sizes() == [(842, 595), (842, 595)]  # A4 landscape
    assert_fields_where_the_layout_says(pdf, 1, world.layout, world.decision, world.lan, 1)
    assert_fields_where_the_layout_says(pdf, 2, world.layout, world.decision, world.binh, 2)


def test_only_the_shipped_fonts_are_in_the_pdf(world):
    pdf = Pdf(services.print_certificates(actor=world.staff, decision=world.decision))
    names = {f["name"] for f in pdf.fonts()}
    assert names == {"Great-Vibes", "Liberation-Serif", "Liberation-Serif-Bold", "Liberation-Serif-Italic"}
    assert all(f["embedded"] for f in pdf.fonts())


def test_every_vietnamese_letter_is_in_both_faces():
    letters = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
    vowels = "aăâeêioôơuưy"
    marked = "àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
    every = letters + letters.upper() + vowels + marked + marked.upper()
    assert fonts.missing_characters(every, fonts.SCRIPT) == []
    for bold in (False, True):
        for italic in (False, True):
            assert fonts.missing_characters(every, fonts.SERIF, bold, italic) == []


def test_the_offset_moves_every_field(world):
    world.layout.offset_x_mm = 3
    world.layout.offset_y_mm = -2
    world.layout.save()
    pdf = Pdf(services.print_certificates(actor=world.staff, decision=world.decision, nominee_ids=[world.binh.pk]))
    assert pdf.page_count == 1
    assert_fields_where_the_layout_says(pdf, 1, world.layout, world.decision, world.binh, 1)
    name = union(words_of(pdf.words(1), "Ông Trần Văn Bình"))
    field = world.layout.fields.get(key=FieldKey.RECIPIENT)
    assert name[1] == pytest.approx(expected_box(world.layout, field, "Ông Trần Văn Bình")[1], abs=TOLERANCE)


def test_a_long_name_shrinks_to_fit_its_box_exactly(world):
    world.lan.full_name = "Công Tằng Tôn Nữ Thị Phương Thảo Nguyễn Hoàng Bảo Ngọc Trâm Anh"
    world.lan.save()
    pdf = Pdf(services.print_certificates(actor=world.staff, decision=world.decision, nominee_ids=[world.lan.pk]))
    field = world.layout.fields.get(key=FieldKey.RECIPIENT)
    text = "Bà " + world.lan.full_name
    assert fonts.text_width(text, float(field.size_pt), fonts.SCRIPT) > float(field.max_width_mm) * POINTS_PER_MM
    got = union(words_of(pdf.words(1), text))
    assert got[2] - got[0] <= float(field.max_width_mm) * POINTS_PER_MM + TOLERANCE
    assert_fields_where_the_layout_says(pdf, 1, world.layout, world.decision, world.lan, 1)


def test_a_text_that_does_not_fit_even_at_the_smallest_size_is_named_and_nothing_is_printed(world):
    world.binh.position = "Chuyên viên chính " * 12
    world.binh.save()
    with pytest.raises(ValidationError) as refused:
        services.print_certificates(actor=world.staff, decision=world.decision)
    messages = refused.value.messages
    assert messages[0] == "Chưa in được vì có nội dung không vừa mẫu in:"
    assert len(messages) == 2
    assert messages[1].startswith("Trần Văn Bình – «Chức vụ, đơn vị công tác (hoặc tên tập thể)»: “CHUYÊN") is False
    assert messages[1].startswith("Trần Văn Bình – «Chức vụ, đơn vị công tác (hoặc tên tập thể)»: “Chuyên viên chính")
    assert messages[1].endswith("không vừa bề rộng 221.0 mm dù thu nhỏ tới cỡ chữ nhỏ nhất 9.0 pt.")
    assert not Issue.objects.exists()


def test_a_decision_not_yet_issued_prints_nothing(world):
    world.decision.issued_on = datetime.date.today() + datetime.timedelta(days=3)
    world.decision.save()
    with pytest.raises(ValidationError) as refused:
        services.print_certificates(actor=world.staff, decision=world.decision)
    assert refused.value.messages == [
        f"Quyết định 1520/QĐ-UBND chưa được ban hành (ngày ký {world.decision.issued_on:%d/%m/%Y}): "
        "chưa in được Bằng khen, Giấy khen."
    ]
    assert not Issue.objects.exists()


def test_no_layout_for_the_deciding_unit_is_refused_by_name(world):
    world.layout.delete()
    with pytest.raises(ValidationError) as refused:
        services.print_certificates(actor=world.staff, decision=world.decision)
    assert refused.value.messages == [
        "Chưa có mẫu in phôi “Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh” của Ủy ban nhân dân tỉnh Bắc Ninh: "
        "quản trị viên cần tạo mẫu trước khi in."
    ]


def test_the_alignment_page_has_crosses_at_the_corners_and_each_field_origin(world):
    world.layout.offset_x_mm = 2
    world.layout.save()
    pdf = Pdf(services.alignment_pdf(world.layout))
    assert pdf.page_count == 1
    words = pdf.words(1)
    # Each field's label is drawn 1.5 mm right of its cross, 0.5 mm below it.
    for field in world.layout.fields.all():
        label = words_of(words, field.get_key_display())
        assert label[0].x_min == pytest.approx((float(field.x_mm) + 2 + 1.5) * POINTS_PER_MM, abs=TOLERANCE)
        assert label[0].y_min == pytest.approx((float(field.y_mm) + 0.5) * POINTS_PER_MM, abs=TOLERANCE)
