"""What the probe knows: who may do what (the oracle), and how to fill every URL pattern.

The oracle is written from README.md's "who may do what" and the apps' rules.py as *data*, from
the facts `world.py` records about each actor and object. It never calls the portal's predicates:
a predicate that says yes where it should say no must show up as a failure here.

RULES maps a rule name to its clauses; an actor passes a rule when every condition of one clause
holds. CONDITIONS are one-line facts about (actor, object).

PATTERNS has one entry per URL pattern name: how to build its arguments (`targets`), which rule
lets someone reach it (`read`; for a POST-only view, who gets past its permission check), which
rule lets someone change data through it (`write`; None: nobody, it only reads), and the filled
POST bodies to send besides the empty one (`posts`, each with its own write rule when narrower;
by default one body of the common field names, `COMMON`).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from awards.models import AwardType
from tasks.models import Occurrence
from tasks.services import RESTORE_KEY, relink_changes, relink_fingerprint

from .world import Actor, Thing, World, appendix_xlsx, criteria_xlsx, pdf_upload

# The oracle ------------------------------------------------------------------------------------


def _fact(thing: Thing, name, default=None):
    return thing.facts.get(name, default)


CONDITIONS: dict[str, Callable[[Actor, Thing], bool]] = {
    "anyone": lambda a, t: True,
    "signed_in": lambda a, t: a.kind != "anonymous",
    "admin": lambda a, t: a.kind == "admin",
    "editor": lambda a, t: a.kind == "editor",
    # A plan editor works for their own administration (Sở Nội vụ: the province's).
    "editor_here": lambda a, t: a.kind == "editor" and a.province == _fact(t, "province"),
    "officer": lambda a, t: a.kind == "officer",
    "officer_of_unit": lambda a, t: a.kind == "officer" and a.unit == _fact(t, "unit"),
    "officer_in_task": lambda a, t: a.kind == "officer" and a.unit in _fact(t, "units", ()),
    "officer_leads_task": lambda a, t: a.kind == "officer" and a.unit in _fact(t, "leads", ()),
    "officer_helps_task": lambda a, t: (
        a.kind == "officer" and a.unit in _fact(t, "units", ()) and a.unit not in _fact(t, "leads", ())
    ),
    "seat": lambda a, t: a.council is not None and a.council == _fact(t, "council"),
    "secretary": lambda a, t: a.council is not None and a.council == _fact(t, "council") and a.council_role == "thu_ky",
    # Group membership is by the person's unit, whatever their role.
    "member": lambda a, t: a.unit is not None and a.unit in _fact(t, "members", ()),
    "leader": lambda a, t: a.unit is not None and a.unit == _fact(t, "leader"),
    "own_unit": lambda a, t: a.unit is not None and a.unit == _fact(t, "unit"),
    "owner": lambda a, t: a.user is not None and a.user.pk == _fact(t, "owner"),
    "awarded_in_public": lambda a, t: a.kind != "anonymous" and _fact(t, "public_nominees", False),
    # States of the object.
    "draft": lambda a, t: _fact(t, "state") == "draft",
    "issued": lambda a, t: _fact(t, "state") == "issued",
    "dossier_editable": lambda a, t: _fact(t, "state") in ("draft", "returned"),
    "in_appraisal": lambda a, t: _fact(t, "state") in ("submitted", "appraising"),
    "schedulable": lambda a, t: _fact(t, "state") == "ready" and _fact(t, "session_state") in (None, "planned"),
    "voting": lambda a, t: _fact(t, "state") == "voting",
    "closed": lambda a, t: _fact(t, "state") == "closed",
    "counted": lambda a, t: _fact(t, "state") in ("closed", "applied"),
    "forwarded": lambda a, t: _fact(t, "state") == "forwarded",
    "open": lambda a, t: _fact(t, "state") == "open",
    "published": lambda a, t: _fact(t, "state") == "published",
}

RULES: dict[str, list[tuple[str, ...]]] = {
    "nobody": [],
    "anyone": [("anyone",)],
    "signed_in": [("signed_in",)],
    "admin": [("admin",)],
    "officer": [("officer",)],
    # Plans: an editor writes their administration's plans; issued plans are read by everyone
    # signed in; issued plans are read-only until reopened.
    "plan.add": [("admin",), ("editor",)],
    "plan.read": [("admin",), ("editor_here",), ("signed_in", "issued")],
    "plan.manage": [("admin",), ("editor_here",)],
    # Ký số: the plan's own administration signs what it issued.
    "plan.sign": [("admin", "issued"), ("editor_here", "issued")],
    # "Nhắc đơn vị" on the dashboard: whoever follows the plan, once the units have their tasks.
    "plan.remind": [("admin", "issued"), ("editor_here", "issued")],
    "plan.change": [("admin", "draft"), ("editor_here", "draft")],
    "plan.change.admin": [("admin", "draft")],
    # "Tạo kế hoạch năm sau": from a plan they manage, or from any issued plan (a commune from the
    # province's); the draft is only ever for an issuer of their own administration.
    "plan.copy": [("admin",), ("editor_here",), ("editor", "issued")],
    # A staged workbook is seen only by whoever uploaded it, while they may change the plan.
    "import.own": [("owner", "admin", "draft"), ("owner", "editor_here", "draft")],
    # Tasks: a unit officer sees the tasks of issued plans where their unit has a role; the lead
    # unit sets the status, the other units add contributions.
    "task.read": [("admin",), ("editor_here",), ("officer_in_task", "issued")],
    "task.report": [("officer_in_task", "issued")],
    "task.status": [("officer_leads_task", "issued")],
    "task.contribute": [("officer_helps_task", "issued")],
    # Awards: the unit writes its dossier; Sở Nội vụ staff of the same administration appraise
    # and schedule; the session's council reads what is on its agenda.
    "dossier.read": [("admin",), ("editor_here",), ("officer_of_unit",), ("seat",)],
    "nominee.read": [("admin",), ("editor_here",), ("officer_of_unit",), ("seat",), ("awarded_in_public",)],
    "dossier.history": [("admin",), ("editor_here",), ("officer_of_unit",)],
    # What a council's level sends upward once it voted to forward: its Tờ trình and the package.
    "dossier.proposal": [("admin", "forwarded"), ("editor_here", "forwarded"), ("officer_of_unit", "forwarded")],
    "dossier.change": [("officer_of_unit", "dossier_editable")],
    "dossier.appraise": [("admin",), ("editor_here",)],
    "dossier.override": [("admin", "in_appraisal"), ("editor_here", "in_appraisal")],
    "dossier.schedule": [("admin", "schedulable"), ("editor_here", "schedulable")],
    # (A secretary of an agency's council adds its sessions too; the probe's councils are a UBND's.)
    "session.add": [("admin",), ("editor",)],
    "session.read": [("admin",), ("editor_here",), ("seat",)],
    "session.seat": [("seat",)],
    "session.minutes": [("admin",), ("editor_here",), ("secretary",)],
    "session.vote": [("seat", "voting")],
    "session.run": [("secretary",)],
    "session.stage": [("secretary", "closed")],
    "session.tally": [("admin", "counted"), ("editor_here", "counted"), ("seat", "counted")],
    "session.decide": [("admin", "counted"), ("editor_here", "counted")],
    # Ký số of a decision: whoever may issue it (the staff of the council's administration).
    "decision.sign": [("admin",), ("editor_here",)],
    # The secretary records an absent member's written opinion while the vote is open.
    "session.opinion": [("secretary", "voting")],
    # A deciding unit's yearly awards and money: its administration's staff.
    "prize.report": [("admin",), ("editor_here",)],
    # Its yearly statistics (and the province's, for the province's Sở Nội vụ) likewise; revoking
    # an award and confirming two rows as one person: the deciding unit's staff.
    "statistics.read": [("admin",), ("editor_here",)],
    "award.staff": [("admin",), ("editor_here",)],
    "duplicates.read": [("admin",), ("editor",)],
    # Emulation: members, the leader and the organiser's Sở Nội vụ see the group; a member sees
    # only its own scores until the leader publishes.
    "group.read": [("admin",), ("editor_here",), ("member",)],
    "group.member": [("member",)],
    "group.covenant": [("admin",), ("editor_here",), ("leader",)],
    "group.criteria": [("admin", "open"), ("editor_here", "open"), ("leader", "open")],
    "group.score": [("member", "open")],
    "group.review": [("admin",), ("editor_here",), ("leader",)],
    "group.adjust": [("leader", "open")],
    "group.publish": [("leader", "open")],
    "group.ranking": [("admin",), ("editor_here",), ("leader",), ("member", "published")],
    "group.propose": [("leader", "published")],
    # Next year's list and its review marks are the organiser's (its Sở/Phòng Nội vụ).
    "group.manage": [("admin",), ("editor_here",)],
    "score.read": [("admin",), ("editor_here",), ("leader",), ("own_unit",)],
    # Certificates: whoever issues the deciding unit's awards prints them and tests its layouts;
    # the register lists each editor's own administration (an admin: all).
    "certificate.print": [("admin",), ("editor_here",)],
    "certificate.register": [("admin",), ("editor",)],
    "job.read": [("admin",), ("owner",)],
    "notification.own": [("owner",)],
    "units.manage": [("admin",)],
    # API keys: each person makes and revokes their own.
    "token.own": [("owner",)],
}


def allowed(rule: str, actor: Actor, thing: Thing) -> bool:
    return any(all(CONDITIONS[name](actor, thing) for name in clause) for clause in RULES[rule])


# How to fill the patterns ----------------------------------------------------------------------

SITE = Thing("site", None, {"kind": "site"})


@dataclass
class Target:
    kwargs: dict
    thing: Thing
    label: str = ""


@dataclass
class Post:
    """A filled POST body; `write` narrows who may change data with it (default: the probe's).
    `json` sends it as JSON (the REST API), with the request `headers` built for the target."""

    data: Callable[[World, Target], dict]
    write: str | None = None
    label: str = "filled"
    json: bool = False
    headers: Callable[[World, Target], dict] | None = None


@dataclass
class Probe:
    targets: Callable[[World], list]
    read: str
    write: str | None = None
    posts: list = field(default_factory=lambda: [Post(common)])
    get_writes: bool = False  # a GET may write for those who may read (a cached PDF)


def site(world):
    return [Target({}, SITE)]


def on(*suffixes, **args):
    """Targets from world keys "{A,B}.<suffix>"; `args` maps each URL kwarg to thing -> value."""

    def targets(world):
        found = []
        for province in ("A", "B"):
            for suffix in suffixes:
                thing = world[f"{province}.{suffix}"]
                found.append(Target({name: get(thing) for name, get in args.items()}, thing, suffix))
        return found

    return targets


def on_each(prefix, **args):
    """Every thing whose key starts with "{A,B}.<prefix>"."""

    def targets(world):
        return [
            Target({name: get(t) for name, get in args.items()}, t, t.key)
            for t in world.things.values()
            if t.key[2:].startswith(prefix)
        ]

    return targets


def with_kwargs(targets, **extra):
    """The same targets with fixed extra kwargs (a direction, an action name)."""

    def more(world):
        return [Target(t.kwargs | extra, t.thing, f"{t.label} {extra}") for t in targets(world)]

    return more


def pk(t):
    return t.obj.pk


def plan_units(world):
    """Each plan with its own province's health unit, and A's issued plan with B's."""
    found = []
    for province in ("A", "B"):
        for state in ("draft", "issued"):
            plan = world[f"{province}.plan.{state}"]
            unit = world.units[f"{province}.health"]
            found.append(Target({"plan_id": plan.obj.pk, "unit_id": unit.pk}, plan, f"{state} health"))
    plan = world["A.plan.issued"]
    found.append(Target({"plan_id": plan.obj.pk, "unit_id": world.units["B.health"].pk}, plan, "issued B.health"))
    return found


def plan_id(t):
    return t.obj.plan_id


def appendix_id(t):
    return t.obj.appendix_id


PLANS = on("plan.draft", "plan.issued", pk=pk)
DOSSIERS_EDITABLE = ("dossier.draft", "dossier.appraising")


def first_of(world, thing_key_prefix):
    for thing in world.things.values():
        if thing.key.startswith(thing_key_prefix):
            return thing
    raise KeyError(thing_key_prefix)


# Filled POST bodies. Every body is built fresh for each request (uploads are read once).

COMMON = {
    "title": "Nội dung thử của đầu dò",
    "content": "Nội dung thử của đầu dò",
    "number": "9",
    "heading": "IX. MỤC THỬ",
    "body": "Nội dung mục thử",
    "reason": "Lý do thử của đầu dò",
    "note": "Ghi chú thử",
    "noted_on": "15/12/2025",
    "year": "2025",
}


def common(world, target):
    return dict(COMMON)


def copy_plan_form(world, target):
    """Next year's draft for the plan's own issuer: only someone who writes for it gets one."""
    plan = target.thing.obj
    return {"year": str(plan.year + 1), "issuing_unit": plan.issuing_unit_id}


def next_year_form(world, target):
    return {"year": str(target.thing.obj.year + 1)}


def review_all_form(world, target):
    return {"all": "1"}


def plan_form(world, target):
    plan = target.thing.obj if target.thing.facts.get("kind") == "plan" else None
    ubnd = world.units["A.ubnd"] if plan is None else plan.issuing_unit
    return {
        "issuing_unit": ubnd.pk,
        "issuing_body_line": "ỦY BAN NHÂN DÂN\nTỈNH THỬ",
        "symbol": "KH-UBND",
        "place": "Thử",
        "year": "2025",
        "title": "Kế hoạch do đầu dò sửa",
        "signer_authority": "TM. ỦY BAN NHÂN DÂN",
        "signer_position": "CHỦ TỊCH",
        **({"version": plan.version} if plan else {}),
    }


def plan_form_for_b(world, target):
    return plan_form(world, target) | {"issuing_unit": world.units["B.ubnd"].pk}


def plan_form_based_on_b(world, target):
    """A's plan form pointing at B's draft plan, which A's editor may not read."""
    return plan_form(world, target) | {"based_on": world["B.plan.draft"].obj.pk}


def appendix_form(world, target):
    return {"label": "Phụ lục", "title": "Phụ lục do đầu dò sửa", "columns": ["leads", "coordinates", "timing", "note"]}


def task_form(world, target):
    return {"number": "9", "content": "Nhiệm vụ do đầu dò thêm", "timing_text": "Quý IV"}


def group_form(world, target):
    return {"number": "III", "title": "Nhóm do đầu dò thêm"}


def _occurrence(target):
    return Occurrence.objects.filter(task=target.thing.obj).order_by("due_on").first()


def status_form(world, target):
    occurrence = _occurrence(target)
    return {
        "action": "status",
        "occurrence": occurrence.pk if occurrence else "",
        "version": occurrence.version if occurrence else 0,
        "status": "done",
        "percent": "",
        "noted_on": "15/12/2025",
        "note": "Đầu dò báo hoàn thành",
        "files": pdf_upload("dau-do.pdf"),
    }


def contribution_form(world, target):
    occurrence = _occurrence(target)
    return {
        "action": "contribution",
        "occurrence": occurrence.pk if occurrence else "",
        "noted_on": "15/12/2025",
        "note": "Đầu dò gửi phối hợp",
        "files": pdf_upload("dau-do.pdf"),
    }


def api_occurrence_pk(t):
    return Occurrence.objects.filter(task=t.obj).order_by("due_on").first().pk


def _api_occurrence(target):
    return Occurrence.objects.get(pk=target.kwargs["pk"])


def api_status(world, target):
    return {"status": "done", "noted_on": "15/12/2025", "note": "Đầu dò báo hoàn thành qua API"}


def api_if_match(world, target):
    return {"If-Match": f'"{_api_occurrence(target).version}"'}


def api_contribution(world, target):
    return {"noted_on": "2025-12-15", "note": "Đầu dò gửi phối hợp qua API"}


def api_token_form(world, target):
    return {"name": "Khoá do đầu dò tạo", "scope": "read"}


def api_units(world):
    return [Target({"pk": world.units[f"{p}.edu"].pk}, SITE, f"{p}.edu") for p in ("A", "B")]


def api_award_types(world):
    return [Target({"pk": AwardType.objects.order_by("pk").first().pk}, SITE)]


def api_calendars(world):
    """The live address (whoever holds it reads it: the address is the secret) and a renewed-away one."""
    return [
        Target({"key": world[f"{p}.calendar.{state}"].obj}, world[f"{p}.calendar.{state}"], f"{state}|{rule}")
        for p in ("A", "B")
        for state, rule in (("live", "anyone"), ("stale", "nobody"))
    ]


def revoke_form(world, target):
    return {
        "ground": "b",
        "reason": "Đầu dò: hồ sơ có giấy tờ giả",
        "decision_reference": "45/QĐ-UBND",
        "decided_on": "15/03/2026",
        "signer_name": "Người ký thử",
        "amount_to_recover": "700000",
    }


def person_match_form(world, target):
    """The other row of the same province's pair: the decided award and the typed-in one."""
    province = target.thing["province"]
    return {"other": world[f"{province}.award.typed"].obj.pk, "same": "1"}


def record_units(world):
    return [Target({"unit_id": world.units[f"{p}.edu"].pk}, SITE, f"{p}.edu") for p in ("A", "B")]


STATISTICS = on("decision", unit_id=lambda t: t.obj.issuing_unit_id, year=lambda t: t.obj.issued_on.year)


def import_choices(world, target):
    return {"sheet_0": "on", "target_0": "new", "action": "confirm"}


def relink_form(world, target):
    """The fingerprint of the changes the page shows, as the page's own form sends it."""
    return {"expected": relink_fingerprint(relink_changes(target.thing.obj))}


def award_type_pk(code="lao-dong-tien-tien"):
    return AwardType.objects.get(code=code).pk


def dossier_form(world, target):
    return {"kind": "thuong_xuyen", "award_type": award_type_pk(), "year": "2025", "title": "Hồ sơ do đầu dò sửa"}


def nominee_form(world, target):
    return {
        "kind": "ca_nhan",
        "full_name": "Trần Thị Đầu Dò",
        "position": "Giáo viên",
        "birth_year": "1985",
        "task_rating": "xuat_sac",
        "excellent_years": "2",
        "initiative_scope": "tinh",
        "initiative_count": "2",
    }


def attachment_form(world, target):
    return {"kind": "to_trinh", "file": pdf_upload("dau-do.pdf")}


def schedule_form(world, target):
    province = target.thing["province"]
    return {"session": world[f"{province}.session.planned"].obj.pk}


def session_form(world, target, council="A"):
    return {
        "council": world.units[f"{council}.council"].pk,
        "title": "Phiên họp do đầu dò tạo",
        "meets_at": "20/12/2025 08:00",
        "place": "Phòng họp thử",
    }


def session_form_for_b(world, target):
    return session_form(world, target, council="B")


def minutes_form(world, target):
    return {
        "title": "Phiên họp do đầu dò sửa",
        "meets_at": "20/12/2025 08:00",
        "place": "Phòng họp thử",
        "presided_by": "Người chủ trì thử",
        "discussion": "Thảo luận thử",
        "minutes_number": "99",
        "minutes_symbol": "BB-HĐTĐKT",
    }


def _session_nominees(target):
    from awards.models import Nominee

    return Nominee.objects.filter(dossier__session=target.thing.obj)


def ballot_form(world, target):
    return {f"n{n.pk}": "dong_y" for n in _session_nominees(target)}


def opinion_form(world, target):
    from awards.models import CouncilMember

    member = CouncilMember.objects.filter(council=target.thing.obj.council).order_by("-pk").first()
    return {
        "member": member.pk,
        "paper": pdf_upload("y-kien.pdf"),
        **{f"n{n.pk}": "dong_y" for n in _session_nominees(target)},
    }


def stage_form(world, target):
    return {f"n{n.pk}": "not_awarded" for n in _session_nominees(target)}


def decision_form(world, target):
    from awards.services import decidable_nominees

    session = target.thing.obj
    award_type = AwardType.objects.get(pk=target.kwargs["award_type_id"])
    return {
        "issuing_unit": session.council.government_id,
        "issuing_body_line": "ỦY BAN NHÂN DÂN\nTỈNH THỬ",
        "number": "99",
        "symbol": "QĐ-UBND",
        "place": "Thử",
        "issued_on": "22/12/2025",
        "title": "Quyết định do đầu dò ban hành",
        "signer_authority": "KT. CHỦ TỊCH",
        "signer_position": "PHÓ CHỦ TỊCH",
        "signer_name": "Người ký thử",
        "nominees": [n.pk for n in decidable_nominees(session, award_type)],
    }


def covenant_form(world, target):
    return {
        "title": "Giao ước do đầu dò sửa",
        "content": "Nội dung giao ước thử",
        "signing_due": "31/03/2025",
    }


def signature_form(world, target):
    group = target.thing.obj
    unsigned = group.memberships.exclude(unit__covenant_signatures__covenant__group=group).first()
    return {
        "unit": unsigned.unit_id if unsigned else "",
        "signed_on": "02/03/2025",
        "signer_name": "Người ký thử",
    }


def criterion_form(world, target):
    return {"number": "9", "content": "Tiêu chí do đầu dò sửa", "kind": "base", "max_points": "7"}


def criteria_action_form(world, target):
    group = target.thing.obj
    section = group.criteria_table.sections.first()
    by_action = {
        "tao": {"title": "Bảng thử", "scoring_due": "30/11/2025", "tie_break": "penalty_first"},
        "sao-chep": {"scoring_due": "30/11/2025"},
        "sua": {"title": "Bảng do đầu dò sửa", "scoring_due": "30/11/2025", "tie_break": "base_first"},
        "them-nhom": {"number": "IV", "title": "Nhóm do đầu dò thêm"},
        "them-tieu-chi": {
            "section": section.pk if section else "",
            "number": "9",
            "content": "Tiêu chí do đầu dò thêm",
            "kind": "base",
            "max_points": "5",
        },
        "nhap": {"file": criteria_xlsx()},
    }
    return by_action[target.kwargs["action"]]


def _criteria(target):
    from emulation.models import Criterion

    return list(Criterion.objects.filter(section__table__group=target.thing.obj).order_by("pk"))


def scores_form(world, target):
    first = _criteria(target)[0]
    return {f"points-{first.pk}": "9", f"comment-{first.pk}": "Đầu dò tự chấm"}


def upload_form(world, target):
    return {"file": pdf_upload("dau-do.pdf")}


def adjust_sheet_form(world, target):
    criterion = world[f"{target.thing['province']}.criterion.{target.thing['state']}"].obj
    return {f"adjust-{criterion.pk}": "6", f"reason-{criterion.pk}": "Đầu dò điều chỉnh cả bảng"}


def propose_form(world, target):
    group = target.thing.obj
    leader = group.memberships.get(role="truong").unit_id
    return {f"unit-{leader}": "on", f"award-{leader}": award_type_pk("bang-khen-chu-tich-tinh")}


def set_password_link(world):
    return [Target({"uidb64": "MQ", "token": "cz8xyz-khongdung"}, SITE)]


def new_password_form(world, target):
    return {"new_password1": "Dau-do-2026!x", "new_password2": "Dau-do-2026!x"}


def login_form(world, target):
    return {"username": "a.officer", "password": "khong-dung"}


def scoring_units(world, units=("edu", "health", "justice")):
    """(group, unit) pairs: the group's leader (edu), the member A's other officer works for
    (health) and a member no actor works for (justice)."""
    found = []
    for province in ("A", "B"):
        for state in ("open", "published"):
            thing = world[f"{province}.emulation.{state}"]
            for unit in units:
                found.append(
                    Target(
                        {"pk": thing.obj.pk, "unit_id": world.units[f"{province}.{unit}"].pk},
                        thing,
                        f"{thing.key} {unit}",
                    )
                )
    return found


def criteria_actions(world):
    found = []
    for province in ("A", "B"):
        for action in ("tao", "sao-chep", "sua", "them-nhom", "them-tieu-chi", "nhap"):
            thing = world[f"{province}.emulation.open"]
            found.append(Target({"pk": thing.obj.pk, "action": action}, thing, f"{thing.key} {action}"))
        thing = world[f"{province}.emulation.published"]
        found.append(Target({"pk": thing.obj.pk, "action": "sua"}, thing, f"{thing.key} sua"))
    return found


def plan_transitions(world):
    return [
        Target({"pk": t.obj.pk, "name": "issue" if t["state"] == "draft" else "reopen"}, t, t.key)
        for t in world.of_kind("plan")
    ]


def dossier_transitions(world):
    found = []
    for province in ("A", "B"):
        for suffix, name, rule in (
            ("dossier.draft", "submit", "dossier.change"),
            ("dossier.appraising", "mark_ready", "dossier.appraise"),
            ("dossier.appraising", "request_papers", "dossier.appraise"),
        ):
            thing = world[f"{province}.{suffix}"]
            found.append(Target({"pk": thing.obj.pk, "name": name}, thing, f"{thing.key} {name}|{rule}"))
    return found


def session_transitions(world):
    names = {"planned": "open_voting", "voting": "close_voting", "closed": "apply_results"}
    return [
        Target({"pk": t.obj.pk, "name": names[t["state"]]}, t, t.key)
        for t in world.of_kind("session")
        if t["state"] in names
    ]


def decision_targets(world):
    award = award_type_pk()
    return [
        Target({"pk": t.obj.pk, "award_type_id": award}, t, t.key)
        for t in world.of_kind("session")
        if t["state"] in ("closed", "applied")
    ]


def sessions(*states):
    def targets(world):
        return [Target({"pk": t.obj.pk}, t, t.key) for t in world.of_kind("session") if t["state"] in states]

    return targets


def units_to_delete(world):
    return [Target({"pk": world.units[f"{p}.finance"].pk}, SITE, f"{p}.finance") for p in ("A", "B")]


def jobs(world):
    return [Target({"job_id": t.obj.pk}, t, t.key) for t in world.of_kind("job")]


def one_attachment_of(*suffixes):
    def targets(world):
        found = []
        for province in ("A", "B"):
            for suffix in suffixes:
                thing = first_of(world, f"{province}.{suffix}.attachment.")
                found.append(Target({"pk": thing.obj.dossier_id, "attachment_id": thing.obj.pk}, thing, thing.key))
        return found

    return targets


def one_nominee_of(*suffixes):
    def targets(world):
        found = []
        for province in ("A", "B"):
            for suffix in suffixes:
                thing = first_of(world, f"{province}.{suffix}.nominee.")
                found.append(Target({"pk": thing.obj.dossier_id, "nominee_id": thing.obj.pk}, thing, thing.key))
        return found

    return targets


EVERY_DOSSIER = on(
    "dossier.draft",
    "dossier.appraising",
    "dossier.ready",
    "dossier.voting",
    "dossier.closed",
    "dossier.decided",
    "dossier.voted",
    "dossier.forwarded",
    pk=pk,
)
GROUPS = on("emulation.open", "emulation.published", pk=pk)
SECTIONS = on("section.draft", "section.issued", pk=plan_id, section_id=pk)
APPENDICES = on("appendix.draft", "appendix.issued", pk=plan_id, appendix_id=pk)
SPARE_GROUPS = on("group2.draft", "group2.issued", appendix_id=appendix_id, group_id=pk)
TASKS = on("task.draft.t1", "task.issued.t1", appendix_id=appendix_id, task_id=pk)

API_TASKS = ("task.draft.t1", "task.issued.t1", "task.issued.t2", "task.issued.t3")
# The REST API's lists: each shows what its reader may read (the markers say if not); nothing is
# written through them.
API_LISTS = {
    f"api:{name}-list": Probe(site, read="signed_in")
    for name in (
        "plan",
        "appendix",
        "task",
        "occurrence",
        "progress-update",
        "unit",
        "award-type",
        "dossier",
        "decision",
        "notification",
    )
}

PATTERNS: dict[str, Probe] = {
    **API_LISTS,
    "api:plan-detail": Probe(PLANS, read="plan.read"),
    "api:appendix-detail": Probe(on("appendix.draft", "appendix.issued", pk=pk), read="plan.read"),
    "api:task-detail": Probe(on(*API_TASKS, pk=pk), read="task.read"),
    "api:occurrence-detail": Probe(on(*API_TASKS, pk=api_occurrence_pk), read="task.read"),
    "api:occurrence-status": Probe(
        on(*API_TASKS, pk=api_occurrence_pk),
        read="task.read",
        write="task.status",
        posts=[Post(api_status, json=True, headers=api_if_match)],
    ),
    "api:occurrence-contributions": Probe(
        on(*API_TASKS, pk=api_occurrence_pk),
        read="task.read",
        write="task.contribute",
        posts=[Post(api_contribution, json=True)],
    ),
    "api:progress-update-detail": Probe(on_each("evidence.", pk=lambda t: t.obj.update_id), read="task.read"),
    "api:unit-detail": Probe(api_units, read="signed_in"),
    "api:award-type-detail": Probe(api_award_types, read="signed_in"),
    "api:dossier-detail": Probe(EVERY_DOSSIER, read="dossier.read"),
    "api:decision-detail": Probe(on("decision", pk=pk), read="signed_in"),
    "api:notification-detail": Probe(on_each("notice.", pk=pk), read="notification.own"),
    # The schema and its documentation page describe the API; they hold no data.
    "api:schema": Probe(site, read="anyone"),
    "api:docs": Probe(site, read="anyone"),
    "api:account": Probe(site, read="signed_in"),
    "api:token_create": Probe(site, read="signed_in", write="signed_in", posts=[Post(api_token_form)]),
    "api:token_revoke": Probe(on("token.officer", pk=pk), read="token.own", write="token.own"),
    # Everyone signed in makes (or stops) their own calendar address.
    "api:calendar_renew": Probe(site, read="signed_in", write="signed_in"),
    "api:calendar_stop": Probe(site, read="signed_in", write="signed_in"),
    # Reading the feed notes when it was last read.
    "api:calendar_feed": Probe(api_calendars, read="per-target", get_writes=True),
    "home": Probe(site, read="signed_in"),
    "login": Probe(site, read="anyone", posts=[Post(login_form)]),
    "logout": Probe(site, read="anyone"),
    # A set-password link with a token nobody was given: it answers anyone, changes nothing.
    "set_password": Probe(set_password_link, read="anyone", posts=[Post(new_password_form)]),
    "set_password_done": Probe(site, read="anyone"),
    # plans
    "plans:list": Probe(site, read="signed_in"),
    "plans:create": Probe(
        site,
        read="plan.add",
        write="plan.add",
        posts=[
            Post(plan_form),
            Post(plan_form_for_b, write="admin", label="for B"),
            Post(plan_form_based_on_b, write="admin", label="based on B's draft"),
        ],
    ),
    "plans:detail": Probe(PLANS, read="plan.read"),
    "plans:edit": Probe(
        PLANS,
        read="plan.change",
        write="plan.change",
        posts=[
            Post(plan_form),
            # Only the admin works across administrations: A's editor may not point at B's draft.
            Post(plan_form_based_on_b, write="plan.change.admin", label="based on B's draft"),
        ],
    ),
    "plans:history": Probe(PLANS, read="plan.manage"),
    "plans:transition": Probe(plan_transitions, read="plan.manage", write="plan.manage"),
    "plans:copy": Probe(PLANS, read="plan.copy", write="plan.manage", posts=[Post(common), Post(copy_plan_form)]),
    "plans:review": Probe(
        on("plan.issued", "plancopy.draft", pk=pk),
        read="plan.change",
        write="plan.change",
        posts=[Post(review_all_form)],
    ),
    "plans:section_add": Probe(PLANS, read="plan.change", write="plan.change"),
    "plans:section_edit": Probe(SECTIONS, read="plan.change", write="plan.change"),
    "plans:section_delete": Probe(SECTIONS, read="plan.change", write="plan.change"),
    "plans:section_move": Probe(with_kwargs(SECTIONS, direction="xuong"), read="plan.change", write="plan.change"),
    "plans:appendix_add": Probe(PLANS, read="plan.change", write="plan.change", posts=[Post(appendix_form)]),
    "plans:appendix_edit": Probe(APPENDICES, read="plan.change", write="plan.change", posts=[Post(appendix_form)]),
    "plans:appendix_delete": Probe(APPENDICES, read="plan.change", write="plan.change"),
    "plans:appendix_export": Probe(APPENDICES, read="plan.read"),
    "plans:appendix_relink": Probe(
        APPENDICES, read="plan.change", write="plan.change", posts=[Post(common), Post(relink_form)]
    ),
    "plans:import_start": Probe(
        PLANS,
        read="plan.change",
        write="plan.change",
        posts=[Post(lambda w, t: {"file": appendix_xlsx("dau-do.xlsx")})],
    ),
    "plans:import_detail": Probe(
        on_each("import.", pk=lambda t: t.obj.plan_id, import_id=pk),
        read="import.own",
        write="import.own",
        posts=[Post(import_choices)],
    ),
    "plans:import_report": Probe(on_each("import.", pk=lambda t: t.obj.plan_id, import_id=pk), read="import.own"),
    "plans:import_cancel": Probe(
        on_each("import.", pk=lambda t: t.obj.plan_id, import_id=pk), read="import.own", write="import.own"
    ),
    "tasks:plan_preview": Probe(PLANS, read="plan.read"),
    "tasks:plan_docx": Probe(PLANS, read="plan.read"),
    "tasks:plan_sign": Probe(PLANS, read="plan.sign", write="plan.sign"),
    "tasks:plan_signed": Probe(on("signedplan", pk=lambda t: t["plan_id"], signed_id=pk), read="plan.read"),
    # Drawing the PDF stores it (RenderedDocument): a write for whoever may read the plan.
    "tasks:plan_pdf": Probe(PLANS, read="plan.read", write="plan.read", get_writes=True),
    # tasks
    "tasks:unit_tasks": Probe(site, read="officer"),
    "tasks:task_add": Probe(
        on("appendix.draft", "appendix.issued", appendix_id=pk),
        read="plan.change",
        write="plan.change",
        posts=[Post(task_form)],
    ),
    # What the timing text will be read as, while the editor types: a read for whoever may edit.
    "tasks:timing_preview": Probe(on("appendix.draft", "appendix.issued", appendix_id=pk), read="plan.change"),
    "tasks:task_edit": Probe(TASKS, read="plan.change", write="plan.change", posts=[Post(task_form)]),
    "tasks:task_delete": Probe(TASKS, read="plan.change", write="plan.change"),
    "tasks:task_restore": Probe(
        on(
            "deletion.draft",
            "deletion.issued",
            appendix_id=lambda t: t.obj.before[RESTORE_KEY]["appendix"],
            entry_id=pk,
        ),
        read="plan.change",
        write="plan.change",
    ),
    "tasks:task_move": Probe(with_kwargs(TASKS, direction="xuong"), read="plan.change", write="plan.change"),
    "tasks:group_add": Probe(
        on("appendix.draft", "appendix.issued", appendix_id=pk),
        read="plan.change",
        write="plan.change",
        posts=[Post(group_form)],
    ),
    "tasks:group_edit": Probe(SPARE_GROUPS, read="plan.change", write="plan.change", posts=[Post(group_form)]),
    "tasks:group_delete": Probe(SPARE_GROUPS, read="plan.change", write="plan.change"),
    "tasks:group_move": Probe(with_kwargs(SPARE_GROUPS, direction="len"), read="plan.change", write="plan.change"),
    "tasks:progress": Probe(
        on("task.draft.t1", "task.issued.t1", "task.issued.t2", "task.issued.t3", task_id=pk),
        read="task.read",
        write="task.report",
        posts=[
            Post(status_form, write="task.status", label="status"),
            Post(contribution_form, write="task.contribute", label="contribution"),
        ],
    ),
    "tasks:evidence": Probe(on_each("evidence.", pk=pk), read="task.read"),
    "tasks:dashboard": Probe(on("plan.draft", "plan.issued", plan_id=pk), read="plan.manage"),
    "tasks:dashboard_export": Probe(on("plan.draft", "plan.issued", plan_id=pk), read="plan.manage"),
    # The issued plans' "Quý IV" (2025) rows are overdue, so health (leading t2) is reminded; the
    # other province's unit has no task in the plan and is refused, with nothing written.
    "tasks:dashboard_remind": Probe(plan_units, read="plan.remind", write="plan.remind"),
    # certificates
    "certificates:decision": Probe(on("decision", pk=pk), read="certificate.print"),
    "certificates:print": Probe(on("decision", pk=pk), read="certificate.print", write="certificate.print"),
    "certificates:alignment": Probe(on("layout", pk=pk), read="certificate.print"),
    "certificates:preview": Probe(on("layout", pk=pk), read="certificate.print"),
    "certificates:register": Probe(site, read="certificate.register"),
    "certificates:register_xlsx": Probe(site, read="certificate.register"),
    # units
    "units:list": Probe(site, read="signed_in"),
    "units:search": Probe(site, read="signed_in"),
    "units:delete": Probe(units_to_delete, read="units.manage", write="units.manage"),
    # jobs
    "jobs:detail": Probe(jobs, read="job.read"),
    "jobs:progress": Probe(jobs, read="job.read"),
    "jobs:file": Probe(jobs, read="job.read"),
    # notifications
    "notifications:list": Probe(site, read="signed_in"),
    "notifications:open": Probe(on_each("notice.", pk=pk), read="notification.own", write="notification.own"),
    # Marks the person's own notifications read: theirs to change.
    "notifications:read_all": Probe(site, read="signed_in", write="signed_in"),
    # awards
    "awards:list": Probe(site, read="signed_in"),
    "awards:dossier_create": Probe(site, read="officer", write="officer", posts=[Post(dossier_form)]),
    "awards:dossier": Probe(EVERY_DOSSIER, read="dossier.read"),
    "awards:dossier_edit": Probe(
        on(*DOSSIERS_EDITABLE, pk=pk), read="dossier.change", write="dossier.change", posts=[Post(dossier_form)]
    ),
    "awards:dossier_history": Probe(
        on("dossier.draft", "dossier.appraising", "dossier.voting", "dossier.decided", pk=pk), read="dossier.history"
    ),
    "awards:dossier_proposal_print": Probe(on("dossier.forwarded", "dossier.decided", pk=pk), read="dossier.proposal"),
    "awards:dossier_proposal_pdf": Probe(on("dossier.forwarded", "dossier.decided", pk=pk), read="dossier.proposal"),
    "awards:dossier_package": Probe(on("dossier.forwarded", "dossier.voted", pk=pk), read="dossier.proposal"),
    # Each target's label ends with the rule of its transition.
    "awards:dossier_transition": Probe(dossier_transitions, read="per-target", write="per-target"),
    "awards:dossier_schedule": Probe(
        on("dossier.ready", "dossier.appraising", pk=pk),
        read="dossier.schedule",
        write="dossier.schedule",
        posts=[Post(schedule_form)],
    ),
    "awards:nominee_add": Probe(
        on(*DOSSIERS_EDITABLE, pk=pk), read="dossier.change", write="dossier.change", posts=[Post(nominee_form)]
    ),
    "awards:nominee_edit": Probe(
        one_nominee_of(*DOSSIERS_EDITABLE), read="dossier.change", write="dossier.change", posts=[Post(nominee_form)]
    ),
    "awards:nominee_remove": Probe(one_nominee_of(*DOSSIERS_EDITABLE), read="dossier.change", write="dossier.change"),
    "awards:nominee_override": Probe(
        one_nominee_of(*DOSSIERS_EDITABLE), read="dossier.override", write="dossier.override"
    ),
    "awards:attachment_add": Probe(
        on(*DOSSIERS_EDITABLE, pk=pk), read="dossier.change", write="dossier.change", posts=[Post(attachment_form)]
    ),
    "awards:attachment": Probe(
        one_attachment_of("dossier.draft", "dossier.voting", "dossier.decided"), read="dossier.read"
    ),
    "awards:attachment_remove": Probe(
        one_attachment_of(*DOSSIERS_EDITABLE), read="dossier.change", write="dossier.change"
    ),
    "awards:sessions": Probe(site, read="signed_in"),
    "awards:session_create": Probe(
        site,
        read="session.add",
        write="session.add",
        posts=[Post(session_form), Post(session_form_for_b, write="admin", label="for B")],
    ),
    "awards:session": Probe(sessions("planned", "voting", "closed", "applied"), read="session.read"),
    "awards:session_edit": Probe(
        sessions("planned", "voting", "closed", "applied"),
        read="session.minutes",
        write="session.minutes",
        posts=[Post(minutes_form)],
    ),
    # Any member may post a ballot sheet (a late one gets the service's message); it counts
    # only while the vote is open.
    "awards:session_vote": Probe(
        sessions("voting", "closed"), read="session.seat", write="session.vote", posts=[Post(ballot_form)]
    ),
    "awards:session_stage": Probe(
        sessions("voting", "closed"), read="session.run", write="session.stage", posts=[Post(stage_form)]
    ),
    "awards:session_written_opinion": Probe(
        sessions("voting", "closed"), read="session.run", write="session.opinion", posts=[Post(opinion_form)]
    ),
    "awards:session_minutes": Probe(sessions("voting", "closed", "applied"), read="session.tally"),
    "awards:session_minutes_print": Probe(sessions("voting", "closed", "applied"), read="session.tally"),
    "awards:session_minutes_pdf": Probe(sessions("voting", "closed", "applied"), read="session.tally"),
    "awards:session_minutes_docx": Probe(sessions("voting", "closed", "applied"), read="session.tally"),
    "awards:session_transition": Probe(session_transitions, read="session.run", write="session.run"),
    "awards:decision_create": Probe(
        decision_targets, read="session.decide", write="session.decide", posts=[Post(decision_form)]
    ),
    "awards:decisions": Probe(site, read="signed_in"),
    "awards:decision": Probe(on("decision", pk=pk), read="signed_in"),
    "awards:decision_print": Probe(on("decision", pk=pk), read="signed_in"),
    "awards:prize_report": Probe(
        on("decision", unit_id=lambda t: t.obj.issuing_unit_id, year=lambda t: t.obj.issued_on.year),
        read="prize.report",
    ),
    "awards:decision_pdf": Probe(on("decision", pk=pk), read="signed_in"),
    "awards:decision_docx": Probe(on("decision", pk=pk), read="signed_in"),
    "awards:decision_sign": Probe(on("decision", pk=pk), read="decision.sign", write="decision.sign"),
    "awards:decision_signed": Probe(
        on("signeddecision", pk=lambda t: t["decision_id"], signed_id=pk), read="signed_in"
    ),
    "awards:history": Probe(site, read="signed_in"),
    "awards:unit_history": Probe(record_units, read="signed_in"),
    "awards:person": Probe(on("award", pk=pk), read="signed_in"),
    "awards:person_confirm": Probe(
        on("award", pk=pk), read="award.staff", write="award.staff", posts=[Post(person_match_form)]
    ),
    "awards:revoke": Probe(on("award", pk=pk), read="award.staff", write="award.staff", posts=[Post(revoke_form)]),
    "awards:duplicates": Probe(site, read="duplicates.read"),
    "awards:statistics": Probe(STATISTICS, read="statistics.read"),
    "awards:statistics_xlsx": Probe(STATISTICS, read="statistics.read"),
    "awards:province_statistics": Probe(STATISTICS, read="statistics.read"),
    "awards:province_statistics_xlsx": Probe(STATISTICS, read="statistics.read"),
    "awards:catalogue": Probe(site, read="signed_in"),
    # emulation
    "emulation:groups": Probe(site, read="signed_in"),
    "emulation:overview": Probe(GROUPS, read="group.read"),
    "emulation:group_copy": Probe(
        GROUPS, read="group.manage", write="group.manage", posts=[Post(common), Post(next_year_form)]
    ),
    "emulation:member_review": Probe(
        on("emulation.open", "groupcopy", pk=pk),
        read="group.manage",
        write="group.manage",
        posts=[Post(review_all_form)],
    ),
    "emulation:covenant_edit": Probe(
        GROUPS, read="group.covenant", write="group.covenant", posts=[Post(covenant_form)]
    ),
    "emulation:covenant_sign": Probe(
        GROUPS, read="group.covenant", write="group.covenant", posts=[Post(signature_form)]
    ),
    "emulation:covenant_preview": Probe(GROUPS, read="group.read"),
    "emulation:covenant_pdf": Probe(GROUPS, read="group.read"),
    "emulation:covenant_docx": Probe(GROUPS, read="group.read"),
    "emulation:criteria": Probe(GROUPS, read="group.read"),
    "emulation:criteria_export": Probe(GROUPS, read="group.read"),
    "emulation:criterion_edit": Probe(
        on("criterion.open", "criterion.published", pk=lambda t: t.obj.section.table.group_id, criterion_id=pk),
        read="group.criteria",
        write="group.criteria",
        posts=[Post(criterion_form)],
    ),
    "emulation:criterion_delete": Probe(
        on("criterion.open", "criterion.published", pk=lambda t: t.obj.section.table.group_id, criterion_id=pk),
        read="group.criteria",
        write="group.criteria",
    ),
    "emulation:criteria_action": Probe(
        criteria_actions, read="group.criteria", write="group.criteria", posts=[Post(criteria_action_form)]
    ),
    "emulation:scoring": Probe(GROUPS, read="group.member", write="group.score", posts=[Post(scores_form)]),
    "emulation:evidence_upload": Probe(
        on("criterion.open", "criterion.published", pk=lambda t: t.obj.section.table.group_id, criterion_id=pk),
        read="group.score",
        write="group.score",
        posts=[Post(upload_form)],
    ),
    "emulation:unit_scores": Probe(scoring_units, read="group.review"),
    # Every member of the probe's groups has scored (publishing needs it), so the leader's reminder
    # has nobody to tell here and may write nothing for anyone; its writes are tested in
    # tests/emulation/test_reminders.py.
    "emulation:remind_unscored": Probe(GROUPS, read="group.adjust"),
    "emulation:adjust_sheet": Probe(
        lambda world: scoring_units(world, units=("justice",)),
        read="group.adjust",
        write="group.adjust",
        posts=[Post(adjust_sheet_form)],
    ),
    "emulation:ranking": Probe(GROUPS, read="group.ranking"),
    "emulation:publish": Probe(GROUPS, read="group.publish", write="group.publish"),
    "emulation:propose": Probe(GROUPS, read="group.propose", write="group.propose", posts=[Post(propose_form)]),
    "emulation:ranking_export": Probe(GROUPS, read="group.ranking"),
    "emulation:ranking_preview": Probe(GROUPS, read="group.ranking"),
    "emulation:ranking_pdf": Probe(GROUPS, read="group.ranking"),
    "emulation:ranking_docx": Probe(GROUPS, read="group.ranking"),
    "emulation:evidence": Probe(on_each("scoreevidence.", evidence_id=pk), read="score.read"),
}


def rule_for(probe: Probe, target: Target, which: str) -> str | None:
    """The read or write rule for one target: a "per-target" probe names it after "|"."""
    rule = getattr(probe, which)
    if rule == "per-target":
        return target.label.rsplit("|", 1)[1]
    return rule
