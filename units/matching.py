"""Linking the unit names plans print ("VP UBND tỉnh", "Sở GD&ĐT") to registry units.

A name links a unit only when it equals, after `normalize_name`, the unit's name, short name or
an alias, or the short form a plan uses for its own administration's bodies ("UBND Thành phố" in
the city's plan, "Văn phòng HĐND&UBND" in a commune's). Anything else stays text, with the closest
units offered as candidates: a guess would turn collective phrases ("Các ngành, đơn vị liên
quan") into wrong links. A name two units share stays text too, reported as ambiguous, unless
only one of them is the issuer's own or only one is active on the plan's day.

Both the appendix import (`UnitMatcher.resolve_cell`) and the unit pickers' search
(`UnitMatcher.ranked`, through `search_units`) go through `UnitMatcher._lookup`, so a picker
ranks first exactly the unit an import would link.
"""

import datetime
import enum
import heapq
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from django.db.models import Q

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
    if "&" in token:
        # A joined form: "HĐND&UBND" is "HĐND và UBND", each side spelled out on its own. The whole
        # token was tried first, so "GD&ĐT" and "NN&MT" stay one department.
        return " va ".join(_expand_token(part) for part in token.split("&") if part)
    return _NON_WORD.sub(" ", token)


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


class Tier(enum.IntEnum):
    """How well a name fits a unit, best first. The import links only the first three tiers, and
    only when one unit answers; a picker lists all of them in this order."""

    NAME = 1  # the unit's name or short name
    ALIAS = 2  # one of its other names (UnitAlias)
    OWN = 3  # the issuer's own body by its short form: "UBND xã" in the commune's plan
    PREFIX = 4  # a name that starts with the text typed
    WORDS = 5  # a name holding every word typed
    SIMILAR = 6  # a name that looks alike (difflib), for suggestions


# Why a name is left as text, for the preview and the problem report.
AMBIGUOUS = "ambiguous"  # several units answer to it equally: a person chooses
INACTIVE = "inactive"  # the units it names were not active on the plan's day, and have no successor
UNKNOWN = "unknown"  # no unit answers to it


@dataclass
class MatchResult:
    text: str
    unit: Unit | None
    how: str  # "exact" | "alias" | "unresolved"
    candidates: list[Unit] = field(default_factory=list)
    tier: Tier | None = None
    problem: str = ""  # AMBIGUOUS, INACTIVE or UNKNOWN when unresolved
    # The unit the text names, when it had closed before the plan's day and `unit` is its successor.
    replaced: Unit | None = None

    @property
    def resolved(self) -> bool:
        return self.unit is not None

    @property
    def problem_message(self) -> str:
        """The reason in Vietnamese, naming the units concerned."""
        listed = ", ".join(f"“{unit.name}”" for unit in self.candidates)
        if self.problem == AMBIGUOUS:
            return f"“{self.text}” có thể là nhiều đơn vị ({listed}); hãy chọn đơn vị đúng."
        if self.problem == INACTIVE:
            return f"“{self.text}” chỉ khớp đơn vị không hoạt động vào ngày của kế hoạch ({listed})."
        if self.problem == UNKNOWN:
            return f"“{self.text}” không khớp đơn vị nào trong danh mục."
        return ""


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

    `on`: the day the plan speaks for. Only units active that day are linked: a name two units
    share (the old "xã Hiệp Cường", closed on 30/06/2025, and the new one) links the one active
    that day, and a unit closed before it links its successor. Without a day every unit counts,
    and a name two units share stays for a person.

    `issuer`: the unit whose plan is read. Its administration's bodies (`Unit.local_government`)
    answer to their short forms ("UBND huyện", "Phòng Nội vụ" in a district's plan; "UBND Thành
    phố" in the city's) and win a name they share with another administration's body."""

    def __init__(
        self,
        units: Iterable[Unit],
        on: datetime.date | None = None,
        issuer: Unit | None = None,
        follow_successors: bool = True,
    ):
        self._on = on
        self._by_name: dict[str, list[Unit]] = defaultdict(list)
        self._by_alias: dict[str, list[Unit]] = defaultdict(list)
        self._keys: list[tuple[Unit, list[str]]] = []
        self._by_pk: dict[int, Unit] = {}
        suffixes = set()
        roots = []
        for unit in units:
            self._by_pk[unit.pk] = unit
            names = {normalize_name(unit.name), normalize_name(unit.short_name)} - {""}
            aliases = {normalize_name(alias.name) for alias in unit.aliases.all()} - names - {""}
            for key in names:
                self._by_name[key].append(unit)
            for key in aliases:
                self._by_alias[key].append(unit)
            self._keys.append((unit, sorted(names | aliases)))
            if unit.parent_id is None:
                suffixes.update(_place_suffixes(unit))
                roots.append(unit)
        self._suffixes = sorted(suffixes, key=len, reverse=True)
        self._local_ids: set[int] = set()
        # Short forms of the issuer's own bodies, then of the tree's root administration ("UBND
        # tỉnh" in a commune's plan): tried in this order after names and aliases.
        self._by_local_name: dict[str, list[Unit]] = defaultdict(list)
        self._by_root_name: dict[str, list[Unit]] = defaultdict(list)
        for root in roots:
            self._add_own_forms(root, self._by_root_name)
        if issuer is not None and issuer.local_government_id is not None:
            self._prefer_local_government(issuer.local_government_id)
        # Only a dated matcher links successors; the pickers' search, dated or not, never does.
        self._successors = self._load_successors() if on is not None and follow_successors else {}
        self._scorer_cache = None
        self._closest_cache: dict[str, list[Unit]] = {}

    @classmethod
    def for_tree(cls, root: Unit, on: datetime.date | None = None, issuer: Unit | None = None) -> "UnitMatcher":
        tree_root_id = root.tree_root_id or root.pk
        return cls(Unit.objects.filter(tree_root_id=tree_root_id).prefetch_related("aliases"), on=on, issuer=issuer)

    @classmethod
    def for_issuer(cls, issuer: Unit, on: datetime.date | None = None) -> "UnitMatcher":
        """The matcher for a plan `issuer` writes: its whole tree, its own administration's bodies
        first and by their short names ("Phòng Nội vụ", "UBND huyện", "UBND Thành phố")."""
        return cls.for_tree(issuer, on=on, issuer=issuer)

    def _add_own_forms(self, committee: Unit, index: dict[str, list[Unit]]) -> list[Unit]:
        """Index the bodies of `committee`'s administration under their names without its place:
        "Phòng Nội vụ huyện Văn Lâm" is plain "Phòng Nội vụ" (and "UBND huyện") in Văn Lâm's plan."""
        local = [(unit, keys) for unit, keys in self._keys if unit.local_government_id == committee.pk]
        suffixes = _place_suffixes(committee)
        for unit, keys in local:
            for key in keys:
                for suffix in suffixes:
                    if key.endswith(suffix) and len(key) > len(suffix):
                        index[key[: -len(suffix)]].append(unit)
        return [unit for unit, _ in local]

    def _prefer_local_government(self, local_government_id: int) -> None:
        committee = self._by_pk.get(local_government_id)
        if committee is None:
            return
        self._local_ids.update(unit.pk for unit in self._add_own_forms(committee, self._by_local_name))

    def _load_successors(self) -> dict[int, Unit]:
        """Every successor of a unit here, followed to the end of its chain (one query per step, at
        construction): a body merged into another province's leads outside this tree."""
        known = dict(self._by_pk)
        wanted = {unit.successor_id for unit in known.values() if unit.successor_id} - known.keys()
        for _ in range(10):  # chains are one or two steps long; ten guards against a cycle
            if not wanted:
                break
            fetched = {unit.pk: unit for unit in Unit.objects.filter(pk__in=wanted)}
            known.update(fetched)
            wanted = {unit.successor_id for unit in fetched.values() if unit.successor_id} - known.keys()
        return known

    def _active(self, unit: Unit) -> bool:
        on = self._on
        return (
            on is not None
            and (unit.active_from is None or unit.active_from <= on)
            and (unit.active_to is None or unit.active_to >= on)
        )

    def current(self, unit: Unit) -> Unit | None:
        """`unit` if it may be linked on the matcher's day (any unit, without a day), else the
        successor that had taken over its work by then, else None."""
        if self._on is None or self._active(unit):
            return unit
        return self._successor_on_day(unit) if self._successors else None

    def _successor_on_day(self, unit: Unit) -> Unit | None:
        """The unit that had taken over `unit`'s work by the plan's day, if `unit` had closed."""
        seen = set()
        while unit.active_to is not None and unit.active_to < self._on and unit.successor_id:
            if unit.pk in seen:
                return None
            seen.add(unit.pk)
            unit = self._successors.get(unit.successor_id)
            if unit is None:
                return None
            if self._active(unit):
                return unit
        return None

    def _keys_to_try(self, key: str) -> list[str]:
        keys = [key]
        for suffix in self._suffixes:
            if key.endswith(suffix) and len(key) > len(suffix):
                keys.append(key[: -len(suffix)])
                break
        return keys

    def _lookup(self, key: str) -> list[tuple[Tier, list[Unit]]]:
        """The units answering to `key` in the first three tiers, tier by tier, best first."""
        found = []
        for lookup in self._keys_to_try(key):
            for index, tier in ((self._by_name, Tier.NAME), (self._by_alias, Tier.ALIAS)):
                if index.get(lookup):
                    found.append((tier, index[lookup]))
        for index in (self._by_local_name, self._by_root_name):
            if index.get(key):
                found.append((Tier.OWN, index[key]))
        return found

    def _pick(self, text: str, tier: Tier, units: list[Unit]) -> MatchResult:
        how = "exact" if tier == Tier.NAME else "alias"
        units = list({unit.pk: unit for unit in units}.values())
        replaced: dict[int, Unit] = {}
        if self._on is not None:
            current = [unit for unit in units if self._active(unit)]
            if not current:  # closed before the plan's day: their successors speak for them
                for unit in units:
                    successor = self._successor_on_day(unit)
                    if successor is not None:
                        replaced.setdefault(successor.pk, unit)
                        current.append(successor)
                current = list({unit.pk: unit for unit in current}.values())
            if not current:
                return MatchResult(text, None, "unresolved", _by_name(units), tier=tier, problem=INACTIVE)
            units = current
        local = [unit for unit in units if unit.pk in self._local_ids]
        if len(units) == 1 or len(local) == 1:  # a district plan's "Phòng Nội vụ" is its own
            unit = units[0] if len(units) == 1 else local[0]
            return MatchResult(text, unit, how, tier=tier, replaced=replaced.get(unit.pk))
        # The same name for two units: a person has to choose.
        return MatchResult(text, None, "unresolved", _by_name(units), tier=tier, problem=AMBIGUOUS)

    def match(self, text: str) -> MatchResult:
        text = clean(text)
        key = normalize_name(text)
        inactive = None
        for tier, units in self._lookup(key):
            result = self._pick(text, tier, units)
            if result.resolved or result.problem == AMBIGUOUS:
                return result
            inactive = inactive or result  # a lower tier may still name a unit active that day
        return inactive or MatchResult(text, None, "unresolved", self.closest(key), problem=UNKNOWN)

    def ranked(self, text: str, limit: int = 15) -> list[tuple[Unit, Tier]]:
        """Units for a picker, best first: those the import would consider for `text` (name,
        alias, the issuer's own short form), then names starting with it, holding all its words,
        then names that look alike. With a day, only units active that day. Ties: the issuer's own
        administration first, then by name."""
        key = normalize_name(text)
        if not key:
            return []
        best: dict[int, Tier] = {}
        for tier, units in self._lookup(key):
            for unit in units:
                best.setdefault(unit.pk, tier)
        words = key.split()
        for unit, keys in self._keys:
            if unit.pk in best:
                continue
            if any(unit_key.startswith(key) for unit_key in keys):
                best[unit.pk] = Tier.PREFIX
            elif any(all(word in unit_key for word in words) for unit_key in keys):
                best[unit.pk] = Tier.WORDS
        if len(best) < limit:
            for unit in self.closest(key):
                best.setdefault(unit.pk, Tier.SIMILAR)
        units = [self._by_pk[pk] for pk in best if self._on is None or self._active(self._by_pk[pk])]
        units.sort(key=lambda unit: (best[unit.pk], unit.pk not in self._local_ids, unit.name, unit.pk))
        return [(unit, best[unit.pk]) for unit in units[:limit]]

    def closest(self, key: str) -> list[Unit]:
        """Units whose names look most like the normalised `key`, best first.

        The same ranking as scoring every key with `_similarity`, but a registry holding a
        province's communes has a thousand keys or more. Each key gets a cheap upper bound of its
        score first (the token overlap is exact; difflib's real_quick_ratio bounds the ratio), keys
        are scored best bound first, and the scoring stops when no bound left can beat the fifth
        unit found: typically a few dozen keys are scored in full."""
        if not key:
            return []
        if key not in self._closest_cache:  # plans repeat their collective phrases row after row
            self._closest_cache[key] = self._closest(key)
        return self._closest_cache[key]

    def _closest(self, key: str) -> list[Unit]:
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


def _by_name(units: list[Unit]) -> list[Unit]:
    return sorted(units, key=lambda unit: (unit.name, unit.pk or 0))[:MAX_CANDIDATES]


# The units one search ranks at most: a word as common as "xã" matches thousands.
SEARCH_CANDIDATES = 300


def search_units(
    query: str,
    *,
    tree_root_id: int | None = None,
    issuer: Unit | None = None,
    on: datetime.date | None = None,
    limit: int = 15,
) -> list[Unit]:
    """The unit pickers' search: units whose names or aliases hold the text (diacritics, case
    and abbreviations do not matter: "so gddt" finds "Sở Giáo dục và Đào tạo"), ranked by
    `UnitMatcher.ranked`, the issuer's own bodies included by their short forms ("UBND xã").
    With `on`, only units active that day."""
    folded, key = fold(query), normalize_name(query)
    if not folded:
        return []
    found = Q(search_name__contains=folded) | Q(aliases__search_name__contains=folded)
    if key:
        words = key.split()
        found |= Q(*(Q(search_name__contains=word) for word in words))
        found |= Q(*(Q(aliases__search_name__contains=word) for word in words))
    units = Unit.objects.all()
    if tree_root_id is not None:
        units = units.in_tree(tree_root_id)
    if on is not None:
        units = units.active_on(on)
    wanted = set(
        units.filter(found).order_by("search_name").values_list("pk", flat=True).distinct()[:SEARCH_CANDIDATES]
    )
    # Short forms ("UBND xã", "Văn phòng HĐND&UBND") are read against the issuer's administration
    # and the tree's root, whatever their names hold.
    if issuer is not None and issuer.local_government_id is not None:
        wanted.update(units.filter(local_government_id=issuer.local_government_id).values_list("pk", flat=True))
    if tree_root_id is not None:
        wanted.add(tree_root_id)
    candidates = Unit.objects.filter(pk__in=wanted).select_related("parent").prefetch_related("aliases")
    matcher = UnitMatcher(candidates, on=on, issuer=issuer, follow_successors=False)
    return [unit for unit, _ in matcher.ranked(query, limit=limit)]
