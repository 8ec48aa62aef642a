"""Rows kept in the order people put them (sections, appendices, groups, tasks, criteria)."""

from django.db.models import Max, QuerySet


def next_position(rows: QuerySet, field: str = "position") -> int:
    """The position after the last of `rows` (1 when there are none): where a new row goes."""
    return (rows.aggregate(last=Max(field))["last"] or 0) + 1
