"""Small helpers every app's views share."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.utils.http import content_disposition_header


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


def flash_errors(request, error: ValidationError) -> None:
    """A refused service call on a page with no form to show it: one message per reason."""
    for message in error.messages:
        messages.error(request, message)


def flash_form_errors(request, form) -> None:
    """A refused form's errors as messages. The page redirects and does not show the form again,
    so each field's error starts with the field's label."""
    for name, errors in form.errors.items():
        field = form.fields.get(name)
        for message in errors:
            messages.error(request, f"{field.label}: {message}" if field is not None and field.label else message)


DOWNLOAD_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def download(content: bytes, filename: str) -> HttpResponse:
    """Bytes the browser saves as `filename`; the type follows the extension (.xlsx, .pdf)."""
    response = HttpResponse(content, content_type=DOWNLOAD_TYPES[filename.rsplit(".", 1)[-1]])
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
