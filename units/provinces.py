"""A province's registry after the 2025 reform, as UnitSpec trees for units.loading.

One tree per province as it stands from 01/07/2025, rooted at its UBND:
- the provincial bodies of units/data/provincial_bodies.json (HĐND, Văn phòng UBND, the sở of
  Decree 45/2025/NĐ-CP, Ban Thi đua - Khen thưởng under Sở Nội vụ, Hội đồng TĐKT, Ủy ban MTTQ
  with its member organisations, Công an, Bộ Chỉ huy Quân sự), and the sở merged on 01/03/2025,
  closed on 28/02/2025 with the sở that took them as successor;
- one unit per commune, ward and special zone: its UBND (level xã, the official code), the unit
  that issues the commune's plans, as a district's UBND was before. Commune HĐNDs are not created;
- the former districts of the province whose name the new one keeps, closed on 30/06/2025, each
  with its former communes below it, likewise closed, each succeeded by the new commune that took
  it (the main one when it was split).

The province keeping its name keeps its UBND: "Ủy ban nhân dân tỉnh Hưng Yên" is one unit before
and after, so plans of 2024-2025 keep their issuer and links. Each province merged into it (Thái
Bình into Hưng Yên) gets a tree of its own, closed on 30/06/2025: its UBND, HĐND and bodies, each
succeeded by the same body of the new province, and its districts and communes as above.

A former district's successor is the new province's UBND: its functions went partly up to the
province's sở and partly down to several communes, and no one commune inherits its plans; only a
district that became one commune or special zone whole (Côn Đảo, Phú Quốc, Vân Đồn…) is
succeeded by it.
"""

import datetime
import json
from functools import cache
from pathlib import Path

from .divisions import CITY, Division, FormerProvince, ProvinceDivisions
from .loading import UnitSpec
from .models import UnitKind, UnitLevel

TEMPLATE = Path(__file__).parent / "data" / "provincial_bodies.json"
# Resolution 202/2025/QH15 and the resolutions rearranging communes took effect on 01/07/2025.
LAST_DAY_BEFORE_REFORM = datetime.date(2025, 6, 30)
REFORM_DAY = datetime.date(2025, 7, 1)
# Decree 45/2025/NĐ-CP: the merged sở started on 01/03/2025.
LAST_DAY_BEFORE_DEPARTMENT_MERGER = datetime.date(2025, 2, 28)


@cache
def template() -> dict:
    return json.loads(TEMPLATE.read_text(encoding="utf-8"))


def _fill(text: str, **places: str) -> str:
    for key, value in places.items():
        text = text.replace("{" + key + "}", value)
    return text


def _body(node: dict, place: Division, active_to, ids: dict[str, UnitSpec]) -> UnitSpec:
    cap = place.kind
    name = node.get("names_by_code", {}).get(place.code) or (
        node.get("name_city") if cap == CITY and node.get("name_city") else node["name"]
    )
    spec = UnitSpec(
        name=_fill(name, cap=cap, ten=place.name),
        short_name=_fill(node.get("short_name", ""), cap=cap, ten=place.name),
        kind=node["kind"],
        level=UnitLevel.PROVINCE,
        active_from=datetime.date.fromisoformat(node["active_from"]) if node.get("active_from") else None,
        active_to=active_to,
        aliases=[_fill(alias, cap=cap, ten=place.name) for alias in node.get("aliases", [])],
        find_in_tree=True,
    )
    if node.get("names_by_code", {}).get(place.code):
        spec.short_name = ""
    ids[node["id"]] = spec
    spec.children = [_body(child, place, active_to, ids) for child in node.get("children", [])]
    return spec


def _government(place: Division, *, active_to, current: bool) -> tuple[UnitSpec, dict[str, UnitSpec]]:
    """The UBND of `place` with its bodies; their specs by template id."""
    data = template()
    committee = data["committee"]
    root = UnitSpec(
        name=_fill(committee["name"], cap=place.kind, ten=place.name),
        short_name=_fill(committee["short_name"], cap=place.kind, ten=place.name),
        kind=UnitKind.PEOPLES_COMMITTEE,
        level=UnitLevel.PROVINCE,
        code=place.code,
        active_to=active_to,
        aliases=[_fill(alias, cap=place.kind) for alias in committee["aliases"]],
    )
    ids: dict[str, UnitSpec] = {}
    nodes = list(data["bodies"])
    if current:  # a sở of Article 9 only where the province has it today
        nodes += [node for node in data["special"] if place.code in node["provinces"]]
    root.children = [_body(node, place, active_to, ids) for node in nodes]
    for node in data["until_2025_03_01"]:
        spec = _body(node, place, LAST_DAY_BEFORE_DEPARTMENT_MERGER, ids)
        spec.successor = ids[node["successor"]]
        root.children.append(spec)
    return root, ids


def _local_committee(division: Division, level: str, **fields) -> UnitSpec:
    names = template()["local_committee"]
    return UnitSpec(
        name=_fill(names["name"], loai=division.kind, ten=division.name),
        short_name=_fill(names["short_name"], loai=division.kind, ten=division.name),
        kind=UnitKind.PEOPLES_COMMITTEE,
        level=level,
        code=division.code,
        aliases=[division.full_name],
        **fields,
    )


def _former_districts(province: FormerProvince, communes: dict[str, UnitSpec], new_root: UnitSpec) -> list[UnitSpec]:
    districts = []
    for district in province.districts:
        spec = _local_committee(
            district.division,
            UnitLevel.DISTRICT,
            active_to=LAST_DAY_BEFORE_REFORM,
            successor=communes.get(district.successor_code) or new_root,
        )
        spec.children = [
            _local_committee(
                commune.division,
                UnitLevel.COMMUNE,
                active_to=LAST_DAY_BEFORE_REFORM,
                successor=communes.get(commune.successor_code) or new_root,
            )
            for commune in district.communes
        ]
        districts.append(spec)
    return districts


def province_specs(divisions: ProvinceDivisions) -> list[UnitSpec]:
    """The trees `load_units` brings the registry in line with: the province's first, then one per
    province merged into it."""
    root, bodies = _government(divisions.province, active_to=None, current=True)
    communes = {
        commune.code: _local_committee(commune, UnitLevel.COMMUNE, active_from=REFORM_DAY)
        for commune in divisions.communes
    }
    root.children.extend(communes.values())
    if divisions.continuing is not None:
        root.children.extend(_former_districts(divisions.continuing, communes, root))
    trees = [root]
    for former in divisions.merged:
        old_root, old_bodies = _government(former.division, active_to=LAST_DAY_BEFORE_REFORM, current=False)
        old_root.successor = root
        for body_id, spec in old_bodies.items():
            if spec.active_to == LAST_DAY_BEFORE_REFORM:  # the sở merged in March keep their own successor
                spec.successor = bodies[body_id]
        old_root.children.extend(_former_districts(former, communes, root))
        trees.append(old_root)
    return trees
