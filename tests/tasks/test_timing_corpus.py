"""The timing corpus and every timing cell of the seed plans: each reads right, or stays UNPARSED.

A reading that differs from the one a person gives fails outright; a readable cell left UNPARSED
is counted, and at least 95% of readable cells must read exactly right.
"""

from pathlib import Path

import openpyxl
import pytest

from tasks.timing import ScheduleKind, TimingError, describe, parse_timing, quarters_from_label

from .timing_corpus import CORPUS, QUARTER_ENDS, SEED_QUARTERS, SEED_YEAR, Cell, quarters

SEEDS = Path(__file__).resolve().parents[2] / "fixtures" / "seeds"
SEED_WORKBOOKS = ["hung-yen-2025.xlsx", "bac-ninh-2025.xlsx"]
ROMAN_NUMBERS = {"I", "II", "III", "IV"}


def seed_timing_cells(name: str) -> list[str]:
    """The workbook's timing cells: its "Thời gian" column, or its quarter group rows."""
    sheet = openpyxl.load_workbook(SEEDS / name, read_only=True).worksheets[0]
    rows = [[("" if v is None else str(v)).strip() for v in row] for row in sheet.iter_rows(values_only=True)]
    header_at = next(i for i, row in enumerate(rows) if row[0] in ("TT", "STT"))
    timing_columns = [i for i, cell in enumerate(rows[header_at]) if cell.lower().startswith("thời gian")]
    cells = []
    for row in rows[header_at + 1 :]:
        if row[0] in ROMAN_NUMBERS and row[1].startswith("Quý"):  # a group row "I | Quý I"
            cells.append(row[1])
        cells.extend(row[i] for i in timing_columns if row[i])
    return cells


SEED_CELLS = {name: seed_timing_cells(name) for name in SEED_WORKBOOKS}


def seed_expectation(text: str) -> Cell:
    numbers = SEED_QUARTERS[text]  # KeyError: a seed cell nobody has read yet
    return quarters(text, *numbers, of=SEED_YEAR, year=SEED_YEAR)


SEED_CORPUS = [seed_expectation(text) for cells in SEED_CELLS.values() for text in cells]
ALL_CELLS = CORPUS + SEED_CORPUS


def reading(cell: Cell) -> tuple:
    try:
        schedule = parse_timing(cell.text, cell.year)
    except TimingError as error:
        return ("error", str(error))
    milestones = tuple(f"{d:%d/%m/%Y}" for d in schedule.milestones) if schedule.kind == ScheduleKind.DATES else ()
    assert schedule.note == describe(schedule) == schedule.summary or schedule.kind == ScheduleKind.NONE
    return (
        schedule.kind,
        schedule.summary,
        schedule.quarters,
        f"{schedule.due_on:%d/%m/%Y}" if schedule.due_on else None,
        schedule.recurrence_day,
        milestones,
        schedule.warnings,
    )


def expected(cell: Cell) -> tuple:
    return (cell.kind, cell.summary, cell.quarters, cell.due, cell.day, cell.milestones, cell.warnings)


def outcome(cell: Cell) -> str:
    got = reading(cell)
    if got == expected(cell):
        return "right"
    if got[0] == ScheduleKind.UNPARSED and cell.readable:
        return "unparsed"
    return "wrong"


@pytest.mark.parametrize("cell", ALL_CELLS, ids=[repr(cell.text) for cell in ALL_CELLS])
def test_cell_reads_right_or_not_at_all(cell):
    result = outcome(cell)
    assert result != "wrong", f"{cell.text!r} read as {reading(cell)}, a person reads {expected(cell)}"


def test_share_of_readable_cells_read_right():
    results = [(cell, outcome(cell)) for cell in ALL_CELLS]
    readable = [(cell, result) for cell, result in results if cell.readable]
    right = sum(result == "right" for _, result in readable)
    unparsed = [cell.text for cell, result in readable if result == "unparsed"]
    wrong = [cell.text for cell, result in results if result == "wrong"]
    share = right / len(readable)
    print(
        f"\nTiming corpus: {len(ALL_CELLS)} cells, {len(readable)} with a readable date or quarter: "
        f"{right} read right ({share:.1%}), {len(unparsed)} left UNPARSED, {len(wrong)} wrong."
    )
    for text in unparsed:
        print(f"  UNPARSED (readable): {text!r}")
    assert wrong == []
    assert share >= 0.95, f"only {share:.1%} of readable cells read right; unparsed: {unparsed}"


def test_the_corpus_is_broad_and_holds_every_seed_cell():
    assert len(CORPUS) >= 150
    assert len(SEED_CELLS["hung-yen-2025.xlsx"]) == 27  # one per task of KH 196
    assert SEED_CELLS["bac-ninh-2025.xlsx"] == ["Quý I", "Quý II", "Quý III", "Quý IV"]
    assert len({cell.text for cell in CORPUS}) == len(CORPUS), "a cell is listed twice"


@pytest.mark.parametrize("title", SEED_CELLS["bac-ninh-2025.xlsx"])
def test_seed_group_rows_give_their_quarter(title):
    """Tasks under a group row with no timing of their own take the group's quarter."""
    assert quarters_from_label(title) == SEED_QUARTERS[title]
    (number,) = SEED_QUARTERS[title]
    assert parse_timing(title, SEED_YEAR).summary == f"Quý {title.split()[-1]}, hạn {QUARTER_ENDS[number]}/2025"
