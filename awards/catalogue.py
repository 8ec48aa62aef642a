"""The award catalogue (fixtures/awards/catalogue.json) as rows: loaded by a data migration so a
fresh portal has every title and form, and again by `load_demo`. Rows are matched by code, so
loading twice changes nothing; what an admin edited since is kept unless `overwrite`."""

import datetime
import json
from decimal import Decimal
from pathlib import Path

CATALOGUE = Path(__file__).resolve().parent.parent / "fixtures" / "awards" / "catalogue.json"


def _value(name, value):
    if name in ("valid_from", "valid_to") and value:
        return datetime.date.fromisoformat(value)
    if name in ("approval_threshold", "quorum", "prize_coefficient", "prize_coefficient_collective") and value:
        return Decimal(value)
    return value


def load_catalogue(award_type_model, path: Path = CATALOGUE, overwrite: bool = False) -> int:
    """Create missing award types (all fields when `overwrite`); returns how many were created.

    Takes the model class so the data migration can pass its historical model."""
    fields = {f.name for f in award_type_model._meta.get_fields() if getattr(f, "concrete", False)}
    created_count = 0
    for row in json.loads(path.read_text(encoding="utf-8"))["award_types"]:
        values = {k: _value(k, v) for k, v in row.items() if k in fields and k != "code"}
        if overwrite:
            _, created = award_type_model.objects.update_or_create(code=row["code"], defaults=values)
        else:
            _, created = award_type_model.objects.get_or_create(code=row["code"], defaults=values)
        created_count += created
    return created_count
