"""Workbooks of the other shapes real plans come in, built here, imported, asserted exactly."""

import datetime

import pytest

from tasks.models import ScheduleKind, Task, TaskGroup
from tasks.workbooks.reader import read_workbook
from tasks.workbooks.services import import_workbook
from tests.factories import PlanFactory
from units.models import Unit

from .builders import demo_registry, province, xlsx

pytestmark = pytest.mark.django_db


def links(task):
    ordered = sorted(task.assignments.all(), key=lambda a: (a.role, a.position))
    return [(a.role, a.unit.name if a.unit else None, a.text) for a in ordered]


def tasks_of(appendix):
    return list(
        Task.objects.filter(appendix=appendix)
        .select_related("group")
        .prefetch_related("assignments__unit")
        .order_by("group__position", "position")
    )


def run_import(issuer, workbook, **kwargs):
    plan = PlanFactory(issuing_unit=issuer, status="draft")
    preview, appendices = import_workbook(actor=None, plan=plan, fileobj=workbook, filename="ke-hoach.xlsx", **kwargs)
    return plan, preview, appendices


def test_district_plan_with_one_executor_column_marks_coordinators_by_their_suffix():
    demo_registry()
    district = Unit.objects.get(name="Ủy ban nhân dân huyện Văn Lâm")
    workbook = xlsx(
        {
            "KH": [
                ["ỦY BAN NHÂN DÂN HUYỆN VĂN LÂM"],
                ["PHỤ LỤC"],
                ["Các nhiệm vụ thi đua, khen thưởng năm 2025"],
                [None],
                ["TT", "Nội dung", "Đơn vị thực hiện"],
                [1, "Tổ chức Hội nghị tổng kết năm 2024", "Phòng Nội vụ;\nVăn phòng HĐND và UBND huyện phối hợp"],
                [
                    2,
                    "Tập huấn nghiệp vụ",
                    "Phòng Nội vụ\nPhòng Giáo dục và Đào tạo phối hợp\nCác xã, thị trấn phối hợp",
                ],
                [3, "Khen thưởng năm học", "Phòng Giáo dục và Đào tạo"],
            ]
        }
    )
    plan, preview, [appendix] = run_import(district, workbook)
    assert appendix.columns == ["executes", "coordinates"]
    assert appendix.header == [
        ("number", "TT"),
        ("content", "Nội dung"),
        ("executes", "Đơn vị thực hiện"),
        ("coordinates", "Đơn vị phối hợp"),
    ]
    assert (appendix.label, appendix.title) == ("PHỤ LỤC", "Các nhiệm vụ thi đua, khen thưởng năm 2025")
    rows = [(t.number, t.content, t.unit_cells, links(t)) for t in tasks_of(appendix)]
    assert rows == [
        (
            "1",
            "Tổ chức Hội nghị tổng kết năm 2024",
            {"executes": "Phòng Nội vụ", "coordinates": "Văn phòng HĐND và UBND huyện"},
            [
                ("coordinates", None, "Văn phòng HĐND và UBND huyện"),
                ("executes", "Phòng Nội vụ huyện Văn Lâm", "Phòng Nội vụ"),
            ],
        ),
        (
            "2",
            "Tập huấn nghiệp vụ",
            {"executes": "Phòng Nội vụ", "coordinates": "Phòng Giáo dục và Đào tạo\nCác xã, thị trấn"},
            [
                ("coordinates", "Phòng Giáo dục và Đào tạo huyện Văn Lâm", "Phòng Giáo dục và Đào tạo"),
                ("coordinates", None, "Các xã, thị trấn"),
                ("executes", "Phòng Nội vụ huyện Văn Lâm", "Phòng Nội vụ"),
            ],
        ),
        (
            "3",
            "Khen thưởng năm học",
            {"executes": "Phòng Giáo dục và Đào tạo"},
            [("executes", "Phòng Giáo dục và Đào tạo huyện Văn Lâm", "Phòng Giáo dục và Đào tạo")],
        ),
    ]


def test_city_plan_sections_hold_quarter_groups_and_a_second_sheet_has_its_own_columns():
    demo_registry()
    body = [
        ["PHỤ LỤC 01"],
        ["NHIỆM VỤ CÔNG TÁC THI ĐUA, KHEN THƯỞNG NĂM 2025"],
        ["(Kèm theo Kế hoạch số 15/KH-UBND ngày 10/01/2025 của UBND thành phố)"],
        [None],
        ["STT", "Nội dung công việc", "Cơ quan chủ trì", "Cơ quan/Đơn vị phối hợp", "Thời gian hoàn thành"],
        ["A. CÁC NHIỆM VỤ TRỌNG TÂM", None, None, None, None],
        ["I", "Quý I", None, None, None],
        ["1.", "Phát động thi đua", "Phòng Nội vụ", "Các phòng, ban", "Trước ngày 15/3/2025"],
        ["2.", "Ký giao ước thi đua", "Phòng Nội vụ", None, None],
        ["II", "Quý II", None, None, None],
        ["1.", "Sơ kết 6 tháng", "Phòng Nội vụ", None, "30/6/2025"],
        ["B. CÁC NHIỆM VỤ THƯỜNG XUYÊN", None, None, None, None],
        ["I", "Quý I, II", None, None, None],
        ["1.", "Tuyên truyền gương điển hình", "Phòng Văn hóa và Thông tin", None, "Hằng tháng"],
        [None, None, None, None, None],
        [None, None, None, None, None],
    ]
    second = [
        ["PHỤ LỤC 02"],
        ["DANH MỤC HỒ SƠ KHEN THƯỞNG"],
        ["TT", "Nội dung", "Đơn vị chủ trì", "Thời gian", "Ghi chú"],
        [1, "Hồ sơ khen thưởng tổng kết năm", "Phòng Nội vụ", datetime.datetime(2025, 11, 30), "Nộp bản giấy"],
    ]
    workbook = xlsx({"Phụ lục 1": body, "Phụ lục 2": second}, {"Phụ lục 1": ["A6:E6", "A12:E12", "B7:E7"]})
    city = Unit.objects.get(name="Ủy ban nhân dân thành phố Hưng Yên")
    plan, preview, [first_appendix, second_appendix] = run_import(city, workbook)

    assert (first_appendix.label, first_appendix.title, first_appendix.subtitle) == (
        "PHỤ LỤC 01",
        "NHIỆM VỤ CÔNG TÁC THI ĐUA, KHEN THƯỞNG NĂM 2025",
        "(Kèm theo Kế hoạch số 15/KH-UBND ngày 10/01/2025 của UBND thành phố)",
    )
    assert first_appendix.columns == ["leads", "coordinates", "timing"]
    groups = TaskGroup.objects.filter(appendix=first_appendix).order_by("pk")
    assert [(g.number, g.title, g.parent.number if g.parent else None, g.quarters) for g in groups] == [
        ("A", "CÁC NHIỆM VỤ TRỌNG TÂM", None, []),
        ("B", "CÁC NHIỆM VỤ THƯỜNG XUYÊN", None, []),
        ("I", "Quý I", "A", [1]),
        ("II", "Quý II", "A", [2]),
        ("I", "Quý I, II", "B", [1, 2]),
    ]
    rows = [
        (str(t.group), t.number, t.content, t.timing_text, t.schedule_kind, t.due_on, links(t))
        for t in tasks_of(first_appendix)
    ]
    assert sorted(rows, key=lambda r: (r[0], r[1])) == sorted(
        [
            (
                "I Quý I",
                "1.",
                "Phát động thi đua",
                "Trước ngày 15/3/2025",
                ScheduleKind.DUE_DATE,
                datetime.date(2025, 3, 15),
                [("coordinates", None, "Các phòng, ban"), ("leads", "Phòng Nội vụ thành phố Hưng Yên", "Phòng Nội vụ")],
            ),
            (
                "I Quý I",
                "2.",
                "Ký giao ước thi đua",
                "",
                ScheduleKind.QUARTERS,
                datetime.date(2025, 3, 31),
                [("leads", "Phòng Nội vụ thành phố Hưng Yên", "Phòng Nội vụ")],
            ),
            (
                "II Quý II",
                "1.",
                "Sơ kết 6 tháng",
                "30/6/2025",
                ScheduleKind.DUE_DATE,
                datetime.date(2025, 6, 30),
                [("leads", "Phòng Nội vụ thành phố Hưng Yên", "Phòng Nội vụ")],
            ),
            (
                "I Quý I, II",
                "1.",
                "Tuyên truyền gương điển hình",
                "Hằng tháng",
                ScheduleKind.MONTHLY,
                datetime.date(2025, 12, 31),
                [("leads", None, "Phòng Văn hóa và Thông tin")],
            ),
        ],
        key=lambda r: (r[0], r[1]),
    )
    assert sorted(t.group.parent.number for t in tasks_of(first_appendix)) == ["A", "A", "A", "B"]

    assert (second_appendix.label, second_appendix.title) == ("PHỤ LỤC 02", "DANH MỤC HỒ SƠ KHEN THƯỞNG")
    assert second_appendix.columns == ["leads", "timing", "note"]
    [task] = tasks_of(second_appendix)
    assert (task.number, task.timing_text, task.due_on, task.note) == (
        "1",
        "30/11/2025",
        datetime.date(2025, 11, 30),
        "Nộp bản giấy",
    )
    assert preview.summary()["tasks"] == 5


def test_council_programme_keeps_bullet_lists_and_maps_its_own_headers():
    demo_registry()
    content = "Phiên họp thứ nhất (tháng 3):\n- Xét khen thưởng tổng kết năm 2024;\n- Thông qua Kế hoạch kiểm tra."
    workbook = xlsx(
        {
            "Chương trình": [
                ["CHƯƠNG TRÌNH CÔNG TÁC CỦA HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG TỈNH NĂM 2025"],
                [None],
                [
                    "TT",
                    "Nội dung công việc, thời gian thực hiện",
                    "Chỉ đạo, chủ trì",
                    "Đơn vị tham mưu",
                    "Cơ quan/Đơn vị phối hợp",
                ],
                [1, content, "Hội đồng TĐKT tỉnh", "Sở Nội vụ", "- Văn phòng UBND tỉnh;\n- Sở Tài chính"],
                [
                    2,
                    "Kiểm tra công tác thi đua:\n- Các sở, ngành;\n- Các huyện.",
                    "Thường trực Hội đồng TĐKT tỉnh",
                    "Ban TĐKT tỉnh",
                    None,
                ],
            ]
        }
    )
    plan, preview, [appendix] = run_import(province(), workbook)
    assert appendix.header == [
        ("number", "TT"),
        ("content", "Nội dung công việc, thời gian thực hiện"),
        ("directs", "Chỉ đạo, chủ trì"),
        ("leads", "Đơn vị tham mưu"),
        ("coordinates", "Cơ quan/Đơn vị phối hợp"),
    ]
    assert appendix.title == "CHƯƠNG TRÌNH CÔNG TÁC CỦA HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG TỈNH NĂM 2025"
    first, second = tasks_of(appendix)
    assert first.content == content
    assert second.content == "Kiểm tra công tác thi đua:\n- Các sở, ngành;\n- Các huyện."
    assert links(first) == [
        ("coordinates", "Văn phòng Ủy ban nhân dân tỉnh", "Văn phòng UBND tỉnh"),
        ("coordinates", "Sở Tài chính", "Sở Tài chính"),
        ("directs", "Hội đồng Thi đua - Khen thưởng tỉnh", "Hội đồng TĐKT tỉnh"),
        ("leads", "Sở Nội vụ", "Sở Nội vụ"),
    ]
    assert links(second) == [
        ("directs", "Hội đồng Thi đua - Khen thưởng tỉnh", "Thường trực Hội đồng TĐKT tỉnh"),
        ("leads", "Ban Thi đua - Khen thưởng", "Ban TĐKT tỉnh"),
    ]
    assert (first.schedule_kind, second.schedule_kind) == (ScheduleKind.NONE, ScheduleKind.NONE)


def test_page_split_rows_repeated_header_column_numbers_and_headers_without_diacritics():
    workbook = xlsx(
        {
            "Sheet1": [
                ["PHU LUC"],
                ["Noi dung thi dua nam 2025"],
                ["STT", "Noi dung", "Don vi chu tri", "Don vi phoi hop", "Thoi gian"],
                ["(1)", "(2)", "(3)", "(4)", "(5)"],
                ["I", "QUÝ I", None, None, None],
                [
                    1,
                    "Tổ chức Hội nghị tổng kết công tác thi đua, khen thưởng năm 2024 và",
                    "Sở Nội vụ",
                    "Văn phòng UBND",
                    "Quý I",
                ],
                [None, "phát động phong trào thi đua năm 2025", "Sở Tài chính", "tỉnh", None],
                [2, "Đăng ký thi đua", "Sở Nội vụ", "Các sở, ngành", "Tháng 3"],
                ["STT", "Noi dung", "Don vi chu tri", "Don vi phoi hop", "Thoi gian"],
                [None, "- Gửi bản đăng ký về Sở Nội vụ", None, None, None],
                ["II", "QUÝ II", None, None, None],
                [1, "Sơ kết", "Sở Nội vụ", None, None],
                [None, None, None, None, None],
                [None, None, None, None, None],
            ]
        }
    )
    names, [table] = read_workbook(workbook)
    assert names == ["Sheet1"]
    assert (table.label, table.title, table.header_row) == ("PHU LUC", "Noi dung thi dua nam 2025", 3)
    assert table.columns == ["leads", "coordinates", "timing"]
    assert [(g.number, g.title, g.parent) for g in table.groups] == [("I", "QUÝ I", None), ("II", "QUÝ II", None)]
    assert [(t.row, t.last_row, t.number, t.content, t.cells, t.group) for t in table.tasks] == [
        (
            6,
            7,
            "1",
            "Tổ chức Hội nghị tổng kết công tác thi đua, khen thưởng năm 2024 và phát động phong trào thi đua năm 2025",
            {"leads": "Sở Nội vụ\nSở Tài chính", "coordinates": "Văn phòng UBND tỉnh", "timing": "Quý I"},
            "g1",
        ),
        (
            8,
            10,
            "2",
            "Đăng ký thi đua\n- Gửi bản đăng ký về Sở Nội vụ",
            {"leads": "Sở Nội vụ", "coordinates": "Các sở, ngành", "timing": "Tháng 3"},
            "g1",
        ),
        (12, 12, "1", "Sơ kết", {"leads": "Sở Nội vụ", "coordinates": "", "timing": ""}, "g2"),
    ]
    # Rows without a number are read as the rest of the row above: a guess a person accepts.
    assert [(p.guess, p.row, p.blocking) for p in table.problems] == [
        ("Sheet1|continued|7|", 7, True),
        ("Sheet1|continued|10|", 10, True),
    ]
    assert table.problems[0].message == (
        "Trang tính “Sheet1”, dòng 7: dòng này được đọc là phần tiếp của nhiệm vụ dòng 6 (dòng bị ngắt trang, "
        "không có số thứ tự); đã ghép B (Noi dung) thành “Tổ chức Hội nghị tổng kết công tác thi đua, khen thưởng "
        "năm 2024 và phát động phong trào thi đua năm 2025”; C (Don vi chu tri) thành “Sở Nội vụ\nSở Tài chính”; "
        "D (Don vi phoi hop) thành “Văn phòng UBND tỉnh”."
    )


def test_merged_cells_a_unit_over_several_tasks_and_a_number_over_a_split_row():
    workbook = xlsx(
        {
            "PL": [
                ["TT", "Nội dung", "Đơn vị chủ trì", "Thời gian thực hiện"],
                [1, "Nhiệm vụ một", "Sở Nội vụ", "Quý I"],
                [2, "Nhiệm vụ hai", None, "Quý II"],
                [3, "Nhiệm vụ ba, phần đầu", "Sở Y tế", "Quý III"],
                [None, "phần sau", None, None],
            ]
        },
        {"PL": ["C2:C3", "A4:A5", "D4:D5"]},
    )
    _, [table] = read_workbook(workbook)
    assert [(t.number, t.content, t.cells["leads"], t.timing) for t in table.tasks] == [
        ("1", "Nhiệm vụ một", "Sở Nội vụ", "Quý I"),
        ("2", "Nhiệm vụ hai", "Sở Nội vụ", "Quý II"),
        ("3", "Nhiệm vụ ba, phần đầu phần sau", "Sở Y tế", "Quý III"),
    ]


def test_a_task_whose_cells_read_like_header_words_is_still_a_task():
    workbook = xlsx(
        {
            "PL": [
                ["TT", "Nội dung", "Đơn vị chủ trì", "Ghi chú"],
                [1, "Nội dung tuyên truyền về thi đua", "Sở Nội vụ", "Ghi chú"],
                ["TT", "Nội dung", "Đơn vị chủ trì", "Ghi chú"],
                [2, "Việc hai", "Sở Y tế", None],
            ]
        }
    )
    _, [table] = read_workbook(workbook)
    assert [(t.row, t.number, t.content, t.note) for t in table.tasks] == [
        (2, "1", "Nội dung tuyên truyền về thi đua", "Ghi chú"),
        (4, "2", "Việc hai", ""),
    ]


@pytest.mark.parametrize(
    ("header", "key"),
    [
        ("TT", "number"),
        ("STT", "number"),
        ("Stt", "number"),
        ("Nội dung", "content"),
        ("Nội dung thực hiện", "content"),
        ("Nội dung công việc, thời gian thực hiện", "content"),
        ("Noi dung cong viec", "content"),
        ("Đơn vị chủ trì", "leads"),
        ("Chỉ đạo, chủ trì", "directs"),
        ("Đơn vị chỉ đạo", "directs"),
        ("Đơn vị tham mưu", "leads"),
        ("Đơn vị thực hiện", "executes"),
        ("Cơ quan/Đơn vị phối hợp", "coordinates"),
        ("Cơ quan phối hợp", "coordinates"),
        ("Thời gian thực hiện", "timing"),
        ("Thời gian hoàn thành", "timing"),
        ("Thời gian", "timing"),
        ("THOI GIAN", "timing"),
        ("Ghi chú", "note"),
        ("Kinh phí", None),
    ],
)
def test_header_words_of_every_office(header, key):
    from tasks.workbooks.reader import classify_header

    assert classify_header(header) == key


def test_a_two_row_header_with_merged_cells_names_its_sub_columns():
    workbook = xlsx(
        {
            "PL": [
                ["PHỤ LỤC"],
                ["Nhiệm vụ năm 2025"],
                ["TT", "Nội dung", "Đơn vị thực hiện", None, "Thời gian"],
                [None, None, "Chủ trì", "Phối hợp", None],
                [1, "Việc một", "Sở Nội vụ", "Sở Tài chính", "Quý I"],
                ["TT", "Nội dung", "Đơn vị thực hiện", None, "Thời gian"],
                [None, None, "Chủ trì", "Phối hợp", None],
                [2, "Việc hai", "Sở Y tế", None, "Quý II"],
            ]
        },
        {"PL": ["A3:A4", "B3:B4", "C3:D3", "E3:E4"]},
    )
    _, [table] = read_workbook(workbook)
    assert (table.title, table.header_row, table.columns) == (
        "Nhiệm vụ năm 2025",
        3,
        ["leads", "coordinates", "timing"],
    )
    assert table.column_labels == {
        "number": "TT",
        "content": "Nội dung",
        "leads": "Chủ trì",
        "coordinates": "Phối hợp",
        "timing": "Thời gian",
    }
    assert [(t.row, t.number, t.content, t.cells) for t in table.tasks] == [
        (5, "1", "Việc một", {"leads": "Sở Nội vụ", "coordinates": "Sở Tài chính", "timing": "Quý I"}),
        (8, "2", "Việc hai", {"leads": "Sở Y tế", "coordinates": "", "timing": "Quý II"}),
    ]
    assert [(r.letter, r.header, r.role, r.sub_header) for r in table.readings] == [
        ("A", "TT", "số thứ tự", False),
        ("B", "Nội dung", "nội dung nhiệm vụ", False),
        ("C", "Đơn vị thực hiện › Chủ trì", "đơn vị chủ trì", True),
        ("D", "Đơn vị thực hiện › Phối hợp", "đơn vị phối hợp", True),
        ("E", "Thời gian", "thời gian thực hiện", False),
    ]
    assert [(p.guess, p.row, p.column, p.message) for p in table.problems] == [
        (
            "PL|sub_header|4|leads",
            4,
            "C (Chủ trì)",
            "Trang tính “PL”, dòng 4, cột C (Chủ trì): vai trò “đơn vị chủ trì” lấy từ dòng tiêu đề thứ hai "
            "“Chủ trì” (dưới “Đơn vị thực hiện”).",
        ),
        (
            "PL|sub_header|4|coordinates",
            4,
            "D (Phối hợp)",
            "Trang tính “PL”, dòng 4, cột D (Phối hợp): vai trò “đơn vị phối hợp” lấy từ dòng tiêu đề thứ hai "
            "“Phối hợp” (dưới “Đơn vị thực hiện”).",
        ),
    ]
