"""Ballot secrecy against someone who can query every table, PostgreSQL system columns included.

The attack: a receipt says that a member voted on a nominee. Starting from each receipt, follow every
handle PostgreSQL or the schema gives to other rows — equal or nearest transaction id (xmin), xmax,
command id (cmin, cmax), physical order (ctid), order by id, by xmin, by time, equal or nearest
timestamps — in every table of the database, and look at what the reached rows hold.

"A row holds a single member's choice" means, precisely:
* it carries a choice (the code "dong_y"/"khong_dong_y" or its label, in any column or inside any
  JSON value), as an individual ballot or a log line about one would; or
* it carries counts (`approvals`, `rejections`) for a nominee that differ from that nominee's final
  tally: a partial count, which differenced with the tally or another partial count gives away the
  ballots cast between them.
The final tally itself is what the minutes publish; every nominee below has both approvals and
rejections, so the tally alone cannot say how any one member voted (a unanimous vote, or a single
voter, is revealed by the published tally itself, whatever the design: see awards.ballots).

The test runs with real commits (transaction=True), as the portal does: inside one test transaction
every service call would be a savepoint of the same transaction, and the xids would not be the
production ones.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

import pytest
from django.db import connection

from activity.models import ActivityLog
from awards import services
from awards.models import BallotReceipt, CouncilMember, VoteResult

from .conftest import make_ready

pytestmark = pytest.mark.django_db(transaction=True)

A, R = "dong_y", "khong_dong_y"
CHOICE_LABELS = {"đồng ý": A, "không đồng ý": R}
TIMESTAMP_TYPES = {1114, 1184}  # PostgreSQL type oids of timestamp and timestamptz


@dataclass
class Row:
    table: str
    ctid: str
    xmin: int
    xmax: int
    cmin: int
    cmax: int
    ctid_rank: int
    xmin_rank: int
    id_rank: int | None
    data: dict
    times: dict = field(default_factory=dict)


def database_rows() -> dict[str, list[Row]]:
    """Every live row of every table, with its system columns and its ranks by ctid, xmin and id."""
    tables = {}
    introspection = connection.introspection
    with connection.cursor() as cursor:
        for table in introspection.table_names(cursor):
            columns = introspection.get_table_description(cursor, table)
            names = [c.name for c in columns]
            times = [c.name for c in columns if c.type_code in TIMESTAMP_TYPES]
            quote = connection.ops.quote_name
            id_rank = "row_number() OVER (ORDER BY t.id)" if "id" in names else "NULL"
            time_values = "".join(f", t.{quote(name)}" for name in times)
            cursor.execute(
                "SELECT t.ctid::text, t.xmin::text::bigint, t.xmax::text::bigint, t.cmin::text::int, t.cmax::text::int,"
                " row_number() OVER (ORDER BY t.ctid),"
                " row_number() OVER (ORDER BY t.xmin::text::bigint, t.ctid),"
                f" {id_rank}, row_to_json(t){time_values} FROM {quote(table)} t"
            )
            tables[table] = [
                Row(table, *values[:9], times=dict(zip(times, values[9:], strict=True))) for values in cursor.fetchall()
            ]
    return tables


def choices_in(value) -> set[str]:
    """Every choice a value carries, looking inside JSON objects and lists."""
    if isinstance(value, dict):
        return set().union(*(choices_in(v) for v in value.values())) if value else set()
    if isinstance(value, list):
        return set().union(*(choices_in(v) for v in value)) if value else set()
    if isinstance(value, str):
        text = value.strip().casefold()
        if "khong_dong_y" in text:
            return {R}
        if "dong_y" in text:
            return {A}
        return {CHOICE_LABELS[text]} if text in CHOICE_LABELS else set()
    return set()


def nearest(rows, key, target):
    """The rows whose `key` is closest to `target` (all of them on a tie); none if no row has one."""
    scored = [(abs(key(row) - target), row) for row in rows if key(row) is not None]
    if not scored:
        return []
    best = min(score for score, _ in scored)
    return [row for score, row in scored if score == best]


def links(receipt: Row, rows: list[Row], time_ranks: dict, receipt_rank: int) -> dict[str, list[Row]]:
    """The rows of one table each way of joining reaches from one receipt."""
    cast_at = receipt.times["cast_at"]
    reached = {
        "equal xmin": [r for r in rows if r.xmin == receipt.xmin],
        "nearest other xmin": nearest([r for r in rows if r.xmin != receipt.xmin], lambda r: r.xmin, receipt.xmin),
        "xmax equal to xmin": [r for r in rows if r.xmax == receipt.xmin],
        "equal xmin and cmin": [r for r in rows if (r.xmin, r.cmin) == (receipt.xmin, receipt.cmin)],
        "equal cmin": [r for r in rows if r.cmin == receipt.cmin],
        "equal cmax": [r for r in rows if r.cmax == receipt.cmax],
        "ctid order": [r for r in rows if r.ctid_rank == receipt.ctid_rank],
        "xmin order": [r for r in rows if r.xmin_rank == receipt.xmin_rank],
        "id order": [r for r in rows if r.id_rank is not None and r.id_rank == receipt.id_rank],
        "equal time": [r for r in rows if cast_at in r.times.values()],
        "time order": [r for r in rows if receipt_rank in time_ranks[id(r)]],
    }
    for column in {name for r in rows for name in r.times}:
        reached[f"nearest {column}"] = nearest(
            rows, lambda r, c=column: (r.times.get(c) - cast_at).total_seconds() if r.times.get(c) else None, 0
        )
    return reached


def ranks_by_time(tables) -> dict:
    """Each row's rank by each of its timestamp columns (ids of rows -> set of ranks)."""
    ranks = defaultdict(set)
    for rows in tables.values():
        for column in {name for r in rows for name in r.times}:
            dated = sorted((r for r in rows if r.times.get(column)), key=lambda r: (r.times[column], r.ctid_rank))
            for rank, row in enumerate(dated, 1):
                ranks[id(row)].add(rank)
    return ranks


@dataclass
class Attack:
    recovered: dict  # method -> {(member id, nominee id, choice)} read off rows of the receipt's nominee
    leaks: Counter  # (method, table) -> how many reached rows hold a single member's choice


def attack(tally: dict) -> Attack:
    tables = database_rows()
    time_ranks = ranks_by_time(tables)
    recovered, leaks = defaultdict(set), Counter()
    for receipt in tables["awards_ballotreceipt"]:
        member, nominee = receipt.data["member_id"], receipt.data["nominee_id"]
        (receipt_rank,) = time_ranks[id(receipt)]  # cast_at is a receipt's only timestamp
        for table, rows in tables.items():
            for method, reached in links(receipt, rows, time_ranks, receipt_rank).items():
                for row in reached:
                    carried = choices_in(row.data)
                    counts = (row.data.get("approvals"), row.data.get("rejections"))
                    partial = "approvals" in row.data and counts != tally.get(row.data.get("nominee_id"))
                    if carried or partial:
                        leaks[method, table] += 1
                    if row.data.get("nominee_id") == nominee:
                        recovered[method] |= {(member, nominee, choice) for choice in carried}
    return Attack(recovered={m: v for m, v in recovered.items() if v}, leaks=leaks)


def sheets_left_behind() -> list[Counter]:
    """For each ballot sheet, in order, the live rows its transaction wrote, counted by table.

    A sheet's transaction is known by its activity row (session.vote) and its receipts (written in
    a savepoint, so under a subtransaction id of their own); both are the voter's own, not secret.
    """
    tables = database_rows()
    receipts = sorted(tables["awards_ballotreceipt"], key=lambda r: r.data["id"])
    logs = sorted(
        (r for r in tables["activity_activitylog"] if r.data["action"] == "session.vote"), key=lambda r: r.data["id"]
    )
    by_member = defaultdict(list)
    for receipt in receipts:
        sheets = by_member[receipt.data["member_id"]]
        if not sheets or sheets[-1][-1].xmin != receipt.xmin:
            sheets.append([])
        sheets[-1].append(receipt)
    seats = dict(CouncilMember.objects.values_list("pk", "user_id"))
    queue = {user: list(sheets) for user, sheets in ((seats[m], s) for m, s in by_member.items())}
    written = []
    for log in logs:
        sheet = queue[log.data["actor_id"]].pop(0)
        xids = {log.xmin} | {r.xmin for r in sheet}
        written.append(Counter(r.table for rows in tables.values() for r in rows if r.xmin in xids))
    return written


@pytest.fixture
def agenda(world):
    first = make_ready(world, nominees=["Nguyễn Thị Lan", "Trần Văn Bình"])
    second = make_ready(world, nominees=["Lê Thu Hà"])
    for dossier in (first, second):
        services.schedule_dossier(actor=world.staff, dossier=dossier, session=world.session)
    lan, binh = first.nominees.order_by("position_in_list")
    return lan, binh, second.nominees.get()


def test_no_query_links_a_member_to_a_choice(world, agenda):
    lan, binh, ha = agenda
    m = world.members
    # Several members, mixed choices, in various orders; some sheets cover several nominees in one
    # request (one transaction), some members come back for the rest later.
    sheets = [
        (m[2], {lan: A, binh: R, ha: A}),
        (m[3], {lan: R}),
        (m[4], {ha: R, binh: A}),
        (m[3], {ha: A, binh: A}),
        (m[5], {binh: R, lan: A, ha: R}),
        (m[6], {lan: A}),
        (m[7], {ha: R}),
        (m[7], {lan: R}),
        (m[7], {binh: A}),
    ]
    services.open_voting(actor=world.secretary, session=world.session)
    for user, sheet in sheets:
        services.cast_ballots(actor=user, session=world.session, choices={n.pk: c for n, c in sheet.items()})

    tally = {lan.pk: (3, 2), binh.pk: (3, 2), ha.pk: (2, 3)}
    seat = {s.user_id: s.pk for s in CouncilMember.objects.all()}
    truth = {(seat[u.pk], n.pk, c) for u, sheet in sheets for n, c in sheet.items()}
    last_sheet = {n.pk: i for i, (_, sheet) in enumerate(sheets) for n in sheet}  # nominee -> last sheet on it

    def assert_nothing_links(stage):
        found = attack(tally)
        recovered = {
            method: f"{len(v & truth)}/{len(truth)} votes recovered, {len(v - truth)} wrong"
            for method, v in found.recovered.items()
        }
        assert recovered == {}, f"{stage}: receipts joined to choices"
        assert dict(found.leaks) == {}, f"{stage}: rows reachable from receipts hold a single member's choice"

    # All sheets are in, the vote still open: the boxes hold the counts.
    assert_nothing_links("while voting")
    written = sheets_left_behind()
    # What each sheet's transaction leaves: its receipts, its log row, and the ballot box of every
    # nominee it was the last to vote on — which holds that nominee's whole tally (checked above).
    assert written == [
        Counter(
            awards_ballotreceipt=len(sheet),
            activity_activitylog=1,
            **({"awards_ballotbox": n} if (n := sum(last_sheet[x.pk] == i for x in sheet)) else {}),
        )
        for i, (_, sheet) in enumerate(sheets)
    ]
    assert sum(c["awards_ballotbox"] for c in written) == 3

    services.close_voting(actor=world.secretary, session=world.session, confirmed=True)
    assert {r.nominee_id: (r.approvals, r.rejections) for r in VoteResult.objects.all()} == tally
    assert_nothing_links("after the vote")
    # After the vote the boxes are emptied into VoteResult: a sheet leaves only what says that its
    # member voted (receipts, one log row), nothing that says how.
    assert sheets_left_behind() == [
        Counter(awards_ballotreceipt=len(sheet), activity_activitylog=1) for _, sheet in sheets
    ]
    assert BallotReceipt.objects.count() == len(truth) == 15
    log = ActivityLog.objects.filter(action="session.vote").order_by("id")
    assert [entry.after for entry in log] == [{"count": len(sheet)} for _, sheet in sheets]
