"""Points as Vietnamese officers type and read them: "7,5", at most two decimals."""

from decimal import Decimal, InvalidOperation

TWO_PLACES = Decimal("0.01")


def parse_points(value) -> Decimal | None:
    """Points as typed by Vietnamese users ("7,5" or "7.5"); None for an empty cell."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        number = value
    else:
        text = str(value).strip().replace(",", ".")
        if not text:
            return None
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValueError(f"“{value}” không phải là số điểm") from None
    if not number.is_finite():
        raise ValueError(f"“{value}” không phải là số điểm")
    if number != number.quantize(TWO_PLACES):
        raise ValueError(f"điểm {value} có quá hai chữ số thập phân")
    return number.quantize(TWO_PLACES)


def format_points(value: Decimal | None) -> str:
    if value is None:
        return ""
    text = f"{value.normalize():f}"
    return text.replace(".", ",")


def check_points(criterion, value) -> Decimal | None:
    """The points for `criterion`, or a ValueError saying why they cannot be."""
    points = parse_points(value)
    if points is None:
        return None
    if points < 0:
        raise ValueError(f"điểm không được âm (đã nhập {format_points(points)})")
    if points > criterion.max_points:
        raise ValueError(f"điểm {format_points(points)} vượt điểm tối đa {format_points(criterion.max_points)}")
    return points
