"""The ballot boxes: how a council's secret ballot is kept so that no query can tell who voted what.

What is stored. A `BallotReceipt` per member and nominee says *that* the member voted (the minutes
list who took part; a second ballot is refused on it). A `BallotBox` per session and nominee holds
the count of every choice in one row. No row anywhere holds one member's ballot.

Why no query over the tables links a member to a choice — PostgreSQL's system columns (ctid, xmin,
xmax, cmin, cmax) included — by construction rather than by shuffling:

1. A member's sheet is one transaction (`services.cast_ballots`) that writes three things: the
   receipts, one activity row whose only detail is how many nominees the sheet covered, and one
   UPDATE (`drop`) of the boxes of the sheet's nominees. That UPDATE touches the same rows (the
   sheet's nominees, which the receipts name anyway) with the same SQL, in the same place among the
   transaction's statements, whatever the choices; the choices enter only as the bound 0 or 1 added
   to each count. So every system column of every row the transaction writes — xmin, xmax, cmin,
   cmax, the ctid the new row version lands on (the counts are fixed-width, so the row's size does
   not change either) — is the same for any choice. However a receipt is joined to other rows (equal
   or nearest xid, command id, physical or id order, equal or nearest time), what it reaches is a
   receipt, a log row, a box, or a row no voter wrote: none holds a ballot.
2. A box reached that way tells only that this member was the last, so far, to vote on the nominee;
   its counts are the sum of every ballot so far. The last voter's increment is not kept: the
   previous version of the row is dead and no query sees it. That is why all counts share one row.
   With a row per choice (an "approvals" row and a "rejections" row), the row whose xmin is the
   voter's would be their choice.
3. The boxes are created with zero counts when the secretary opens the vote, in the secretary's
   transaction, for every nominee on the agenda (the agenda is fixed from then on). No voter inserts
   a row or draws a sequence number, and no row ever holds a first voter's ballot alone.
4. Several nominees on one sheet: still one UPDATE, so all their boxes share the xmin and cmin of
   that statement; each box holds its own nominee's counts, which is all they say.
5. When the secretary closes the vote (`empty`), the counts are copied into `VoteResult` (written by
   the secretary's transaction) and the boxes are deleted. After the vote, the only live rows a
   voter's transaction wrote are its receipts and its activity row: that they voted, never how.
6. Nothing else is written at cast time: no notification; the receipts' `cast_at` and the log
   row's `at` point at each other and at the voter, both already public in the minutes. The
   session row is locked, not written: its xmax names the last voter, and nothing of a choice.

What no design removes, and this one does not pretend to:
* The published tally. When all who voted on a nominee chose alike — in particular when a single
  member voted — the result itself, with the list of who took part, says how each voted.
* Watching the vote live. Someone reading the boxes between two ballots sees each increment. The
  screens show no count before the vote closes (`selectors.results_by_nominee`); the database
  account must be kept as closed as the ballot box.
* Below SQL. Dead row versions stay in the table files until VACUUM (readable by a superuser with
  pageinspect), and the WAL, physical backups and statement logs (`log_statement = 'mod'`, Django's
  DEBUG query log) carry each UPDATE with its 0s and 1s. The ballot is secret from queries over the
  tables, not from whoever holds the server's files or logs.

Designs set aside: ballot rows with random keys and no time (the previous one: written in the same
transaction as the receipts, so xid and ctid order paired them); ballots written in a transaction of
their own (xids and times still interleave with the receipts: secret only by luck of concurrency);
anonymous ballot rows prepared at opening for voters to fill in (the filled row's xmin is the
voter's); ballots encrypted until the close (the key lives on the server that the reader of the
database already controls).
"""

from django.core.exceptions import ValidationError
from django.db.models import Case, F, IntegerField, Value, When

from .models import COUNTED_AS, BallotBox, CouncilSession, Nominee


def open_boxes(session: CouncilSession) -> None:
    """An empty box for every nominee on the agenda: called in the transaction that opens the vote."""
    nominees = Nominee.objects.filter(dossier__session=session).order_by("pk")
    BallotBox.objects.bulk_create([BallotBox(session=session, nominee=nominee) for nominee in nominees])


def drop(session: CouncilSession, choices: dict[int, str]) -> None:
    """Count one member's sheet {nominee_id: choice} with a single UPDATE whose shape ignores the choices.

    Each count gets CASE nominee_id WHEN … THEN 0|1 over the sheet's nominees in id order: only the
    bound 0s and 1s differ from one sheet to another over the same nominees.
    """
    nominees = sorted(choices)
    increments = {
        count: Case(
            *[When(nominee_id=pk, then=Value(int(COUNTED_AS[choices[pk]] == count))) for pk in nominees],
            default=Value(0),
            output_field=IntegerField(),
        )
        for count in COUNTED_AS.values()
    }
    counted = BallotBox.objects.filter(session=session, nominee_id__in=nominees).update(
        **{count: F(count) + increment for count, increment in increments.items()}
    )
    if counted != len(nominees):
        # Only a vote opened before ballot boxes existed could lack one; the migration gave those theirs.
        raise ValidationError("Phiên họp thiếu hòm phiếu cho người, tập thể được chọn; hãy báo quản trị hệ thống.")


def empty(session: CouncilSession) -> dict[int, dict[str, int]]:
    """Every box's counts {nominee_id: {"approvals": …, "rejections": …}}, and the boxes gone."""
    boxes = BallotBox.objects.filter(session=session)
    counts = {row.pop("nominee_id"): row for row in boxes.values("nominee_id", *COUNTED_AS.values())}
    boxes.delete()
    return counts
