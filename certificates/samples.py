"""Ready-made layouts for the two usual stocks, and a drawn "scan" of a blank stock: used by the
demo and as a starting point an admin then nudges to the office's own stock."""

import io

from django.core.files.base import ContentFile
from django.db import transaction
from PIL import Image, ImageDraw, ImageFont

from documents.fonts import FONT_DIR

from .models import Align, Face, FieldKey, Layout, LayoutField, Orientation, PageSize

# (key, x, y, max width, face, size, bold, italic, align), millimetres and points.
BANG_KHEN = [
    (FieldKey.RECIPIENT, 38, 100, 221, Face.SCRIPT, 30, False, False, Align.CENTER),
    (FieldKey.POSITION, 38, 113, 221, Face.SERIF, 15, True, False, Align.CENTER),
    (FieldKey.ACHIEVEMENT, 38, 126, 221, Face.SERIF, 14, False, True, Align.CENTER),
    (FieldKey.PLACE_DATE, 150, 140, 115, Face.SERIF, 13, False, True, Align.CENTER),
    (FieldKey.SIGNER_AUTHORITY, 150, 147, 115, Face.SERIF, 13, True, False, Align.CENTER),
    (FieldKey.SIGNER_POST, 150, 153, 115, Face.SERIF, 13, True, False, Align.CENTER),
    (FieldKey.SIGNER_NAME, 150, 183, 115, Face.SERIF, 14, True, False, Align.CENTER),
    (FieldKey.DECISION, 30, 178, 110, Face.SERIF, 11, False, False, Align.LEFT),
    (FieldKey.REGISTER, 30, 185, 80, Face.SERIF, 11, False, False, Align.LEFT),
]
GIAY_KHEN = [
    (FieldKey.RECIPIENT, 20, 128, 170, Face.SCRIPT, 26, False, False, Align.CENTER),
    (FieldKey.POSITION, 20, 141, 170, Face.SERIF, 14, True, False, Align.CENTER),
    (FieldKey.ACHIEVEMENT, 20, 153, 170, Face.SERIF, 13, False, True, Align.CENTER),
    (FieldKey.PLACE_DATE, 95, 185, 100, Face.SERIF, 12, False, True, Align.CENTER),
    (FieldKey.SIGNER_AUTHORITY, 95, 192, 100, Face.SERIF, 12, True, False, Align.CENTER),
    (FieldKey.SIGNER_POST, 95, 198, 100, Face.SERIF, 12, True, False, Align.CENTER),
    (FieldKey.SIGNER_NAME, 95, 232, 100, Face.SERIF, 13, True, False, Align.CENTER),
    (FieldKey.DECISION, 20, 255, 110, Face.SERIF, 10, False, False, Align.LEFT),
    (FieldKey.REGISTER, 20, 262, 80, Face.SERIF, 10, False, False, Align.LEFT),
]
SAMPLES = {
    "bang_khen": (PageSize.A4, Orientation.LANDSCAPE, BANG_KHEN, "BẰNG KHEN"),
    "giay_khen": (PageSize.A4, Orientation.PORTRAIT, GIAY_KHEN, "GIẤY KHEN"),
    # A title's certificate (giấy chứng nhận) is printed on portrait stock like a Giấy khen.
    "giay_chung_nhan": (PageSize.A4, Orientation.PORTRAIT, GIAY_KHEN, "GIẤY CHỨNG NHẬN"),
}


@transaction.atomic
def make_layout(*, kind: str, award_type, unit, name: str, with_scan: bool = True) -> Layout:
    page_size, orientation, rows, heading = SAMPLES[kind]
    layout = Layout.objects.create(
        award_type=award_type, unit=unit, name=name, page_size=page_size, orientation=orientation
    )
    for key, x, y, width, face, size, bold, italic, align in rows:
        LayoutField.objects.create(
            layout=layout,
            key=key,
            x_mm=x,
            y_mm=y,
            max_width_mm=width,
            face=face,
            size_pt=size,
            bold=bold,
            italic=italic,
            align=align,
        )
    if with_scan:
        layout.stock_scan.save(f"phoi-{layout.pk}.png", ContentFile(blank_stock_png(layout, heading)), save=True)
    return layout


def blank_stock_png(layout, heading: str, dpi: int = 50) -> bytes:
    """A picture of a blank stock: border, emblem, heading, dotted lines where the fields go."""
    width_mm, height_mm = layout.page_mm
    px = dpi / 25.4
    image = Image.new("RGB", (round(width_mm * px), round(height_mm * px)), (255, 250, 235))
    draw = ImageDraw.Draw(image)
    for inset, colour in ((6, (170, 30, 30)), (9, (200, 160, 40))):
        draw.rectangle(
            [inset * px, inset * px, (width_mm - inset) * px, (height_mm - inset) * px], outline=colour, width=3
        )
    centre = width_mm / 2 * px
    draw.ellipse([centre - 12 * px, 14 * px, centre + 12 * px, 38 * px], fill=(200, 30, 30), outline=(230, 190, 40))
    font = ImageFont.truetype(str(FONT_DIR / "LiberationSerif-Bold.ttf"), round(12 * px))
    draw.text((centre, 55 * px), heading, fill=(170, 30, 30), font=font, anchor="mm")
    for field in layout.fields.all():
        y = float(field.y_mm) * px
        x0, x1 = float(field.x_mm) * px, float(field.x_mm + field.max_width_mm) * px
        step = 2 * px
        x = x0
        while x < x1:
            draw.point((x, y + 1), fill=(120, 120, 120))
            x += step
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()
