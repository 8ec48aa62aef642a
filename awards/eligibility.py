"""Eligibility checks read from `AwardType.prerequisites` and the award history (sổ vàng).

Each prerequisite is a small dict in the catalogue, so a new decree means editing data:

    {"rule": "consecutive_awards", "awards": ["chien-si-thi-dua-co-so"], "years": 3}
    {"rule": "task_rating", "min": "tot"}
    {"rule": "excellent_years", "years": 2}
    {"rule": "initiative", "scope": "tinh", "count": 1}
    {"rule": "member_awards", "awards": ["chien-si-thi-dua-co-so"], "count": 1}
    {"rule": "award_cycles", "awards": ["chien-si-thi-dua-tinh"], "count": 2,
     "base": ["chien-si-thi-dua-co-so"], "years": 3}
    {"rule": "collective_members", "advanced": [...], "share": 70, "fighters": [...], "count": 1}
    {"rule": "prior_award", "awards": ["bang-khen-chu-tich-tinh"]}
    {"rule": "leads_group"}
    {"rule": "any_of", "routes": [{"label": "...", "checks": [...]}, ...]}

Any rule may carry "basis" (the article it applies, cited in the sentence) and "only" ({"nominees":
["ca_nhan"], "kinds": ["thuong_xuyen"]}: who and which kinds of dossier it applies to; for others
the check answers "Không áp dụng" and passes). "initiative" may carry "years" (counted over them).

Every check answers with one Vietnamese sentence naming what it needs and the years it found;
a failing check never blocks on its own: staff either ask for papers or override with a reason.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Q

from units.text import fold

RULE_KEYS = {
    "consecutive_awards": {"awards", "years"},
    "task_rating": {"min"},
    "excellent_years": {"years"},
    "initiative": {"scope", "count"},
    "member_awards": {"awards", "count"},
    "award_cycles": {"awards", "count", "base", "years"},
    "collective_members": {"advanced", "share", "fighters", "count"},
    "prior_award": {"awards"},
    "leads_group": set(),
    "any_of": {"routes"},
}

# Where the emulation app answers "which Cụm/Khối rankings, published, place this unit where":
# emulation sits above awards, so it registers its selector here in its AppConfig.ready().
GROUP_RANKINGS = []


def register_group_ranking(source) -> None:
    """`source(unit_ids, year)` -> {unit_id: [(group name, rank, members), ...]} from published rankings."""
    if source not in GROUP_RANKINGS:
        GROUP_RANKINGS.append(source)


@dataclass(frozen=True)
class Check:
    rule: str
    passed: bool
    sentence: str


def validate_prerequisites(prerequisites) -> None:
    from .models import RATING_RANK, SCOPE_RANK

    if not isinstance(prerequisites, list):
        raise ValidationError({"prerequisites": "Điều kiện phải là một danh sách."})
    for number, item in enumerate(prerequisites, start=1):
        rule = item.get("rule") if isinstance(item, dict) else None
        if rule not in RULE_KEYS:
            raise ValidationError(
                {"prerequisites": f"Điều kiện thứ {number}: loại “{rule}” không có; dùng {', '.join(RULE_KEYS)}."}
            )
        missing = RULE_KEYS[rule] - set(item)
        if missing:
            raise ValidationError({"prerequisites": f"Điều kiện thứ {number} thiếu: {', '.join(sorted(missing))}."})
        if rule == "task_rating" and item["min"] not in RATING_RANK:
            raise ValidationError({"prerequisites": f"Điều kiện thứ {number}: xếp loại “{item['min']}” không có."})
        if rule == "initiative" and item["scope"] not in SCOPE_RANK:
            raise ValidationError({"prerequisites": f"Điều kiện thứ {number}: phạm vi “{item['scope']}” không có."})
        if rule == "any_of":
            routes = item["routes"]
            if not isinstance(routes, list) or not routes:
                raise ValidationError({"prerequisites": f"Điều kiện thứ {number}: cần ít nhất một cách xét."})
            for route in routes:
                validate_prerequisites(route.get("checks") if isinstance(route, dict) else None)


def _years(years) -> str:
    years = sorted(set(years))
    if not years:
        return "chưa có năm nào"
    return ("năm " if len(years) == 1 else "các năm ") + ", ".join(str(y) for y in years)


def _verdict(passed: bool) -> str:
    return "Đạt" if passed else "Chưa đạt"


class History:
    """Award history for a batch of nominees, read in three queries whatever their number."""

    def __init__(self, nominees):
        from .models import AwardRecord, AwardType, NomineeKind

        nominees = list(nominees)
        names = {fold(n.full_name) for n in nominees if n.kind != NomineeKind.COLLECTIVE}
        units = {n.unit_id for n in nominees if n.kind == NomineeKind.COLLECTIVE}
        self.by_person = defaultdict(list)
        self.by_unit = defaultdict(list)
        self.members_of = defaultdict(list)
        fields = ["award_type__code", "year", "unit_record", "unit_id", "search_name", "birth_year", "full_name"]
        # A revoked award (thu hồi, Điều 93 Luật TĐKT 2022) no longer counts towards another.
        in_force = AwardRecord.objects.in_force()
        rows = in_force.filter(search_name__in=names, unit_record=False).values(*fields) if names else []
        for row in rows:
            self.by_person[row["search_name"]].append(row)
        # A collective's members include its sub-units' (a Phòng under a Sở): one query for the tree.
        self.units_under = {pk: {pk} for pk in units}
        if units:
            from units.models import Unit

            tree = list(
                Unit.objects.filter(
                    Q(pk__in=units) | Q(tree_root__in=Unit.objects.filter(pk__in=units).values("tree_root"))
                ).values_list("pk", "parent_id", "name")
            )
            children = defaultdict(list)
            self.unit_names = {}
            for pk, parent, name in tree:
                children[parent].append(pk)
                self.unit_names[pk] = name
            for pk in units:
                stack = [pk]
                while stack:
                    for child in children[stack.pop()]:
                        if child not in self.units_under[pk]:
                            self.units_under[pk].add(child)
                            stack.append(child)
            everyone = set().union(*self.units_under.values())
            for row in in_force.filter(unit_id__in=everyone).values(*fields):
                (self.by_unit if row["unit_record"] else self.members_of)[row["unit_id"]].append(row)
        # A row replaced by a decree and its successor are one title in the history.
        self.names, self.family = {}, {}
        for code, name, successor in AwardType.objects.values_list("code", "name", "successor__code"):
            self.names[code] = name
            if successor:
                joined = self.family.get(code, {code}) | self.family.get(successor, {successor})
                for member in joined:
                    self.family[member] = joined
        self.year_ranks = {}

    def codes(self, codes) -> set:
        return set().union(*(self.family.get(c, {c}) for c in codes)) if codes else set()

    def award_years(self, nominee, codes) -> list[int]:
        from .models import NomineeKind

        if nominee.kind == NomineeKind.COLLECTIVE:
            rows = self.by_unit[nominee.unit_id]
        else:
            rows = [
                r
                for r in self.by_person[fold(nominee.full_name)]
                if not nominee.birth_year or not r["birth_year"] or r["birth_year"] == nominee.birth_year
            ]
        codes = self.codes(codes)
        return sorted({r["year"] for r in rows if r["award_type__code"] in codes})

    def member_names(self, nominee, codes, year) -> list[str]:
        codes = self.codes(codes)
        rows = self.members_of[nominee.unit_id]
        return sorted({r["full_name"] for r in rows if r["award_type__code"] in codes and r["year"] == year})

    def members_across(self, nominee, codes, year) -> list[tuple[str, str]]:
        """(name, unit name) of the members of the collective and of its sub-units with one of the titles."""
        found, codes = set(), self.codes(codes)
        for unit_id in self.units_under.get(nominee.unit_id, {nominee.unit_id}):
            for r in self.members_of[unit_id]:
                if r["award_type__code"] in codes and r["year"] == year:
                    found.add((r["full_name"], self.unit_names.get(unit_id, "")))
        return sorted(found)

    def group_ranks(self, unit_id, year) -> list[tuple[str, int, int]]:
        if year not in self.year_ranks:
            units = list(self.units_under) or [unit_id]
            ranks = defaultdict(list)
            for source in GROUP_RANKINGS:
                for pk, rows in source(units, year).items():
                    ranks[pk].extend(rows)
            self.year_ranks[year] = ranks
        return sorted(self.year_ranks[year].get(unit_id, []))

    def title(self, codes) -> str:
        return " hoặc ".join(f"“{self.names.get(c, c)}”" for c in codes)


def _span(start, end) -> str:
    return f"{start}–{end}" if start != end else str(start)


def _applies(item, nominee, kind) -> str:
    """Empty when the rule applies; else why not (a sentence part)."""
    only = item.get("only") or {}
    if only.get("nominees") and nominee.kind not in only["nominees"]:
        from .models import NomineeKind

        return f"không áp dụng cho {NomineeKind(nominee.kind).label.lower()}"
    if kind and only.get("kinds") and kind not in only["kinds"]:
        from .models import DossierKind

        return f"không áp dụng cho hồ sơ khen thưởng {DossierKind(kind).label.lower()}"
    return ""


def check_nominee(nominee, award_type, year: int, history: History, kind: str | None = None) -> list[Check]:
    checks = []
    for item in award_type.prerequisites:
        why_not = _applies(item, nominee, kind)
        if why_not:
            basis = f" ({item['basis']})" if item.get("basis") else ""
            checks.append(Check(rule=item["rule"], passed=True, sentence=f"Không áp dụng: điều kiện{basis} {why_not}."))
            continue
        checks.append(_check(item, nominee, year, history, kind))
    return checks


def _check(item, nominee, year, history, kind) -> Check:
    from .models import RATING_RANK, SCOPE_RANK, InitiativeScope, TaskRating

    rule = item["rule"]
    basis = f" ({item['basis']})" if item.get("basis") else ""
    if rule == "consecutive_awards":
        codes, count = item["awards"], int(item["years"])
        start = year - count + 1
        found = history.award_years(nominee, codes)
        passed = all(y in found for y in range(start, year + 1))
        sentence = (
            f"{_verdict(passed)}: cần {count} năm liên tục đạt {history.title(codes)} ({start}–{year}){basis}; "
            f"sổ vàng ghi nhận {_years(y for y in found if y <= year)}."
        )
    elif rule == "task_rating":
        wanted = TaskRating(item["min"])
        passed = bool(nominee.task_rating) and RATING_RANK[nominee.task_rating] >= RATING_RANK[wanted]
        got = f"ghi “{TaskRating(nominee.task_rating).label}”" if nominee.task_rating else "chưa ghi xếp loại"
        sentence = f"{_verdict(passed)}: cần xếp loại “{wanted.label}” trở lên năm {year}{basis}; hồ sơ {got}."
    elif rule == "excellent_years":
        count, got = int(item["years"]), nominee.excellent_years
        passed = got >= count
        span = f" ({year - got + 1}–{year})" if got > 1 else f" ({year})" if got else ""
        sentence = (
            f"{_verdict(passed)}: cần {count} năm liên tục hoàn thành xuất sắc nhiệm vụ đến năm {year}{basis}; "
            f"hồ sơ ghi {got} năm{span}."
        )
    elif rule == "initiative":
        scope, count = InitiativeScope(item["scope"]), int(item["count"])
        got_scope = InitiativeScope(nominee.initiative_scope or "")
        got_count = nominee.initiative_count if got_scope else 0
        passed = SCOPE_RANK[got_scope] >= SCOPE_RANK[scope] and got_count >= count
        got = f"ghi {got_count} sáng kiến, {got_scope.label.lower()}" if got_scope else "không ghi sáng kiến nào"
        span = int(item.get("years") or 1)
        when = f"trong {span} năm ({year - span + 1}–{year})" if span > 1 else f"năm {year}"
        sentence = (
            f"{_verdict(passed)}: cần {count} sáng kiến được công nhận {scope.label.lower()} trở lên "
            f"{when}{basis}; hồ sơ {got}."
        )
    elif rule == "member_awards":
        codes, count = item["awards"], int(item["count"])
        names = history.member_names(nominee, codes, year)
        passed = len(names) >= count
        got = f"{len(names)} người ({', '.join(names)})" if names else "chưa có ai"
        sentence = (
            f"{_verdict(passed)}: cần ít nhất {count} cá nhân của tập thể đạt {history.title(codes)} "
            f"năm {year}{basis}; sổ vàng ghi nhận {got}."
        )
    elif rule == "award_cycles":
        passed, sentence = _award_cycles(item, nominee, year, history, basis)
    elif rule == "collective_members":
        passed, sentence = _collective_members(item, nominee, year, history, basis)
    elif rule == "prior_award":
        codes = item["awards"]
        found = [y for y in history.award_years(nominee, codes) if y < year]
        passed = bool(found)
        sentence = (
            f"{_verdict(passed)}: cần đã được tặng {history.title(codes)} trước năm {year}{basis}; "
            f"sổ vàng ghi nhận {_years(found)}."
        )
    elif rule == "leads_group":
        ranks = history.group_ranks(nominee.unit_id, year) if nominee.unit_id else []
        passed = any(rank == 1 for _, rank, _ in ranks)
        got = (
            "; ".join(f"{name} xếp hạng {rank}/{members}" for name, rank, members in ranks)
            if ranks
            else "chưa có kết quả xếp hạng đã công bố của Cụm, Khối nào có tập thể này"
        )
        sentence = (
            f"{_verdict(passed)}: cần dẫn đầu Cụm, Khối thi đua năm {year} theo kết quả xếp hạng đã công bố"
            f"{basis}; {got}."
        )
    else:  # any_of
        passed, sentence = _any_of(item, nominee, year, history, kind, basis)
    return Check(rule=rule, passed=passed, sentence=sentence)


def _award_cycles(item, nominee, year, history, basis):
    """Two (count) consecutive awards of a title, each resting on its own cycle of `years` consecutive
    years of the base title: the cycles follow one another and share no year (one achievement is
    not rewarded twice)."""
    codes, count, base, span = item["awards"], int(item["count"]), item["base"], int(item["years"])
    found = [y for y in history.award_years(nominee, codes) if y <= year]
    base_years = set(history.award_years(nominee, base))
    chosen = found[-count:]
    parts, problems = [], []
    for award_year in chosen:
        cycle = range(award_year - span + 1, award_year + 1)
        missing = [y for y in cycle if y not in base_years]
        state = "đủ" if not missing else "thiếu " + ", ".join(str(y) for y in missing)
        parts.append(f"năm {award_year} (cơ sở {_span(cycle[0], cycle[-1])}: {state})")
        if missing:
            problems.append(missing)
    for earlier, later in zip(chosen, chosen[1:], strict=False):
        if later - earlier < span:
            problems.append(f"hai lần {earlier} và {later} dùng chung năm cơ sở")
        elif later - earlier > span:
            problems.append(f"hai lần {earlier} và {later} không liên tục")
    passed = len(chosen) == count and not problems
    notes = [p for p in problems if isinstance(p, str)]
    got = ("các lần " + ", ".join(parts)) if parts else "chưa có lần nào"
    if notes:
        got += " — " + "; ".join(notes)
    sentence = (
        f"{_verdict(passed)}: cần {count} lần liên tục đạt {history.title(codes)}, mỗi lần dựa trên {span} năm "
        f"liên tục đạt {history.title(base)} của riêng lần đó, một thành tích không tính hai lần{basis}; "
        f"sổ vàng ghi nhận {got}."
    )
    return passed, sentence


def _collective_members(item, nominee, year, history, basis):
    """All members complete their tasks, at least `share`% hold one of the `advanced` titles and at
    least `count` one of the `fighters`, counted across the collective's sub-units."""
    share, count = int(item["share"]), int(item["count"])
    advanced = history.members_across(nominee, item["advanced"], year)
    fighters = history.members_across(nominee, item["fighters"], year)
    total, not_done = nominee.member_count, nominee.members_not_done or 0
    advanced_names = {name for name, _ in advanced}
    enough_share = bool(total) and len(advanced_names) * 100 >= share * total
    passed = bool(total) and not_done == 0 and enough_share and len(fighters) >= count
    if total:
        members = f"hồ sơ ghi {total} cá nhân, {not_done} không hoàn thành nhiệm vụ"
        ratio = f"{len(advanced_names)}/{total} ({len(advanced_names) * 100 // total}%)"
    else:
        members = "hồ sơ chưa ghi số cá nhân của tập thể"
        ratio = f"{len(advanced_names)} người"
    named = ", ".join(f"{name} ({unit})" if unit else name for name, unit in fighters) or "chưa có ai"
    sentence = (
        f"{_verdict(passed)}: cần 100% cá nhân hoàn thành nhiệm vụ, ít nhất {share}% đạt "
        f"{history.title(item['advanced'])} và ít nhất {count} đạt {history.title(item['fighters'])} năm {year}, "
        f"tính cả các đơn vị trực thuộc{basis}; {members}; sổ vàng ghi nhận {ratio} đạt danh hiệu, "
        f"{history.title(item['fighters'])}: {named}."
    )
    return passed, sentence


def _any_of(item, nominee, year, history, kind, basis):
    """Alternative routes: the first that passes is named; if none does, each says what it lacks."""
    results = []
    for number, route in enumerate(item["routes"], start=1):
        checks = [_check(sub, nominee, year, history, kind) for sub in route["checks"]]
        results.append((number, route.get("label", ""), checks))
        if all(c.passed for c in checks):
            label = f" ({route['label']})" if route.get("label") else ""
            details = " ".join(c.sentence for c in checks)
            return True, f"Đạt theo cách {number}{label}{basis}: {details}"
    lines = []
    for number, label, checks in results:
        failing = " ".join(c.sentence for c in checks if not c.passed)
        lines.append(f"cách {number}" + (f" ({label})" if label else "") + f": {failing}")
    return False, f"Chưa đạt theo cách nào{basis}. " + " ".join(lines)


def check_dossier(dossier, nominees=None) -> dict:
    """{nominee: [Check, ...]} for every nominee of the dossier."""
    nominees = list(nominees if nominees is not None else dossier.nominees.select_related("unit"))
    history = History(nominees)
    return {n: check_nominee(n, dossier.award_type, dossier.year, history, dossier.kind) for n in nominees}


def blocking(results: dict) -> dict:
    """The nominees with a failing check and no recorded override, with what failed."""
    return {
        nominee: [c for c in checks if not c.passed]
        for nominee, checks in results.items()
        if not nominee.override_reason and any(not c.passed for c in checks)
    }
