"""The one history page: a record's activity rows, newest first, read in Vietnamese."""

from django.shortcuts import render, resolve_url

from .models import ActivityLog
from .presenters import describe

# A history longer than this shows its newest rows; the rest stay in the log.
HISTORY_ROWS = 500


def history_rows(obj, *, code_words: dict, labels: dict | None = None, also=()) -> list:
    """(entry, changes) for each row whose context is ``obj``. ``code_words`` turns stored codes
    into words ("issued" → "Đã ban hành"); ``labels`` renames a field's label where the model's
    verbose name does not read well in a history."""
    labels = labels or {}
    entries = ActivityLog.objects.for_context(obj, *also).select_related("target_type")[:HISTORY_ROWS]
    rows = []
    for entry in entries:
        changes = describe(entry, code_words)
        for change in changes:
            change.label = labels.get(change.label, change.label)
        rows.append((entry, changes))
    return rows


def history_page(
    request,
    obj,
    *,
    title: str,
    heading: str,
    back: tuple,
    code_words: dict,
    labels: dict | None = None,
    template: str = "activity/history.html",
    also=(),
):
    """The page. The caller has already checked the user may read this history. ``back`` is
    (where — a URL, a URL name or an object with an address —, the link's text). A ``template``
    extending activity/history.html may add buttons to a row (block ``row_actions``); ``also``
    are records of the same model whose rows belong to this history too (a dossier's hops)."""
    where, text = back
    return render(
        request,
        template,
        {
            "object": obj,
            "title": title,
            "heading": heading,
            "back_url": resolve_url(where),
            "back_text": text,
            "rows": history_rows(obj, code_words=code_words, labels=labels, also=also),
        },
    )
