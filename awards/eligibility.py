"""Eligibility checks read from `AwardType.prerequisites` and the award history (sổ vàng).

Each prerequisite is a small dict in the catalogue, so a new decree means editing data:

    {"rule": "consecutive_awards", "awards": ["chien-si-thi-dua-co-so"], "years": 3}
    {"rule": "task_rating", "min": "tot"}
    {"rule": "excellent_years", "years": 2}
    {"rule": "initiative", "scope": "tinh", "count": 1}
    {"rule": "member_awards", "awards": ["chien-si-thi-dua-co-so"], "count": 1}

Every check answers with one Vietnamese sentence naming what it needs and the years it found;
a failing check never blocks on its own: staff either ask for papers or override with a reason.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import ValidationError

from units.text import fold

RULE_KEYS = {
    "consecutive_awards": {"awards", "years"},
    "task_rating": {"min"},
    "excellent_years": {"years"},
    "initiative": {"scope", "count"},
    "member_awards": {"awards", "count"},
}


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
        rows = AwardRecord.objects.filter(search_name__in=names, unit_record=False).values(*fields) if names else []
        for row in rows:
            self.by_person[row["search_name"]].append(row)
        if units:
            for row in AwardRecord.objects.filter(unit_id__in=units).values(*fields):
                (self.by_unit if row["unit_record"] else self.members_of)[row["unit_id"]].append(row)
        self.names = dict(AwardType.objects.values_list("code", "name"))

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
        return sorted({r["year"] for r in rows if r["award_type__code"] in codes})

    def member_names(self, nominee, codes, year) -> list[str]:
        rows = self.members_of[nominee.unit_id]
        return sorted({r["full_name"] for r in rows if r["award_type__code"] in codes and r["year"] == year})

    def title(self, codes) -> str:
        return " hoặc ".join(f"“{self.names.get(c, c)}”" for c in codes)


def check_nominee(nominee, award_type, year: int, history: History) -> list[Check]:
    from .models import RATING_RANK, SCOPE_RANK, InitiativeScope, TaskRating

    checks = []
    for item in award_type.prerequisites:
        rule = item["rule"]
        if rule == "consecutive_awards":
            codes, count = item["awards"], int(item["years"])
            start = year - count + 1
            found = history.award_years(nominee, codes)
            passed = all(y in found for y in range(start, year + 1))
            sentence = (
                f"{_verdict(passed)}: cần {count} năm liên tục đạt {history.title(codes)} ({start}–{year}); "
                f"sổ vàng ghi nhận {_years(y for y in found if y <= year)}."
            )
        elif rule == "task_rating":
            wanted = TaskRating(item["min"])
            passed = bool(nominee.task_rating) and RATING_RANK[nominee.task_rating] >= RATING_RANK[wanted]
            got = f"ghi “{TaskRating(nominee.task_rating).label}”" if nominee.task_rating else "chưa ghi xếp loại"
            sentence = f"{_verdict(passed)}: cần xếp loại “{wanted.label}” trở lên năm {year}; hồ sơ {got}."
        elif rule == "excellent_years":
            count, got = int(item["years"]), nominee.excellent_years
            passed = got >= count
            span = f" ({year - got + 1}–{year})" if got > 1 else f" ({year})" if got else ""
            sentence = (
                f"{_verdict(passed)}: cần {count} năm liên tục hoàn thành xuất sắc nhiệm vụ đến năm {year}; "
                f"hồ sơ ghi {got} năm{span}."
            )
        elif rule == "initiative":
            scope, count = InitiativeScope(item["scope"]), int(item["count"])
            got_scope = InitiativeScope(nominee.initiative_scope or "")
            got_count = nominee.initiative_count if got_scope else 0
            passed = SCOPE_RANK[got_scope] >= SCOPE_RANK[scope] and got_count >= count
            got = f"ghi {got_count} sáng kiến, {got_scope.label.lower()}" if got_scope else "không ghi sáng kiến nào"
            sentence = (
                f"{_verdict(passed)}: cần {count} sáng kiến được công nhận {scope.label.lower()} trở lên "
                f"năm {year}; hồ sơ {got}."
            )
        else:  # member_awards
            codes, count = item["awards"], int(item["count"])
            names = history.member_names(nominee, codes, year)
            passed = len(names) >= count
            got = f"{len(names)} người ({', '.join(names)})" if names else "chưa có ai"
            sentence = (
                f"{_verdict(passed)}: cần ít nhất {count} cá nhân của tập thể đạt {history.title(codes)} "
                f"năm {year}; sổ vàng ghi nhận {got}."
            )
        checks.append(Check(rule=rule, passed=passed, sentence=sentence))
    return checks


def check_dossier(dossier, nominees=None) -> dict:
    """{nominee: [Check, ...]} for every nominee of the dossier."""
    nominees = list(nominees if nominees is not None else dossier.nominees.select_related("unit"))
    history = History(nominees)
    return {n: check_nominee(n, dossier.award_type, dossier.year, history) for n in nominees}


def blocking(results: dict) -> dict:
    """The nominees with a failing check and no recorded override, with what failed."""
    return {
        nominee: [c for c in checks if not c.passed]
        for nominee, checks in results.items()
        if not nominee.override_reason and any(not c.passed for c in checks)
    }
