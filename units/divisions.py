"""Vietnam's administrative divisions before and after the 2025 reform, read from two pinned packages.

- `vietnam-provinces`: the statistics office's list after the rearrangement of 01/07/2025 (34
  provinces and centrally-run cities; 3,321 communes, wards and special zones; no districts), with
  the official codes. It is the authority for names and codes.
- `vietnamadminunits`: the 63 provinces with their districts and communes as they were until
  30/06/2025 (legacy codes), and its table of which new commune took each old one.

Only vietnamadminunits' data files are read (its SQLite file and conversion table), never its
address parser: importing that pulls in geopy and shapely, and converting an address with a street
geocodes it over the network. Nothing here touches the network.

The two packages spell some names differently ("Thuận Hoà" / "Thuận Hòa", "Ea H'Leo" /
"Ea H’Leo") and number 114 new communes differently, so new communes are joined by name within the
province, and the codes always come from vietnam-provinces.
"""

import importlib.util
import json
import re
import sqlite3
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from vietnam_provinces import Province as PackageProvince
from vietnam_provinces import VietNamDivisionType, Ward

from .text import fold

CITY = "thành phố"
PROVINCE = "tỉnh"


@dataclass(frozen=True)
class Division:
    code: str  # "33", "11953"; "323" for a former district
    kind: str  # lower case: "tỉnh", "thành phố", "xã", "phường", "đặc khu", "huyện", "thị trấn", …
    name: str  # without the kind: "Hưng Yên", "Phố Hiến"
    full_name: str  # as the package writes it: "Phường Phố Hiến", "Thành phố Hà Nội"


@dataclass(frozen=True)
class FormerCommune:
    division: Division
    successor_code: str | None  # the new commune that took it (the main one if it was split)


@dataclass(frozen=True)
class FormerDistrict:
    division: Division
    communes: tuple[FormerCommune, ...]
    # A district that became one commune or special zone whole (Côn Đảo, Phú Quốc, Vân Đồn…);
    # None when its communes went to several.
    successor_code: str | None


@dataclass(frozen=True)
class FormerProvince:
    division: Division
    districts: tuple[FormerDistrict, ...]


@dataclass(frozen=True)
class ProvinceDivisions:
    province: Division
    communes: tuple[Division, ...]
    # The former province whose name the new one keeps (its UBND goes on being the same unit),
    # and the ones merged into it (Thái Bình into Hưng Yên).
    continuing: FormerProvince | None
    merged: tuple[FormerProvince, ...]

    @property
    def is_city(self) -> bool:
        return self.province.kind == CITY


class UnknownProvince(ValueError):
    pass


def _split_kind(full_name: str, kind: str) -> str:
    if full_name.lower().startswith(kind.lower() + " "):
        return full_name[len(kind) :].strip()
    return full_name


def _province_division(province: PackageProvince) -> Division:
    kind = CITY if province.division_type == VietNamDivisionType.THANH_PHO_TRUNG_UONG else PROVINCE
    return Division(f"{int(province.code):02d}", kind, _split_kind(province.name, kind), province.name)


def _commune_division(ward: Ward) -> Division:
    kind = ward.division_type.value
    return Division(f"{int(ward.code):05d}", kind, _split_kind(ward.name, kind), ward.name)


@cache
def provinces() -> tuple[Division, ...]:
    """The 34 provinces and centrally-run cities, by code."""
    return tuple(sorted((_province_division(p) for p in PackageProvince.iter_all()), key=lambda d: d.code))


def _province_key(text: str) -> str:
    key = fold(text).replace(".", " ")
    key = re.sub(r"^(?:tinh|thanh pho|tp)\s+", "", " ".join(key.split()))
    return key


def find_province(text: str) -> Division:
    """The province named `text`: "Hà Nội", "thanh pho ha noi", "Tỉnh Hưng Yên", "33" or "1".

    A province merged away in 2025 or an unknown name raises UnknownProvince with a message
    saying which names are accepted."""
    text = (text or "").strip()
    if text.isdigit():
        found = [p for p in provinces() if int(p.code) == int(text)]
    else:
        found = [p for p in provinces() if _province_key(p.name) == _province_key(text)]
    if found:
        return found[0]
    merged_into = _merged_province_names().get(_province_key(text))
    if merged_into:
        former, current = merged_into
        raise UnknownProvince(
            f"{former} đã sáp nhập vào {current.kind} {current.name} từ 01/07/2025 "
            f"(Nghị quyết 202/2025/QH15). Hãy nạp “{current.name}”: các đơn vị của {former} được nạp kèm, "
            "hoạt động đến 30/06/2025."
        )
    accepted = ", ".join(f"{p.name} ({p.code})" for p in sorted(provinces(), key=lambda p: fold(p.name)))
    raise UnknownProvince(
        f"Không có tỉnh, thành phố nào tên “{text}” trong danh mục sau ngày 01/07/2025. "
        f"Nhập tên (có hoặc không dấu, có hoặc không có “Tỉnh”/“Thành phố”) hoặc mã của một trong: {accepted}."
    )


# --- vietnamadminunits' data -------------------------------------------------------------------


def _admin_units_data() -> Path:
    # find_spec locates the package without running its __init__ (which imports the parser).
    spec = importlib.util.find_spec("vietnamadminunits")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("Chưa cài gói vietnamadminunits (xem requirements.txt).")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def _query(sql: str, params=()) -> list[dict]:
    path = _admin_units_data() / "dataset.db"
    # immutable: a file inside site-packages, read only, never locked or journalled.
    with sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True) as connection:
        connection.row_factory = sqlite3.Row
        return [dict(row) for row in connection.execute(sql, params)]


@cache
def _conversion() -> dict:
    return json.loads((_admin_units_data() / "converter_2025.json").read_text(encoding="utf-8"))


@cache
def _new_province_keys() -> dict[str, str]:
    """Our province code ("33") -> vietnamadminunits' key ("tinhhungyen")."""
    rows = _query("SELECT DISTINCT provinceCode, provinceKey FROM admin_units")
    return {f"{int(row['provinceCode']):02d}": row["provinceKey"] for row in rows}


@cache
def _merged_province_names() -> dict[str, tuple[str, Division]]:
    """Folded short name of a province merged away ("thai binh") -> ("Tỉnh Thái Bình", Hưng Yên)."""
    by_key = {key: code for code, key in _new_province_keys().items()}
    new_by_code = {p.code: p for p in provinces()}
    names = {}
    rows = _query("SELECT DISTINCT province, provinceShort, provinceKey FROM admin_units_legacy")
    legacy = {row["provinceKey"]: row for row in rows}
    for new_key, old_keys in _conversion()["DICT_PROVINCE"].items():
        current = new_by_code[by_key[new_key]]
        for old_key in old_keys:
            if old_key != new_key and old_key in legacy:
                row = legacy[old_key]
                names[_province_key(row["provinceShort"])] = (row["province"], current)
    return names


def _name_key(name: str) -> str:
    return re.sub(r"\W", "", fold(name))


def _exact_key(name: str) -> str:
    return re.sub(r"\W", "", unicodedata.normalize("NFC", name).lower())


def _new_commune_codes(province_code: str, communes: tuple[Division, ...]) -> dict[str, str]:
    """vietnamadminunits' key of each new commune ("phuongphohien") -> its official code."""
    by_name, by_exact = defaultdict(list), {}
    for commune in communes:
        by_name[_name_key(commune.full_name)].append(commune)
        by_exact[_exact_key(commune.full_name)] = commune
    codes = {}
    for row in _query("SELECT ward, wardKey FROM admin_units WHERE provinceCode = ?", (province_code,)):
        same_name = by_name.get(_name_key(row["ward"]), [])
        commune = same_name[0] if len(same_name) == 1 else by_exact.get(_exact_key(row["ward"]))
        if commune is not None:
            codes[row["wardKey"]] = commune.code
    return codes


def _former_provinces(new_key: str, new_codes: dict[str, str]) -> list[FormerProvince]:
    conversion = _conversion()
    old_keys = conversion["DICT_PROVINCE"].get(new_key, [])
    # "tinhhungyen_huyenvanlam_xadinhdu" -> the new commune's key.
    successors = {
        old: new_ward
        for new_ward, olds in conversion["DICT_PROVINCE_WARD_NO_DIVIDED"].get(new_key, {}).items()
        for old in olds
    }
    for old, new_wards in conversion["DICT_PROVINCE_WARD_DIVIDED"].get(new_key, {}).items():
        successors[old] = next(ward["newWardKey"] for ward in new_wards if ward["isDefaultNewWard"])
    if not old_keys:
        return []
    marks = ",".join("?" * len(old_keys))
    rows = _query(
        "SELECT province, provinceKey, provinceCode, district, districtShort, districtType, districtKey,"
        " districtCode, ward, wardShort, wardType, wardKey, wardCode"
        f" FROM admin_units_legacy WHERE provinceKey IN ({marks})"
        " ORDER BY provinceCode, districtCode, wardCode",
        tuple(old_keys),
    )
    provinces_rows: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        provinces_rows[row["provinceKey"]].append(row)
    result = []
    for old_key in old_keys:
        rows = provinces_rows.get(old_key)
        if not rows:
            continue
        first = rows[0]
        kind = CITY if first["province"].lower().startswith(CITY) else PROVINCE
        province = Division(
            f"{int(first['provinceCode']):02d}", kind, _split_kind(first["province"], kind), first["province"]
        )
        districts: dict[str, list[dict]] = defaultdict(list)
        for row in rows:
            districts[row["districtKey"]].append(row)
        result.append(
            FormerProvince(
                province, tuple(_former_district(rows, successors, new_codes) for rows in districts.values())
            )
        )
    return result


def _former_district(rows: list[dict], successors: dict[str, str], new_codes: dict[str, str]) -> FormerDistrict:
    first = rows[0]
    kind = first["districtType"].lower()
    district = Division(
        f"{int(first['districtCode']):03d}",
        kind,
        first["districtShort"],
        f"{first['districtType']} {first['districtShort']}",
    )
    communes = []
    taken_by = set()
    for row in rows:
        old_key = f"{row['provinceKey']}_{row['districtKey']}_{row['wardKey'] or ''}"
        successor = new_codes.get(successors.get(old_key, ""))
        taken_by.add(successor)
        if not row["ward"]:  # an island district with no commune (Bạch Long Vĩ, Côn Đảo…)
            continue
        ward_kind = row["wardType"].lower()
        division = Division(
            f"{int(row['wardCode']):05d}", ward_kind, row["wardShort"], f"{row['wardType']} {row['wardShort']}"
        )
        communes.append(FormerCommune(division, successor))
    whole = next(iter(taken_by)) if len(taken_by) == 1 else None
    return FormerDistrict(district, tuple(communes), whole)


def province_divisions(province: Division) -> ProvinceDivisions:
    """The province's communes after the reform and the former provinces it was made of."""
    communes = tuple(
        sorted(
            (_commune_division(w) for w in Ward.iter_by_province(int(province.code))),
            key=lambda d: d.code,
        )
    )
    new_key = _new_province_keys().get(province.code)
    former = _former_provinces(new_key, _new_commune_codes(province.code, communes)) if new_key else []
    same_name = [p for p in former if _province_key(p.division.name) == _province_key(province.name)]
    continuing = same_name[0] if same_name else None
    merged = tuple(p for p in former if p is not continuing)
    return ProvinceDivisions(province, communes, continuing, merged)
