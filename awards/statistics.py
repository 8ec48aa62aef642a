"""Yearly award statistics of a deciding unit, or of a whole province: counted in the database in
one grouped query, laid out as the page's tables and bars and as the workbook Sở Nội vụ sends up.

The year is the year the award decision was signed (`AwardRecord.decided_on`); revoked awards are
not counted (`AwardRecord.objects.in_force()`). The workbook's shape: a header with the reporting
unit and the year; one row per title or form, grouped by the level that decides it (with a subtotal
per level); columns for individuals (men, women), collectives and households; a second sheet by
kind of commendation, by the recipients' sector (the kind of their unit) and, for a province, by
deciding unit. A third sheet lays the province-level awards out as Biểu số 0603.N/BNV-TĐKT
(“Số lượng khen thưởng cấp bộ, ban, ngành, đoàn thể Trung ương và tỉnh”) of Thông tư số
02/2023/TT-BNV: its rows and columns as a deployed provincial system prints them, the official
circular's own text not having been read."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

from common import xlsx
from units.models import UnitKind

from .models import AwardRecord, DecidingLevel, DossierKind, Gender, NomineeKind

LEVEL_TITLES = {
    DecidingLevel.STATE: "Khen thưởng của Chủ tịch nước",
    DecidingLevel.GOVERNMENT: "Khen thưởng của Thủ tướng Chính phủ",
    DecidingLevel.PROVINCE: "Khen thưởng của Bộ trưởng, Chủ tịch UBND tỉnh",
    DecidingLevel.BASE: "Khen thưởng của Chủ tịch UBND xã, thủ trưởng cơ quan, đơn vị",
}
ROMAN = ["I", "II", "III", "IV", "V", "VI"]


@dataclass
class Counts:
    """One row's counts: individuals (men, women, gender not given), collectives, households."""

    men: int = 0
    women: int = 0
    people_other: int = 0
    collectives: int = 0
    households: int = 0
    posthumous: int = 0

    @property
    def people(self) -> int:
        return self.men + self.women + self.people_other

    @property
    def total(self) -> int:
        return self.people + self.collectives + self.households

    def add(self, kind: str, gender: str, posthumous: bool, n: int) -> None:
        if kind == NomineeKind.COLLECTIVE:
            self.collectives += n
        elif kind == NomineeKind.HOUSEHOLD:
            self.households += n
        elif gender == Gender.MALE:
            self.men += n
        elif gender == Gender.FEMALE:
            self.women += n
        else:
            self.people_other += n
        if posthumous:
            self.posthumous += n


@dataclass
class Row:
    label: str
    counts: Counts = field(default_factory=Counts)
    share: float = 0.0  # of the largest row of its table, for the bar (0–100)


@dataclass
class LevelGroup:
    level: str
    title: str
    rows: list
    total: Counts


@dataclass
class Statistics:
    year: int
    unit: object
    whole_province: bool
    levels: list
    total: Counts
    by_kind: list
    by_sector: list
    by_decider: list
    revoked: int
    form_0603: dict = field(default_factory=dict)

    @property
    def scope_line(self) -> str:
        if self.whole_province:
            return f"Toàn tỉnh (các cơ quan quyết định thuộc {self.unit.name})"
        return f"Cơ quan quyết định: {self.unit.name}"


def _records(unit, year: int, whole_province: bool):
    records = AwardRecord.objects.filter(decided_on__year=year)
    if whole_province:
        return records.filter(decided_by__tree_root_id=unit.tree_root_id or unit.pk)
    return records.filter(decided_by=unit)


def _shares(rows: list) -> list:
    top = max((r.counts.total for r in rows), default=0)
    for r in rows:
        r.share = round(100 * r.counts.total / top, 2) if top else 0.0
    return rows


def yearly_statistics(unit, year: int, *, whole_province: bool = False) -> Statistics:
    """Everything the page and the workbook show, in two queries whatever the number of awards."""
    records = _records(unit, year, whole_province)
    grouped = (
        records.in_force()
        .values(
            "award_type_id",
            "award_type__name",
            "award_type__position",
            "award_type__deciding_level",
            "award_type__code",
            "kind",
            "gender",
            "posthumous",
            "commendation_kind",
            "unit__kind",
            "decided_by_id",
            "decided_by__name",
        )
        .annotate(n=Count("id"))
        .order_by()
    )
    by_type: dict = {}
    by_kind = defaultdict(Counts)
    by_sector = defaultdict(Counts)
    by_decider: dict = {}
    total = Counts()
    form = defaultdict(lambda: defaultdict(int))
    for g in grouped:
        key = (g["award_type__deciding_level"], g["award_type__position"], g["award_type__name"], g["award_type_id"])
        args = (g["kind"], g["gender"], g["posthumous"], g["n"])
        by_type.setdefault(key, Counts()).add(*args)
        by_kind[g["commendation_kind"]].add(*args)
        by_sector[g["unit__kind"]].add(*args)
        by_decider.setdefault(g["decided_by__name"], Counts()).add(*args)
        total.add(*args)
        column = FORM_0603_COLUMNS.get(g["award_type__code"])
        if column:
            for line in _form_0603_lines(g):
                form[line][column] += g["n"]
    levels = []
    for level in DecidingLevel:
        rows = [Row(name, counts) for (lvl, _, name, _), counts in sorted(by_type.items()) if lvl == level]
        if rows:
            level_total = Counts()
            for r in rows:
                for name in ("men", "women", "people_other", "collectives", "households", "posthumous"):
                    setattr(level_total, name, getattr(level_total, name) + getattr(r.counts, name))
            levels.append(LevelGroup(level, LEVEL_TITLES[level], _shares(rows), level_total))
    kind_labels = dict(DossierKind.choices)
    kinds = [Row(kind_labels[k], by_kind[k]) for k in DossierKind.values if k in by_kind]
    if "" in by_kind:
        kinds.append(Row("Không rõ loại khen thưởng", by_kind[""]))
    sector_labels = dict(UnitKind.choices)
    sectors = [Row(sector_labels[k], by_sector[k]) for k in UnitKind.values if k in by_sector]
    deciders = [Row(name, counts) for name, counts in sorted(by_decider.items())] if whole_province else []
    return Statistics(
        year=year,
        unit=unit,
        whole_province=whole_province,
        levels=levels,
        total=total,
        by_kind=_shares(kinds),
        by_sector=_shares(sectors),
        by_decider=_shares(deciders),
        revoked=records.revoked().count(),
        form_0603={line: dict(columns) for line, columns in form.items()},
    )


# Biểu số 0603.N/BNV-TĐKT: the province's own awards, by kind of recipient and of commendation ----

# column of the form for each catalogue row it counts
FORM_0603_COLUMNS = {
    "bang-khen-chu-tich-tinh": "bang_khen",
    "chien-si-thi-dua-tinh": "chien_si",
    "co-thi-dua-tinh": "co",
    "ky-niem-chuong": "ky_niem_chuong",
}
FORM_0603_HEADER = [
    "Bằng khen",
    "Chiến sĩ thi đua cấp bộ, cấp tỉnh",
    "Cờ thi đua của bộ, ban, ngành, đoàn thể Trung ương, tỉnh, thành phố trực thuộc Trung ương",
    "Huy hiệu (kỷ niệm chương) của bộ, ban, ngành, đoàn thể Trung ương, tỉnh, thành phố trực thuộc Trung ương",
]
# label, code (mã số), unit of count, line key (None: the portal does not record it, left blank)
FORM_0603_LINES = [
    ("Tổng số", "01", "", "total"),
    ("1. Chia theo đối tượng khen thưởng", "", "", None),
    ("- Tập thể", "02", "Tập thể", "tap_the"),
    ("Trong đó: Doanh nghiệp", "03", "Doanh nghiệp", "doanh_nghiep"),
    ("- Hộ gia đình", "04", "Hộ", "ho_gia_dinh"),
    ("- Cá nhân", "05", "Người", "ca_nhan"),
    ("+ Lãnh đạo cấp bộ, cấp tỉnh và tương đương trở lên", "06", "Người", None),
    ("+ Lãnh đạo cấp vụ, sở, ngành và tương đương", "07", "Người", None),
    ("+ Doanh nhân", "08", "Người", None),
    ("+ Các cấp lãnh đạo khác từ phó phòng trở lên", "09", "Người", None),
    (
        "+ Người trực tiếp công tác, lao động, học tập, chiến đấu và phục vụ chiến đấu (công nhân, nông dân,...)",
        "10",
        "Người",
        None,
    ),
    ("2. Chia theo phương thức khen thưởng", "", "", None),
    ("- Thường xuyên", "11", "", "thuong_xuyen"),
    ("- Chuyên đề", "12", "", "chuyen_de"),
    ("- Đột xuất", "13", "", "dot_xuat"),
    ("- Đối ngoại", "14", "", "doi_ngoai"),
    ("- Cống hiến", "15", "", "cong_hien"),
    ("- Niên hạn", "16", "", "nien_han"),
    ("- Kháng chiến", "17", "", None),
]


def _form_0603_lines(group: dict) -> list:
    """The lines of the form one grouped count of AwardRecord falls on."""
    lines = ["total", group["kind"]]
    if group["kind"] == NomineeKind.COLLECTIVE and group["unit__kind"] == UnitKind.ENTERPRISE:
        lines.append("doanh_nghiep")
    if group["commendation_kind"]:
        lines.append(group["commendation_kind"])
    return lines


# The chart: horizontal bars drawn on the server as SVG (no script, no style attribute) -----------

BAR_HEIGHT = 22
BAR_GAP = 8
LABEL_WIDTH = 330
BAR_WIDTH = 360


def chart(rows: list) -> dict:
    """Bars for a table's rows: each with its y, width and the count written after it."""
    bars = []
    for i, row in enumerate(rows):
        y = i * (BAR_HEIGHT + BAR_GAP)
        bars.append(
            {
                "label": row.label,
                "count": row.counts.total,
                "y": y,
                "text_y": y + BAR_HEIGHT * 0.7,
                "width": round(BAR_WIDTH * row.share / 100, 1),
                "count_x": LABEL_WIDTH + round(BAR_WIDTH * row.share / 100, 1) + 6,
            }
        )
    return {
        "bars": bars,
        "height": max(len(rows) * (BAR_HEIGHT + BAR_GAP) - BAR_GAP, 0),
        "width": LABEL_WIDTH + BAR_WIDTH + 50,
        "label_width": LABEL_WIDTH,
        "bar_height": BAR_HEIGHT,
    }


def award_chart(stats: Statistics) -> dict:
    """One bar per title or form, all levels together, scaled to the largest."""
    rows = [Row(r.label, r.counts) for group in stats.levels for r in group.rows]
    return chart(_shares(rows))


# The workbook ------------------------------------------------------------------------------------

COLUMNS = [
    "TT",
    "Danh hiệu thi đua, hình thức khen thưởng",
    "Tổng số",
    "Cá nhân",
    "",
    "",
    "Tập thể",
    "Hộ gia đình",
    "Trong đó truy tặng",
]
SUBCOLUMNS = ["", "", "", "Tổng số", "Nam", "Nữ", "", "", ""]


def _numbers(counts: Counts) -> list:
    return [
        counts.total,
        counts.people,
        counts.men,
        counts.women,
        counts.collectives,
        counts.households,
        counts.posthumous,
    ]


_THIN = Side(style="thin")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def _table(sheet, first_label: str, sections) -> None:
    """Two header rows, then each section's heading row with its subtotal and its rows."""
    top = xlsx.append(sheet, [*COLUMNS[:1], first_label, *COLUMNS[2:]])
    xlsx.append(sheet, SUBCOLUMNS)
    for column in ("A", "B", "C", "G", "H", "I"):
        sheet.merge_cells(f"{column}{top}:{column}{top + 1}")
    sheet.merge_cells(f"D{top}:F{top}")
    header_rows = (top, top + 1)
    bold_rows = set(header_rows)
    for number, title, subtotal, rows in sections:
        if title:
            bold_rows.add(xlsx.append(sheet, [number, title, *_numbers(subtotal)]))
        for i, row in enumerate(rows, start=1):
            xlsx.append(sheet, [i, row.label, *_numbers(row.counts)])
    for row in sheet.iter_rows(min_row=top, max_row=sheet.max_row, max_col=len(COLUMNS)):
        for cell in row:
            cell.border = _BOX
            if cell.row in bold_rows:
                cell.font = Font(bold=True)
            if cell.row in header_rows:
                cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            elif cell.column == 2:
                cell.alignment = Alignment(wrap_text=True, vertical="center")


def _heading(sheet, stats: Statistics, title: str) -> None:
    xlsx.append(sheet, [title])
    xlsx.append(sheet, [stats.scope_line])
    xlsx.append(sheet, [f"Năm {stats.year} (theo ngày ký quyết định khen thưởng); đơn vị tính: lượt"])
    sheet["A1"].font = Font(bold=True, size=13)
    for letter, width in zip("ABCDEFGHI", (6, 48, 10, 10, 8, 8, 10, 12, 12), strict=True):
        sheet.column_dimensions[letter].width = width


def statistics_workbook(stats: Statistics) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = xlsx.sheet_title(f"Khen thưởng {stats.year}", "Khen thưởng")
    _heading(sheet, stats, f"BÁO CÁO THỐNG KÊ KẾT QUẢ KHEN THƯỞNG NĂM {stats.year}")
    sections = [(ROMAN[i], group.title, group.total, group.rows) for i, group in enumerate(stats.levels)]
    _table(sheet, "Danh hiệu thi đua, hình thức khen thưởng", sections)
    total_row = xlsx.append(sheet, ["", "Tổng cộng", *_numbers(stats.total)])
    for cell in sheet[total_row]:
        cell.font = Font(bold=True)
        cell.border = _BOX
    if stats.revoked:
        xlsx.append(sheet, ["", f"Không tính {stats.revoked} khen thưởng đã bị thu hồi."])

    other = workbook.create_sheet(xlsx.sheet_title("Theo loại, khối", "Theo loại"))
    _heading(other, stats, f"KẾT QUẢ KHEN THƯỞNG NĂM {stats.year} THEO LOẠI KHEN THƯỞNG VÀ KHỐI")
    sections = [
        ("I", "Theo loại khen thưởng", stats.total, stats.by_kind),
        ("II", "Theo khối, lĩnh vực của đơn vị được khen (hoặc đề nghị khen cá nhân)", stats.total, stats.by_sector),
    ]
    if stats.whole_province:
        sections.append(("III", "Theo cơ quan quyết định", stats.total, stats.by_decider))
    _table(other, "Nội dung", sections)
    _form_0603(workbook.create_sheet("Biểu 0603.N"), stats)
    return xlsx.save(workbook)


def _form_0603(sheet, stats: Statistics) -> None:
    xlsx.append(sheet, ["Biểu số: 0603.N/BNV-TĐKT"])
    xlsx.append(sheet, ["Ban hành theo Thông tư số 02/2023/TT-BNV ngày 23/3/2023"])
    xlsx.append(sheet, [f"Đơn vị báo cáo: {stats.unit.name}"])
    xlsx.append(
        sheet, ["SỐ LƯỢNG KHEN THƯỞNG CẤP BỘ, BAN, NGÀNH, ĐOÀN THỂ TRUNG ƯƠNG VÀ TỈNH, THÀNH PHỐ TRỰC THUỘC TRUNG ƯƠNG"]
    )
    xlsx.append(sheet, [f"Năm {stats.year}"])
    top = xlsx.append(sheet, ["", "Mã số", "Đơn vị tính", "Tổng số", "Chia ra", "", "", ""])
    xlsx.append(sheet, ["", "", "", "", *FORM_0603_HEADER])
    xlsx.append(sheet, ["A", "B", "C", 1, 2, 3, 4, 5])
    for column in "ABCD":
        sheet.merge_cells(f"{column}{top}:{column}{top + 1}")
    sheet.merge_cells(f"E{top}:H{top}")
    for label, code, unit, line in FORM_0603_LINES:
        if line is None:
            xlsx.append(sheet, [label, code, unit, *([None] * 5 if code else [])])
            continue
        cells = stats.form_0603.get(line, {})
        values = [cells.get(column, 0) for column in FORM_0603_COLUMNS.values()]
        xlsx.append(sheet, [label, code, unit, sum(values), *values])
    xlsx.append(
        sheet,
        [
            "Dòng 06–10 (chức vụ của cá nhân) và 17 (kháng chiến): cổng chưa ghi nhận, để trống. "
            f"Không tính {stats.revoked} khen thưởng đã bị thu hồi."
        ],
    )
    for row in sheet.iter_rows(min_row=top, max_row=sheet.max_row - 1, max_col=8):
        for cell in row:
            cell.border = _BOX
            if cell.row < top + 3:
                cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    sheet["A4"].font = Font(bold=True, size=13)
    for letter, width in zip("ABCDEFGH", (48, 8, 12, 10, 12, 14, 24, 26), strict=True):
        sheet.column_dimensions[letter].width = width
