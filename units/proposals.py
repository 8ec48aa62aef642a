"""What a unit name a plan prints, unknown to the registry, would be as a new unit: its kind and
the unit it would sit under, proposed from the words of the name and from the plan's issuer.

"Phòng Văn hóa - Xã hội" in a commune's plan is an office (phòng) of the commune's UBND; "Sở Du
lịch" is a department of the province's UBND whatever the level of the plan; "UBND xã Tân Tiến" a
commune's committee under the province; "Trường THCS Đông Kết" a school of the issuer's
administration. Phrases that name several units ("Các thôn", "Các cơ quan, đơn vị liên quan")
get no proposal: they stay text. A person confirms or edits every proposal before a unit is made.
"""

import re
from dataclasses import dataclass

from .matching import normalize_name
from .models import Unit, UnitKind, UnitLevel

_COLLECTIVE = re.compile(
    r"^(?:cac|nhung|toan the|toan|moi|mot so|tat ca)\b|\blien quan\b|\bva cac\b|\bcum\b|\bkhoi thi dua\b"
)
_LOCAL_COMMITTEE = re.compile(r"^uy ban nhan dan (?:xa|phuong|dac khu|thi tran) \S")
# (pattern on the normalised name, kind), first match wins.
_KINDS = [
    (r"^so\b", UnitKind.DEPARTMENT),
    (r"^hoi dong nhan dan\b", UnitKind.PEOPLES_COUNCIL),
    (r"^(?:thuong truc )?hoi dong\b", UnitKind.COUNCIL),
    (
        r"^(?:dang uy|dang bo|chi bo|ban thuong vu|tinh uy|thanh uy|huyen uy|"
        r"ban (?:tuyen giao|dan van|to chuc|kiem tra))\b",
        UnitKind.PARTY,
    ),
    (
        r"^(?:uy ban mat tran to quoc|mat tran to quoc|doan thanh nien|doan tncs|lien doan lao dong|cong doan|"
        r"hoi (?:lien hiep phu nu|nong dan|cuu chien binh|chu thap do|nguoi cao tuoi|khuyen hoc)|chi hoi)\b",
        UnitKind.MASS_ORGANISATION,
    ),
    (r"^(?:phong|ban|van phong)\b", UnitKind.OFFICE),
    (r"^truong\b", UnitKind.SCHOOL),
    (r"^(?:bao|dai phat thanh|dai truyen thanh|dai pt th)\b", UnitKind.PRESS),
    (r"^(?:cong ty|tong cong ty|ngan hang|hop tac xa|quy tin dung)\b", UnitKind.ENTERPRISE),
]


@dataclass
class Proposal:
    name: str
    kind: str
    parent: Unit
    level: str


def level_under(parent: Unit, kind: str) -> str:
    """The level of a new unit under `parent`: a commune's committee under the province is a
    commune's; any other unit shares its parent's level."""
    if kind == UnitKind.PEOPLES_COMMITTEE and parent.level == UnitLevel.PROVINCE:
        return UnitLevel.COMMUNE
    return parent.level


class Proposer:
    """Proposals for the names of one plan: `issuer` its issuing unit, `root` its tree's root."""

    def __init__(self, issuer: Unit, root: Unit, committees: list[Unit] = ()):
        self.issuer = issuer
        self.root = root
        self.committee = next((c for c in committees if c.pk == issuer.local_government_id), None) or issuer
        # The communes' committees by their place ("khoai chau"), to seat "Trường Tiểu học xã Khoái Châu".
        self.places = {}
        for committee in committees:
            place = committee.committee_place
            if place and committee.parent_id is not None:
                self.places.setdefault((normalize_name(place[0]), normalize_name(place[1])), committee)

    def propose(self, text: str) -> Proposal | None:
        key = normalize_name(text)
        if not key or _COLLECTIVE.search(key):
            return None
        if _LOCAL_COMMITTEE.match(key):
            return Proposal(text, UnitKind.PEOPLES_COMMITTEE, self.root, UnitLevel.COMMUNE)
        kind = next((kind for pattern, kind in _KINDS if re.search(pattern, key)), UnitKind.OTHER)
        parent = self.root if kind == UnitKind.DEPARTMENT else self._parent_by_place(key)
        return Proposal(text, kind, parent, level_under(parent, kind))

    def _parent_by_place(self, key: str) -> Unit:
        root_place = self.root.committee_place
        if root_place and (
            key.endswith(f" {normalize_name(root_place[0])}") or key.endswith(f" {normalize_name(root_place[1])}")
        ):
            return self.root  # "… tỉnh", "… tỉnh Hưng Yên"
        for (level, place), committee in self.places.items():
            if key.endswith(f" {level} {place}"):
                return committee  # "Trường Mầm non xã Khoái Châu"
        return self.committee
