"""Benchmark for `load_units`, one command, ratios measured in the same run:

    DATABASE_URL=postgres://... .venv/bin/python bench/load_units.py [--province NAME] [--runs 3]

Loads the province with the most communes (Thành phố Hồ Chí Minh: 168 communes, wards and special
zones, and the 800-odd units of the three provinces merged into it) into an empty registry, then
loads it again (nothing to change), and compares the first load with a plain bulk insert of the
same rows (units with their parents, then aliases: what any loader has to write at least).

Prints seconds (median of --runs) and the ratio load_units / bulk insert.
Works on a throwaway database ("<name>_bench", created and dropped here), never on yours.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tdkt_portal.settings")
os.environ.setdefault("DEBUG", "true")  # a development run: demo secret key, plain static files

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


def largest_province():
    from units.divisions import province_divisions, provinces

    return max(provinces(), key=lambda province: len(province_divisions(province).communes))


def wipe():
    from units.models import Unit, UnitAlias

    UnitAlias.objects.all().delete()
    Unit.objects.update(successor=None, parent=None, tree_root=None, local_government=None)
    Unit.objects.all().delete()


def snapshot():
    """The rows load_units wrote, as (pk, unit fields, parent pk, aliases), parents before children."""
    from units.models import Unit

    units = list(Unit.objects.prefetch_related("aliases"))
    by_pk = {unit.pk: unit for unit in units}
    rows = []
    for unit in sorted(units, key=lambda u: _depth(u, by_pk)):
        fields = {
            name: getattr(unit, name)
            for name in ("name", "short_name", "kind", "level", "code", "active_from", "active_to", "search_name")
        }
        rows.append((unit.pk, fields, unit.parent_id, [(a.name, a.search_name) for a in unit.aliases.all()]))
    return rows


def _depth(unit, by_pk):
    depth = 0
    while unit.parent_id:
        unit = by_pk[unit.parent_id]
        depth += 1
    return depth


def bulk_insert(rows):
    """The baseline: the same units and aliases, inserted with bulk_create one depth at a time."""
    from units.models import Unit, UnitAlias

    new_pk = {}
    by_depth = {}
    depth_of = {}
    for old_pk, _, parent_id, _ in rows:
        depth_of[old_pk] = 0 if parent_id is None else depth_of[parent_id] + 1
        by_depth.setdefault(depth_of[old_pk], []).append(old_pk)
    fields_of = {old_pk: (fields, parent_id, aliases) for old_pk, fields, parent_id, aliases in rows}
    with transaction.atomic():
        for depth in sorted(by_depth):
            batch = [Unit(**fields_of[pk][0], parent_id=new_pk.get(fields_of[pk][1])) for pk in by_depth[depth]]
            Unit.objects.bulk_create(batch, batch_size=1000)
            new_pk.update({old: unit.pk for old, unit in zip(by_depth[depth], batch, strict=True)})
        UnitAlias.objects.bulk_create(
            [
                UnitAlias(unit_id=new_pk[pk], name=name, search_name=search)
                for pk, (_, _, aliases) in fields_of.items()
                for name, search in aliases
            ],
            batch_size=2000,
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--province", help="tên hoặc mã tỉnh (mặc định: tỉnh có nhiều xã nhất)")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    from units.divisions import find_province, province_divisions
    from units.models import Unit, UnitAlias
    from units.services import load_province

    test_settings = connection.settings_dict.setdefault("TEST", {})
    test_settings["NAME"] = f"{connection.settings_dict['NAME']}_bench" if connection.vendor != "sqlite" else None
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        province = find_province(args.province) if args.province else largest_province()
        divisions = province_divisions(province)
        first, again, baseline = [], [], []
        for _ in range(args.runs):
            wipe()
            started = time.perf_counter()
            load = load_province(actor=None, province=province)
            first.append(time.perf_counter() - started)
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                load_province(actor=None, province=province)
                again.append(time.perf_counter() - started)
            rows = snapshot()
            counts = (Unit.objects.count(), UnitAlias.objects.count())
            wipe()
            started = time.perf_counter()
            bulk_insert(rows)
            baseline.append(time.perf_counter() - started)
            assert (Unit.objects.count(), UnitAlias.objects.count()) == counts
        trees = Unit.objects.filter(parent__isnull=True).count()
        first_s, again_s, base_s = (statistics.median(x) for x in (first, again, baseline))
        print(
            f"{province.full_name}: {len(divisions.communes)} xã, phường, đặc khu; "
            f"{counts[0]} đơn vị trong {trees} cây, {counts[1]} tên gọi khác ({load.summary} ở lần nạp đầu)"
        )
        print(f"load_units, registry empty:      {first_s:.3f} s (median of {args.runs})")
        print(f"load_units again, nothing to do: {again_s:.3f} s, {len(queries)} queries")
        print(f"plain bulk insert, same rows:    {base_s:.3f} s")
        print(f"ratio load_units / bulk insert:  {first_s / base_s:.2f}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
