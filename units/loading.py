"""Bringing trees of registry units in line with a description of them, in a bounded number of queries.

`sync_trees` takes UnitSpec trees (built by units.provinces) and, inside the caller's transaction,
finds each spec's unit, creates what is missing (bulk, one depth at a time), updates what differs
(one bulk update), links successors and adds missing aliases. Running it again with the same specs
reads three queries' worth of rows and writes nothing.

A spec finds its unit by, in order: the official code among its parent's children; the name among
its parent's children; for units of the provincial template, the name anywhere in the tree when
only one unit has it (staff may have placed "Tỉnh Đoàn" elsewhere; it is not moved). Units the
specs do not name (added by staff or by fixtures) are left as they are, and so are aliases.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import F, Q

from .models import Unit, UnitAlias, UnitKind
from .text import clean, fold

FIELDS = ("name", "short_name", "kind", "level", "code", "active_from", "active_to")


@dataclass(eq=False)
class UnitSpec:
    name: str
    kind: str
    level: str
    short_name: str = ""
    code: str = ""
    active_from: datetime.date | None = None
    active_to: datetime.date | None = None
    aliases: list[str] = field(default_factory=list)
    children: list["UnitSpec"] = field(default_factory=list)
    successor: "UnitSpec | None" = None
    # Template bodies: found by name anywhere in the tree when their parent has no such child.
    find_in_tree: bool = False
    unit: Unit | None = field(default=None, repr=False)

    def __post_init__(self):
        self.name = clean(self.name)
        self.short_name = clean(self.short_name)

    def values(self) -> dict:
        return {name: getattr(self, name) for name in FIELDS}

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class SyncResult:
    created: int = 0
    changed: int = 0
    aliases: int = 0

    @property
    def nothing_changed(self) -> bool:
        return not (self.created or self.changed or self.aliases)


class _Sync:
    def __init__(self, roots: list[UnitSpec]):
        self.roots = roots
        self.specs = [spec for root in roots for spec in root.walk()]
        self.result = SyncResult()
        self.claimed: set[int] = set()
        self.changed: dict[int, Unit] = {}
        self.changed_fields: set[str] = set()
        self.resaved: dict[int, Unit] = {}
        self.to_create: dict[int, list[UnitSpec]] = defaultdict(list)  # depth -> specs
        self.created: set[int] = set()

    def run(self) -> SyncResult:
        self._lock()
        existing_roots = self._find_roots()
        units = list(Unit.objects.filter(tree_root_id__in=[u.pk for u in existing_roots]))
        self.children = defaultdict(list)
        self.in_tree = defaultdict(list)
        for unit in units:
            self.children[unit.parent_id].append(unit)
            self.in_tree[(unit.tree_root_id, unit.name)].append(unit)
        self.aliases = set(
            UnitAlias.objects.filter(unit__tree_root_id__in=[u.pk for u in existing_roots]).values_list(
                "unit_id", "search_name"
            )
        )
        for spec in self.roots:
            if spec.unit is not None:
                self._update(spec)
            else:
                self.to_create[0].append(spec)
            self.tree_root = spec.unit.pk if spec.unit is not None else None
            self._match_children(spec, spec.unit, depth=1)
        self._create()
        self._save_changes()
        self._link_successors()
        self._add_aliases()
        self.result.changed = len(self.changed.keys() | self.resaved.keys())
        return self.result

    def _lock(self):
        # Two admins loading the same province at once would both create its units.
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(hashtext('units.load_units'))")

    def _find_roots(self) -> list[Unit]:
        names = [spec.name for spec in self.roots]
        codes = [spec.code for spec in self.roots if spec.code]
        candidates = list(Unit.objects.filter(Q(name__in=names) | Q(code__in=codes), parent__isnull=True))
        found = []
        for spec in self.roots:
            # A province keeps its name across a package upgrade far more surely than an old and a
            # new province keep apart their codes (new Bắc Ninh has old Bắc Giang's 24): the name
            # first, then the code of a root of the same era (active, or closed on the same day).
            same = [u for u in candidates if u.name == spec.name and u.pk not in self.claimed]
            same = same or [
                u
                for u in candidates
                if spec.code and u.code == spec.code and u.active_to == spec.active_to and u.pk not in self.claimed
            ]
            if same:
                spec.unit = min(same, key=lambda u: u.pk)
                self.claimed.add(spec.unit.pk)
                found.append(spec.unit)
        return found

    def _match_children(self, parent_spec: UnitSpec, parent: Unit | None, depth: int) -> None:
        """Find the units of the specs below `parent_spec` (whose unit is `parent`, None when it
        is still to be created): a new MTTQ may find a "Tỉnh Đoàn" staff put under the UBND."""
        for spec in parent_spec.children:
            unit = self._find(spec, parent)
            if unit is None:
                self.to_create[depth].append(spec)
            else:
                spec.unit = unit
                self.claimed.add(unit.pk)
                self._update(spec)
            self._match_children(spec, unit, depth + 1)

    def _find(self, spec: UnitSpec, parent: Unit | None) -> Unit | None:
        if parent is not None:
            siblings = [u for u in self.children.get(parent.pk, []) if u.pk not in self.claimed]
            if spec.code:
                same_code = [u for u in siblings if u.code == spec.code and u.level == spec.level]
                if same_code:
                    return same_code[0]
            same_name = [u for u in siblings if u.name == spec.name]
            if same_name:
                return same_name[0]
        if spec.find_in_tree and self.tree_root is not None:
            elsewhere = [u for u in self.in_tree.get((self.tree_root, spec.name), []) if u.pk not in self.claimed]
            if len(elsewhere) == 1:
                return elsewhere[0]
        return None

    def _update(self, spec: UnitSpec) -> None:
        unit = spec.unit
        differing = [name for name, value in spec.values().items() if getattr(unit, name) != value]
        if not differing:
            return
        for name in differing:
            setattr(unit, name, getattr(spec, name))
        if "kind" in differing:
            # Becoming (or ceasing to be) a UBND changes whose administration the units below
            # belong to: Unit.save walks the subtree.
            self.resaved[unit.pk] = unit
            return
        if "name" in differing:
            unit.search_name = fold(unit.name)
            differing.append("search_name")
        self.changed[unit.pk] = unit
        self.changed_fields.update(differing)

    def _create(self) -> None:
        for spec in self.to_create.get(0, []):
            unit = Unit(**spec.values())
            unit.save()  # a new root: save() points tree_root and local_government at itself
            spec.unit = unit
            self.created.add(unit.pk)
        parents = {id(child): spec for spec in self.specs for child in spec.children}
        depth = 1
        while self.to_create.get(depth):
            specs = self.to_create[depth]
            units = []
            for spec in specs:
                parent = parents[id(spec)].unit
                unit = Unit(**spec.values(), parent=parent, search_name=fold(spec.name))
                unit.tree_root_id = parent.tree_root_id or parent.pk
                unit.local_government_id = parent.local_government_id
                if spec.successor is not None and spec.successor.unit is not None:
                    unit.successor_id = spec.successor.unit.pk
                units.append(unit)
            Unit.objects.bulk_create(units, batch_size=1000)
            # A UBND is its own administration, and its id is known only now.
            committees = [u for u in units if u.kind == UnitKind.PEOPLES_COMMITTEE]
            if committees:
                Unit.objects.filter(pk__in=[u.pk for u in committees]).update(local_government_id=F("pk"))
                for unit in committees:
                    unit.local_government_id = unit.pk
            for spec, unit in zip(specs, units, strict=True):
                spec.unit = unit
                unit._loaded_place = unit._place_in_tree
                self.created.add(unit.pk)
            depth += 1
        self.result.created = len(self.created)

    def _save_changes(self) -> None:
        if self.changed:
            Unit.objects.bulk_update(list(self.changed.values()), sorted(self.changed_fields), batch_size=1000)
        for unit in self.resaved.values():
            unit.save()

    def _link_successors(self) -> None:
        relinked = []
        for spec in self.specs:
            wanted = spec.successor.unit.pk if spec.successor is not None else None
            if spec.unit.successor_id != wanted:
                spec.unit.successor_id = wanted
                relinked.append(spec.unit)
                if spec.unit.pk not in self.created:
                    self.changed.setdefault(spec.unit.pk, spec.unit)
        if relinked:
            Unit.objects.bulk_update(relinked, ["successor"], batch_size=1000)

    def _add_aliases(self) -> None:
        new = []
        for spec in self.specs:
            for alias in spec.aliases:
                name = clean(alias)
                key = (spec.unit.pk, fold(name))
                if name and key not in self.aliases:
                    self.aliases.add(key)
                    new.append(UnitAlias(unit=spec.unit, name=name, search_name=key[1]))
        if new:
            UnitAlias.objects.bulk_create(new, batch_size=2000)
        self.result.aliases = len(new)


def sync_trees(roots: list[UnitSpec]) -> SyncResult:
    """Create or update the units of `roots` (call inside a transaction); what it created and changed."""
    return _Sync(roots).run()
