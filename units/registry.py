"""Loading the unit registry from JSON trees (fixtures/demo/units.json).

Each node: {"name", "short_name"?, "kind"?, "level"? (inherited from the parent), "aliases"?,
"active_from"?, "active_to"? (ISO dates), "successor"? (name of a unit in the same tree),
"children"?}. A unit is identified by name and parent, so loading again updates fields and adds
missing aliases without duplicating anything; aliases staff added in the admin are kept.
"""

import datetime
import json
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from django.db import transaction

from activity.services import record
from common.fields import assign

from .models import Unit, UnitAlias, UnitKind, UnitLevel
from .text import clean, fold


def _walk(nodes: list[dict]) -> Iterator[dict]:
    for node in nodes:
        yield node
        yield from _walk(node.get("children", []))


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def _field_values(node: dict, parent: Unit | None) -> dict:
    values = {
        "short_name": clean(node.get("short_name", "")),
        "kind": node.get("kind", UnitKind.OTHER),
        "level": node.get("level") or (parent.level if parent else UnitLevel.PROVINCE),
        "active_from": _date(node.get("active_from")),
        "active_to": _date(node.get("active_to")),
    }
    if values["kind"] not in UnitKind.values:
        raise ValueError(f"{node['name']}: loại đơn vị không hợp lệ {values['kind']!r}")
    if values["level"] not in UnitLevel.values:
        raise ValueError(f"{node['name']}: cấp không hợp lệ {values['level']!r}")
    return values


class _RegistryLoader:
    def __init__(self, trees: list[dict]):
        names = {clean(node["name"]) for node in _walk(trees)}
        self.units = {(unit.parent_id, unit.name): unit for unit in Unit.objects.filter(name__in=names)}
        self.aliases = set(
            UnitAlias.objects.filter(unit__in=list(self.units.values())).values_list("unit_id", "search_name")
        )
        self.new_aliases: list[UnitAlias] = []
        self.successors: list[tuple[Unit, str]] = []
        self.tree_names: dict[int, dict[str, list[Unit]]] = defaultdict(lambda: defaultdict(list))
        self.created = 0
        self.changed = 0
        self.new_pks: set[int] = set()
        self.roots: list[Unit] = []

    def load(self, node: dict, parent: Unit | None, root: Unit | None) -> None:
        unit = self._save_unit(node, parent)
        if root is None:
            root = unit
            self.roots.append(unit)
        self.tree_names[root.pk][unit.name].append(unit)
        for alias in node.get("aliases", []):
            self._add_alias(unit, alias)
        if node.get("successor"):
            self.successors.append((unit, clean(node["successor"])))
        for child in node.get("children", []):
            self.load(child, unit, root)

    def _save_unit(self, node: dict, parent: Unit | None) -> Unit:
        name = clean(node["name"])
        values = _field_values(node, parent)
        unit = self.units.get((parent.pk if parent else None, name))
        if unit is None:
            unit = Unit(name=name, parent=parent, **values)
            unit.save()
            self.units[(unit.parent_id, unit.name)] = unit
            self.created += 1
            self.new_pks.add(unit.pk)
        elif any(getattr(unit, field) != value for field, value in values.items()):
            unit.parent = parent  # already known: saves the query Unit.save would make for tree_root
            assign(unit, values, values)
            unit.save()
            self.changed += 1
        return unit

    def _add_alias(self, unit: Unit, alias: str) -> None:
        name = clean(alias)
        key = (unit.pk, fold(name))
        if name and key not in self.aliases:
            self.aliases.add(key)
            self.new_aliases.append(UnitAlias(unit=unit, name=name, search_name=key[1]))

    def link_successors(self) -> None:
        for unit, successor_name in self.successors:
            matches = self.tree_names[unit.tree_root_id][successor_name]
            if len(matches) != 1:
                raise ValueError(f"{unit.name}: đơn vị kế thừa “{successor_name}” không xác định được trong cây")
            if unit.successor_id != matches[0].pk:
                unit.successor = matches[0]
                Unit.objects.filter(pk=unit.pk).update(successor=matches[0])
                if unit.pk not in self.new_pks:  # a new unit's successor is part of creating it
                    self.changed += 1

    def save_aliases(self) -> None:
        if self.new_aliases:
            UnitAlias.objects.bulk_create(self.new_aliases)


@transaction.atomic
def load_registry(trees: list[dict], *, actor=None) -> int:
    """Create or update the units of `trees` and their aliases; the number of units created.

    One activity row for the load, on the first tree's root, and only when something changed: a
    load that finds everything in place leaves no trace (as units.services.load_province)."""
    loader = _RegistryLoader(trees)
    for tree in trees:
        loader.load(tree, parent=None, root=None)
    loader.link_successors()
    loader.save_aliases()
    if loader.created or loader.changed or loader.new_aliases:
        record(
            actor=actor,
            action="unit.load_registry",
            summary=f"Nạp danh mục đơn vị ({', '.join(root.name for root in loader.roots)}): "
            f"{loader.created} đơn vị mới, {loader.changed} đơn vị cập nhật, "
            f"{len(loader.new_aliases)} tên gọi khác mới",
            target=loader.roots[0],
        )
    return loader.created


def load_registry_file(path: str | Path, *, actor=None) -> int:
    return load_registry(json.loads(Path(path).read_text(encoding="utf-8")), actor=actor)
