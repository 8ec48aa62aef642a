"""Small helpers every app's views share."""

import io

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import cached_property
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme

from .uploads import CONTENT_TYPES, download_name, sniff


def add_service_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: field errors by field, the rest on top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


# The query word a link carries to say which page it was followed from ("từ").
ORIGIN_PARAM = "tu"


def origin(request) -> str | None:
    """The page of ours a link was followed from (`?tu=/path?query`), kept with its filters and page
    number so "back" returns to exactly what the user was looking at. Only a path on this site is
    taken: a crafted link cannot send the user to another site."""
    target = request.GET.get(ORIGIN_PARAM, "")
    if target.startswith("/") and not target.startswith("//") and "\\" not in target:
        if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            return target
    return None


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


def _resolve(value, result):
    return value(result) if callable(value) else value


def submit(request, form, save):
    """A form's POST through a service, for views that go on with the result themselves (an inline
    HTMX block drawn again, a redirect that depends on the saved row): ``(done, result)``.

    ``done`` is true only when the request was a POST, the form valid and ``save(cleaned_data)``
    returned; a ValidationError from the service is put on the form (by field where it names one)
    and ``done`` is false. Nothing is flashed: the caller decides what the user is told."""
    if request.method != "POST" or not form.is_valid():
        return False, None
    try:
        result = save(form.cleaned_data)
    except ValidationError as error:
        add_service_errors(form, error)
        return False, None
    return True, result


def form_page(request, form, *, save, success, then, template, context=None, refused_status=200):
    """The one way a page with a form saves through a service.

    GET shows the form. A valid POST calls ``save(cleaned_data)``; a ValidationError from the
    service is shown on the form (by field where it names one) and nothing else happens; success
    flashes ``success`` and redirects to ``then``. Both may be callables of what ``save``
    returned. ``context`` (a dict, or a callable of the form for pages that build it around the
    form) is what the template needs besides ``form``; ``refused_status`` is 400 where the form
    sits inside another page that a refused POST draws again."""
    done, result = submit(request, form, save)
    if done:
        messages.success(request, _resolve(success, result))
        return redirect(_resolve(then, result))
    extra = context(form) if callable(context) else (context or {})
    status = refused_status if request.method == "POST" else 200
    return render(request, template, {"form": form, **extra}, status=status)


def button_action(request, action, *, success, then, form=None):
    """The one way a button (a POST with no page of its own) runs a service: the refusal or the
    success is flashed and the user goes back to ``then`` (a URL or an object with an address).
    ``success`` may be a callable of what ``action`` returned, and so may ``then`` (given None
    after a refusal: where to go back to), for a button whose work may go on elsewhere (a job's
    progress page). A ``form`` is checked first and its errors flashed with their field labels;
    ``action`` then gets its cleaned data."""
    if form is not None and not form.is_valid():
        flash_form_errors(request, form)
        return redirect(_resolve(then, None))
    try:
        result = action(form.cleaned_data) if form is not None else action()
    except ValidationError as error:
        flash_errors(request, error)
        return redirect(_resolve(then, None))
    messages.success(request, _resolve(success, result))
    return redirect(_resolve(then, result))


def _as_attachment(response, filename: str, kind: str | None):
    """Every download: saved, never shown inline; named for what it really is; typed from its
    content; and the browser told not to second-guess that type."""
    response["Content-Type"] = CONTENT_TYPES.get(kind, "application/octet-stream")
    response["Content-Disposition"] = content_disposition_header(True, download_name(filename, kind))
    response["X-Content-Type-Options"] = "nosniff"
    return response


def download(content: bytes, filename: str) -> HttpResponse:
    """Bytes the portal made (a workbook, a PDF), saved as `filename`."""
    return _as_attachment(HttpResponse(content), filename, sniff(io.BytesIO(content)))


def serve_file(stored, filename: str) -> FileResponse:
    """A stored file (an upload, a drawn PDF, a job's result) saved as `filename`.

    The type is read from the file itself, so a file stored before uploads were checked this
    closely (named `bao-cao.hta` on disk, say) still goes out as what it is, or as plain bytes."""
    handle = stored.open("rb")
    kind = sniff(handle)
    return _as_attachment(FileResponse(handle), filename, kind if kind in CONTENT_TYPES else None)


LIST_PAGE_SIZE = 50
# Rows a list counts before it stops counting: counting every dossier of the country grows with
# the country (bench/scale.py: 2.9 ms at 50,372 dossiers against 0.2 ms at 872). Past this the
# pager says "more than" and still walks on page by page, one row beyond each page telling
# whether another follows.
LIST_COUNT_LIMIT = 1000


class CappedPaginator(Paginator):
    """A paginator that counts at most `limit` rows (`SELECT count(*) FROM (… LIMIT limit + 1)`).
    Past the limit (`capped`) any page can still be opened; its rows are read with one more row
    to know whether a next page exists."""

    def __init__(self, object_list, per_page, limit: int):
        super().__init__(object_list, per_page)
        self.limit = limit

    @cached_property
    def counted(self) -> int:
        rows = self.object_list
        if hasattr(rows, "order_by"):
            return rows.order_by()[: self.limit + 1].count()
        return min(len(rows), self.limit + 1)

    @property
    def capped(self) -> bool:
        return self.counted > self.limit

    @property
    def limit_text(self) -> str:
        return f"{self.limit:,}".replace(",", ".")

    @cached_property
    def count(self) -> int:
        return min(self.counted, self.limit)

    def validate_number(self, number):
        if not self.capped:
            return super().validate_number(number)
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger("Số trang không hợp lệ.") from None
        if number < 1:
            raise EmptyPage("Số trang không hợp lệ.")
        return number

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        if not self.capped:
            top = bottom + self.per_page
            if top + self.orphans >= self.count:
                top = self.count
            return self._get_page(self._rows(bottom, top), number, self)
        rows = self._rows(bottom, bottom + self.per_page + 1)
        if not rows:
            raise EmptyPage("Trang này không có dòng nào.")
        return OpenEndedPage(rows[: self.per_page], number, self, more=len(rows) > self.per_page)

    def _rows(self, bottom: int, top: int) -> list:
        """Rows bottom..top: of a queryset, the ids first, in its order, then those rows with their
        joins. Asked for its first rows with the joins, PostgreSQL may join every row that passes
        the filter before it keeps the page: a council secretary's 888 dossiers at national scale,
        4.4 ms, where the ids alone take a top-N sort of the dossiers."""
        rows = self.object_list
        if not hasattr(rows, "values_list"):
            return list(rows[bottom:top])
        ids = list(rows.prefetch_related(None).values_list("pk", flat=True)[bottom:top])
        by_id = {row.pk: row for row in rows.filter(pk__in=ids)}
        return [by_id[pk] for pk in ids]


class OpenEndedPage(Page):
    """A page of a list counted only up to its limit: whether a next page exists is known from
    the row read beyond this one."""

    def __init__(self, object_list, number, paginator, *, more: bool):
        super().__init__(object_list, number, paginator)
        self.more = more

    def has_next(self) -> bool:
        return self.more


def list_page(request, items, per_page: int = LIST_PAGE_SIZE) -> dict:
    """One page of a list ("?trang=N") for `templates/_pager.html`: the page, its rows and the
    query string of the other filters, so a list costs the same two queries (count up to
    LIST_COUNT_LIMIT, rows) however many rows exist."""
    page = CappedPaginator(items, per_page, LIST_COUNT_LIMIT).get_page(request.GET.get("trang"))
    query = request.GET.copy()
    query.pop("trang", None)
    return {"page": page, "query": query.urlencode()}
