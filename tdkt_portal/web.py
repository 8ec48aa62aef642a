"""Small helpers every app's views share."""

from django.core.exceptions import ValidationError
from django.http import Http404


def add_service_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: field errors by field, the rest on top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def offset_for(direction: str) -> int:
    """URL word for a move ("len" = up, "xuong" = down) as a row offset."""
    offsets = {"len": -1, "xuong": 1}
    if direction not in offsets:
        raise Http404
    return offsets[direction]
