"""A corpus of appendix workbooks in the shapes that used to import wrong with no warning (a table
without a numbering column, two-row headers, unnumbered unmerged group rows, a page break inside a
unit cell) and in shapes that already worked, each read field by field against its expected tasks,
with the structural guesses the reader must show. The seed workbooks are reshaped here too: the
same 29 and 27 tasks must come out of every shape."""

import io
from pathlib import Path

import openpyxl
import pytest

from tasks.workbooks.reader import read_workbook

from .builders import xlsx
from .seed_tasks import SEED_TASKS

SEEDS = Path(__file__).resolve().parents[3] / "fixtures" / "seeds"


def read(workbook):
    _, [table] = read_workbook(workbook)
    return table


def shape(table):
    """(group title, number, content, cells) of every task, in sheet order."""
    titles = {group.key: group.title for group in table.groups}
    return [(titles.get(task.group), task.number, task.content, task.cells) for task in table.tasks]


def guesses(table):
    return [problem.guess for problem in table.guesses]


def test_a_table_without_a_numbering_column_gives_one_task_per_content_row():
    table = read(
        xlsx(
            {
                "PL": [
                    ["PHỤ LỤC"],
                    ["Nhiệm vụ năm 2025"],
                    ["Nội dung công việc", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian"],
                    ["Quý I", None, None, None],
                    ["Tổ chức hội nghị tổng kết", "Sở Nội vụ", "Văn phòng UBND tỉnh", "Tháng 1"],
                    ["Phát động thi đua", "Sở Nội vụ", None, "Tháng 2"],
                    ["Ký giao ước thi đua", "Cụm trưởng", None, "Tháng 3"],
                    ["Nhiệm vụ quý sau", None, None, None],
                    ["Sơ kết 6 tháng", "Sở Nội vụ", "Các sở, ngành", "30/6/2025"],
                    ["QUÝ III", None, None, None],
                    ["Kiểm tra công tác thi đua", "Hội đồng TĐKT tỉnh", None, "Quý III"],
                    ["tại các huyện, thị xã", None, None, None],
                ]
            },
            {"PL": ["A4:D4"]},
            {"PL": [8]},
        )
    )
    assert shape(table) == [
        (
            "Quý I",
            "",
            "Tổ chức hội nghị tổng kết",
            {"leads": "Sở Nội vụ", "coordinates": "Văn phòng UBND tỉnh", "timing": "Tháng 1"},
        ),
        ("Quý I", "", "Phát động thi đua", {"leads": "Sở Nội vụ", "coordinates": "", "timing": "Tháng 2"}),
        ("Quý I", "", "Ký giao ước thi đua", {"leads": "Cụm trưởng", "coordinates": "", "timing": "Tháng 3"}),
        (
            "Nhiệm vụ quý sau",
            "",
            "Sơ kết 6 tháng",
            {"leads": "Sở Nội vụ", "coordinates": "Các sở, ngành", "timing": "30/6/2025"},
        ),
        (
            "QUÝ III",
            "",
            "Kiểm tra công tác thi đua tại các huyện, thị xã",
            {"leads": "Hội đồng TĐKT tỉnh", "coordinates": "", "timing": "Quý III"},
        ),
    ]
    # The merged "Quý I" row is sure; the bold row, the capitals row and the continued row are guesses.
    assert guesses(table) == ["PL|no_number|0|", "PL|group|8|content", "PL|group|10|content", "PL|continued|12|"]
    messages = [problem.message for problem in table.guesses]
    assert messages[1] == (
        "Trang tính “PL”, dòng 8, cột A (Nội dung công việc): “Nhiệm vụ quý sau” không có số thứ tự, không gộp ô "
        "nhưng được đọc là dòng nhóm (chữ đậm); các nhiệm vụ bên dưới thuộc nhóm này."
    )
    assert messages[3] == (
        "Trang tính “PL”, dòng 12: dòng này được đọc là phần tiếp của nhiệm vụ dòng 11 (dòng bị ngắt trang); "
        "đã ghép A (Nội dung công việc) thành “Kiểm tra công tác thi đua tại các huyện, thị xã”."
    )
    assert (table.header_rows, table.first_row, table.last_row) == ((3, 3), 4, 12)
    assert table.merged == ["A4:D4: gộp ngang cả dòng: dòng nhóm"]


def test_two_row_header_with_a_unit_heading_over_three_roles():
    table = read(
        xlsx(
            {
                "PL": [
                    ["TT", "Nội dung", "Đơn vị", None, None, "Thời gian"],
                    [None, None, "Chỉ đạo, chủ trì", "Thực hiện", "Phối hợp", None],
                    [1, "Việc một", "UBND tỉnh", "Sở Nội vụ", "Sở Tài chính", "Quý I"],
                    [2, "Việc hai", "UBND tỉnh", "Sở Y tế", None, "Quý II"],
                ]
            },
            {"PL": ["A1:A2", "B1:B2", "C1:E1", "F1:F2"]},
        )
    )
    assert table.columns == ["directs", "executes", "coordinates", "timing"]
    assert shape(table) == [
        (
            None,
            "1",
            "Việc một",
            {"directs": "UBND tỉnh", "executes": "Sở Nội vụ", "coordinates": "Sở Tài chính", "timing": "Quý I"},
        ),
        (
            None,
            "2",
            "Việc hai",
            {"directs": "UBND tỉnh", "executes": "Sở Y tế", "coordinates": "", "timing": "Quý II"},
        ),
    ]
    assert [(r.letter, r.header, r.key) for r in table.readings] == [
        ("A", "TT", "number"),
        ("B", "Nội dung", "content"),
        ("C", "Đơn vị › Chỉ đạo, chủ trì", "directs"),
        ("D", "Đơn vị › Thực hiện", "executes"),
        ("E", "Đơn vị › Phối hợp", "coordinates"),
        ("F", "Thời gian", "timing"),
    ]
    assert guesses(table) == ["PL|sub_header|2|directs", "PL|sub_header|2|executes", "PL|sub_header|2|coordinates"]


def test_two_row_header_without_merged_cells_and_without_a_numbering_column():
    table = read(
        xlsx(
            {
                "PL": [
                    ["Nội dung", "Đơn vị", None],
                    [None, "Chủ trì", "Phối hợp"],
                    ["Việc một", "Sở Nội vụ", "Sở Tài chính"],
                    ["Việc hai", "Sở Y tế", None],
                ]
            }
        )
    )
    assert shape(table) == [
        (None, "", "Việc một", {"leads": "Sở Nội vụ", "coordinates": "Sở Tài chính"}),
        (None, "", "Việc hai", {"leads": "Sở Y tế", "coordinates": ""}),
    ]
    assert guesses(table) == ["PL|sub_header|2|leads", "PL|sub_header|2|coordinates", "PL|no_number|0|"]


def test_unmerged_group_rows_without_a_numeral_a_page_break_inside_a_unit_cell_and_a_bulleted_unit_cell():
    table = read(
        xlsx(
            {
                "PL": [
                    ["PHỤ LỤC"],
                    ["Kế hoạch thi đua năm 2025"],
                    ["II. NỘI DUNG TRỌNG TÂM"],
                    ["TT", "Nội dung", "Đơn vị thực hiện", "Thời gian"],
                    [None, "Quý I", None, None],
                    [1, "Việc một", "- Sở Nội vụ;\n- Sở Tư pháp phối hợp;\n- Sở Y tế", "Quý I"],
                    [2, "Việc hai", "Sở Giáo dục và", "Tháng 3"],
                    [None, None, "Đào tạo", None],
                    [None, "Quý II", None, None],
                    [1, "Việc ba", "Sở Nội vụ", "Quý II"],
                ]
            }
        )
    )
    # The title stops before the plan's heading "II. NỘI DUNG…".
    assert (table.label, table.title) == ("PHỤ LỤC", "Kế hoạch thi đua năm 2025")
    assert table.columns == ["executes", "coordinates", "timing"]
    assert shape(table) == [
        (
            "Quý I",
            "1",
            "Việc một",
            # The lines left keep their bullets and breaks exactly as printed.
            {"executes": "- Sở Nội vụ;\n- Sở Y tế", "coordinates": "Sở Tư pháp", "timing": "Quý I"},
        ),
        ("Quý I", "2", "Việc hai", {"executes": "Sở Giáo dục và Đào tạo", "timing": "Tháng 3"}),
        ("Quý II", "1", "Việc ba", {"executes": "Sở Nội vụ", "timing": "Quý II"}),
    ]
    assert guesses(table) == ["PL|group|5|content", "PL|continued|8|", "PL|group|9|content"]


def test_a_coordinator_suffix_inside_a_line_of_several_units():
    table = read(
        xlsx(
            {
                "PL": [
                    ["TT", "Nội dung", "Đơn vị thực hiện"],
                    [1, "Việc một", "Phòng Nội vụ; Phòng Tư pháp phối hợp\n+ Các xã, thị trấn"],
                ]
            }
        )
    )
    assert shape(table) == [
        (None, "1", "Việc một", {"executes": "Phòng Nội vụ\n+ Các xã, thị trấn", "coordinates": "Phòng Tư pháp"})
    ]
    assert table.problems == []


# Seeds reshaped ---------------------------------------------------------------------------


def seed_rows(name):
    book = openpyxl.load_workbook(SEEDS / name)
    sheet = book.active
    return [list(row) for row in sheet.iter_rows(values_only=True)], [str(r) for r in sheet.merged_cells.ranges]


def seed_shape(name, *, numbered=True):
    """What every shape of the seed must read as: (group, number, content) in order."""
    return [(group, number if numbered else "", content) for group, number, content, *_ in SEED_TASKS[name]]


def read_shape(table):
    titles = {group.key: group.title for group in table.groups}
    return [(titles.get(task.group), task.number, task.content) for task in table.tasks]


def workbook_of(rows, merges=(), bold=()):
    return xlsx({"Phụ lục": rows}, {"Phụ lục": list(merges)}, {"Phụ lục": list(bold)})


def test_seeds_as_they_are_read_with_no_guess():
    for name in ("bac-ninh-2025.xlsx", "hung-yen-2025.xlsx"):
        with open(SEEDS / name, "rb") as handle:
            table = read(io.BytesIO(handle.read()))
        assert read_shape(table) == seed_shape(name)
        assert table.problems == []


def test_bac_ninh_seed_without_its_numbering_column():
    rows, _ = seed_rows("bac-ninh-2025.xlsx")
    reshaped = [row[1:] for row in rows]
    group_rows = [i for i, row in enumerate(rows, start=1) if row[0] in ("I", "II", "III", "IV")]
    merges = ["A1:E1", "A2:E2", *[f"A{r}:E{r}" for r in group_rows]]
    table = read(workbook_of(reshaped, merges))
    assert read_shape(table) == seed_shape("bac-ninh-2025.xlsx", numbered=False)
    assert len(table.tasks) == 29 and [g.title for g in table.groups] == ["Quý I", "Quý II", "Quý III", "Quý IV"]
    assert guesses(table) == ["Phụ lục|no_number|0|"]


def test_bac_ninh_seed_with_unmerged_unnumbered_group_rows():
    rows, _ = seed_rows("bac-ninh-2025.xlsx")
    group_rows = []
    for number, row in enumerate(rows, start=1):
        if row[0] in ("I", "II", "III", "IV"):
            row[0] = None
            group_rows.append(number)
    table = read(workbook_of(rows, ["A1:F1", "A2:F2"]))
    assert read_shape(table) == seed_shape("bac-ninh-2025.xlsx")
    assert guesses(table) == [f"Phụ lục|group|{r}|content" for r in group_rows]


def test_hung_yen_seed_with_a_two_row_header_and_a_task_split_by_a_page_break():
    rows, _ = seed_rows("hung-yen-2025.xlsx")
    header = rows.index(["TT", "Nội dung", "Đơn vị chủ trì", "Cơ quan phối hợp", "Thời gian thực hiện"])
    rows[header] = ["TT", "Nội dung", "Đơn vị", None, "Thời gian thực hiện"]
    rows.insert(header + 1, [None, None, "Chủ trì", "Phối hợp", None])
    ninth = next(i for i, row in enumerate(rows) if row[0] == 9)
    content, units = rows[ninth][1], rows[ninth][3]
    cut = content.index("Đào tạo")
    rows[ninth][1] = content[:cut].rstrip()
    rows[ninth][3] = "Sở GD&ĐT; Khối thi đua các trường ĐH,"
    rows.insert(ninth + 1, [None, content[cut:], None, units.split(", ", 1)[1].split("; ", 1)[0], None])
    assert units == "Sở GD&ĐT; Khối thi đua các trường ĐH, CĐ; UBND các huyện, thành phố, thị xã."
    rows[ninth + 1][3] = "CĐ; UBND các huyện, thành phố, thị xã."
    h = header + 1
    table = read(workbook_of(rows, ["A1:E1", "A2:E2", "A3:E3", f"A{h}:A{h + 1}", f"B{h}:B{h + 1}", f"C{h}:D{h}"]))
    assert read_shape(table) == seed_shape("hung-yen-2025.xlsx")
    assert table.tasks[8].cells["coordinates"] == units
    assert table.column_labels["leads"] == "Chủ trì" and table.column_labels["coordinates"] == "Phối hợp"
    assert guesses(table) == [
        f"Phụ lục|sub_header|{h + 1}|leads",
        f"Phụ lục|sub_header|{h + 1}|coordinates",
        f"Phụ lục|continued|{ninth + 2}|",
    ]


@pytest.mark.parametrize(
    "header",
    [
        ["STT", "NOI DUNG", "DON VI CHU TRI", "CO QUAN PHOI HOP", "THOI GIAN THUC HIEN"],
        ["Số TT", "Nội dung thực hiện", "Cơ quan chủ trì", "Đơn vị phối hợp", "Thời gian hoàn thành"],
    ],
)
def test_hung_yen_seed_with_other_header_words_an_extra_column_and_html_spacing(header):
    rows, _ = seed_rows("hung-yen-2025.xlsx")
    index = rows.index(["TT", "Nội dung", "Đơn vị chủ trì", "Cơ quan phối hợp", "Thời gian thực hiện"])
    rows[index] = header
    # A column no role is read from ("Kinh phí") and cells pasted from a web page (spaces, NBSP).
    reshaped = [[*row[:2], "Kinh phí" if i == index else None, *row[2:]] for i, row in enumerate(rows)]
    for row in reshaped[index + 1 :]:
        if isinstance(row[1], str):
            row[1] = f" {row[1]}\xa0 "
    table = read(workbook_of(reshaped, ["A1:F1", "A2:F2", "A3:F3"]))
    assert read_shape(table) == seed_shape("hung-yen-2025.xlsx")
    assert table.columns == ["leads", "coordinates", "timing"] and table.problems == []
    assert [r.letter for r in table.readings] == ["A", "B", "D", "E", "F"]


def test_a_row_with_text_only_that_may_be_a_heading_is_a_task_and_a_guess():
    table = read(
        xlsx(
            {
                "PL": [
                    ["Nội dung", "Đơn vị chủ trì"],
                    ["Công tác tuyên truyền", None],
                    ["Tuyên truyền gương điển hình", "Sở Văn hóa, Thể thao và Du lịch"],
                ]
            }
        )
    )
    assert shape(table) == [
        (None, "", "Công tác tuyên truyền", {"leads": ""}),
        (None, "", "Tuyên truyền gương điển hình", {"leads": "Sở Văn hóa, Thể thao và Du lịch"}),
    ]
    assert guesses(table) == ["PL|no_number|0|", "PL|task|2|content"]
    assert table.guesses[1].message == (
        "Trang tính “PL”, dòng 2, cột A (Nội dung): “Công tác tuyên truyền” được đọc là một nhiệm vụ dù không ghi "
        "đơn vị hay thời gian; nếu đây là dòng nhóm, hãy gộp ô cả dòng hoặc in đậm trong tệp rồi tải lên lại."
    )


def test_hung_yen_seed_pasted_from_csv_every_cell_text():
    rows, merges = seed_rows("hung-yen-2025.xlsx")
    as_text = [[None if value is None else str(value) for value in row] for row in rows]
    table = read(workbook_of(as_text, merges))
    assert read_shape(table) == seed_shape("hung-yen-2025.xlsx")
    assert table.problems == []
