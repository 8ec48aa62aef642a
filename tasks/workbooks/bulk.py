"""Insert thousands of new rows fast: COPY on PostgreSQL, bulk_create on other databases.

A 5,000-task appendix means some 17,000 rows (tasks and their unit assignments); Django's
bulk_create spends most of its time preparing each value of each row. COPY streams the rows
instead. Primary keys are taken from the table's sequence first, so the objects come back with
their ids, as bulk_create's would, and assignments can point at their tasks.
"""

import unicodedata

from django.db import DEFAULT_DB_ALIAS, connections, models

from units.text import strip_diacritics


def _converter(field, connection):
    # Text, numbers, dates and keys go to COPY as they are (psycopg adapts them); only JSON needs
    # wrapping. Calling get_db_prep_save for every value of every row doubled the import time.
    if isinstance(field, models.JSONField):
        return lambda value: connection.ops.adapt_json_value(value, field.encoder)
    return None


def insert(model, objects: list, batch_size: int = 2000) -> None:
    if not objects:
        return
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor != "postgresql":
        model.objects.bulk_create(objects, batch_size=batch_size)
        return
    meta = model._meta
    fields = list(meta.concrete_fields)
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, meta.pk.column, len(objects)],
        )
        for obj, (pk,) in zip(objects, cursor.fetchall(), strict=True):
            setattr(obj, meta.pk.attname, pk)
            obj._state.adding = False
            obj._state.db = connection.alias
        columns = ", ".join(quote(field.column) for field in fields)
        plan = [(field.attname, _converter(field, connection)) for field in fields]
        with cursor.copy(f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN") as copy:
            for obj in objects:
                values = obj.__dict__
                copy.write_row([convert(values[name]) if convert else values[name] for name, convert in plan])


def insert_values(model, columns: list[str], rows: list[tuple]) -> None:
    """Insert plain value tuples (field attnames in `columns`) without building model instances."""
    if not rows:
        return
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor != "postgresql":
        model.objects.bulk_create([model(**dict(zip(columns, row, strict=True))) for row in rows], batch_size=2000)
        return
    meta = model._meta
    quote = connection.ops.quote_name
    names = ", ".join(quote(meta.get_field(name.removesuffix("_id")).column) for name in columns)
    with connection.cursor() as cursor, cursor.copy(f"COPY {quote(meta.db_table)} ({names}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


class _Folded(dict):
    """Character -> its folded form, filled on first sight; str.translate consults it."""

    def __missing__(self, code):
        folded = self[code] = strip_diacritics(chr(code)).lower()
        return folded


_FOLDED = _Folded()


def fold_fast(text: str | None) -> str:
    """`units.text.fold`, a character table instead of decomposing every text again.

    NFD works character by character on NFC text, so folding each character once gives the
    same result; tests compare both on real plan text."""
    if not text:
        return ""
    return " ".join(unicodedata.normalize("NFC", text).translate(_FOLDED).split())
