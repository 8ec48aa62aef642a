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


def load_catalogue(award_type_model, path: Path = CATALOGUE, overwrite: bool = False, fields=None) -> int:
    """Create missing award types (all fields when `overwrite`, or only the named `fields` of the rows
    already there: a correction of the law keeps the thresholds an admin set); returns how many were
    created. A row's "successor" names the code of the row that replaced it.

    Takes the model class so the data migration can pass its historical model."""
    concrete = {f.name for f in award_type_model._meta.get_fields() if getattr(f, "concrete", False)}
    rows = json.loads(path.read_text(encoding="utf-8"))["award_types"]
    created_count = 0
    for row in rows:
        values = {k: _value(k, v) for k, v in row.items() if k in concrete and k not in ("code", "successor")}
        if overwrite:
            _, created = award_type_model.objects.update_or_create(code=row["code"], defaults=values)
        else:
            award_type, created = award_type_model.objects.get_or_create(code=row["code"], defaults=values)
            if fields and not created:
                for name in fields:
                    if name in values:
                        setattr(award_type, name, values[name])
                award_type.save(update_fields=[name for name in fields if name in values])
        created_count += created
    if "successor" in concrete:
        by_code = dict(award_type_model.objects.values_list("code", "pk"))
        for row in rows:
            if row.get("successor"):
                award_type_model.objects.filter(code=row["code"], successor__isnull=True).update(
                    successor_id=by_code[row["successor"]]
                )
    return created_count


# What every portal starts with; admins add a row when a new decree changes them.
BASE_SALARIES = [
    # Decree 73/2024/NĐ-CP of 30/6/2024, art. 3(2): 2,340,000 đồng a month from 01/7/2024.
    (2340000, datetime.date(2024, 7, 1), "Nghị định số 73/2024/NĐ-CP ngày 30/6/2024, Điều 3 khoản 2"),
    # Decree 161/2026/NĐ-CP of 15/5/2026, art. 3(2): 2,530,000 đồng a month from 01/7/2026.
    (2530000, datetime.date(2026, 7, 1), "Nghị định số 161/2026/NĐ-CP ngày 15/5/2026, Điều 3 khoản 2"),
]
LEGAL_TEXTS = [
    # kind, number, issued on, issuer, name, in force from, position, in force until
    # The local-government law a decision cites is the one in force on its signing day: the 2015 law
    # (as amended in 2019) until 28/02/2025, Law 65/2025 from 01/03/2025, Law 72/2025 from the day it
    # was passed, 16/06/2025 (its Điều 51 ends Law 65/2025 that day).
    (
        "luat",
        "77/2015/QH13",
        datetime.date(2015, 6, 19),
        "Quốc hội",
        "Tổ chức chính quyền địa phương",
        datetime.date(2016, 1, 1),
        10,
        datetime.date(2025, 2, 28),
    ),
    (
        "luat",
        "47/2019/QH14",
        datetime.date(2019, 11, 22),
        "Quốc hội",
        "sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương",
        datetime.date(2020, 7, 1),
        11,
        datetime.date(2025, 2, 28),
    ),
    (
        "luat",
        "65/2025/QH15",
        datetime.date(2025, 2, 19),
        "Quốc hội",
        "Tổ chức chính quyền địa phương",
        datetime.date(2025, 3, 1),
        10,
        datetime.date(2025, 6, 15),
    ),
    (
        "luat",
        "72/2025/QH15",
        datetime.date(2025, 6, 16),
        "Quốc hội",
        "Tổ chức chính quyền địa phương",
        datetime.date(2025, 6, 16),
        10,
        None,
    ),
    (
        "luat",
        "06/2022/QH15",
        datetime.date(2022, 6, 15),
        "Quốc hội",
        "Thi đua, khen thưởng",
        datetime.date(2024, 1, 1),
        20,
        None,
    ),
    (
        "nghi_dinh",
        "98/2023/NĐ-CP",
        datetime.date(2023, 12, 31),
        "Chính phủ",
        "quy định chi tiết thi hành một số điều của Luật Thi đua, khen thưởng",
        datetime.date(2024, 1, 1),
        30,
        datetime.date(2025, 6, 30),
    ),
    (
        "nghi_dinh",
        "152/2025/NĐ-CP",
        datetime.date(2025, 6, 14),
        "Chính phủ",
        "quy định về phân cấp, phân quyền trong lĩnh vực thi đua, khen thưởng; quy định chi tiết và hướng dẫn "
        "thi hành một số điều của Luật Thi đua, khen thưởng",
        datetime.date(2025, 7, 1),
        30,
        None,
    ),
]


def load_reference_data(base_salary_model, legal_text_model) -> None:
    """The base salaries and legal texts every portal starts with (missing rows only: what an admin
    edited is kept). Takes the model classes so the data migration can pass its historical ones."""
    for amount, day, basis in BASE_SALARIES:
        base_salary_model.objects.get_or_create(effective_from=day, defaults={"amount": amount, "legal_basis": basis})
    for kind, number, issued_on, issuer, name, in_force_from, position, in_force_to in LEGAL_TEXTS:
        legal_text_model.objects.get_or_create(
            number=number,
            defaults={
                "kind": kind,
                "issued_on": issued_on,
                "issuer": issuer,
                "name": name,
                "in_force_from": in_force_from,
                "in_force_to": in_force_to,
                "position": position,
            },
        )
