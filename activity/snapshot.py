import datetime
from decimal import Decimal

from django.db import models


def json_value(value):
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return str(value)
    return value


def snapshot(obj: models.Model, fields) -> dict:
    """The named fields of `obj` as JSON-safe values (foreign keys by their display text)."""
    result = {}
    for name in fields:
        result[name] = json_value(getattr(obj, name))
    return result
