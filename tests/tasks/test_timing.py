"""Tests for tasks.timing — pure Python, run with ``-p no:django``."""

from datetime import date

import pytest

from tasks.timing import (
    Schedule,
    ScheduleKind,
    TimingError,
    describe,
    parse_timing,
    quarters_from_label,
    schedule_for_quarters,
)

K = ScheduleKind
YEAR = 2025


def fields(schedule: Schedule) -> tuple:
    return (schedule.kind, schedule.quarters, schedule.starts_on, schedule.due_on, schedule.recurrence_day)


def d(day: int, month: int, year: int = YEAR) -> date:
    return date(year, month, day)


def quarters(*numbers: int, start: date, due: date) -> tuple:
    return (K.QUARTERS, numbers, start, due, None)


def on(kind: str, day: date) -> tuple:
    return (kind, (), day, day, None)


def span(kind: str, start: date, due: date, recurrence_day: int | None = None) -> tuple:
    return (kind, (), start, due, recurrence_day)


UNPARSED = (K.UNPARSED, (), None, None, None)

# Every timing cell of the real seed plan (KH 196/KH-UBND Hưng Yên, 2025).
SEED_CASES = [
    ("Quý I", quarters(1, start=d(1, 1), due=d(31, 3))),
    ("Quý I,II", quarters(1, 2, start=d(1, 1), due=d(30, 6))),
    ("Quý II", quarters(2, start=d(1, 4), due=d(30, 6))),
    ("Quý I,II,III", quarters(1, 2, 3, start=d(1, 1), due=d(30, 9))),
    ("Quý II,III", quarters(2, 3, start=d(1, 4), due=d(30, 9))),
    ("Quý III", quarters(3, start=d(1, 7), due=d(30, 9))),
    ("Quý III,IV", quarters(3, 4, start=d(1, 7), due=d(31, 12))),
    ("Quý III, IV", quarters(3, 4, start=d(1, 7), due=d(31, 12))),
    ("Quý IV", quarters(4, start=d(1, 10), due=d(31, 12))),
    ("Quý I,II,III,IV", quarters(1, 2, 3, 4, start=d(1, 1), due=d(31, 12))),
]

QUARTER_FORMS = [
    ("Quý I - II", quarters(1, 2, start=d(1, 1), due=d(30, 6))),
    ("Quý I – III", quarters(1, 2, 3, start=d(1, 1), due=d(30, 9))),
    ("Quý II và III", quarters(2, 3, start=d(1, 4), due=d(30, 9))),
    ("Quý I; II", quarters(1, 2, start=d(1, 1), due=d(30, 6))),
    ("Quý 1,2", quarters(1, 2, start=d(1, 1), due=d(30, 6))),
    ("Quý 4", quarters(4, start=d(1, 10), due=d(31, 12))),
    ("Quý I đến Quý III", quarters(1, 2, 3, start=d(1, 1), due=d(30, 9))),
    ("Quý I, Quý II", quarters(1, 2, start=d(1, 1), due=d(30, 6))),
    ("Quí II", quarters(2, start=d(1, 4), due=d(30, 6))),
    ("QUÝ III", quarters(3, start=d(1, 7), due=d(30, 9))),
    ("Trong quý IV", quarters(4, start=d(1, 10), due=d(31, 12))),
    ("Quý I.", quarters(1, start=d(1, 1), due=d(31, 3))),
    ("  Quý   II ;", quarters(2, start=d(1, 4), due=d(30, 6))),
    # Year override
    ("Quý I/2026", quarters(1, start=d(1, 1, 2026), due=d(31, 3, 2026))),
    ("Quý IV năm 2024", quarters(4, start=d(1, 10, 2024), due=d(31, 12, 2024))),
    ("Quý I, II năm 2026", quarters(1, 2, start=d(1, 1, 2026), due=d(30, 6, 2026))),
]

DUE_DATE_FORMS = [
    ("Trước ngày 15/03/2025", on(K.DUE_DATE, d(15, 3))),
    ("trước 10/01/2025", on(K.DUE_DATE, d(10, 1))),
    ("Trước 5/1", on(K.DUE_DATE, d(5, 1))),
    # A two-digit year is 20yy; a year other than the plan's gets a warning, not silence.
    ("15/3/25", on(K.DUE_DATE, d(15, 3))),
    ("Trước 15/3/25", on(K.DUE_DATE, d(15, 3))),
    ("Hạn 15/3", on(K.DUE_DATE, d(15, 3))),
    ("Hạn chót 30/6/2025", on(K.DUE_DATE, d(30, 6))),
    ("Hạn chót: 30/6.", on(K.DUE_DATE, d(30, 6))),
    ("Chậm nhất ngày 20/11/2025", on(K.DUE_DATE, d(20, 11))),
    ("Hoàn thành trước ngày 31/12/2025", on(K.DUE_DATE, d(31, 12))),
    ("15/3/2025", on(K.DUE_DATE, d(15, 3))),
    ("15-3-2025", on(K.DUE_DATE, d(15, 3))),
    ("15.3.2025", on(K.DUE_DATE, d(15, 3))),
    ("Trước ngày 15 tháng 3 năm 2025", on(K.DUE_DATE, d(15, 3))),
    ("trước ngày 15 tháng 3", on(K.DUE_DATE, d(15, 3))),
    ("10/01/2026", on(K.DUE_DATE, d(10, 1, 2026))),
    # One- and two-digit days/months, with and without leading zeros
    ("02/09/2025", on(K.DUE_DATE, d(2, 9))),
    ("02/9/2025", on(K.DUE_DATE, d(2, 9))),
    ("2/09/2025", on(K.DUE_DATE, d(2, 9))),
    ("2/9/2025", on(K.DUE_DATE, d(2, 9))),
    ("05/01", on(K.DUE_DATE, d(5, 1))),
    ("5/1", on(K.DUE_DATE, d(5, 1))),
    ("25/12", on(K.DUE_DATE, d(25, 12))),
    # The same date twice is just one deadline
    ("15/3/2025 và 15/03/2025", on(K.DUE_DATE, d(15, 3))),
    # Leap day exists in 2024
    ("29/02/2024", on(K.DUE_DATE, d(29, 2, 2024))),
]

OCCASION_FORMS = [
    ("Dịp 02/9/2025", on(K.OCCASION, d(2, 9))),
    ("Nhân dịp 19/5", on(K.OCCASION, d(19, 5))),
    ("Vào dịp 27/7/2025", on(K.OCCASION, d(27, 7))),
    ("Dịp ngày 22/12", on(K.OCCASION, d(22, 12))),
    ("Ngày 15/3/2025", on(K.OCCASION, d(15, 3))),
    ("ngày 15 tháng 3 năm 2025", on(K.OCCASION, d(15, 3))),
]

MONTH_FORMS = [
    ("Tháng 11/2025", span(K.MONTH, d(1, 11), d(30, 11))),
    ("tháng 11", span(K.MONTH, d(1, 11), d(30, 11))),
    ("Trong tháng 3", span(K.MONTH, d(1, 3), d(31, 3))),
    ("Trong tháng 3/2025", span(K.MONTH, d(1, 3), d(31, 3))),
    ("Tháng 11 năm 2025", span(K.MONTH, d(1, 11), d(30, 11))),
    ("Tháng 02/2024", span(K.MONTH, d(1, 2, 2024), d(29, 2, 2024))),
    ("Tháng 2", span(K.MONTH, d(1, 2), d(28, 2))),
    ("Tháng 3, 4", span(K.MONTH, d(1, 3), d(30, 4))),
    ("Tháng 3-4", span(K.MONTH, d(1, 3), d(30, 4))),
    ("Tháng 3 - 4/2026", span(K.MONTH, d(1, 3, 2026), d(30, 4, 2026))),
]

MONTHLY_FORMS = [
    ("ngày 20 hằng tháng", span(K.MONTHLY, d(1, 1), d(20, 12), 20)),
    ("Ngày 25 hàng tháng", span(K.MONTHLY, d(1, 1), d(25, 12), 25)),
    ("trước ngày 5 hằng tháng", span(K.MONTHLY, d(1, 1), d(5, 12), 5)),
    ("Hằng tháng", span(K.MONTHLY, d(1, 1), d(31, 12), 0)),
    ("hàng tháng", span(K.MONTHLY, d(1, 1), d(31, 12), 0)),
    ("Định kỳ hằng tháng", span(K.MONTHLY, d(1, 1), d(31, 12), 0)),
    ("Ngày 31 hằng tháng", span(K.MONTHLY, d(1, 1), d(31, 12), 31)),
]

DATES_FORMS = [
    ("15/3/2025 và 15/9/2025", span(K.DATES, d(15, 3), d(15, 9))),
    ("Trước 30/6 và trước 15/12/2025", span(K.DATES, d(30, 6), d(15, 12))),
    ("10/01/2025; 10/07/2025", span(K.DATES, d(10, 1), d(10, 7))),
    ("15/9/2025, 15/3/2025", span(K.DATES, d(15, 3), d(15, 9))),
    ("Từ 15/3 đến 30/4/2025", span(K.DATES, d(15, 3), d(30, 4))),
]

YEAR_FORMS = [
    ("Cả năm", span(K.YEAR, d(1, 1), d(31, 12))),
    ("Năm 2025", span(K.YEAR, d(1, 1), d(31, 12))),
    ("Năm 2026", span(K.YEAR, d(1, 1, 2026), d(31, 12, 2026))),
    ("Thường xuyên", span(K.YEAR, d(1, 1), d(31, 12))),
    ("Trong năm", span(K.YEAR, d(1, 1), d(31, 12))),
    ("Cả năm 2025", span(K.YEAR, d(1, 1), d(31, 12))),
]

NO_DIACRITICS_FORMS = [
    ("Quy I", quarters(1, start=d(1, 1), due=d(31, 3))),
    ("quy iii, iv", quarters(3, 4, start=d(1, 7), due=d(31, 12))),
    ("Qui II va III", quarters(2, 3, start=d(1, 4), due=d(30, 9))),
    ("truoc ngay 15/3/2025", on(K.DUE_DATE, d(15, 3))),
    ("han chot 15/3", on(K.DUE_DATE, d(15, 3))),
    ("nhan dip 19/5", on(K.OCCASION, d(19, 5))),
    ("hang thang", span(K.MONTHLY, d(1, 1), d(31, 12), 0)),
    ("ngay 20 hang thang", span(K.MONTHLY, d(1, 1), d(20, 12), 20)),
    ("thang 11/2025", span(K.MONTH, d(1, 11), d(30, 11))),
    ("ca nam", span(K.YEAR, d(1, 1), d(31, 12))),
    ("thuong xuyen", span(K.YEAR, d(1, 1), d(31, 12))),
]

NOTHING_FORMS = [
    (None, (K.NONE, (), None, None, None)),
    ("", (K.NONE, (), None, None, None)),
    ("   ", (K.NONE, (), None, None, None)),
]

UNPARSED_FORMS = [
    ("Báo cáo kết quả sau hội nghị", UNPARSED),
    ("15-3", UNPARSED),  # a yearless date needs "/"
    ("Tháng 11/25", UNPARSED),  # a month with a two-digit year is refused, not guessed
    ("15/3/202", UNPARSED),  # three-digit year: a typo
    ("15/3 và 15/9/2027", UNPARSED),  # does the year written once cover both dates?
    ("Trước 30/6 - 15/12", UNPARSED),  # a list or a range?
    ("Năm học 2024-2025", UNPARSED),
    ("Quý V", UNPARSED),
    ("Quý I và tháng 5", UNPARSED),
    ("Sau 15/3/2025", UNPARSED),
    ("Theo hướng dẫn của Trung ương", UNPARSED),
]

ALL_CASES = (
    SEED_CASES
    + QUARTER_FORMS
    + DUE_DATE_FORMS
    + OCCASION_FORMS
    + MONTH_FORMS
    + MONTHLY_FORMS
    + DATES_FORMS
    + YEAR_FORMS
    + NO_DIACRITICS_FORMS
    + NOTHING_FORMS
    + UNPARSED_FORMS
)


@pytest.mark.parametrize(("text", "expected"), ALL_CASES, ids=[repr(text) for text, _ in ALL_CASES])
def test_parse_timing(text, expected):
    assert fields(parse_timing(text, YEAR)) == expected


@pytest.mark.parametrize(
    ("text", "plan_year", "expected"),
    [
        ("Quý I", 2026, quarters(1, start=d(1, 1, 2026), due=d(31, 3, 2026))),
        ("Quý I/2025", 2026, quarters(1, start=d(1, 1), due=d(31, 3))),
        ("Trước 29/2", 2024, on(K.DUE_DATE, d(29, 2, 2024))),
        ("Tháng 2", 2024, span(K.MONTH, d(1, 2, 2024), d(29, 2, 2024))),
        ("Hằng tháng", 2026, span(K.MONTHLY, d(1, 1, 2026), d(31, 12, 2026), 0)),
        ("Cả năm", 2026, span(K.YEAR, d(1, 1, 2026), d(31, 12, 2026))),
        ("30/6 và 15/12/2026", 2026, span(K.DATES, d(30, 6, 2026), d(15, 12, 2026))),
    ],
)
def test_text_without_a_year_takes_the_plan_year(text, plan_year, expected):
    assert fields(parse_timing(text, plan_year)) == expected


def test_decomposed_unicode_is_the_same_as_composed():
    import unicodedata

    assert parse_timing(unicodedata.normalize("NFD", "Quý III, IV"), YEAR) == parse_timing("Quý III, IV", YEAR)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("31/02/2025", "Ngày 31/02/2025 không tồn tại: tháng 02/2025 chỉ có 28 ngày."),
        ("29/02/2025", "Ngày 29/02/2025 không tồn tại: tháng 02/2025 chỉ có 28 ngày."),
        ("Trước 29/2", "Ngày 29/02/2025 không tồn tại: tháng 02/2025 chỉ có 28 ngày."),
        ("32/1/2025", "Ngày 32/01/2025 không tồn tại: tháng 01/2025 chỉ có 31 ngày."),
        ("31/4", "Ngày 31/04/2025 không tồn tại: tháng 04/2025 chỉ có 30 ngày."),
        ("15/13/2025", "Ngày 15/13/2025 không tồn tại: không có tháng 13."),
        ("0/1/2025", "Ngày 00/01/2025 không tồn tại: không có ngày 00."),
        ("ngày 30 tháng 2 năm 2025", "Ngày 30/02/2025 không tồn tại: tháng 02/2025 chỉ có 28 ngày."),
        ("15/3/2025 và 31/9/2025", "Ngày 31/09/2025 không tồn tại: tháng 09/2025 chỉ có 30 ngày."),
        ("Tháng 13", "Tháng 13 không tồn tại: một năm chỉ có 12 tháng."),
        ("ngày 32 hằng tháng", "Ngày 32 hằng tháng không tồn tại: ngày trong tháng phải từ 1 đến 31."),
        # Understood as a whole (a deadline and a note), so the impossible date is reported.
        ("Trước 31/02/2025 (gửi Sở Nội vụ)", "Ngày 31/02/2025 không tồn tại: tháng 02/2025 chỉ có 28 ngày."),
        (
            "- Xây dựng: trước 31/3\n- Báo cáo: trước 31/4",
            "Ngày 31/04/2025 không tồn tại: tháng 04/2025 chỉ có 30 ngày.",
        ),
    ],
)
def test_impossible_dates_raise_with_vietnamese_message(text, message):
    with pytest.raises(TimingError) as excinfo:
        parse_timing(text, YEAR)
    assert str(excinfo.value) == message
    assert isinstance(excinfo.value, ValueError)


def test_leap_day_valid_in_2024_but_not_2025():
    assert parse_timing("29/02/2024", YEAR).due_on == date(2024, 2, 29)
    with pytest.raises(TimingError, match=r"^Ngày 29/02/2025 không tồn tại: tháng 02/2025 chỉ có 28 ngày\.$"):
        parse_timing("29/02/2025", YEAR)


@pytest.mark.parametrize(
    ("text", "note"),
    [
        ("Quý I,II", "Quý I, II, hạn 30/06/2025"),
        ("Trước ngày 15/3/2025", "Hạn 15/03/2025"),
        ("Dịp 2/9", "Ngày 02/09/2025"),
        ("Tháng 11", "Tháng 11/2025, hạn 30/11/2025"),
        ("Tháng 3-4", "Tháng 3 đến tháng 4/2025, hạn 30/04/2025"),
        ("ngày 20 hằng tháng", "Hằng tháng, ngày 20"),
        ("Hằng tháng", "Hằng tháng, ngày cuối tháng"),
        ("15/3 và 15/9", "2 mốc: 15/03/2025, 15/09/2025"),
        ("Từ 15/3 đến 30/4", "Từ 15/03/2025 đến 30/04/2025"),
        ("Cả năm", "Cả năm 2025"),
        ("Không rõ", "Chưa hiểu được thời gian — cần người kiểm tra"),
        ("", ""),
    ],
)
def test_note_is_the_summary(text, note):
    schedule = parse_timing(text, YEAR)
    assert (schedule.note, schedule.summary, describe(schedule)) == (note, note, note)


@pytest.mark.parametrize(
    ("text", "review"),
    [("Không rõ", True), ("15/3/202", True), ("Quý I", False), ("", False), ("Hằng tháng", False)],
)
def test_needs_review_only_when_unparsed(text, review):
    assert parse_timing(text, YEAR).needs_review is review


def test_occurrences_day_31_clamps_to_month_length():
    assert parse_timing("Ngày 31 hằng tháng", 2025).occurrences() == [
        d(31, 1), d(28, 2), d(31, 3), d(30, 4), d(31, 5), d(30, 6),
        d(31, 7), d(31, 8), d(30, 9), d(31, 10), d(30, 11), d(31, 12),
    ]  # fmt: skip
    assert parse_timing("Ngày 31 hằng tháng", 2024).occurrences()[1] == date(2024, 2, 29)


def test_occurrences_day_0_is_last_day_of_each_month():
    occurrences = parse_timing("Hằng tháng", 2024).occurrences()
    assert [o.day for o in occurrences] == [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    assert [o.month for o in occurrences] == list(range(1, 13))
    assert {o.year for o in occurrences} == {2024}


def test_occurrences_of_plain_day():
    assert parse_timing("ngày 20 hằng tháng", YEAR).occurrences() == [d(20, month) for month in range(1, 13)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Quý II", [d(30, 6)]),
        ("Trước 15/3", [d(15, 3)]),
        ("15/3 và 15/9", [d(15, 3), d(15, 9)]),
        ("15/9, 15/3 và 15/6/2025", [d(15, 3), d(15, 6), d(15, 9)]),
        ("Trước 30/6 và trước 15/12/2025", [d(30, 6), d(15, 12)]),
        # A range has one deadline: its end.
        ("Từ 15/3 đến 30/4/2025", [d(30, 4)]),
        ("15/3 - 30/4/2025", [d(30, 4)]),
        ("", []),
        ("Không rõ", []),
    ],
)
def test_occurrences_of_other_kinds(text, expected):
    assert parse_timing(text, YEAR).occurrences() == expected


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Quý I", (1,)),
        ("I. Quý II", (2,)),
        ("QUÝ III", (3,)),
        ("QUÝ IV", (4,)),
        ("Quý 4", (4,)),
        ("Quý I, II", (1, 2)),
        ("II. Quý III, IV", (3, 4)),
        ("Quy I", (1,)),
        ("A. CÁC NHIỆM VỤ TRỌNG TÂM", ()),
        ("Quy định chung", ()),
        ("", ()),
    ],
)
def test_quarters_from_label(label, expected):
    assert quarters_from_label(label) == expected


@pytest.mark.parametrize(
    ("numbers", "text"),
    [((1,), "Quý I"), ((2, 1), "Quý I,II"), ((3, 4), "Quý III, IV"), ((1, 2, 3, 4), "Quý I,II,III,IV")],
)
def test_schedule_for_quarters_matches_parsed_text(numbers, text):
    assert schedule_for_quarters(numbers, YEAR) == parse_timing(text, YEAR)


def test_schedule_for_quarters_edge_cases():
    assert schedule_for_quarters((), YEAR).kind == K.NONE
    with pytest.raises(ValueError):
        schedule_for_quarters((5,), YEAR)


def test_schedule_is_frozen():
    schedule = parse_timing("Quý I", YEAR)
    with pytest.raises(AttributeError):
        schedule.kind = K.YEAR


# --- Shapes a real plan used that stayed "Cần kiểm tra" (issue: appendix import you can trust) ---

PLAN_YEAR = 2026


def y26(day: int, month: int, year: int = PLAN_YEAR) -> date:
    return date(year, month, day)


@pytest.mark.parametrize(
    ("text", "expected", "summary"),
    [
        # A deadline inside a longer sentence.
        ("Tổ chức hội nghị sơ kết trước ngày 15/7/2026", on(K.DUE_DATE, y26(15, 7)), "Hạn 15/07/2026"),
        # A quarter with a deadline keeps both.
        (
            "Quý III, trước ngày 20/8/2026",
            quarters(3, start=y26(1, 7), due=y26(20, 8)),
            "Quý III, hạn 20/08/2026",
        ),
        # A day of every month without "Ngày".
        ("20 hằng tháng", span(K.MONTHLY, y26(1, 1), y26(20, 12), 20), "Hằng tháng, ngày 20"),
        ("10 hàng tháng", span(K.MONTHLY, y26(1, 1), y26(10, 12), 10), "Hằng tháng, ngày 10"),
        # A range.
        ("từ 01/3/2026 đến 30/4/2026", span(K.DATES, y26(1, 3), y26(30, 4)), "Từ 01/03/2026 đến 30/04/2026"),
        # Bulleted steps with their own dates and a quarter.
        (
            "- Xây dựng kế hoạch: trước 31/3\n- Tổ chức: Quý II\n- Báo cáo: trước 15/11",
            span(K.DATES, y26(31, 3), y26(15, 11)),
            "3 mốc: 31/03/2026, Quý II, 15/11/2026",
        ),
        # A deadline with a note in brackets.
        ("Trước ngày 30/6/2026 (gửi bản mềm qua email)", on(K.DUE_DATE, y26(30, 6)), "Hạn 30/06/2026"),
    ],
)
def test_shapes_found_in_a_real_plan_are_read(text, expected, summary):
    schedule = parse_timing(text, PLAN_YEAR)
    assert fields(schedule) == expected
    assert schedule.summary == summary
    assert schedule.warnings == ()


def test_steps_are_one_occurrence_each():
    schedule = parse_timing("- Xây dựng kế hoạch: trước 31/3\n- Tổ chức: Quý II\n- Báo cáo: trước 15/11", PLAN_YEAR)
    assert schedule.occurrences() == [y26(31, 3), y26(30, 6), y26(15, 11)]
    assert schedule.milestone_labels == ("31/03/2026", "Quý II", "15/11/2026")


def test_a_quarter_with_a_deadline_has_one_occurrence_at_the_deadline():
    assert parse_timing("Quý III, trước ngày 20/8/2026", PLAN_YEAR).occurrences() == [y26(20, 8)]


def test_a_date_in_another_year_is_read_with_a_warning():
    schedule = parse_timing("Trước ngày 15/7/2025", PLAN_YEAR)
    assert (schedule.kind, schedule.due_on) == (K.DUE_DATE, date(2025, 7, 15))
    assert schedule.warnings == ("Ngày 15/07/2025 không thuộc năm của kế hoạch (2026) — cần xác nhận",)


def test_early_next_year_gets_the_softer_warning():
    schedule = parse_timing("Báo cáo tổng kết trước 15/01/2027", PLAN_YEAR)
    assert schedule.due_on == date(2027, 1, 15)
    assert schedule.warnings == (
        "Ngày 15/01/2027 thuộc đầu năm 2027, sau năm của kế hoạch (2026) — cần xác nhận "
        "nếu không phải hạn báo cáo, tổng kết năm",
    )


@pytest.mark.parametrize(
    ("text", "warnings"),
    [
        ("Trước 15/7/2026", ()),
        ("Trước 15/7", ()),  # a date without a year takes the plan's
        ("15/7/25", ("Ngày 15/07/2025 không thuộc năm của kế hoạch (2026) — cần xác nhận",)),
        ("Trước 15/4/2027", ("Ngày 15/04/2027 không thuộc năm của kế hoạch (2026) — cần xác nhận",)),
        ("Quý II năm 2025", ("Quý II/2025 không thuộc năm của kế hoạch (2026) — cần xác nhận",)),
        ("Năm 2027", ("Năm 2027 không thuộc năm của kế hoạch (2026) — cần xác nhận",)),
        (
            "Từ 01/12/2025 đến 31/01/2026",
            ("Ngày 01/12/2025 không thuộc năm của kế hoạch (2026) — cần xác nhận",),
        ),
        ("Hằng tháng năm 2027", ("Năm 2027 không thuộc năm của kế hoạch (2026) — cần xác nhận",)),
    ],
)
def test_year_warnings(text, warnings):
    assert parse_timing(text, PLAN_YEAR).warnings == warnings


@pytest.mark.parametrize(
    ("schedule", "summary"),
    [
        # Rebuilt from stored task fields (tasks.occurrences.schedule_of): no note, no labels.
        (Schedule(K.QUARTERS, (3,), y26(1, 7), y26(20, 8)), "Quý III, hạn 20/08/2026"),
        (Schedule(K.QUARTERS, (1, 2), y26(1, 1), y26(30, 6)), "Quý I, II, hạn 30/06/2026"),
        (Schedule(K.DUE_DATE, (), y26(15, 7), y26(15, 7)), "Hạn 15/07/2026"),
        (Schedule(K.OCCASION, (), y26(2, 9), y26(2, 9)), "Ngày 02/09/2026"),
        (Schedule(K.MONTH, (), y26(1, 6), y26(30, 6)), "Tháng 6/2026, hạn 30/06/2026"),
        (Schedule(K.MONTH, (), y26(1, 1), y26(30, 6)), "Tháng 1 đến tháng 6/2026, hạn 30/06/2026"),
        (Schedule(K.MONTHLY, (), y26(1, 1), y26(20, 12), 20), "Hằng tháng, ngày 20"),
        (Schedule(K.MONTHLY, (), y26(1, 1), y26(31, 12), 0), "Hằng tháng, ngày cuối tháng"),
        (Schedule(K.YEAR, (), y26(1, 1), y26(31, 12)), "Cả năm 2026"),
        (Schedule(K.YEAR, (), y26(1, 1), y26(15, 12)), "Cả năm 2026, hạn 15/12/2026"),
        (Schedule(K.DATES, (), y26(1, 3), y26(30, 4), milestones=(y26(30, 4),)), "Từ 01/03/2026 đến 30/04/2026"),
        (
            Schedule(K.DATES, (), y26(15, 3), y26(15, 9), milestones=(y26(15, 3), y26(15, 9))),
            "2 mốc: 15/03/2026, 15/09/2026",
        ),
        (Schedule(K.UNPARSED), "Chưa hiểu được thời gian — cần người kiểm tra"),
        (Schedule(K.NONE), ""),
    ],
)
def test_describe_works_from_the_fields(schedule, summary):
    assert describe(schedule) == summary
