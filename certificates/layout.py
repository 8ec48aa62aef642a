"""What each field of a certificate says, the size it is printed at, and where it lands.

Positions are in millimetres from the stock's top-left corner: a field's box starts `x_mm` from
the left edge and is `max_width_mm` wide; its baseline (the dotted line on the stock) lies `y_mm`
below the top edge. The layout's offset (dx, dy) moves every field, for a printer that feeds the
stock off true. A text wider than its box is set smaller, exactly as much as it needs (widths from
the font files' own metrics), but never below the layout's minimum size: then the field is named
in the refusal, before anything is printed or numbered.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError

from awards.models import Gender, NomineeKind
from documents.parts import date_text

from . import fonts
from .models import Align, FieldKey

POINTS_PER_MM = 72 / 25.4


@dataclass(frozen=True)
class Placed:
    """One field's text as printed: its box in points from the page's top-left corner."""

    key: str
    text: str
    family: str
    size_pt: float
    bold: bool
    italic: bool
    align: str
    box_left: float  # the field's box, max_width wide
    box_width: float
    top: float  # the top of the line box (baseline minus the face's ascent)
    baseline: float
    text_width: float  # the text's own width at size_pt

    @property
    def text_left(self) -> float:
        free = self.box_width - self.text_width
        return self.box_left + {Align.LEFT: 0, Align.CENTER: free / 2, Align.RIGHT: free}[self.align]


@dataclass(frozen=True)
class Sheet:
    """One certificate page: its fields, and whose it is (for the register)."""

    nominee: object
    fields: list


def field_texts(decision, nominee, register_number: int | None) -> dict[str, str]:
    """The text of every field for one awarded nominee of an issued decision."""
    if nominee.kind == NomineeKind.PERSON:
        title = {Gender.MALE: "Ông ", Gender.FEMALE: "Bà "}.get(nominee.gender, "")
        recipient = f"{title}{nominee.full_name}"
        if nominee.posthumous:  # "Truy tặng ông Nguyễn Văn A": the award goes to one who has died
            recipient = f"Truy tặng {title.lower()}{nominee.full_name}"
        position = ", ".join(part for part in (nominee.position, nominee.workplace) if part)
    else:
        recipient = nominee.display_name
        position = nominee.workplace
    return {
        FieldKey.RECIPIENT: recipient,
        FieldKey.POSITION: position,
        FieldKey.ACHIEVEMENT: " ".join(nominee.achievement.split()),
        FieldKey.DECISION: f"Quyết định số {decision.reference} ngày {decision.issued_on:%d/%m/%Y}",
        FieldKey.PLACE_DATE: f"{decision.place}, {date_text(decision.issued_on)}",
        FieldKey.SIGNER_AUTHORITY: decision.signer_authority,
        FieldKey.SIGNER_POST: decision.signer_position,
        FieldKey.SIGNER_NAME: decision.signer_name,
        FieldKey.REGISTER: f"Số: {register_number}" if register_number else "",
    }


def _mm(value) -> float:
    return float(value) * POINTS_PER_MM


def place_field(layout, field, text: str) -> Placed | str:
    """The field placed, or the reason it cannot be (a Vietnamese sentence naming the field)."""
    label = field.get_key_display()
    if field.uppercase:
        text = text.upper()
    face, bold, italic = field.face, field.bold, field.italic
    missing = fonts.missing_characters(text, face, bold, italic)
    if missing:
        return f"«{label}»: phông chữ không có ký tự {' '.join(missing)}."
    box_width = _mm(field.max_width_mm)
    size = float(field.size_pt)
    width = fonts.text_width(text, size, face, bold, italic)
    if width > box_width:
        # Shrink to the size that fits exactly, rounded down to 0.1 pt.
        size = int(size * box_width / width * 10) / 10
        width = fonts.text_width(text, size, face, bold, italic)
        if size < float(layout.min_size_pt):
            return (
                f"«{label}»: “{text}” không vừa bề rộng {field.max_width_mm} mm "
                f"dù thu nhỏ tới cỡ chữ nhỏ nhất {layout.min_size_pt} pt."
            )
    baseline = _mm(field.y_mm + layout.offset_y_mm)
    return Placed(
        key=field.key,
        text=text,
        family=fonts.FAMILIES[face],
        size_pt=size,
        bold=bold,
        italic=italic,
        align=field.align,
        box_left=_mm(field.x_mm + layout.offset_x_mm),
        box_width=box_width,
        top=baseline - fonts.ascent(size, face, bold, italic),
        baseline=baseline,
        text_width=width,
    )


def sheet(layout, decision, nominee, register_number: int | None = None) -> tuple[Sheet, list[str]]:
    """A nominee's certificate and the problems that stop it from being printed."""
    texts = field_texts(decision, nominee, register_number)
    placed, problems = [], []
    for field in layout.fields.all():
        text = texts[field.key]
        if not text:
            continue
        result = place_field(layout, field, text)
        if isinstance(result, str):
            problems.append(f"{nominee.display_name} – {result}")
        else:
            placed.append(result)
    return Sheet(nominee=nominee, fields=placed), problems


# A register number as wide as any a unit will reach, to check the field before numbers are given.
WIDEST_NUMBER = 888888


def check(layout, decision, nominees) -> list[str]:
    """Every field of every chosen certificate that will not fit, named, before printing."""
    problems = []
    for nominee in nominees:
        problems += sheet(layout, decision, nominee, WIDEST_NUMBER)[1]
    return problems


def raise_problems(problems: list[str]) -> None:
    if problems:
        raise ValidationError(["Chưa in được vì có nội dung không vừa mẫu in:", *problems])


def alignment_marks(layout) -> list[tuple[str, float, float]]:
    """Crosses for the test page: the four corners (10 mm in) and each field's origin, in points,
    shifted by the layout's offset as the fields are."""
    width, height = layout.page_mm
    dx, dy = layout.offset_x_mm, layout.offset_y_mm
    inset = Decimal(10)
    marks = [
        ("", _mm(x + dx), _mm(y + dy))
        for x, y in ((inset, inset), (width - inset, inset), (inset, height - inset), (width - inset, height - inset))
    ]
    marks += [(field.get_key_display(), _mm(field.x_mm + dx), _mm(field.y_mm + dy)) for field in layout.fields.all()]
    return marks
