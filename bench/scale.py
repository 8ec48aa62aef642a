"""National scale (issue 18), one command, every figure a ratio measured in the same run:

    DATABASE_URL=postgres://... .venv/bin/python bench/scale.py --tasks 1000000 [--runs 15] [--page-rounds 3]

Data: 34 provinces with their real communes (units/divisions) and twenty agencies each, a plan
per province and per agency or commune (as many as the size calls for), five years (2021-2025)
of quarterly, dated, monthly and several-date tasks with their units and occurrences. Past
years are mostly reported; 2025 is open as of the sweep day. Every database also holds the same
two measured plans of 500 tasks (2024 and 2025) of the first province, coordinated by one unit
("Ban Thi đua – Khen thưởng"): what the pages show is the same at every size; only what else
exists grows.

Awards grow with the tasks too: every province's UBND has its council (level tỉnh) and each of its
agencies and communes a base council under it; about one dossier per 20 tasks (1-3 nominees
each), spread over provinces, proposing units, years 2021-2025 and statuses, goes to the
council of the level that decides its award type (the province's for the central ones, which it
votes and forwards; real catalogue rows, loaded by migration);
sessions meet where dossiers are, and each applied session issues one decision per award type
it awarded. The first province's year-end 2025 (its council's two sessions, one session of each
of its agencies' and communes' councils, their dossiers and decisions) is the same at every size
and dated after everything else, so every award list's first page shows the same rows; the
measured unit's officer is that council's secretary.

Each size lives in a database of its own, `<name>_bench_<tasks>`, written with COPY and marked
by a row of `bench_marker` (size, build version) once complete: the next run finds it and starts
at once. A database without the marker, or with another build, is dropped and built again.

Figures, at --tasks N against a baseline database of N/10 tasks (sweep) and of 10,000 (pages):
1. The reminder sweep on 01/04/2025 after the one of 31/03/2025: the daily sweep (time per
   reminder) and its rerun that finds nothing new (time at N / at N/10, target <= 1.5), with the
   plan PostgreSQL uses to find what is due. The rerun is measured twice: at once, and after the
   vacuum that autovacuum runs within a minute of a daily sweep (migration tasks/0011), which the
   hourly reruns meet.
2. Pages for the same rows: the unit's task page, the plan's dashboard, the plan page, and the
   award lists as the admin sees them (dossiers, decisions, council sessions) and the dossier
   list as the council's secretary sees it, each checked to show a full first page of the
   measured province's rows: time at N / at 10,000 (target <= 1.2); the unit page against the
   admin changelist of the same number of Task rows at each size (target <= 0.7).
3. Do old years need archiving or partitioning? Table sizes, and the rerun and pages at N against
   the same database with the old years' rows present (they are: the baseline has 1/10 of them).
"""

import argparse
import io
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tdkt_portal.settings")
os.environ.setdefault("DEBUG", "true")  # a development run: demo secret key, plain static files

import django  # noqa: E402

django.setup()

import psycopg  # noqa: E402
from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import F  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

BUILD_VERSION = 2
YEARS = range(2021, 2026)
SWEEP_DAY = date(2025, 4, 1)
MEASURED_TASKS = 500
AGENCIES = [
    "Sở Nội vụ",
    "Sở Tài chính",
    "Sở Xây dựng",
    "Sở Công Thương",
    "Sở Nông nghiệp và Môi trường",
    "Sở Giáo dục và Đào tạo",
    "Sở Y tế",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Khoa học và Công nghệ",
    "Sở Tư pháp",
    "Sở Ngoại vụ",
    "Sở Dân tộc và Tôn giáo",
    "Thanh tra tỉnh",
    "Văn phòng Ủy ban nhân dân tỉnh",
    "Công an tỉnh",
    "Bộ Chỉ huy quân sự tỉnh",
    "Đài Phát thanh và Truyền hình tỉnh",
    "Liên đoàn Lao động tỉnh",
    "Tỉnh đoàn",
    "Hội Liên hiệp Phụ nữ tỉnh",
]
# (timing text with {y} for the year, share): quarterly, dated, monthly, several dates, yearly.
TIMINGS = [
    ("Quý I", 6),
    ("Quý II", 8),
    ("Quý III", 6),
    ("Quý IV", 6),
    ("Quý II, III", 4),
    ("Trước 15/4/{y}", 8),
    ("Trước 30/6/{y}", 8),
    ("Trước 15/11/{y}", 8),
    ("Tháng 3", 5),
    ("Tháng 9", 5),
    ("Ngày 20 hằng tháng", 6),
    ("Trước 31/3/{y}, 30/9/{y}", 5),
    ("Trước 15/5/{y}, 15/8/{y}, 15/11/{y}", 5),
    ("Cả năm", 6),
    ("Thường xuyên", 4),
]
CONTENTS = [
    "Tổ chức phát động phong trào thi đua",
    "Tổng hợp, báo cáo kết quả thực hiện phong trào",
    "Hướng dẫn đăng ký thi đua, ký kết giao ước",
    "Kiểm tra, đôn đốc việc thực hiện",
    "Sơ kết, đánh giá, rút kinh nghiệm",
    "Tuyên truyền, nhân rộng điển hình tiên tiến",
    "Thẩm định hồ sơ đề nghị khen thưởng",
    "Tổ chức hội nghị biểu dương người tốt, việc tốt",
]


# Databases -----------------------------------------------------------------------------------


def admin_dsn(name):
    db = connection.settings_dict
    return {
        "dbname": name,
        "user": db["USER"],
        "password": db["PASSWORD"],
        "host": db["HOST"] or "127.0.0.1",
        "port": db["PORT"] or 5432,
        "autocommit": True,
    }


BASE_NAME = connection.settings_dict["NAME"]


def use_database(name):
    connection.close()
    connection.settings_dict["NAME"] = name


def marker(name) -> tuple | None:
    try:
        with psycopg.connect(**admin_dsn(name)) as conn:
            row = conn.execute(
                "SELECT tasks, version FROM bench_marker WHERE to_regclass('bench_marker') IS NOT NULL"
            ).fetchone()
            return row
    except psycopg.Error:
        return None


def ensure_database(tasks: int) -> tuple[str, float | None]:
    """The database of this size, built if missing or incomplete; (name, seconds spent building)."""
    name = f"{BASE_NAME}_bench_{tasks}"
    if marker(name) == (tasks, BUILD_VERSION):
        use_database(name)
        from django.core.management import call_command

        call_command("migrate", verbosity=0)  # new migrations since the build: cheap when none
        return name, None
    started = time.perf_counter()
    with psycopg.connect(**admin_dsn("postgres")) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    use_database(name)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    Builder(tasks).build()
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE bench_marker (tasks integer, version integer, built_at timestamptz)")
        cursor.execute("INSERT INTO bench_marker VALUES (%s, %s, now())", [tasks, BUILD_VERSION])
    return name, time.perf_counter() - started


# Building ------------------------------------------------------------------------------------


def copy_rows(table: str, columns: list[str], lines) -> int:
    """COPY text-format lines (already tab-separated, \\N for NULL) into `table`, in blocks."""
    count = 0
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg's own cursor under Django's wrapper
        with raw.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            block = io.StringIO()
            for line in lines:
                block.write(line)
                block.write("\n")
                count += 1
                if count % 20000 == 0:
                    copy.write(block.getvalue())
                    block = io.StringIO()
            copy.write(block.getvalue())
    return count


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def sql_value(value) -> str:
    if value is None:
        return r"\N"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


class Builder:
    def __init__(self, tasks: int):
        self.tasks = tasks
        self.random = random.Random(18)
        self.schedules = {}

    def schedule(self, text: str, year: int):
        key = (text, year)
        if key not in self.schedules:
            from tasks.timing import parse_timing

            schedule = parse_timing(text.format(y=year), year)
            self.schedules[key] = (schedule, schedule.occurrences() or [None])
        return self.schedules[key]

    def build(self):
        from units.divisions import province_divisions, provinces

        timer = time.perf_counter()
        self.provinces = []
        for division in provinces():
            communes = [c.full_name for c in province_divisions(division).communes]
            self.provinces.append((division.full_name, communes))
        self.make_units()
        self.make_plans()
        print(f"   units, accounts, plans: {time.perf_counter() - timer:.1f} s", flush=True)
        timer = time.perf_counter()
        counts = self.copy_tasks()
        print(
            f"   COPY {counts[0]:,} tasks, {counts[1]:,} assignments, {counts[2]:,} occurrences: "
            f"{time.perf_counter() - timer:.1f} s",
            flush=True,
        )
        timer = time.perf_counter()
        awards = AwardBuilder(self).build()
        print(
            f"   awards: {awards['councils']:,} councils, {awards['sessions']:,} sessions, "
            f"{awards['dossiers']:,} dossiers, {awards['nominees']:,} nominees, {awards['decisions']:,} decisions: "
            f"{time.perf_counter() - timer:.1f} s",
            flush=True,
        )
        timer = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('tasks_task', 'id'), (SELECT max(id) FROM tasks_task))"
            )
            cursor.execute("VACUUM ANALYZE")
        print(f"   VACUUM ANALYZE: {time.perf_counter() - timer:.1f} s", flush=True)
        timer = time.perf_counter()
        from tasks.reminders import sweep

        setup_mail()
        result = sweep(SWEEP_DAY - timedelta(days=1))
        print(
            f"   the first sweep ({SWEEP_DAY - timedelta(days=1):%d/%m/%Y}, bookmarks every open occurrence): "
            f"{sum(result.sent.values()):,} reminders, {time.perf_counter() - timer:.1f} s",
            flush=True,
        )
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")

    def make_units(self):
        from django.contrib.auth.hashers import make_password

        from units.models import Role, Unit, UnitKind, UnitLevel, User
        from units.text import fold

        def unit(name, kind, level, code=""):
            return Unit(name=name, kind=kind, level=level, code=code, search_name=fold(name))

        committees = Unit.objects.bulk_create(
            [
                unit(f"Ủy ban nhân dân {lower_first(name)}", UnitKind.PEOPLES_COMMITTEE, UnitLevel.PROVINCE)
                for name, _ in self.provinces
            ]
        )
        Unit.objects.filter(pk__in=[c.pk for c in committees]).update(tree_root_id=F("id"), local_government_id=F("id"))
        agencies, communes = [], []
        for committee, (name, commune_names) in zip(committees, self.provinces, strict=True):
            place = name.removeprefix("Tỉnh ").removeprefix("Thành phố ")
            agencies.append(
                [unit(f"{a} {place}", UnitKind.OTHER, UnitLevel.PROVINCE) for a in AGENCIES]
                + [unit(f"Ban Thi đua – Khen thưởng {place}", UnitKind.OTHER, UnitLevel.PROVINCE)]
            )
            communes.append(
                [
                    unit(f"Ủy ban nhân dân {lower_first(c)}", UnitKind.PEOPLES_COMMITTEE, UnitLevel.COMMUNE)
                    for c in commune_names
                ]
            )
            for a in agencies[-1]:
                a.parent, a.tree_root, a.local_government = committee, committee, committee
        Unit.objects.bulk_create([a for group in agencies for a in group])
        Unit.objects.bulk_create([c for group in communes for c in group])
        Unit.objects.filter(level=UnitLevel.COMMUNE).update(tree_root_id=F("id"), local_government_id=F("id"))
        self.committees, self.agencies, self.communes = committees, agencies, communes
        password = make_password("mat-khau-thu")
        everyone = committees + [u for g in agencies for u in g] + [u for g in communes for u in g]
        User.objects.bulk_create(
            [
                User(
                    username=f"canbo{u.pk}",
                    role=Role.UNIT_OFFICER,
                    unit=u,
                    email=f"canbo{u.pk}@example.vn",
                    password=password,
                )
                for u in everyone
            ],
            batch_size=2000,
        )
        User.objects.create(username="quantri", role=Role.ADMIN, is_staff=True, is_superuser=True, password=password)
        self.bench_unit = agencies[0][-1]

    def make_plans(self):
        """Per province and year: the UBND's plan, then one per agency and commune, as many as the
        size calls for (about 40 tasks each). The measured plans come on top."""
        from plans.models import Appendix, Plan, PlanStatus

        per_province_year = self.tasks // (len(YEARS) * len(self.provinces))
        plans, self.plan_tasks = [], []
        for p, committee in enumerate(self.committees):
            issuers = [committee] + self.agencies[p][:-1] + self.communes[p]
            for year in YEARS:
                count = max(1, min(len(issuers), per_province_year // 40))
                for i, issuer in enumerate(issuers[:count]):
                    size = per_province_year // count + (1 if i < per_province_year % count else 0)
                    plans.append(self.plan(issuer, year, i + 1))
                    self.plan_tasks.append((p, i, size))
        for year in (2024, 2025):  # the measured plans
            plans.append(self.plan(self.committees[0], year, 9000 + year))
            self.plan_tasks.append((0, -1, MEASURED_TASKS))
        plans = Plan.objects.bulk_create(plans, batch_size=2000)
        Plan.objects.update(status=PlanStatus.ISSUED)
        appendices = Appendix.objects.bulk_create(
            [
                Appendix(plan=plan, title="Nhiệm vụ thi đua", columns=["leads", "coordinates", "timing"])
                for plan in plans
            ],
            batch_size=2000,
        )
        self.plans = list(zip(plans, appendices, strict=True))
        self.measured_plans = [plan for plan, _ in self.plans[-2:]]

    def plan(self, issuer, year, number):
        from plans.models import Plan

        return Plan(
            issuing_unit=issuer,
            issuing_body_line="ỦY BAN NHÂN DÂN",
            number=str(number),
            place=issuer.name[-30:],
            year=year,
            issued_on=date(year - 1, 12, 20),
            title=f"Kế hoạch công tác thi đua, khen thưởng năm {year}",
        )

    def statuses(self, due: date | None):
        """(status, percent): past years mostly reported; 2025 partly, by the sweep day."""
        r = self.random.random()
        if due is None or due >= SWEEP_DAY - timedelta(days=1):
            return ("in_progress", 40) if r < 0.15 else ("not_started", 0)
        if due.year < 2025:
            return ("done", 100) if r < 0.93 else (("not_done", 0) if r < 0.97 else ("in_progress", 60))
        return ("done", 100) if r < 0.6 else ("in_progress", 50) if r < 0.8 else ("not_started", 0)

    def copy_tasks(self):
        with connection.cursor() as cursor:
            cursor.execute("SELECT coalesce(max(id), 0) FROM tasks_task")
            next_id = cursor.fetchone()[0] + 1
        weights = [w for _, w in TIMINGS]
        texts = [t for t, _ in TIMINGS]
        task_lines, assignment_lines, occurrence_lines = [], [], []
        counts = [0, 0, 0]
        task_columns = [
            "id", "appendix_id", "position", "number", "content", "note", "unit_cells", "timing_text",
            "schedule_kind", "quarters", "starts_on", "due_on", "recurrence_day", "schedule_note", "version",
            "search_text",
        ]  # fmt: skip
        assignment_columns = ["task_id", "role", "unit_id", "text", "position"]
        occurrence_columns = ["task_id", "due_on", "status", "percent", "reason", "version"]

        def flush():
            counts[0] += copy_rows("tasks_task", task_columns, task_lines)
            counts[1] += copy_rows("tasks_taskassignment", assignment_columns, assignment_lines)
            counts[2] += copy_rows("tasks_occurrence", occurrence_columns, occurrence_lines)
            task_lines.clear(), assignment_lines.clear(), occurrence_lines.clear()

        from units.text import fold

        folded = {c: fold(c) for c in CONTENTS}
        for (plan, appendix), (p, issuer_index, size) in zip(self.plans, self.plan_tasks, strict=True):
            measured = issuer_index == -1
            agencies = self.agencies[p][:-1]
            issuer = plan.issuing_unit
            for n in range(size):
                text = self.random.choices(texts, weights)[0]
                schedule, dates = self.schedule(text, plan.year)
                content = f"{CONTENTS[n % len(CONTENTS)]} (nội dung {n + 1})"
                search = f"{folded[CONTENTS[n % len(CONTENTS)]]} (noi dung {n + 1})"
                if issuer_index == 0 or measured:  # the UBND's plan: agencies lead
                    lead = agencies[self.random.randrange(len(agencies))]
                else:
                    lead = issuer
                partner = agencies[self.random.randrange(len(agencies))]
                task_id = next_id
                next_id += 1
                task_lines.append(
                    "\t".join(
                        sql_value(v)
                        for v in (
                            task_id,
                            appendix.pk,
                            n,
                            n + 1,
                            content,
                            "",
                            "{}",
                            text.format(y=plan.year),
                            schedule.kind,
                            "[" + ", ".join(map(str, schedule.quarters)) + "]",
                            schedule.starts_on,
                            schedule.due_on,
                            schedule.recurrence_day,
                            schedule.note,
                            1,
                            search,
                        )
                    )  # fmt: skip
                )
                assignment_lines.append(f"{task_id}\tleads\t{lead.pk}\t{lead.name}\t0")
                if partner.pk != lead.pk and n % 5 < 3:
                    assignment_lines.append(f"{task_id}\tcoordinates\t{partner.pk}\t{partner.name}\t0")
                if measured:
                    bench = self.bench_unit
                    assignment_lines.append(f"{task_id}\tcoordinates\t{bench.pk}\t{bench.name}\t1")
                for due in dates:
                    status, percent = self.statuses(due)
                    occurrence_lines.append(f"{task_id}\t{sql_value(due)}\t{status}\t{percent}\t\t1")
                if len(task_lines) >= 50000:
                    flush()
        flush()
        return counts


# Award data ----------------------------------------------------------------------------------

# (award type code, share of the dossiers) for the growing part: what a province's councils see.
AWARD_MIX = [
    ("bang-khen-chu-tich-tinh", 34),
    ("chien-si-thi-dua-tinh", 12),
    ("tap-the-lao-dong-xuat-sac", 10),
    ("co-thi-dua-tinh", 4),
    ("bang-khen-thu-tuong", 4),
    ("chien-si-thi-dua-co-so", 8),
    ("lao-dong-tien-tien", 16),
    ("giay-khen", 12),
]
# The province council's rounds (month, day) each year; a base council meets once, at the last.
ROUNDS = [(3, 15), (6, 15), (9, 15), (11, 15)]
# The measured province's year-end rows (December 2025) come after every growing row: growing
# dossiers are written by 05/11/2025, their sessions meet by 15/11, their decisions by 22/11.
MEASURED_FROM = date(2025, 11, 10)
# What marks each list's measured rows in its page; no other title on that page contains it (the
# dossier list also shows session titles).
MEASURED_DOSSIER = "(đợt tổng kết)"
MEASURED_SESSION = "xét khen thưởng tổng kết năm 2025"
MEASURED_DECISION = "khen thưởng tổng kết năm 2025"
DOSSIERS_PER_TASK = 20
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"]
MIDDLE = ["Văn", "Thị", "Minh", "Thanh", "Quốc", "Ngọc", "Đức", "Hồng", "Xuân", "Hữu"]
GIVEN = ["An", "Bình", "Cường", "Dung", "Hà", "Hải", "Hạnh", "Hùng", "Lan", "Long", "Mai", "Nam", "Phương", "Sơn",
         "Tâm", "Thảo", "Trang", "Tuấn", "Việt", "Yến"]  # fmt: skip


def local_time(day: date, hour: int = 8, minute: int = 0):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=ZoneInfo(settings.TIME_ZONE))


def copy_models(model, rows) -> int:
    """COPY dicts of attribute values into `model`'s table: a field left out takes its default
    (or NULL when it may), so a NOT NULL column with no default fails here, not in PostgreSQL."""
    fields = model._meta.concrete_fields

    def value(field, row):
        # Django's own default for a field left unset: its default, else "" for a text field.
        v = row[field.attname] if field.attname in row else field.get_default()
        if v is None and not field.null:
            raise KeyError(f"{model.__name__}.{field.attname} needs a value")
        text = sql_value(v)
        return text if v is None else text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")

    lines = ("\t".join(value(f, row) for f in fields) for row in rows)
    return copy_rows(model._meta.db_table, [f.column for f in fields], lines)


def initials(name: str) -> str:
    """ "Sở Tài chính" -> "STC", for a Sở's register symbol (QĐ-STC)."""
    from units.text import fold

    return "".join(word[0] for word in fold(name).split() if word[0].isalpha()).upper()


class AwardBuilder:
    """Councils, sessions, dossiers with their nominees and decisions. The growing part, about one
    dossier per DOSSIERS_PER_TASK tasks over every province, 2021-2025, goes first; the measured
    province's year-end rows, drawn from a random source of their own and so the same at every
    size, come last and are the newest in every list."""

    def __init__(self, builder):
        from awards.models import AwardType

        self.b = builder
        self.types = {t.code: t for t in AwardType.objects.filter(code__in=[c for c, _ in AWARD_MIX])}
        self.dossiers, self.nominees, self.sessions, self.decisions = [], [], {}, []
        self.next_id = {}
        self.decision_numbers = {}

    def build(self) -> dict:
        from awards.models import CouncilSession, Decision, Dossier, Nominee

        self.make_councils()
        models = {"dossier": Dossier, "nominee": Nominee, "session": CouncilSession, "decision": Decision}
        for name, model in models.items():
            self.next_id[name] = self.max_id(model) + 1
        self.grow(random.Random(2018), self.b.tasks // DOSSIERS_PER_TASK)
        self.decide()
        self.measured(random.Random(25))
        self.decide(measured=True)
        sessions = sorted(self.sessions.values(), key=lambda s: s["id"])
        counts = {
            "councils": len(self.councils),
            "sessions": copy_models(CouncilSession, sessions),
            "decisions": copy_models(Decision, self.decisions),
            "dossiers": copy_models(Dossier, self.dossiers),
            "nominees": copy_models(Nominee, self.nominees),
        }
        with connection.cursor() as cursor:
            for model in (CouncilSession, Decision, Dossier, Nominee):
                table = model._meta.db_table
                cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
        return counts

    @staticmethod
    def max_id(model) -> int:
        return model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    def take_id(self, name) -> int:
        self.next_id[name] += 1
        return self.next_id[name] - 1

    def make_councils(self):
        """The UBND tỉnh's council (level tỉnh) and a base council (cơ sở) for each agency and each
        commune, under it. The measured unit's officer is the province council's secretary."""
        from awards.models import Council, CouncilMember, CouncilRole, DecidingLevel
        from units.models import User

        councils = []
        for p, committee in enumerate(self.b.committees):
            councils.append(Council(name=f"Hội đồng Thi đua – Khen thưởng {lower_first(committee.name)}",
                                    government=committee, level=DecidingLevel.PROVINCE,
                                    head_name=self.person(random.Random(p))))  # fmt: skip
        Council.objects.bulk_create(councils)
        self.councils = {c.government_id: c for c in councils}
        base = []
        for p, province in enumerate(councils):
            for unit in self.b.agencies[p][:-1]:
                symbol = initials(unit.name)
                base.append(Council(name=f"Hội đồng Thi đua – Khen thưởng {unit.name}", government=unit,
                                    parent=province, level=DecidingLevel.BASE, decision_symbol=f"QĐ-{symbol}",
                                    proposal_symbol=f"TTr-{symbol}", head_title="Giám đốc"))  # fmt: skip
            for unit in self.b.communes[p]:
                base.append(Council(name=f"Hội đồng Thi đua – Khen thưởng {lower_first(unit.name)}", government=unit,
                                    parent=province, level=DecidingLevel.BASE))  # fmt: skip
        Council.objects.bulk_create(base, batch_size=2000)
        self.councils.update({c.government_id: c for c in base})
        self.council_by_pk = {c.pk: c for c in self.councils.values()}
        self.type_by_pk = {t.pk: t for t in self.types.values()}
        self.place_of = {}
        for p, committee in enumerate(self.b.committees):
            for unit in [committee] + self.b.agencies[p] + self.b.communes[p]:
                self.place_of[unit.pk] = self.place(p)
        secretary = User.objects.filter(unit=self.b.bench_unit).order_by("pk").first()
        CouncilMember.objects.create(council=councils[0], user=secretary, role=CouncilRole.SECRETARY,
                                     position=f"Trưởng {self.b.bench_unit.name}")  # fmt: skip

    @staticmethod
    def person(rng) -> str:
        return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"

    def place(self, p) -> str:
        return self.b.provinces[p][0].removeprefix("Tỉnh ").removeprefix("Thành phố ")

    def session(self, council, year, round_, meets_on, status, title, rng, hour=8):
        key = (council.pk, year, round_)
        if key not in self.sessions:
            self.sessions[key] = {
                "id": self.take_id("session"), "council_id": council.pk, "title": title,
                "meets_at": local_time(meets_on, hour), "status": status, "place": council.government.name,
                "presided_by": council.head_name or self.person(rng),
                "minutes_number": str(round_) if status == "applied" else "",
                "applied_at": local_time(meets_on, 17) if status == "applied" else None,
                "types": {},
            }  # fmt: skip
        return self.sessions[key]

    def grow(self, rng, count):
        """The growing part: dossiers spread over provinces, proposing units, years and statuses."""
        codes, weights = zip(*AWARD_MIX, strict=True)
        for _ in range(count):
            p = rng.randrange(len(self.b.committees))
            proposers = self.b.agencies[p][:-1] + self.b.communes[p]
            unit = proposers[rng.randrange(len(proposers))]
            award_type = self.types[rng.choices(codes, weights)[0]]
            year = rng.choice(YEARS)
            upward = award_type.deciding_level != "co_so"
            council = self.councils[self.b.committees[p].pk if upward else unit.pk]
            round_ = rng.randrange(len(ROUNDS)) if upward else len(ROUNDS) - 1
            meets_on = date(year, *ROUNDS[round_])
            r = rng.random()
            last = year == 2025 and round_ == len(ROUNDS) - 1
            if r < (0.7 if year == 2025 else 0.9):  # on a session's agenda
                status = "planned" if last and not upward else "voting" if last else "applied"
                number = f"đợt {round_ + 1} " if upward else ""
                title = f"Phiên họp xét khen thưởng {number}năm {year}"
                session = self.session(council, year, round_, meets_on, status, title, rng)
                created = meets_on - timedelta(days=rng.randint(10, 60))
                self.dossier(rng, unit, award_type, year, council, session, created, upward)
            else:  # still with the proposing unit or the appraisers
                created = date(year, 2, 1) + timedelta(days=rng.randint(0, 270))
                status = rng.choice(["draft", "submitted", "appraising", "returned"]) if year == 2025 else "returned"
                self.dossier(rng, unit, award_type, year, council, None, created, upward, status=status)

    def measured(self, rng):
        """The measured province's year-end: its council's two sessions, and one session of each
        of its agencies' and communes' councils, all in December 2025, all applied but the last."""
        province = self.b.committees[0]
        by_code = {code: self.types[code] for code, _ in AWARD_MIX}
        upward = [by_code[c] for c in ("bang-khen-chu-tich-tinh", "chien-si-thi-dua-tinh", "tap-the-lao-dong-xuat-sac")]
        base_types = [by_code[c] for c in ("lao-dong-tien-tien", "giay-khen", "chien-si-thi-dua-co-so")]
        proposers = self.b.agencies[0][:-1] + self.b.communes[0]
        created = iter(local_time(MEASURED_FROM) + timedelta(minutes=7 * n) for n in range(10_000))
        for round_, (day, status) in enumerate([(date(2025, 12, 5), "applied"), (date(2025, 12, 23), "voting")]):
            council = self.councils[province.pk]
            title = f"Phiên họp {MEASURED_SESSION}, đợt {round_ + 1}"
            session = self.session(council, 2025, 10 + round_, day, status, title, rng)
            for _ in range(40):
                unit = proposers[rng.randrange(len(proposers))]
                self.dossier(rng, unit, rng.choice(upward), 2025, council, session, next(created), True, measured=True)
        for n, unit in enumerate(proposers):
            council = self.councils[unit.pk]
            day = date(2025, 12, 1) + timedelta(days=n % 20)
            title = f"Phiên họp {MEASURED_SESSION} – {unit.name}"
            session = self.session(council, 2025, 10, day, "applied", title, rng, hour=7 + n % 10)
            for award_type in rng.sample(base_types, 2):
                self.dossier(rng, unit, award_type, 2025, council, session, next(created), False, measured=True)

    def dossier(self, rng, unit, award_type, year, council, session, created, upward, status=None, measured=False):
        dossier_id = self.take_id("dossier")
        if session is not None:
            status = {"planned": "ready", "voting": "ready"}.get(session["status"])
            if status is None:  # applied: the vote is in
                central = award_type.code == "bang-khen-thu-tuong"  # voted here, decided in Hà Nội
                status = "not_awarded" if rng.random() < 0.07 else "forwarded" if central else "decided"
        if type(created) is date:
            created = local_time(created, 8 + rng.randrange(9), rng.randrange(60))
        mark = f" {MEASURED_DOSSIER}" if measured else ""
        self.dossiers.append({
            "id": dossier_id, "unit_id": unit.pk, "award_type_id": award_type.pk, "year": year,
            "title": f"Tờ trình đề nghị tặng {award_type.name} năm {year}{mark}", "status": status,
            "session_id": session["id"] if session else None, "council_id": council.pk,
            "agenda_position": len(session["types"]) if session else 0,
            "created_at": created, "updated_at": created,
            "submitted_at": None if status == "draft" else created + timedelta(days=2),
            "return_reason": "Bổ sung báo cáo thành tích có xác nhận của cấp trình." if status == "returned" else "",
        })  # fmt: skip
        collective = award_type.beneficiary == "tap_the" or (award_type.beneficiary != "ca_nhan" and rng.random() < 0.2)
        outcome = {"decided": "awarded", "not_awarded": "not_awarded", "forwarded": "forwarded"}.get(status, "")
        for position in range(1 if collective else rng.randint(1, 3)):
            nominee = {
                "id": self.take_id("nominee"), "dossier_id": dossier_id, "position_in_list": position,
                "outcome": outcome, "task_rating": "xuat_sac",
            }  # fmt: skip
            if collective:
                nominee.update(kind="tap_the", unit_id=unit.pk, full_name="", member_count=rng.randint(12, 80))
            else:
                nominee.update(kind="ca_nhan", full_name=self.person(rng), position="Chuyên viên", workplace=unit.name,
                               gender=rng.choice(["nam", "nu"]), birth_year=rng.randint(1968, 1995),
                               excellent_years=rng.randint(1, 6))  # fmt: skip
            self.nominees.append(nominee)
            if outcome == "awarded":
                session["types"].setdefault(award_type.pk, []).append(nominee)

    def decide(self, measured=False):
        """One decision per applied session and award type it awarded, a week after it met."""
        for session in sorted(self.sessions.values(), key=lambda s: s["id"]):
            if session["status"] != "applied" or session.get("decided"):
                continue
            council = self.council_by_pk[session["council_id"]]
            for type_id, nominees in session["types"].items():
                award_type = self.type_by_pk[type_id]
                issued_on = session["meets_at"].date() + timedelta(days=7)
                key = (council.government_id, issued_on.year)
                self.decision_numbers[key] = self.decision_numbers.get(key, 0) + 1
                decision_id = self.take_id("decision")
                occasion = MEASURED_DECISION if measured else f"khen thưởng năm {issued_on.year}"
                self.decisions.append({
                    "id": decision_id, "issuing_unit_id": council.government_id,
                    "issuing_body_line": council.government.name.upper(), "number": str(self.decision_numbers[key]),
                    "symbol": council.decision_symbol, "place": self.place_of[council.government_id],
                    "issued_on": issued_on, "award_type_id": type_id, "session_id": session["id"],
                    "title": f"Về việc tặng {award_type.name}, {occasion}",
                    "signer_name": council.head_name or "Nguyễn Văn An",
                    "created_at": local_time(issued_on, 15),
                })  # fmt: skip
                for nominee in nominees:
                    nominee["decision_id"] = decision_id
            session["decided"] = True


# Measuring -----------------------------------------------------------------------------------


def setup_mail():
    from django.core import mail

    mail.outbox = []


def reset_to_the_day_before():
    """Back to the state after the sweep of the day before SWEEP_DAY (made by the build): what
    SWEEP_DAY's sweeps wrote goes, and the occurrences they decided get their bookmark back (they
    were due on SWEEP_DAY, so their next day was SWEEP_DAY)."""
    from notifications.models import Notification
    from tasks.models import Occurrence, Reminder, ReminderDigest

    Reminder.objects.filter(digest__day=SWEEP_DAY).delete()
    Reminder.objects.filter(digest__isnull=True).delete()
    ReminderDigest.objects.filter(day=SWEEP_DAY).delete()
    Notification.objects.filter(title__contains=f"{SWEEP_DAY:%d/%m/%Y}").delete()
    Occurrence.objects.filter(decided_on=SWEEP_DAY).update(
        decided_on=SWEEP_DAY - timedelta(days=1), next_reminder_on=SWEEP_DAY
    )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE tasks_occurrence, tasks_reminder, tasks_reminderdigest")


def measure_sweep(today):
    from tasks.reminders import sweep

    setup_mail()
    # Counted, not logged: Django's query log keeps 9,000 entries, fewer than a national sweep runs.
    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        started = time.perf_counter()
        result = sweep(today)
        elapsed = time.perf_counter() - started
    return elapsed, counter.count, result


def explain_due(today) -> str:
    from tasks.reminders import due_for_decision

    due = due_for_decision(today, issued_only=False).order_by("next_reminder_on", "pk").values_list("pk", flat=True)
    sql, params = due.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) {sql}", params)
        return "\n".join("      " + row[0] for row in cursor.fetchall())


def vacuum_like_autovacuum() -> float:
    """What autovacuum does to tasks_occurrence within a minute of a national daily sweep
    (migration tasks/0011 sets the table's threshold to 2% of its rows; a sweep at 1,000,000 tasks
    moves 12.6%): remove the index entries the sweep's bookmark moves left dead. Done here by hand
    because the bench's server may run with autovacuum off (this machine's does)."""
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM tasks_occurrence")
    return time.perf_counter() - started


def autovacuum_setting() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW autovacuum")
        return cursor.fetchone()[0]


def sweep_figures(runs):
    """The daily sweep, its rerun at once (the index still holds the entries the sweep's moves
    left dead), then the rerun as the hourly one meets it, after the vacuum that follows."""
    reset_to_the_day_before()
    daily, queries, result = measure_sweep(SWEEP_DAY)
    sent = sum(result.sent.values())
    at_once = [measure_sweep(SWEEP_DAY)[0] for _ in range(runs)]
    explain_at_once = explain_due(SWEEP_DAY)
    vacuum = vacuum_like_autovacuum()
    reruns = [measure_sweep(SWEEP_DAY)[0] for _ in range(runs)]
    return {
        "daily": daily,
        "sent": sent,
        "digests": result.digests,
        "queries": queries,
        "rerun_at_once": statistics.median(at_once),
        "explain_at_once": explain_at_once,
        "vacuum": vacuum,
        "autovacuum": autovacuum_setting(),
        "rerun": statistics.median(reruns),
        "rerun_queries": measure_sweep(SWEEP_DAY)[1],
        "explain": explain_due(SWEEP_DAY),
    }


def timed(client, url, params=None):
    started = time.perf_counter()
    response = client.get(url, params or {})
    elapsed = time.perf_counter() - started
    assert response.status_code == 200, (url, response.status_code)
    return elapsed


def median_time(client, url, params, runs):
    for _ in range(2):
        timed(client, url, params)
    return statistics.median(timed(client, url, params) for _ in range(runs))


class QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def page_figures(runs):
    """Median seconds per page, same rows at every size; the admin changelist of the same count."""
    from django.urls import reverse

    from common.web import LIST_PAGE_SIZE
    from plans.models import Plan
    from tasks.admin import TaskAdmin
    from tasks.views import UNIT_TASKS_PER_PAGE
    from units.models import User

    TaskAdmin.list_per_page = UNIT_TASKS_PER_PAGE
    bench_unit_name = "Ban Thi đua – Khen thưởng"
    officer_user = User.objects.filter(unit__name__startswith=bench_unit_name).order_by("unit_id").first()
    officer, admin = Client(), Client()
    officer.force_login(officer_user)
    admin.force_login(User.objects.get(username="quantri"))
    plan = Plan.objects.get(issuing_unit=officer_user.unit.parent, number="11025")
    pages = {
        "unit task page": (officer, reverse("tasks:unit_tasks"), {}),
        "unit task page, search": (officer, reverse("tasks:unit_tasks"), {"q": "bao cao"}),
        "plan dashboard": (admin, reverse("tasks:dashboard", args=[plan.pk]), {}),
        "plan page": (admin, plan.get_absolute_url(), {}),
        "award dossier list": (admin, reverse("awards:list"), {}),
        "award decision list": (admin, reverse("awards:decisions"), {}),
        "council session list": (admin, reverse("awards:sessions"), {}),
        # The measured unit's officer is its province council's secretary: the dossiers on the
        # council's sessions, found through the council's members.
        "dossier list, secretary": (officer, reverse("awards:list"), {}),
        "admin changelist": (admin, reverse("admin:tasks_task_changelist"), {}),
    }
    # A full first page of the measured province's year-end rows, the same at every size: an
    # empty or foreign list would make a hollow figure.
    marks = {
        "award dossier list": MEASURED_DOSSIER,
        "award decision list": MEASURED_DECISION,
        "council session list": MEASURED_SESSION,
        "dossier list, secretary": MEASURED_DOSSIER,
    }
    figures = {}
    for label, (client, url, params) in pages.items():
        counter = QueryCounter()
        # Not CaptureQueriesContext: a request's start clears the connection's query log.
        with connection.execute_wrapper(counter):
            response = client.get(url, params)
        if label in marks:
            shown = response.content.decode().count(marks[label])
            assert shown == LIST_PAGE_SIZE, f"{label}: {shown} measured rows, not a full page of {LIST_PAGE_SIZE}"
        figures[label] = (median_time(client, url, params, runs), counter.count)
    return figures


def table_sizes():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, n_live_tup, pg_total_relation_size(relid) FROM pg_stat_user_tables "
            "WHERE relname IN ('tasks_task', 'tasks_taskassignment', 'tasks_occurrence', 'tasks_reminder') "
            "ORDER BY relname"
        )
        rows = cursor.fetchall()
        cursor.execute("SELECT pg_database_size(current_database())")
        return rows, cursor.fetchone()[0]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tasks", type=int, default=100_000)
    parser.add_argument("--page-baseline", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument(
        "--page-rounds",
        type=int,
        default=3,
        help="measure the pages this many times, the sizes taking turns, and keep each page's median: "
        "on a shared machine a burst of load then falls on every size alike instead of on one",
    )
    parser.add_argument(
        "--build-only", action="store_true", help="build (or check) the databases, largest first, and stop"
    )
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("bench/scale.py needs PostgreSQL (COPY, partial indexes).")
    setup_test_environment()
    settings.DEBUG = False
    sizes = sorted({args.tasks, max(args.tasks // 10, 1000), args.page_baseline})
    print(f"Sizes: {', '.join(f'{s:,}' for s in sizes)} tasks; {len(YEARS)} years; sweep day {SWEEP_DAY:%d/%m/%Y}")
    if args.build_only:
        for size in sorted(sizes, reverse=True):  # the long build first, while the machine is quiet
            started = time.perf_counter()
            name, built = ensure_database(size)
            print(f"   database {name}: " + (f"built in {built:.0f} s" if built else "reused"), flush=True)
        return
    results, names = {}, {}
    for size in sizes:
        print(f"\n== {size:,} tasks", flush=True)
        started = time.perf_counter()
        name, built = ensure_database(size)
        names[size] = name
        print(
            f"   database {name}: "
            + (f"built in {built:.0f} s" if built else "reused")
            + f", ready in {time.perf_counter() - started:.1f} s",
            flush=True,
        )
        sweep = sweep_figures(args.runs)
        print(
            f"   daily sweep: {sweep['sent']:,} reminders in {sweep['digests']:,} digests, {sweep['daily']:.2f} s "
            f"({1000 * sweep['daily'] / max(sweep['sent'], 1):.3f} ms per reminder, {sweep['queries']} queries); "
            f"rerun finding nothing: at once {sweep['rerun_at_once'] * 1000:.1f} ms, after the vacuum "
            f"({sweep['vacuum']:.1f} s) {sweep['rerun'] * 1000:.1f} ms ({sweep['rerun_queries']} queries)",
            flush=True,
        )
        pages = page_figures(args.runs)
        sizes_now, database_size = table_sizes()
        results[size] = {"sweep": sweep, "pages": pages, "tables": sizes_now, "database": database_size}
        for label, (seconds, queries) in pages.items():
            print(f"   {label:<24} {seconds * 1000:8.1f} ms {queries:4} queries", flush=True)
    rounds = {size: [results[size]["pages"]] for size in sizes}
    for number in range(2, args.page_rounds + 1):
        print(f"\n== pages, round {number} of {args.page_rounds}, the sizes taking turns", flush=True)
        for size in sizes:
            use_database(names[size])
            rounds[size].append(page_figures(args.runs))
            times = ", ".join(f"{label} {t * 1000:.1f} ms" for label, (t, _) in rounds[size][-1].items())
            print(f"   {size:>9,} tasks: {times}", flush=True)
    for size in sizes:
        results[size]["pages"] = {
            label: (statistics.median(r[label][0] for r in rounds[size]), rounds[size][0][label][1])
            for label in rounds[size][0]
        }
    use_database(BASE_NAME)
    report(args, results)


def report(args, results):
    big, sweep_base, page_base = args.tasks, max(args.tasks // 10, 1000), args.page_baseline
    b, s, p = results[big], results[sweep_base], results[page_base]
    print(f"\n1. Reminder sweep, {big:,} tasks / {sweep_base:,} tasks (ours at N / ours at N/10)")
    print(f"   rerun finding nothing new, as the hourly rerun meets it (after the vacuum that follows a daily sweep):"
          f" {b['sweep']['rerun'] * 1000:.1f} / {s['sweep']['rerun'] * 1000:.1f} ms = "
          f"{b['sweep']['rerun'] / s['sweep']['rerun']:.2f}  (target <= 1.5)")  # fmt: skip
    at_once_big, at_once_small = b["sweep"]["rerun_at_once"], s["sweep"]["rerun_at_once"]
    print(f"   rerun right after the daily sweep, before any vacuum: {at_once_big * 1000:.1f} / "
          f"{at_once_small * 1000:.1f} ms = {at_once_big / at_once_small:.2f}"
          f"  (this server: autovacuum {b['sweep']['autovacuum']})")  # fmt: skip
    per_big = b["sweep"]["daily"] / max(b["sweep"]["sent"], 1)
    per_small = s["sweep"]["daily"] / max(s["sweep"]["sent"], 1)
    print(f"   daily sweep, time per reminder sent: {per_big * 1000:.3f} / {per_small * 1000:.3f} ms = "
          f"{per_big / per_small:.2f}  (1.00 = linear in reminders sent)")  # fmt: skip
    print(f"   how the sweep finds what is due at {big:,} tasks, right after the daily sweep:")
    print(b["sweep"]["explain_at_once"])
    print(f"   and after the vacuum:\n{b['sweep']['explain']}")
    print(
        f"\n2. Pages, same rows: {big:,} tasks / {page_base:,} tasks (target <= 1.2); queries equal at both;"
        f" each time the median of {args.page_rounds} rounds, the sizes taking turns"
    )
    for label in b["pages"]:
        if label == "admin changelist":
            continue
        (tb, qb), (tp, qp) = b["pages"][label], p["pages"][label]
        print(f"   {label:<24} {tb * 1000:8.1f} / {tp * 1000:8.1f} ms = {tb / tp:5.2f}   queries {qb} / {qp}")
    print("   unit task page / admin changelist of the same number of Task rows (target <= 0.7):")
    for size in sorted(results):
        ours, admin = results[size]["pages"]["unit task page"][0], results[size]["pages"]["admin changelist"][0]
        print(f"   {size:>9,} tasks: {ours * 1000:7.1f} / {admin * 1000:7.1f} ms = {ours / admin:.2f}")
    print(f"\n3. Archive or partition? What {big:,} tasks occupy, against {sweep_base:,}:")
    small_tables = {name: (rows, size) for name, rows, size in s["tables"]}
    for name, rows, size in b["tables"]:
        print(f"   {name:<22} {rows:>11,} rows {size / 2**20:9.1f} MB  (×{size / max(small_tables[name][1], 1):.1f})")
    print(f"   database: {b['database'] / 2**30:.2f} GB (×{b['database'] / s['database']:.1f})")
    print("   The figures above already carry five years of rows: the rerun and the pages are the")
    print("   ones to watch; their ratios say whether the old years cost anything today.")


if __name__ == "__main__":
    main()
