"""Benchmark: matching appendix unit cells against a big registry, ours vs a plain dictionary.

    DATABASE_URL=postgres://... .venv/bin/python bench/match_units.py [--cells 5000] [--units 4000] [--runs 3]

Loads the province with the most communes (Thành phố Hồ Chí Minh) with `load_units`, then adds
schools under its communes until its tree holds --units units. Writes --cells unit cells the way
plans write them: full names, abbreviations ("UBND phường Bến Thành", "Sở GD&ĐT"), aliases, the
plan's own short forms ("UBND Thành phố", "VP UBND TP"), names of units closed by the 2025 reform,
and collective phrases that name no unit ("Các cơ quan, đơn vị liên quan").

Prints, measured in this one run (medians of --runs):

  ours / dict lookup          `UnitMatcher.match` on every cell, divided by a plain dictionary
                              lookup of the same cells (folded text -> unit, names and aliases)
  ours without suggestions    the same, without the closest units offered for unmatched text
                              (what the import's write does), divided by the dictionary
  building the matcher        reading and indexing the tree, once per import
  and how many cells each links, and how many links differ from the unit the cell was made from
  (a wrong link is a defect; the dictionary has no way to say "ambiguous").

Works on a throwaway database ("<name>_bench", created and dropped here), never on yours.
"""

import argparse
import datetime
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tdkt_portal.settings")
os.environ.setdefault("DEBUG", "true")  # a development run: demo secret key, plain static files

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

PHRASES = [
    "Các cơ quan, đơn vị liên quan",
    "Các sở, ban, ngành, đoàn thể",
    "UBND các xã, phường, đặc khu",
    "Các Cụm, Khối thi đua",
    "Các địa phương, đơn vị có tên trong Kế hoạch",
]
OWN_FORMS = {
    "UBND Thành phố": "Ủy ban nhân dân thành phố Hồ Chí Minh",
    "VP UBND TP": "Văn phòng Ủy ban nhân dân thành phố",
    "HĐND thành phố": "Hội đồng nhân dân thành phố Hồ Chí Minh",
    "Sở GD&ĐT": "Sở Giáo dục và Đào tạo",
    "Sở GDĐT": "Sở Giáo dục và Đào tạo",
    "Sở NN&MT": "Sở Nông nghiệp và Môi trường",
    "Ban TĐKT thành phố": "Ban Thi đua - Khen thưởng",
}
SCHOOLS = ["Trường Mầm non", "Trường Tiểu học", "Trường Trung học cơ sở", "Trạm Y tế"]


def registry(units_wanted: int):
    from units.divisions import province_divisions, provinces
    from units.models import Unit, UnitKind, UnitLevel
    from units.services import load_province

    province = max(provinces(), key=lambda p: len(province_divisions(p).communes))
    root = load_province(actor=None, province=province).root
    communes = list(Unit.objects.filter(parent=root, level=UnitLevel.COMMUNE, active_to__isnull=True))
    have = Unit.objects.filter(tree_root_id=root.pk).count()
    extra = []
    for index in range(max(0, units_wanted - have)):
        commune = communes[index % len(communes)]
        place = commune.name.split(" ", 4)[-1]  # "Ủy ban nhân dân phường Bến Thành" -> "Bến Thành"
        kind = SCHOOLS[(index // len(communes)) % len(SCHOOLS)]
        number = index // (len(communes) * len(SCHOOLS))
        name = f"{kind} {place}" + (f" số {number + 1}" if number else "")
        extra.append(Unit(name=name, kind=UnitKind.SCHOOL, level=UnitLevel.COMMUNE, parent=commune))
    for unit in extra:
        unit.save()  # Unit.save fills tree_root and local_government
    return root, Unit.objects.filter(tree_root_id=root.pk).count()


def cells(root, count: int, day: datetime.date, rng: random.Random) -> list[tuple[str, object]]:
    """(cell text, the unit it was written for or None). One cell in ten names a unit closed by
    the reform (the plan means its successor, or it is ambiguous among old communes)."""
    from units.models import Unit

    units = list(Unit.objects.filter(tree_root_id=root.pk).prefetch_related("aliases"))
    active = [unit for unit in units if unit.active_to is None or unit.active_to >= day]
    closed = [unit for unit in units if unit not in active]
    by_name = {unit.name: unit for unit in active if unit.kind != "truong"}
    written = []
    for _ in range(count):
        draw = rng.random()
        unit = rng.choice(closed if draw < 0.1 else active)
        # A 2026 plan naming an old commune whose new one kept the name means the new one.
        unit = by_name.get(unit.name, unit)
        if draw < 0.4:
            written.append((unit.name, unit))
        elif draw < 0.55 and unit.name.startswith("Ủy ban nhân dân "):
            written.append(("UBND " + unit.name[len("Ủy ban nhân dân ") :], unit))
        elif draw < 0.7 and unit.aliases.all():
            written.append((rng.choice(unit.aliases.all()).name, unit))
        elif draw < 0.85:
            text, name = rng.choice(list(OWN_FORMS.items()))
            written.append((text, by_name.get(name)))
        else:
            written.append((rng.choice(PHRASES), None))
    return written


def dictionary(root):
    from units.models import Unit
    from units.text import fold

    index = {}
    for unit in Unit.objects.filter(tree_root_id=root.pk).prefetch_related("aliases"):
        for name in [unit.name, unit.short_name, *(alias.name for alias in unit.aliases.all())]:
            if name:
                index.setdefault(fold(name), unit)
    return index


def timed(function, runs):
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cells", type=int, default=5000)
    parser.add_argument("--units", type=int, default=4000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--show", type=int, default=0, help="print this many ambiguous and wrong cells")
    args = parser.parse_args()

    from units.matching import UnitMatcher
    from units.text import fold

    class WithoutSuggestions(UnitMatcher):
        def closest(self, key):
            return []

    test_settings = connection.settings_dict.setdefault("TEST", {})
    test_settings["NAME"] = f"{connection.settings_dict['NAME']}_bench" if connection.vendor != "sqlite" else None
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        root, size = registry(args.units)
        day = datetime.date(2026, 1, 1)
        written = cells(root, args.cells, day, random.Random(args.seed))
        texts = [text for text, _ in written]

        build_s, matcher = timed(lambda: UnitMatcher.for_issuer(root, on=day), args.runs)
        plain = WithoutSuggestions.for_issuer(root, on=day)
        index = dictionary(root)
        ours_s, ours = timed(lambda: [matcher.match(text) for text in texts], args.runs)
        plain_s, _ = timed(lambda: [plain.match(text) for text in texts], args.runs)
        dict_s, looked_up = timed(lambda: [index.get(fold(text)) for text in texts], args.runs)

        def right(unit, meant):
            # The unit the cell was written for, or (for a unit closed before the plan's day) its successor.
            seen = set()
            while meant is not None and meant.pk not in seen:
                if unit.pk == meant.pk:
                    return True
                seen.add(meant.pk)
                meant = meant.successor
            return False

        def tally(linked):
            links = sum(unit is not None for unit in linked)
            wrong = sum(
                unit is not None and not right(unit, meant) for unit, (_, meant) in zip(linked, written, strict=True)
            )
            return links, wrong

        ours_links, ours_wrong = tally([result.unit for result in ours])
        dict_links, dict_wrong = tally(looked_up)
        meant = sum(unit is not None for _, unit in written)
        ambiguous = sum(result.problem == "ambiguous" for result in ours)
        print(
            f"{root.name}: {size} đơn vị trong cây; {len(texts)} ô ({len(set(texts))} khác nhau), "
            f"{meant} ô viết cho một đơn vị"
        )
        print(f"building the matcher:          {build_s * 1000:.0f} ms (median of {args.runs})")
        print(f"ours, with suggestions:        {ours_s * 1000:.0f} ms")
        print(f"ours, without suggestions:     {plain_s * 1000:.0f} ms")
        print(f"plain dict lookup:             {dict_s * 1000:.1f} ms")
        print(f"ratio ours / dict:             {ours_s / dict_s:.1f}")
        print(f"ratio ours (no sugg.) / dict:  {plain_s / dict_s:.1f}")
        print(
            f"cells linked: ours {ours_links} (wrong {ours_wrong}, ambiguous reported {ambiguous}); "
            f"dict {dict_links} (wrong {dict_wrong})"
        )
        shown = {"ambiguous": 0, "wrong": 0}
        for result, (text, meant) in zip(ours, written, strict=True):
            what = "wrong" if result.unit is not None and not right(result.unit, meant) else result.problem
            if what in shown and shown[what] < args.show:
                shown[what] += 1
                found = result.unit or [unit.name for unit in result.candidates]
                print(f"  {what}: {text!r} (viết cho {meant}) -> {found}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
