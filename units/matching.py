"""Linking the unit names plans print ("VP UBND tỉnh", "Sở GD&ĐT") to registry units.

A name links a unit only when it equals, after `normalize_name`, the unit's name, short name or
an alias. Anything else stays text, with the closest units offered as candidates: a guess would
turn collective phrases ("Các ngành, đơn vị liên quan") into wrong links.
"""

import datetime
import heapq
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from .models import Unit
from .text import clean, fold

# Folded abbreviation without punctuation -> full words. "GD&ĐT", "GD & ĐT" and "GDĐT" all fold to
# the key "gddt"; "VH,TT&DL" to "vhttdl".
ABBREVIATIONS = {
    "ubnd": "uy ban nhan dan",
    "hdnd": "hoi dong nhan dan",
    "ubmttq": "uy ban mat tran to quoc",
    "mttq": "mat tran to quoc",
    "tdkt": "thi dua khen thuong",
    "hdtdkt": "hoi dong thi dua khen thuong",
    "td": "thi dua",
    "hd": "hoi dong",
    "vp": "van phong",
    "gddt": "giao duc va dao tao",
    "vhttdl": "van hoa the thao va du lich",
    "khdt": "ke hoach va dau tu",
    "tnmt": "tai nguyen va moi truong",
    "nnptnt": "nong nghiep va phat trien nong thon",
    "nnmt": "nong nghiep va moi truong",
    "ldtbxh": "lao dong thuong binh va xa hoi",
    "khcn": "khoa hoc va cong nghe",
    "tttt": "thong tin va truyen thong",
    "gtvt": "giao thong van tai",
    "ptth": "phat thanh va truyen hinh",
    "ldld": "lien doan lao dong",
    "lhpn": "lien hiep phu nu",
    "ccb": "cuu chien binh",
    "dbsh": "dong bang song hong",
    "tp": "thanh pho",
    "tx": "thi xa",
    "dh": "dai hoc",
    "cd": "cao dang",
    "bch": "ban chap hanh",
    "tw": "trung uong",
    "ct": "chu tich",
    "pct": "pho chu tich",
}

# Words that open an instruction rather than a name ("Giao Sở Nội vụ", "Đề nghị Ban Tuyên giáo…").
# Compared before folding: "giao" (assign) has no accent, "Giáo hội…" keeps its first word.
LEADING_FILLERS = ("giao cho ", "giao ", "đề nghị ", "de nghi ")

MAX_CANDIDATES = 5
MIN_SIMILARITY = 0.4

_TRAILING_PARENTHETICAL = re.compile(r"\s*\([^()]*\)\s*$")
_SPACED_AMPERSAND = re.compile(r"\s*&\s*")
_NON_WORD = re.compile(r"[^\w&]+")
_BULLET = re.compile(r"^(?:[-+•–—*]\s*)+")
_TRAILING_PUNCTUATION = re.compile(r"[\s.;,]+$")
# A province or commune tree is rooted at its UBND; the place in that name ("tỉnh Hưng Yên") adds
# nothing to the names of units inside the tree ("Sở Nội vụ tỉnh Hưng Yên" is "Sở Nội vụ").


def _drop_leading_filler(text: str) -> str:
    for filler in LEADING_FILLERS:
        if text.startswith(filler) and len(text) > len(filler):
            return text[len(filler) :]
    return text


def _drop_trailing_parentheticals(text: str) -> str:
    # "(để b/c)", "(Cơ quan thường trực …)" say what the unit does here, not which unit it is.
    while (stripped := _TRAILING_PARENTHETICAL.sub("", text)) != text and stripped:
        text = stripped
    return text


def _expand_token(token: str) -> str:
    expansion = ABBREVIATIONS.get(re.sub(r"\W", "", token))
    if expansion:
        return expansion
    return _NON_WORD.sub(" ", token).replace("&", " va ")


def normalize_name(text: str | None) -> str:
    """Comparable form of a unit name: folded, punctuation-free, abbreviations spelled out."""
    text = _drop_trailing_parentheticals(_drop_leading_filler(clean(text).lower()))
    folded = _SPACED_AMPERSAND.sub("&", fold(text))
    return " ".join(" ".join(_expand_token(token) for token in folded.split()).split())


def _split_outside_parentheses(text: str, separators: str) -> list[str]:
    parts, current, depth = [], [], 0
    for char in text:
        if char == "(":
            depth += 1
        elif char == ")" and depth:
            depth -= 1
        if char in separators and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def _tidy_piece(piece: str) -> str:
    return _TRAILING_PUNCTUATION.sub("", _BULLET.sub("", piece.strip())).strip()


def split_unit_cell(text: str | None) -> list[str]:
    """The names in one appendix cell: split on ";" and line breaks, never on commas."""
    pieces = (_tidy_piece(piece) for piece in _split_outside_parentheses(clean(text), ";\n"))
    return [piece for piece in pieces if piece]


@dataclass
class MatchResult:
    text: str
    unit: Unit | None
    how: str  # "exact" | "alias" | "unresolved"
    candidates: list[Unit] = field(default_factory=list)

    @property
    def resolved(self) -> bool:
        return self.unit is not None


def _similarity(a: str, b: str) -> float:
    tokens_a, tokens_b = set(a.split()), set(b.split())
    overlap = len(tokens_a & tokens_b) / len(tokens_a | tokens_b)
    return (overlap + SequenceMatcher(None, a, b).ratio()) / 2


def _place_suffixes(committee: Unit) -> list[str]:
    place = committee.committee_place
    if place is None:
        return []
    level, name = (normalize_name(part) for part in place)
    return [f" {level} {name}", f" {name}", f" {level}"]


class _KeyScorer:
    """A unit key's tokens and length, and its SequenceMatcher (the key as the second sequence,
    which difflib indexes), made the first time a name comes close enough to need it."""

    __slots__ = ("key", "tokens", "length", "_matcher")

    def __init__(self, key: str):
        self.key = key
        self.tokens = set(key.split())
        self.length = len(key)
        self._matcher = None

    def matcher(self, name_key: str) -> SequenceMatcher:
        if self._matcher is None:
            self._matcher = SequenceMatcher(None, name_key, self.key)
        else:
            self._matcher.set_seq1(name_key)
        return self._matcher


class UnitMatcher:
    """Matches names against a fixed set of units (one province's tree); no queries after construction.

    `on`: the day the plan speaks for. A name two units share (the old "xã Hiệp Cường", closed on
    30/06/2025, and the new one) links the one active that day; without a day it stays for a person."""

    def __init__(self, units: Iterable[Unit], on: datetime.date | None = None):
        self._on = on
        self._by_name: dict[str, list[Unit]] = defaultdict(list)
        self._by_alias: dict[str, list[Unit]] = defaultdict(list)
        self._keys: list[tuple[Unit, list[str]]] = []
        suffixes = set()
        for unit in units:
            names = {normalize_name(unit.name), normalize_name(unit.short_name)} - {""}
            aliases = {normalize_name(alias.name) for alias in unit.aliases.all()} - names - {""}
            for key in names:
                self._by_name[key].append(unit)
            for key in aliases:
                self._by_alias[key].append(unit)
            self._keys.append((unit, sorted(names | aliases)))
            if unit.parent_id is None:
                suffixes.update(_place_suffixes(unit))
        self._suffixes = sorted(suffixes, key=len, reverse=True)
        self._local_ids: set[int] = set()
        self._by_local_name: dict[str, list[Unit]] = defaultdict(list)
        self._scorer_cache = None

    @classmethod
    def for_tree(cls, root: Unit, on: datetime.date | None = None) -> "UnitMatcher":
        tree_root_id = root.tree_root_id or root.pk
        return cls(Unit.objects.filter(tree_root_id=tree_root_id).prefetch_related("aliases"), on=on)

    @classmethod
    def for_issuer(cls, issuer: Unit, on: datetime.date | None = None) -> "UnitMatcher":
        """The matcher for a plan `issuer` writes: its whole tree, and for a district's or commune's
        plan also the short names it uses for its own offices ("Phòng Nội vụ", "UBND huyện")."""
        matcher = cls.for_tree(issuer, on=on)
        if issuer.local_government_id not in (None, issuer.tree_root_id):
            matcher._prefer_local_government(issuer.local_government_id)
        return matcher

    def _prefer_local_government(self, local_government_id: int) -> None:
        local = [(unit, keys) for unit, keys in self._keys if unit.local_government_id == local_government_id]
        committee = next((unit for unit, _ in local if unit.pk == local_government_id), None)
        suffixes = _place_suffixes(committee) if committee else []
        for unit, keys in local:
            self._local_ids.add(unit.pk)
            # "Phòng Nội vụ huyện Văn Lâm" is plain "Phòng Nội vụ" in Văn Lâm's own plan.
            for key in keys:
                for suffix in suffixes:
                    if key.endswith(suffix) and len(key) > len(suffix):
                        self._by_local_name[key[: -len(suffix)]].append(unit)

    def _active(self, unit: Unit) -> bool:
        on = self._on
        return (
            on is not None
            and (unit.active_from is None or unit.active_from <= on)
            and (unit.active_to is None or unit.active_to >= on)
        )

    def _keys_to_try(self, key: str) -> list[str]:
        keys = [key]
        for suffix in self._suffixes:
            if key.endswith(suffix) and len(key) > len(suffix):
                keys.append(key[: -len(suffix)])
                break
        return keys

    def match(self, text: str) -> MatchResult:
        text = clean(text)
        key = normalize_name(text)
        for lookup in self._keys_to_try(key):
            for index, how in ((self._by_name, "exact"), (self._by_alias, "alias")):
                units = index.get(lookup, [])
                if len(units) == 1:
                    return MatchResult(text, units[0], how)
                local = [unit for unit in units if unit.pk in self._local_ids]
                if len(local) == 1:  # a district plan's "Phòng Nội vụ" is its own
                    return MatchResult(text, local[0], how)
                current = [unit for unit in units if self._active(unit)]
                if len(current) == 1:  # an old and a new commune of one name: the plan's day's
                    return MatchResult(text, current[0], how)
                if units:  # the same name for two units: a person has to choose
                    ambiguous = sorted(units, key=lambda unit: (unit.name, unit.pk or 0))
                    return MatchResult(text, None, "unresolved", ambiguous[:MAX_CANDIDATES])
        local_units = {unit.pk: unit for unit in self._by_local_name.get(key, [])}
        if len(local_units) == 1:
            return MatchResult(text, next(iter(local_units.values())), "alias")
        return MatchResult(text, None, "unresolved", self.closest(key))

    def closest(self, key: str) -> list[Unit]:
        """Units whose names look most like the normalised `key`, best first.

        The same ranking as scoring every key with `_similarity`, but a registry holding a
        province's communes has a thousand keys or more. Each key gets a cheap upper bound of its
        score first (the token overlap is exact; difflib's real_quick_ratio bounds the ratio), keys
        are scored best bound first, and the scoring stops when no bound left can beat the fifth
        unit found: typically a few dozen keys are scored in full."""
        if not key:
            return []
        tokens = set(key.split())
        length = len(key)
        bounded = []
        for position, (unit, scorers) in enumerate(self._scorers()):
            for scorer in scorers:
                shared = len(tokens & scorer.tokens)
                overlap = shared / (len(tokens) + len(scorer.tokens) - shared)
                bound = (overlap + 2.0 * min(length, scorer.length) / (length + scorer.length)) / 2
                if bound >= MIN_SIMILARITY:
                    bounded.append((bound, position, overlap, scorer, unit))
        bounded.sort(key=lambda item: (-item[0], item[1]))
        scores: dict[int, tuple[float, Unit]] = {}  # position -> (best score of the unit, unit)
        floor = MIN_SIMILARITY
        for bound, position, overlap, scorer, unit in bounded:
            # (overlap + x) / 2 rounds monotonically and each x here is >= ratio(): a key whose
            # bound is below the floor scores below five units already found, or below the minimum.
            if bound < floor:
                break
            difference = scorer.matcher(key)
            if (overlap + difference.quick_ratio()) / 2 < floor:
                continue
            score = (overlap + difference.ratio()) / 2
            if score >= MIN_SIMILARITY and score > scores.get(position, (-1.0, None))[0]:
                scores[position] = (score, unit)
                if len(scores) >= MAX_CANDIDATES:
                    floor = max(floor, heapq.nlargest(MAX_CANDIDATES, (s for s, _ in scores.values()))[-1])
        ranked = sorted((-score, unit.name, unit.pk or 0, unit) for score, unit in scores.values())
        return [item[3] for item in ranked[:MAX_CANDIDATES]]

    def _scorers(self) -> list[tuple[Unit, list["_KeyScorer"]]]:
        # Built on the first unmatched name: most matchers never need them.
        if self._scorer_cache is None:
            self._scorer_cache = [(unit, [_KeyScorer(unit_key) for unit_key in keys]) for unit, keys in self._keys]
        return self._scorer_cache

    def resolve_cell(self, text: str | None) -> list[MatchResult]:
        """One result per unit named in a cell; unmatched pieces stay whole, as text."""
        results = []
        for piece in split_unit_cell(text):
            results.extend(self._resolve_piece(piece))
        return results

    def _resolve_piece(self, piece: str) -> list[MatchResult]:
        whole = self.match(piece)
        if whole.resolved:
            return [whole]
        # "Văn phòng UBND tỉnh, Sở Nội vụ" lists two units; "Các cơ quan, tổ chức, đơn vị" is one
        # phrase. Only a list whose every part is a unit is taken as a list.
        parts = [_tidy_piece(part) for part in _split_outside_parentheses(piece, ",")]
        parts = [part for part in parts if part]
        if len(parts) > 1:
            matches = [self.match(part) for part in parts]
            if all(match.resolved for match in matches):
                return matches
            whole.candidates = _merged_candidates(matches, whole.candidates)
        return [whole]


def _merged_candidates(part_matches: list[MatchResult], whole_candidates: list[Unit]) -> list[Unit]:
    # When some parts name units ("Đài Phát thanh và Truyền hình, Báo Hưng Yên và một số đơn vị
    # khác") the text is a list, so those units and the units like the other parts come first.
    # Parts of a collective phrase ("tổ chức", "thành phố") are too short to suggest anything.
    resolved = [match.unit for match in part_matches if match.resolved]
    if not resolved:
        return whole_candidates
    ordered = resolved + whole_candidates + [unit for match in part_matches for unit in match.candidates]
    unique: dict[int, Unit] = {}
    for unit in ordered:
        unique.setdefault(unit.pk, unit)
    return list(unique.values())[:MAX_CANDIDATES]
