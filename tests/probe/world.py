"""Two provinces with one of everything, for the authorisation probe.

Province A and province B are built alike: a UBND, its Sở Nội vụ and three departments, a plan
editor, unit officers, a council with a chair, a secretary and two members; a draft and an issued
plan (sections, appendices, groups, tasks, progress with evidence files, staged imports), award
dossiers in every step (draft, appraising, on a planned session, on a session voting, on a closed
session, decided, voted and waiting for a decision) with nominees and papers, a Quyết định, two
emulation groups (one still scoring, one published) with covenants, criteria, scores and evidence,
jobs with result files and notifications. Everything is written through the services (or the
factories where a service has no say), so the rows are the rows the portal makes.

The people who knock on doors are A's (`World.actors`, see `_actors`); every object knows, as plain facts written here
and not read back from the portal's predicates, which province, units, council and group members
it belongs to. The oracle in `table.py` decides from those facts who may see or change it.

Objects whose text must not leak carry a marker (`zqA007`…) in a title, name, note or file name:
a page that shows the marker shows the object.
"""

import datetime
import io
from dataclasses import dataclass, field
from typing import Any

import openpyxl
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from api import services as api
from awards import printing as award_printing
from awards import services as awards
from awards.catalogue import load_catalogue, load_reference_data
from awards.models import AwardRecord, AwardType, BaseSalary, LegalText, Nominee
from certificates.samples import make_layout
from documents.models import SignedDocument
from emulation import services as emulation
from emulation.copying import copy_group_to_year
from emulation.models import CriterionKind
from jobs.models import Job, JobStatus
from notifications.services import notify
from plans import services as plans
from plans.copying import copy_plan
from plans.models import PlanStatus
from plans.printing import plan_key
from plans.signing import sign_issued_plan
from tasks import services as tasks
from tasks.models import TaskAssignment, TaskStatus
from tasks.printing import render_plan
from tasks.progress import Report, add_contribution, update_status
from tasks.workbooks.services import stage_upload
from tests.factories import (
    CouncilFactory,
    CouncilMemberFactory,
    CouncilSessionFactory,
    PlanFactory,
    ProvinceFactory,
    UnitFactory,
    UserFactory,
    pdf_bytes,
)
from units.models import EmulationGroup, EmulationGroupKind, EmulationGroupMembership, MembershipRole, Role

AWARD = "lao-dong-tien-tien"
NOTED_ON = datetime.date(2025, 10, 1)

# Unit keys inside a province; "A.edu" is Sở Giáo dục và Đào tạo of province A.
UNIT_NAMES = {
    "home": "Sở Nội vụ",
    "edu": "Sở Giáo dục và Đào tạo",
    "health": "Sở Y tế",
    "justice": "Sở Tư pháp",
    "finance": "Sở Tài chính",
}


@dataclass
class Actor:
    """Someone knocking: who they are, as facts the oracle reads."""

    key: str
    kind: str  # anonymous | officer | editor | council | staff | admin
    user: Any = None
    province: str | None = None
    unit: str | None = None  # unit key, e.g. "A.edu"
    council: str | None = None  # council key (the province) where the actor has a seat
    council_role: str | None = None


@dataclass
class Thing:
    """One object of the world and the facts the oracle needs about it."""

    key: str
    obj: Any
    facts: dict = field(default_factory=dict)

    def __getitem__(self, name):
        return self.facts[name]


@dataclass
class Marker:
    token: str
    rule: str  # the oracle rule saying who may read the text carrying it
    thing: Thing
    what: str  # which text of the thing carries it

    def __str__(self):
        return f"{self.thing.key} {self.what} ({self.token})"


@dataclass
class World:
    actors: list = field(default_factory=list)
    things: dict = field(default_factory=dict)
    units: dict = field(default_factory=dict)
    users: dict = field(default_factory=dict)
    markers: list = field(default_factory=list)
    counter: int = 0

    def add(self, key, obj, **facts) -> Thing:
        thing = Thing(key, obj, facts)
        self.things[key] = thing
        return thing

    def token(self, province: str) -> str:
        self.counter += 1
        return f"zq{province}{self.counter:03d}"

    def mark(self, thing: Thing, rule: str, what: str) -> str:
        """A new marker for `what` (a title, a note…) of `thing`, readable under `rule`."""
        token = self.token(thing["province"])
        self.markers.append(Marker(token, rule, thing, what))
        return token

    def __getitem__(self, key) -> Thing:
        return self.things[key]

    def of_kind(self, kind: str) -> list:
        return [t for t in self.things.values() if t.facts.get("kind") == kind]


def pdf_upload(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


def appendix_xlsx(name: str) -> SimpleUploadedFile:
    """A small appendix workbook an office would send: header, one group, two tasks."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Phụ lục"
    for row in [
        ["TT", "Nội dung", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian thực hiện"],
        ["I", "Quý IV", None, None, None],
        [1, "Tổng kết công tác thi đua", "Sở Nội vụ", "Sở Y tế", "Tháng 12"],
        [2, "Kiểm tra việc thực hiện", "Sở Tư pháp", None, "Quý IV"],
    ]:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def criteria_xlsx(name: str = "tieu-chi.xlsx") -> SimpleUploadedFile:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in [
        ["TT", "Nội dung tiêu chí", "Điểm tối đa", "Tài liệu kiểm chứng"],
        ["I", "Công tác chỉ đạo", None, None],
        [1, "Ban hành kế hoạch thi đua", 10, "Kế hoạch"],
    ]:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def build_world() -> World:
    if not AwardType.objects.exists():  # a transactional test earlier in the run flushed the catalogue
        load_catalogue(AwardType)
        load_reference_data(BaseSalary, LegalText)
    world = World()
    admin = UserFactory(username="probe.admin", role=Role.ADMIN, is_staff=True, is_superuser=True)
    world.users["admin"] = admin
    for province in ("A", "B"):
        _people(world, province)
    for province in ("A", "B"):
        _plans(world, province)
        _signed_plan(world, province)
        _awards(world, province)
        _signed_decision(world, province)
        _emulation(world, province)
        _next_year(world, province)
        _jobs_and_notices(world, province)
        _api_keys(world, province)
    _actors(world)
    return world


def _signed_plan(world: World, p: str) -> None:
    """The issued plan signed once (with the probe's made-up certificate, SIGNING_PKCS12), so that
    its signed copy can be downloaded."""
    issued = world[f"{p}.plan.issued"].obj
    plan, pdf = render_plan(issued.pk)
    sign_issued_plan(plan, pdf, actor=world.users[f"{p}.editor"])
    signed = SignedDocument.objects.get(key=plan_key(plan))
    world.add(f"{p}.signedplan", signed, kind="signed", province=p, state="issued", plan_id=plan.pk)


def _signed_decision(world: World, p: str) -> None:
    """The decision signed once, so that its signed copy can be downloaded."""
    decision = world[f"{p}.decision"].obj
    awards.sign_decision(decision, award_printing.render_decision(decision), actor=world.users[f"{p}.editor"])
    signed = SignedDocument.objects.get(key=award_printing.decision_key(decision))
    world.add(f"{p}.signeddecision", signed, kind="signed", province=p, decision_id=decision.pk)


def _next_year(world: World, p: str) -> None:
    """Next year's draft of the issued plan and next year's list of the open Khối, each with rows
    still marked "cần rà soát", so that clearing them can be probed."""
    editor = world.users[f"{p}.editor"]
    issued = world[f"{p}.plan.issued"].obj
    draft = copy_plan(actor=editor, source=issued, year=issued.year + 1)
    world.add(f"{p}.plancopy.draft", draft, kind="plan", province=p, state="draft")
    group = world[f"{p}.emulation.open"]
    copy = copy_group_to_year(actor=editor, group=group.obj, year=group.obj.year + 1)
    world.add(f"{p}.groupcopy", copy, **group.facts | {"state": "draft"})


def _people(world: World, p: str) -> None:
    ubnd = ProvinceFactory(name=f"Ủy ban nhân dân tỉnh Thử {p}", short_name=f"UBND tỉnh Thử {p}")
    world.units[f"{p}.ubnd"] = ubnd
    for key, name in UNIT_NAMES.items():
        world.units[f"{p}.{key}"] = UnitFactory(name=name, parent=ubnd)
    u = world.units
    people = {
        "editor": dict(role=Role.PLAN_EDITOR, unit=u[f"{p}.home"]),
        "officer": dict(role=Role.UNIT_OFFICER, unit=u[f"{p}.edu"]),
        "other": dict(role=Role.UNIT_OFFICER, unit=u[f"{p}.health"]),
        "justice": dict(role=Role.UNIT_OFFICER, unit=u[f"{p}.justice"]),
        # is_staff opens the Django admin's door, nothing in the portal.
        "staff": dict(role=Role.COUNCIL_MEMBER, unit=None, is_staff=True),
    }
    for key, fields in people.items():
        world.users[f"{p}.{key}"] = UserFactory(username=f"{p.lower()}.{key}", email=f"{p}.{key}@example.vn", **fields)
    council = CouncilFactory(name=f"Hội đồng Thi đua - Khen thưởng tỉnh Thử {p}", government=ubnd)
    world.units[f"{p}.council"] = council
    for role, key in (("chu_tich", "chair"), ("thu_ky", "secretary"), ("thanh_vien", "member1"), ("thanh_vien", "m2")):
        seat = CouncilMemberFactory(
            council=council, role=role, user__username=f"{p.lower()}.{key}", user__email=f"{p}.{key}@example.vn"
        )
        world.users[f"{p}.{key}"] = seat.user


def _plans(world: World, p: str) -> None:
    editor, ubnd = world.users[f"{p}.editor"], world.units[f"{p}.ubnd"]
    for state in ("draft", "issued"):
        facts = dict(kind="plan", province=p, state=state)
        plan = PlanFactory(issuing_unit=ubnd, status=PlanStatus.DRAFT, created_by=editor)
        thing = world.add(f"{p}.plan.{state}", plan, **facts)
        if state == "draft":  # an issued plan is public: nothing of it is a secret
            plan.title = f"{world.mark(thing, 'plan.read', 'title')} Kế hoạch đang soạn"
            plan.save()
        secret = world.mark(thing, "plan.read", "contents") if state == "draft" else ""
        section = plans.add_section(actor=editor, plan=plan, heading="I. MỤC ĐÍCH", body=f"{secret} Nội dung mục")
        appendix = plans.add_appendix(
            actor=editor, plan=plan, data={"title": "Nhiệm vụ năm 2025", "columns": ["leads", "coordinates", "timing"]}
        )
        plans.add_section(actor=editor, plan=plan, heading="II. NỘI DUNG", body="Nội dung mục hai")
        group = tasks.add_group(actor=editor, appendix=appendix, data={"number": "I", "title": "Quý IV"})
        spare = tasks.add_group(actor=editor, appendix=appendix, data={"number": "II", "title": "Nhiệm vụ khác"})
        world.add(f"{p}.group2.{state}", spare, **facts | {"kind": "task_group"})
        world.add(f"{p}.section.{state}", section, **facts | {"kind": "section"})
        world.add(f"{p}.appendix.{state}", appendix, **facts | {"kind": "appendix"})
        world.add(f"{p}.group.{state}", group, **facts | {"kind": "task_group"})
        rows = {
            "t1": ("edu", "health"),  # edu leads, health coordinates
            "t2": ("health", None),
            "t3": ("justice", None),
        }
        for name, (lead, partner) in rows.items():
            cells = {"leads": UNIT_NAMES[lead]} | ({"coordinates": UNIT_NAMES[partner]} if partner else {})
            task = tasks.add_task(
                actor=editor,
                appendix=appendix,
                data={
                    "group": group,
                    "number": name[1],
                    "content": f"{secret} Nhiệm vụ {name} của tỉnh {p}",
                    "timing_text": "Quý IV",
                    "unit_cells": cells,
                },
            )
            world.add(
                f"{p}.task.{state}.{name}",
                task,
                **facts | {"kind": "task"},
                leads={f"{p}.{lead}"},
                units={f"{p}.{lead}"} | ({f"{p}.{partner}"} if partner else set()),
            )
        if state == "draft":
            # A link out of date with the registry (as after an alias was added): "Khớp lại đơn vị"
            # has one cell to change.
            TaskAssignment.objects.filter(task=task, role="leads").update(unit=None)
        # A deleted row, which the plan's editors may restore while the plan is a draft.
        gone = tasks.add_task(
            actor=editor, appendix=appendix, data={"group": group, "number": "4", "content": f"{secret} Đã xoá"}
        )
        world.add(f"{p}.deletion.{state}", tasks.delete_task(actor=editor, task=gone), **facts | {"kind": "deletion"})
        if state == "draft":
            # Staged imports: the editor's own, and (in A) the admin's on the same plan, which the
            # editor may not open although the plan is theirs.
            owners = ["editor", "admin"] if p == "A" else ["editor"]
            for owner in owners:
                user = world.users[owner if owner == "admin" else f"{p}.{owner}"]
                key = f"{p}.import.{owner}"
                thing = world.add(key, None, kind="import", province=p, state="draft", owner=user.pk)
                thing.obj = stage_upload(
                    actor=user,
                    plan=plan,
                    uploaded=appendix_xlsx(f"{world.mark(thing, 'import.own', 'file name')}.xlsx"),
                )
        else:
            plans.apply_transition(actor=editor, plan=plan, name="issue")
            _progress(world, p)


def _progress(world: World, p: str) -> None:
    """Status updates and contributions with evidence; each note and file names its task."""
    for task_key, user_key, how in (
        ("t1", "officer", "status"),
        ("t1", "other", "contribution"),
        ("t2", "other", "status"),
        ("t3", "justice", "status"),
    ):
        task_thing = world[f"{p}.task.issued.{task_key}"]
        task, user = task_thing.obj, world.users[f"{p}.{user_key}"]
        note = world.mark(task_thing, "task.read", f"note by {user_key}")
        file_token = world.mark(task_thing, "task.read", f"evidence by {user_key}")
        report = Report(noted_on=NOTED_ON, note=f"{note} Tiến độ", files=(pdf_upload(f"{file_token}.pdf"),))
        occurrence = task.occurrences.get()
        if how == "status":
            update = update_status(
                actor=user, occurrence=occurrence, status=TaskStatus.IN_PROGRESS, percent=50, report=report
            )
        else:
            update = add_contribution(actor=user, occurrence=occurrence, report=report)
        world.add(
            f"{p}.evidence.{task_key}.{user_key}",
            update.evidence.get(),
            **task_thing.facts | {"kind": "evidence"},
        )


# Awards ---------------------------------------------------------------------------------------


def _dossier(world: World, p: str, key: str, unit: str, nominees: int = 1, award: str = AWARD):
    """A complete draft dossier of `unit` ("edu" or "health"), written by its officer."""
    officer = world.users[f"{p}.officer" if unit == "edu" else f"{p}.other"]
    thing = world.add(f"{p}.dossier.{key}", None, kind="dossier", province=p, unit=f"{p}.{unit}", council=None)
    title = f"{world.mark(thing, 'dossier.read', 'title')} Đề nghị tặng danh hiệu Lao động tiên tiến"
    dossier = awards.create_dossier(
        actor=officer,
        unit=officer.unit,
        data={"kind": "thuong_xuyen", "award_type": AwardType.objects.get(code=award), "year": 2025, "title": title},
    )
    thing.obj = dossier
    for _ in range(nominees):
        nominee = awards.add_nominee(
            actor=officer,
            dossier=dossier,
            data={
                "kind": "ca_nhan",
                "full_name": f"Nguyễn Văn {world.mark(thing, 'nominee.read', 'nominee')}",
                "position": "Giáo viên",
                "birth_year": 1980,
                "task_rating": "xuat_sac",
                "initiative_scope": "tinh",
                "initiative_count": 2,
                "excellent_years": 2,
            },
        )
        for kind in ("bao_cao_thanh_tich", "sang_kien"):
            awards.add_attachment(
                actor=officer,
                dossier=dossier,
                uploaded=pdf_upload(f"{world.mark(thing, 'dossier.read', 'paper')}.pdf"),
                kind=kind,
                nominee=nominee,
            )
    for kind in ("to_trinh", "bien_ban"):
        awards.add_attachment(
            actor=officer,
            dossier=dossier,
            uploaded=pdf_upload(f"{world.mark(thing, 'dossier.read', 'paper')}.pdf"),
            kind=kind,
        )
    return thing, officer


def _awards(world: World, p: str) -> None:
    staff = world.users[f"{p}.editor"]
    council = world.units[f"{p}.council"]
    seats = [world.users[f"{p}.{k}"] for k in ("chair", "secretary", "member1", "m2")]
    secretary = seats[1]

    def ready(key, unit, award=AWARD):
        thing, officer = _dossier(world, p, key, unit, award=award)
        awards.apply_transition(actor=officer, dossier=thing.obj, name="submit")
        awards.apply_transition(actor=staff, dossier=thing.obj, name="start_appraisal")
        if award != AWARD:
            # The Prime Minister's Bằng khen asks for an earlier provincial one the probe's history
            # does not hold: staff record why it is considered anyway, as offices do.
            for nominee in thing.obj.nominees.all():
                awards.override_eligibility(actor=staff, nominee=nominee, reason="Đã đối chiếu hồ sơ giấy.")
        awards.apply_transition(actor=staff, dossier=thing.obj, name="mark_ready")
        return thing

    def session(state):
        obj = CouncilSessionFactory(council=council, title=f"Phiên họp {state} tỉnh Thử {p}")
        return world.add(f"{p}.session.{state}", obj, kind="session", province=p, council=p, state=state)

    def schedule(thing, session_thing):
        awards.schedule_dossier(actor=staff, dossier=thing.obj, session=session_thing.obj)
        thing.facts.update(council=p, session_state=session_thing["state"])

    def vote_all(session_thing, voters):
        nominees = Nominee.objects.filter(dossier__session=session_thing.obj).values_list("pk", flat=True)
        for user in voters:
            awards.cast_ballots(actor=user, session=session_thing.obj, choices={pk: "dong_y" for pk in nominees})

    draft, _ = _dossier(world, p, "draft", "edu")
    draft.facts["state"] = "draft"
    appraising, officer = _dossier(world, p, "appraising", "health")
    awards.apply_transition(actor=officer, dossier=appraising.obj, name="submit")
    awards.apply_transition(actor=staff, dossier=appraising.obj, name="start_appraisal")
    appraising.facts["state"] = "appraising"

    planned = session("planned")
    on_planned = ready("ready", "edu")
    schedule(on_planned, planned)
    on_planned.facts["state"] = "ready"

    voting = session("voting")
    on_voting = ready("voting", "health")
    # Its award type counts absent members' written opinions, so the secretary's form can write.
    AwardType.objects.filter(pk=on_voting.obj.award_type_id).update(written_opinions_count=True)
    schedule(on_voting, voting)
    awards.open_voting(actor=secretary, session=voting.obj)
    vote_all(voting, seats[:1])  # the chair has voted; the others have not
    on_voting.facts["state"] = "ready"

    closed = session("closed")
    on_closed = ready("closed", "edu")
    schedule(on_closed, closed)
    awards.open_voting(actor=secretary, session=closed.obj)
    vote_all(closed, seats)
    awards.close_voting(actor=secretary, session=closed.obj, confirmed=True)
    on_closed.facts["state"] = "ready"

    applied = session("applied")
    decided, waiting = ready("decided", "edu"), ready("voted", "health")
    # The Prime Minister's Bằng khen: the province votes and forwards it upward (Tờ trình, package).
    forwarded = ready("forwarded", "edu", award="bang-khen-thu-tuong")
    for thing in (decided, waiting, forwarded):
        schedule(thing, applied)
    awards.open_voting(actor=secretary, session=applied.obj)
    vote_all(applied, seats)
    awards.close_voting(actor=secretary, session=applied.obj, confirmed=True)
    awards.apply_results(actor=secretary, session=applied.obj)
    ubnd = world.units[f"{p}.ubnd"]
    decision = awards.issue_decision(
        actor=staff,
        session=applied.obj,
        award_type=decided.obj.award_type,
        data={
            "issuing_unit": ubnd,
            "issuing_body_line": f"ỦY BAN NHÂN DÂN\nTỈNH THỬ {p}",
            "number": "12",
            "symbol": "QĐ-UBND",
            "place": f"Thử {p}",
            "issued_on": datetime.date(2025, 12, 20),
            "title": "Về việc tặng danh hiệu “Lao động tiên tiến” năm 2025",
            "signer_name": "Nguyễn Văn Ký",
        },
        nominees=list(decided.obj.nominees.all()),
    )
    decided.facts.update(state="decided", public_nominees=True)
    waiting.facts["state"] = "voted"
    forwarded.facts["state"] = "forwarded"
    world.add(f"{p}.decision", decision, kind="decision", province=p)
    # Its award in the history (sổ vàng), and an earlier year's row typed in for someone of the
    # same name and birth year at another unit: a pair to confirm as one person, or not.
    award = decision.records.get()
    world.add(f"{p}.award", award, kind="award", province=p)
    typed = AwardRecord.objects.create(
        award_type=award.award_type,
        year=2022,
        full_name=award.full_name,
        birth_year=award.birth_year,
        unit=world.units[f"{p}.health"],
        decision_reference="5/QĐ-UBND ngày 10/01/2023",
    )
    world.add(f"{p}.award.typed", typed, kind="award", province=p)
    # The stock layout its certificates print on (the deciding unit's own).
    layout = make_layout(
        kind="bang_khen", award_type=decision.award_type, unit=ubnd, name=f"Mẫu thử {p}", with_scan=False
    )
    world.add(f"{p}.layout", layout, kind="layout", province=p)
    for thing in world.of_kind("dossier"):
        if thing["province"] == p:
            thing.obj.refresh_from_db()
            for nominee in thing.obj.nominees.all():
                world.add(f"{thing.key}.nominee.{nominee.pk}", nominee, **thing.facts | {"kind": "nominee"})
            for attachment in thing.obj.attachments.all():
                world.add(f"{thing.key}.attachment.{attachment.pk}", attachment, **thing.facts | {"kind": "attachment"})
    for thing in world.of_kind("session"):
        thing.obj.refresh_from_db()


# Emulation ------------------------------------------------------------------------------------


def _emulation(world: World, p: str) -> None:
    """Two Khối of the same year led by edu: "open" (still scoring) and "published"."""
    staff, ubnd = world.users[f"{p}.editor"], world.units[f"{p}.ubnd"]
    officers = {"edu": world.users[f"{p}.officer"], "health": world.users[f"{p}.other"]}
    officers["justice"] = world.users[f"{p}.justice"]
    shapes = {
        "open": [("edu", MembershipRole.LEADER), ("health", MembershipRole.DEPUTY), ("justice", MembershipRole.MEMBER)],
        "published": [
            ("edu", MembershipRole.LEADER),
            ("health", MembershipRole.MEMBER),
            ("justice", MembershipRole.MEMBER),
        ],
    }
    for state, members in shapes.items():
        group = EmulationGroup.objects.create(
            name=f"Khối thi đua {state} tỉnh Thử {p}", kind=EmulationGroupKind.BLOCK, year=2025, organiser=ubnd
        )
        for unit, role in members:
            EmulationGroupMembership.objects.create(group=group, unit=world.units[f"{p}.{unit}"], role=role)
        facts = dict(
            kind="group",
            province=p,
            state=state,
            leader=f"{p}.{members[0][0]}",
            members={f"{p}.{unit}" for unit, _ in members},
        )
        thing = world.add(f"{p}.emulation.{state}", group, **facts)
        covenant = emulation.save_covenant(
            actor=staff,
            group=group,
            title=f"Giao ước thi đua năm 2025 – {group.name}",
            content=f"{world.mark(thing, 'group.read', 'covenant')} Các đơn vị cam kết",
            signing_due=datetime.date(2025, 3, 31),
        )
        emulation.record_signature(
            actor=staff,
            covenant=covenant,
            unit=world.units[f"{p}.{members[1][0]}"],
            signed_on=datetime.date(2025, 3, 1),
            signer_name="Trần Văn Ký",
        )
        table = emulation.create_criteria_table(actor=staff, group=group, scoring_due=datetime.date(2025, 11, 30))
        section = emulation.add_section(actor=staff, table=table, number="I", title="Công tác chỉ đạo")
        criteria = [
            emulation.add_criterion(
                actor=staff,
                section=section,
                number=str(n),
                content=f"{world.mark(thing, 'group.read', 'criterion')} Tiêu chí {n}",
                max_points="10",
            )
            for n in (1, 2)
        ]
        emulation.add_criterion(
            actor=staff, section=section, number="3", content="Điểm thưởng", max_points="5", kind=CriterionKind.BONUS
        )
        world.add(f"{p}.criterion.{state}", criteria[1], **facts | {"kind": "criterion"})
        for unit, _ in members:
            user = officers[unit]
            score_thing = world.add(
                f"{p}.score.{state}.{unit}", None, **facts | {"kind": "score", "unit": f"{p}.{unit}"}
            )
            emulation.save_self_scores(
                actor=user,
                table=table,
                unit=user.unit,
                entries={criteria[0].pk: ("8", f"{world.mark(score_thing, 'score.read', 'comment')} Giải trình")},
            )
            if unit in ("edu", "health"):
                evidence = emulation.add_evidence(
                    actor=user,
                    table=table,
                    unit=user.unit,
                    criterion=criteria[0],
                    upload=pdf_upload(f"{world.mark(score_thing, 'score.read', 'evidence')}.pdf"),
                )
                world.add(f"{p}.scoreevidence.{state}.{unit}", evidence, **score_thing.facts)
        if state == "published":
            emulation.publish_ranking(actor=officers["edu"], table=table)


def _jobs_and_notices(world: World, p: str) -> None:
    editor = world.users[f"{p}.editor"]
    thing = world.add(f"{p}.job", None, kind="job", province=p, owner=editor.pk)
    job = Job.objects.create(
        kind="plan_pdf",
        title=f"{world.mark(thing, 'job.read', 'title')} Tạo bản PDF kế hoạch",
        owner=editor,
        func="documents.services.render_plan_job",
        status=JobStatus.SUCCEEDED,
        progress=100,
        result={"filename": "ke-hoach.pdf"},
    )
    job.result_file.save("ke-hoach.pdf", ContentFile(pdf_bytes()))
    thing.obj = job
    for user_key in ("officer", "editor"):
        user = world.users[f"{p}.{user_key}"]
        thing = world.add(f"{p}.notice.{user_key}", None, kind="notification", province=p, owner=user.pk)
        (thing.obj,) = notify(
            [user], title=f"{world.mark(thing, 'notification.own', 'title')} Thông báo", url="/ke-hoach/"
        )


def _api_keys(world: World, p: str) -> None:
    """The officer's API key (its name marked: only its owner's page shows it) and calendar
    addresses: the live one, and one renewed away that must no longer answer."""
    officer = world.users[f"{p}.officer"]
    thing = world.add(f"{p}.token.officer", None, kind="api_token", province=p, owner=officer.pk)
    thing.obj, _ = api.create_token(
        actor=officer, name=f"{world.mark(thing, 'token.own', 'name')} Hệ thống văn bản", scope="write"
    )
    stale = api.renew_calendar(actor=officer)
    world.add(f"{p}.calendar.stale", stale, kind="calendar", province=p, owner=officer.pk)
    world.add(f"{p}.calendar.live", api.renew_calendar(actor=officer), kind="calendar", province=p, owner=officer.pk)


def _actors(world: World) -> None:
    """A's people, and the two who belong nowhere (anonymous) or everywhere (admin)."""
    u = world.users
    world.actors = [
        Actor("anonymous", "anonymous"),
        Actor("officer", "officer", u["A.officer"], "A", unit="A.edu"),
        Actor("other_officer", "officer", u["A.other"], "A", unit="A.health"),
        Actor("editor", "editor", u["A.editor"], "A", unit="A.home"),
        Actor("council", "council", u["A.secretary"], "A", council="A", council_role="thu_ky"),
        Actor("staff", "staff", u["A.staff"], "A"),
        Actor("admin", "admin", u["admin"]),
    ]
