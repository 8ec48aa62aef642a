"""Timing cells as Vietnamese plans write them, each with the reading a person agrees with.

Written for a plan of 2026 (the seed plans' own cells, for 2025, are read from their workbooks in
test_timing_corpus.py). Every expectation was written by reading the cell, not by running the
parser. A cell a person cannot read a date, a quarter or a deadline in is marked
``readable=False`` and must stay UNPARSED; a readable cell the parser leaves UNPARSED is counted,
never a failure by itself, but any other reading that differs from the one here is.
"""

from dataclasses import dataclass

PLAN_YEAR = 2026
UNPARSED_NOTE = "Chưa hiểu được thời gian — cần người kiểm tra"


@dataclass(frozen=True)
class Cell:
    text: str
    kind: str
    summary: str
    quarters: tuple[int, ...] = ()
    due: str | None = None  # dd/mm/yyyy
    day: int | None = None  # monthly: the day of each month, 0 for the last
    milestones: tuple[str, ...] = ()  # several dates: every deadline, dd/mm/yyyy
    warnings: tuple[str, ...] = ()
    readable: bool = True
    year: int = PLAN_YEAR


def hard(label: str, year: int = PLAN_YEAR) -> str:
    return f"{label} không thuộc năm của kế hoạch ({year}) — cần xác nhận"


def soft(label: str, year: int = PLAN_YEAR) -> str:
    return (
        f"{label} thuộc đầu năm {year + 1}, sau năm của kế hoạch ({year}) — cần xác nhận "
        "nếu không phải hạn báo cáo, tổng kết năm"
    )


QUARTER_ENDS = {1: "31/03", 2: "30/06", 3: "30/09", 4: "31/12"}
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}

# The seed plans' timing cells (their workbooks are read by the test), as a person reads them:
# both plans are for 2025. Bắc Ninh has no timing column: its group rows "Quý I" … "Quý IV" give
# the quarter of every task under them.
SEED_YEAR = 2025
SEED_QUARTERS = {
    "Quý I": (1,),
    "Quý II": (2,),
    "Quý III": (3,),
    "Quý IV": (4,),
    "Quý I,II": (1, 2),
    "Quý II,III": (2, 3),
    "Quý I,II,III": (1, 2, 3),
    "Quý III,IV": (3, 4),
    "Quý III, IV": (3, 4),
    "Quý I,II,III,IV": (1, 2, 3, 4),
}


def quarters(text: str, *numbers: int, due: str | None = None, of: int = PLAN_YEAR, **extra) -> Cell:
    """The quarters ``numbers`` of the year ``of``, due at the end of the last one unless ``due``."""
    due = due or f"{QUARTER_ENDS[numbers[-1]]}/{of}"
    summary = f"Quý {', '.join(ROMAN[n] for n in numbers)}, hạn {due}"
    return Cell(text, "quarters", summary, quarters=numbers, due=due, **extra)


def due(text: str, on: str, **extra) -> Cell:
    return Cell(text, "due_date", f"Hạn {on}", due=on, **extra)


def occasion(text: str, on: str, **extra) -> Cell:
    return Cell(text, "occasion", f"Ngày {on}", due=on, **extra)


def month(text: str, summary: str, on: str, **extra) -> Cell:
    return Cell(text, "month", summary, due=on, **extra)


def monthly(text: str, day: int, on: str, **extra) -> Cell:
    summary = f"Hằng tháng, ngày {day}" if day else "Hằng tháng, ngày cuối tháng"
    return Cell(text, "monthly", summary, day=day, due=on, **extra)


def dates(text: str, summary: str, *milestones: str, **extra) -> Cell:
    return Cell(text, "dates", summary, due=milestones[-1], milestones=milestones, **extra)


def span(text: str, start: str, end: str, **extra) -> Cell:
    return Cell(text, "dates", f"Từ {start} đến {end}", due=end, milestones=(end,), **extra)


def whole_year(text: str, on: str = "31/12/2026", **extra) -> Cell:
    summary = f"Cả năm {on[-4:]}" if on.startswith("31/12") else f"Cả năm {on[-4:]}, hạn {on}"
    return Cell(text, "year", summary, due=on, **extra)


def unparsed(text: str, readable: bool) -> Cell:
    return Cell(text, "unparsed", UNPARSED_NOTE, readable=readable)


CORPUS = [
    # --- Quarters -------------------------------------------------------------------------------
    quarters("Quý I", 1),
    quarters("Quý II", 2),
    quarters("Quý III", 3),
    quarters("Quý IV", 4),
    quarters("Quý I, II", 1, 2),
    quarters("Quý I,II,III", 1, 2, 3),
    quarters("Quý II - III", 2, 3),
    quarters("Quý I – IV", 1, 2, 3, 4),
    quarters("quý 2", 2),
    quarters("Quý 3/2026", 3),
    quarters("Q.II", 2),
    quarters("Q3", 3),
    quarters("Q. IV", 4),
    quarters("QUÝ IV", 4),
    quarters("Quy III", 3),
    quarters("Trong quý I", 1),
    quarters("Trong Quý II/2026", 2),
    quarters("Quý I năm 2026", 1),
    quarters("Từ quý II đến quý IV", 2, 3, 4),
    quarters("Quý II và quý III", 2, 3),
    quarters("  Quý   I ;", 1),
    quarters("Quí IV", 4),
    quarters("Quý I, III", 1, 3),
    quarters("Quý II (dự kiến)", 2),
    quarters("Quý 1,2", 1, 2),
    quarters("quy 4", 4),
    quarters("QUÝ I , II", 1, 2),
    quarters("quy ii va iii", 2, 3),
    quarters("Q.IV/2026", 4),
    quarters("Quý I,II,III,IV", 1, 2, 3, 4),
    quarters("Quý IV/2025", 4, of=2025, warnings=(hard("Quý IV/2025"),)),
    quarters("Quý I/2027", 1, of=2027, warnings=(soft("Quý I/2027"),)),
    # --- A quarter with a deadline: both kept ---------------------------------------------------
    quarters("Quý III, trước ngày 20/8/2026", 3, due="20/08/2026"),
    quarters("Quý II (trước 15/6)", 2, due="15/06/2026"),
    quarters("Quý IV, hạn chót 15/12/2026", 4, due="15/12/2026"),
    quarters("Trước 30/9 (Quý III)", 3, due="30/09/2026"),
    quarters("Trong quý I, chậm nhất ngày 15/3", 1, due="15/03/2026"),
    quarters("Quý III\nTrước 20/8/2026", 3, due="20/08/2026"),
    quarters("Quý IV năm 2026 (hoàn thành trước 15/12/2026)", 4, due="15/12/2026"),
    quarters("Quý I, II; trước 30/5/2026", 1, 2, due="30/05/2026"),
    quarters("Quý III ,trước ngày 20 / 8 / 2026", 3, due="20/08/2026"),
    # The quarter's report, due the month after it.
    quarters("Quý II, trước 15/7", 2, due="15/07/2026"),
    quarters("Quý IV, trước 15/01/2027", 4, due="15/01/2027", warnings=(soft("Ngày 15/01/2027"),)),
    # A deadline before the quarter or long after it contradicts it.
    unparsed("Quý II, trước 15/3", readable=False),
    unparsed("Quý I, trước 30/9", readable=False),
    # --- Due dates ------------------------------------------------------------------------------
    due("Trước ngày 15/7/2026", "15/07/2026"),
    due("trước 10/01/2026", "10/01/2026"),
    due("Trước 5/3", "05/03/2026"),
    due("Hạn 15/3", "15/03/2026"),
    due("Hạn chót: 30/6.", "30/06/2026"),
    due("Hạn  chót :  30/6/2026", "30/06/2026"),
    due("han chot 15/3", "15/03/2026"),
    due("Chậm nhất ngày 20/11/2026", "20/11/2026"),
    due("Chậm nhất là ngày 10/12/2026", "10/12/2026"),
    due("Hoàn thành trước ngày 31/12/2026", "31/12/2026"),
    due("Không quá ngày 30/11/2026", "30/11/2026"),
    due("Hoàn thành 15/7/2026", "15/07/2026"),
    due("15/3/2026", "15/03/2026"),
    due("15-3-2026", "15/03/2026"),
    due("15.3.2026", "15/03/2026"),
    due("15/3/26", "15/03/2026"),
    due("02/9/2026", "02/09/2026"),
    due("Trước ngày 15 tháng 7 năm 2026", "15/07/2026"),
    due("trước ngày 15 tháng 7", "15/07/2026"),
    due("Trước ngày 15/7 năm 2026", "15/07/2026"),
    due("truoc ngay 15/7/2026", "15/07/2026"),
    due("TRƯỚC NGÀY 31/3/2026", "31/03/2026"),
    due("Trước ngày 15 / 7 / 2026", "15/07/2026"),
    due("Trước15/7/2026", "15/07/2026"),
    due("trước  ngày15/7", "15/07/2026"),
    due("Tổ chức hội nghị sơ kết trước ngày 15/7/2026", "15/07/2026"),
    due("Gửi báo cáo về Sở Nội vụ trước ngày 15/11/2026", "15/11/2026"),
    due("Trước ngày 30/6/2026 (gửi bản mềm qua email)", "30/06/2026"),
    due("Trước 25/12 (Hồ sơ gửi về Sở Nội vụ)", "25/12/2026"),
    due("Trước 15/12/2026 (theo hướng dẫn của Ban Thi đua - Khen thưởng Trung ương)", "15/12/2026"),
    due("Trước 15/3 theo quy định", "15/03/2026"),
    due("Xây dựng kế hoạch: trước 31/3", "31/03/2026"),
    due("Trước 15/12 hằng năm", "15/12/2026"),
    due("Trước 31/3 hàng năm", "31/03/2026"),
    due("Báo cáo sơ kết 6 tháng đầu năm trước ngày 15/6", "15/06/2026"),
    due("Báo cáo 6 tháng trước 15/6", "15/06/2026"),
    due("Kết quả quý III, trước 15/10", "15/10/2026"),  # the quarter is what the report is about
    due(
        "Báo cáo tổng kết năm 2026 trước ngày 15/01/2027",
        "15/01/2027",
        warnings=(soft("Ngày 15/01/2027"),),
    ),
    due("trước 15/01/2027", "15/01/2027", warnings=(soft("Ngày 15/01/2027"),)),
    due("Trước ngày 15/7/2025", "15/07/2025", warnings=(hard("Ngày 15/07/2025"),)),
    due("15/7/25", "15/07/2025", warnings=(hard("Ngày 15/07/2025"),)),
    due("Trước 20/10/2027", "20/10/2027", warnings=(hard("Ngày 20/10/2027"),)),
    due("cuối tháng 6", "30/06/2026"),
    due("Cuối tháng 11/2026", "30/11/2026"),
    due("Hết quý II", "30/06/2026"),
    due("cuối quý III", "30/09/2026"),
    due("Cuối năm", "31/12/2026"),
    due("Cuối năm 2026", "31/12/2026"),
    # --- Occasions ------------------------------------------------------------------------------
    occasion("Dịp 2/9", "02/09/2026"),
    occasion("Nhân dịp 19/5", "19/05/2026"),
    occasion("nhan dip 19/5", "19/05/2026"),
    occasion("Vào dịp 27/7/2026", "27/07/2026"),
    occasion("Ngày 22/12", "22/12/2026"),
    occasion("ngày 15 tháng 3 năm 2026", "15/03/2026"),
    occasion("Vào ngày 15/7/2026", "15/07/2026"),
    occasion("Ngày 27/7 hằng năm", "27/07/2026"),
    occasion("Dịp Quốc khánh 2/9", "02/09/2026"),
    occasion("Nhân dịp kỷ niệm Ngày Thương binh - Liệt sĩ 27/7", "27/07/2026"),
    occasion("Hội nghị ngày 15/7/2026", "15/07/2026"),
    occasion("Hội nghị sơ kết ngày 15/7/2026", "15/07/2026"),
    occasion("Ngày 15/7/2026 (tổ chức tại Hội trường tỉnh)", "15/07/2026"),
    unparsed("Trước Tết Nguyên đán", readable=False),
    unparsed("Dịp Tết Nguyên đán Bính Ngọ", readable=False),
    unparsed("Theo Công văn ngày 12/12/2025", readable=False),
    # --- Months ---------------------------------------------------------------------------------
    month("Tháng 6/2026", "Tháng 6/2026, hạn 30/06/2026", "30/06/2026"),
    month("tháng 11", "Tháng 11/2026, hạn 30/11/2026", "30/11/2026"),
    month("Trong tháng 3", "Tháng 3/2026, hạn 31/03/2026", "31/03/2026"),
    month("TRONG THÁNG 9", "Tháng 9/2026, hạn 30/09/2026", "30/09/2026"),
    month("Tháng 02/2026", "Tháng 2/2026, hạn 28/02/2026", "28/02/2026"),
    month("Tháng 3, 4", "Tháng 3 đến tháng 4/2026, hạn 30/04/2026", "30/04/2026"),
    month("Tháng 3-4/2026", "Tháng 3 đến tháng 4/2026, hạn 30/04/2026", "30/04/2026"),
    month("Từ tháng 3 đến tháng 5", "Tháng 3 đến tháng 5/2026, hạn 31/05/2026", "31/05/2026"),
    month("Tháng 10 năm 2026", "Tháng 10/2026, hạn 31/10/2026", "31/10/2026"),
    month("Tháng 6 hằng năm", "Tháng 6/2026, hạn 30/06/2026", "30/06/2026"),
    month("6 tháng đầu năm", "Tháng 1 đến tháng 6/2026, hạn 30/06/2026", "30/06/2026"),
    month("Sáu tháng đầu năm", "Tháng 1 đến tháng 6/2026, hạn 30/06/2026", "30/06/2026"),
    month("6 tháng cuối năm 2026", "Tháng 7 đến tháng 12/2026, hạn 31/12/2026", "31/12/2026"),
    month("9 tháng đầu năm", "Tháng 1 đến tháng 9/2026, hạn 30/09/2026", "30/09/2026"),
    month("Trong tháng 6, trước ngày 20/6", "Tháng 6/2026, hạn 20/06/2026", "20/06/2026"),
    month("Tháng 9/2026, trước 25/9", "Tháng 9/2026, hạn 25/09/2026", "25/09/2026"),
    month("Trong tháng 10/2026 (theo Kế hoạch của tỉnh)", "Tháng 10/2026, hạn 31/10/2026", "31/10/2026"),
    month(
        "Tháng 1/2027",
        "Tháng 1/2027, hạn 31/01/2027",
        "31/01/2027",
        warnings=(soft("Tháng 1/2027"),),
    ),
    dates(
        "tháng 3, 6, 9, 12",
        "4 mốc: Tháng 3/2026, Tháng 6/2026, Tháng 9/2026, Tháng 12/2026",
        "31/03/2026",
        "30/06/2026",
        "30/09/2026",
        "31/12/2026",
    ),
    dates("Tháng 6 và tháng 12", "2 mốc: Tháng 6/2026, Tháng 12/2026", "30/06/2026", "31/12/2026"),
    unparsed("Đầu tháng 6", readable=False),
    unparsed("Trước tháng 6", readable=False),
    unparsed("Giữa tháng 7", readable=False),
    unparsed("Tháng 11/25", readable=False),
    # --- Monthly --------------------------------------------------------------------------------
    monthly("Ngày 20 hằng tháng", 20, "20/12/2026"),
    monthly("20 hằng tháng", 20, "20/12/2026"),
    monthly("10 hàng tháng", 10, "10/12/2026"),
    monthly("trước ngày 25 hằng tháng", 25, "25/12/2026"),
    monthly("Hằng tháng, ngày 20", 20, "20/12/2026"),
    monthly("Hằng tháng (trước ngày 5)", 5, "05/12/2026"),
    monthly("Định kỳ hằng tháng", 0, "31/12/2026"),
    monthly("Hàng tháng", 0, "31/12/2026"),
    monthly("ngày cuối tháng", 0, "31/12/2026"),
    monthly("Cuối mỗi tháng", 0, "31/12/2026"),
    monthly("Báo cáo trước ngày 20 hằng tháng", 20, "20/12/2026"),
    monthly("Định kỳ ngày 15 hằng tháng", 15, "15/12/2026"),
    monthly("ngay 20 hang thang", 20, "20/12/2026"),
    monthly("Chậm nhất ngày 5 hằng tháng", 5, "05/12/2026"),
    monthly("Báo cáo hằng tháng", 0, "31/12/2026"),
    monthly("Hằng tháng năm 2027", 0, "31/12/2027", warnings=(hard("Năm 2027"),)),
    # Two days a month: a person reads it, no schedule holds it.
    Cell("Trước ngày 5 và 20 hằng tháng", "monthly", "Hằng tháng, ngày 5 và 20", due="20/12/2026"),
    dates(
        "Hằng quý",
        "4 mốc: Quý I, Quý II, Quý III, Quý IV",
        "31/03/2026",
        "30/06/2026",
        "30/09/2026",
        "31/12/2026",
    ),
    dates(
        "Định kỳ hằng quý",
        "4 mốc: Quý I, Quý II, Quý III, Quý IV",
        "31/03/2026",
        "30/06/2026",
        "30/09/2026",
        "31/12/2026",
    ),
    unparsed("Định kỳ 6 tháng", readable=False),
    # --- Ranges ---------------------------------------------------------------------------------
    span("từ 01/3/2026 đến 30/4/2026", "01/03/2026", "30/04/2026"),
    span("Từ ngày 01/3 đến hết ngày 30/4/2026", "01/03/2026", "30/04/2026"),
    span("01/10 - 31/10/2026", "01/10/2026", "31/10/2026"),
    span("27/7/2026 - 30/7/2026", "27/07/2026", "30/07/2026"),
    span("15/3-30/4/2026", "15/03/2026", "30/04/2026"),
    span("Từ 15/3 đến 30/4", "15/03/2026", "30/04/2026"),
    span("Từ 15/12 đến 15/01/2027", "15/12/2026", "15/01/2027", warnings=(soft("Ngày 15/01/2027"),)),
    span("Từ 01/12/2025 đến 31/01/2026", "01/12/2025", "31/01/2026", warnings=(hard("Ngày 01/12/2025"),)),
    unparsed("Từ 30/4 đến 15/3", readable=False),
    unparsed("Từ 15/3", readable=False),
    unparsed("Kể từ ngày 01/7/2026", readable=False),
    due("Đến 30/6/2026", "30/06/2026"),  # "by 30/6" to most readers; "đến" may also mean "until"
    # --- Several dates and steps ----------------------------------------------------------------
    dates("15/3 và 15/9", "2 mốc: 15/03/2026, 15/09/2026", "15/03/2026", "15/09/2026"),
    dates("Trước 30/6 và trước 15/12/2026", "2 mốc: 30/06/2026, 15/12/2026", "30/06/2026", "15/12/2026"),
    dates("10/01/2026; 10/07/2026", "2 mốc: 10/01/2026, 10/07/2026", "10/01/2026", "10/07/2026"),
    dates("Ngày 15/3 và ngày 15/9", "2 mốc: 15/03/2026, 15/09/2026", "15/03/2026", "15/09/2026"),
    dates("Trước 15/11/2026 và 31/12/2026", "2 mốc: 15/11/2026, 31/12/2026", "15/11/2026", "31/12/2026"),
    dates(
        "15/3/2026, 15/6/2026, 15/9/2026 và 15/12/2026",
        "4 mốc: 15/03/2026, 15/06/2026, 15/09/2026, 15/12/2026",
        "15/03/2026",
        "15/06/2026",
        "15/09/2026",
        "15/12/2026",
    ),
    dates("Đợt 1: trước 15/3; Đợt 2: trước 15/9", "2 mốc: 15/03/2026, 15/09/2026", "15/03/2026", "15/09/2026"),
    dates(
        "- Xây dựng kế hoạch: trước 31/3\n- Tổ chức: Quý II\n- Báo cáo: trước 15/11",
        "3 mốc: 31/03/2026, Quý II, 15/11/2026",
        "31/03/2026",
        "30/06/2026",
        "15/11/2026",
    ),
    dates("- Sơ kết: trước 15/6\n- Tổng kết: trước 15/11", "2 mốc: 15/06/2026, 15/11/2026", "15/06/2026", "15/11/2026"),
    dates("+ Đợt 1: 30/4/2026\n+ Đợt 2: 30/9/2026", "2 mốc: 30/04/2026, 30/09/2026", "30/04/2026", "30/09/2026"),
    dates("- 15/3\n- 15/9", "2 mốc: 15/03/2026, 15/09/2026", "15/03/2026", "15/09/2026"),
    dates(
        "Xây dựng kế hoạch: Quý I; Tổ chức thực hiện: Quý II, III; Sơ kết: trước 15/10",
        "3 mốc: Quý I, Quý II, III, 15/10/2026",
        "31/03/2026",
        "30/09/2026",
        "15/10/2026",
    ),
    dates(
        "- Tổng kết: trước 15/12\n- Báo cáo: trước 15/01/2027",
        "2 mốc: 15/12/2026, 15/01/2027",
        "15/12/2026",
        "15/01/2027",
        warnings=(soft("Ngày 15/01/2027"),),
    ),
    dates(
        "1. Phát động: tháng 3\n2. Sơ kết: tháng 7\n3. Tổng kết: tháng 12",
        "3 mốc: Tháng 3/2026, Tháng 7/2026, Tháng 12/2026",
        "31/03/2026",
        "31/07/2026",
        "31/12/2026",
    ),
    dates("- Quý I: Xây dựng kế hoạch\n- Quý IV: Tổng kết", "2 mốc: Quý I, Quý IV", "31/03/2026", "31/12/2026"),
    dates(
        "a) Đăng ký thi đua: trước 15/3;\nb) Ký giao ước: Quý I",
        "2 mốc: 15/03/2026, Quý I",
        "15/03/2026",
        "31/03/2026",
    ),
    due("Tổ chức hội nghị\nsơ kết trước 15/7", "15/07/2026"),  # one sentence wrapped by hand
    quarters("Quý III\ntrước 20/8/2026", 3, due="20/08/2026"),
    quarters("Quý III\n(gửi bản mềm)", 3),
    # A step without a date: the task goes on after the dated one, its deadline is not that date.
    unparsed("- Xây dựng kế hoạch: trước 31/3\n- Tổ chức thực hiện", readable=False),
    unparsed("Xây dựng kế hoạch: trước 31/3\nTổ chức thực hiện", readable=False),
    # A note after ";" looks like such a step; left to a person on purpose.
    due("Trước 15/7; gửi bản mềm qua email", "15/07/2026"),
    # Steps out of order: a person reads next year's 15/01; left to them on purpose.
    dates(
        "- 15/11\n- 15/01",
        "2 mốc: 15/11/2026, 15/01/2027",
        "15/11/2026",
        "15/01/2027",
        warnings=(soft("Ngày 15/01/2027"),),
    ),
    # The year written once covers both dates; left to a person on purpose.
    dates(
        "15/3 và 15/9/2027",
        "2 mốc: 15/03/2027, 15/09/2027",
        "15/03/2027",
        "15/09/2027",
        warnings=(hard("Ngày 15/03/2027"), hard("Ngày 15/09/2027")),
    ),
    unparsed("Trước 30/6 - 15/12", readable=False),  # a list or a range? a person hesitates too
    # --- The whole year -------------------------------------------------------------------------
    whole_year("Năm 2026"),
    whole_year("Cả năm"),
    whole_year("Thường xuyên"),
    whole_year("thuong xuyen"),
    whole_year("Thường xuyên, liên tục"),
    whole_year("Trong năm 2026"),
    whole_year("Cả năm, trước 15/12", on="15/12/2026"),
    whole_year("Thường xuyên; báo cáo trước 15/12/2026", on="15/12/2026"),
    whole_year("Năm 2027", on="31/12/2027", warnings=(hard("Năm 2027"),)),
    unparsed("Hằng năm", readable=False),
    # --- Nothing a person can date ---------------------------------------------------------------
    unparsed("Khi có văn bản hướng dẫn", readable=False),
    unparsed("Theo hướng dẫn của Trung ương", readable=False),
    unparsed("Theo kế hoạch của UBND tỉnh", readable=False),
    unparsed("Sau khi có kết quả bình xét", readable=False),
    unparsed("Năm học 2025-2026", readable=False),
    unparsed("Đầu quý III", readable=False),
    unparsed("Giữa năm", readable=False),
    unparsed("Trong vòng 10 ngày sau hội nghị", readable=False),
    unparsed("Theo yêu cầu", readable=False),
    unparsed("Báo cáo kết quả quý III", readable=False),  # about the quarter; due when?
    unparsed("Sau 15/3", readable=False),
    unparsed("Quý V", readable=False),
    unparsed("Quý I và tháng 5", readable=False),
    # --- Readable, but left for a person on purpose (the parser says UNPARSED) ---------------------
    quarters("Tổ chức hội nghị quý III", 3),  # a bare quarter inside a sentence may be a subject
    quarters("Quý I (theo Công văn số 527/UBND-NC ngày 12/12/2024)", 1),  # a number left over
    due("Dịp Tết, trước 15/1", "15/01/2026"),  # an occasion named without its date
]
