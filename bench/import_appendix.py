"""Benchmark: import a 5,000-row appendix workbook in the office shape.

    DATABASE_URL=postgres://…/tdkt_xxx .venv/bin/python bench/import_appendix.py [--rows 5000] [--runs 5]

Creates a throw-away test database (test_<name>), loads the demo unit registry, builds one
workbook (title rows, merged section and quarter rows, multi-line unit cells with "- " bullets and
"phối hợp" suffixes, dates, ";" lists) and reports, measured in this one run (medians):

  ours / openpyxl bare load      our whole import (read, match units, validate, write) divided by
                                 openpyxl's full-mode load of the same file (target ≤ 3)
  ours / plain ModelResource     divided by a plain django-import-export ModelResource import of
                                 the same task rows with per-row ForeignKey lookups (target ≤ 0.3)
  peak memory                    tracemalloc peak of our import (separate, untimed run)
"""

import argparse
import io
import os
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tdkt_portal.settings")
os.environ.setdefault("DEBUG", "true")  # a development run: demo secret key, plain static files

import django  # noqa: E402

django.setup()

import openpyxl  # noqa: E402
import tablib  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_databases, teardown_databases  # noqa: E402
from import_export import fields, resources, widgets  # noqa: E402

LEADS = ["Sở Nội vụ", "Văn phòng UBND tỉnh", "Sở GD&ĐT", "Ban TĐKT tỉnh", "Sở Tài chính", "Tỉnh Đoàn"]
COORDINATORS = [
    "Các cơ quan, tổ chức, đơn vị thuộc các Cụm, Khối thi đua của tỉnh",
    "- Sở Y tế;\n- Sở Tư pháp",
    "Báo Hưng Yên; Đài Phát thanh và Truyền hình tỉnh",
    "UBND các huyện, thị xã, thành phố",
    "",
]
TIMINGS = ["Quý I", "Quý II, III", "Trước ngày 15/3/2025", "Tháng 6", "Hằng tháng", "", "Thường xuyên"]


def office_workbook(rows: int) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Phụ lục"
    sheet.append(["PHỤ LỤC"])
    sheet.append(["NHIỆM VỤ CÔNG TÁC THI ĐUA, KHEN THƯỞNG NĂM 2025"])
    sheet.append(["(Kèm theo Kế hoạch số 196/KH-UBND ngày 24 tháng 12 năm 2024 của UBND tỉnh)"])
    sheet.append([])
    sheet.append(["TT", "Nội dung", "Đơn vị chủ trì", "Cơ quan phối hợp", "Thời gian thực hiện", "Ghi chú"])
    for merged in ("A1:F1", "A2:F2", "A3:F3"):
        sheet.merge_cells(merged)
    written, section = 0, 0
    while written < rows:
        section += 1
        sheet.append([f"{'ABCDEFGH'[section % 8]}. CÁC NHIỆM VỤ NHÓM {section}"])
        sheet.merge_cells(f"A{sheet.max_row}:F{sheet.max_row}")
        for quarter in ("I", "II", "III", "IV"):
            sheet.append([quarter, f"Quý {quarter}"])
            sheet.merge_cells(f"B{sheet.max_row}:F{sheet.max_row}")
            for number in range(1, 101):
                if written >= rows:
                    break
                i = written
                lead = LEADS[i % len(LEADS)] + (";\nSở Y tế phối hợp" if i % 9 == 0 else "")
                sheet.append(
                    [
                        number,
                        f"Nội dung nhiệm vụ số {i + 1}: tổ chức, triển khai, kiểm tra và báo cáo kết quả thực hiện",
                        lead,
                        COORDINATORS[i % len(COORDINATORS)] or None,
                        TIMINGS[i % len(TIMINGS)] or None,
                        "Ghi chú" if i % 11 == 0 else None,
                    ]
                )
                written += 1
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()


def median_time(func, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


from plans.models import Appendix  # noqa: E402
from tasks.models import Task, TaskGroup  # noqa: E402


class GroupOfAppendixWidget(widgets.ForeignKeyWidget):
    def get_queryset(self, value, row, *args, **kwargs):
        return self.model.objects.filter(appendix_id=row["appendix"])


class BaselineTaskResource(resources.ModelResource):
    """What a plain django-import-export import would do: one lookup per ForeignKey per row, one save per row."""

    appendix = fields.Field(attribute="appendix", column_name="appendix", widget=widgets.ForeignKeyWidget(Appendix))
    group = fields.Field(attribute="group", column_name="group", widget=GroupOfAppendixWidget(TaskGroup, field="title"))

    class Meta:
        model = Task
        fields = ("id", "appendix", "group", "number", "content", "note", "timing_text")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    old_config = setup_databases(verbosity=0, interactive=False)
    try:
        run(args.rows, args.runs)
    finally:
        teardown_databases(old_config, verbosity=0)


def run(rows: int, runs: int):
    from plans.models import Plan
    from tasks.workbooks.reader import read_workbook
    from tasks.workbooks.services import import_workbook
    from tdkt_portal.demo import DEMO_DIR
    from units.models import Unit
    from units.registry import load_registry_file

    load_registry_file(DEMO_DIR / "units.json")
    issuer = Unit.objects.get(name="Ủy ban nhân dân tỉnh Hưng Yên")
    data = office_workbook(rows)

    counter = iter(range(1, 10_000))

    def new_plan():
        return Plan.objects.create(
            issuing_unit=issuer,
            issuing_body_line="UBND TỈNH",
            number=str(next(counter)),
            place="Hưng Yên",
            year=2025,
            title="Bench",
        )

    def ours():
        _, [appendix] = import_workbook(actor=None, plan=new_plan(), fileobj=io.BytesIO(data), filename="bench.xlsx")
        return appendix

    def bare_load():
        openpyxl.load_workbook(io.BytesIO(data)).close()

    # The baseline gets the task rows already flattened (its stock XLSX reader cannot read this
    # shape at all) and an appendix with the same group rows to look up.
    _, [table] = read_workbook(io.BytesIO(data))
    titles = {group.key: group.title for group in table.groups}

    def baseline():
        plan = new_plan()
        appendix = plan.appendices.create(title="Bench", columns=["leads", "coordinates", "timing", "note"])
        TaskGroup.objects.bulk_create(
            [
                TaskGroup(appendix=appendix, title=title, position=i)
                for i, title in enumerate(sorted(set(titles.values())))
            ]
        )
        dataset = tablib.Dataset(headers=["id", "appendix", "group", "number", "content", "note", "timing_text"])
        for task in table.tasks:
            dataset.append(["", appendix.pk, titles.get(task.group), task.number, task.content, task.note, task.timing])
        result = BaselineTaskResource().import_data(dataset, dry_run=False)
        problems = [error.error for row in result.row_errors() for error in row[1]] + result.base_errors
        assert not result.has_errors() and not result.has_validation_errors(), problems[:3]

    ours()  # warm up imports and caches once
    bare_load()
    # Alternate the two so a busy machine slows both alike.
    loads, imports = [], []
    for _ in range(runs):
        loads.append(median_time(bare_load, 1))
        imports.append(median_time(ours, 1))
    t_load, t_ours = statistics.median(loads), statistics.median(imports)
    t_baseline = median_time(baseline, max(1, runs - 2))
    imported = ours()
    task_count = Task.objects.filter(appendix=imported).count()

    tracemalloc.start()
    ours()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    print(
        f"workbook: {rows} task rows, {len(data) / 1024:.0f} KB, database {connection.vendor}; "
        f"imported {task_count} tasks"
    )
    print(f"openpyxl bare load (full mode):        {t_load:8.3f} s")
    print(f"our import (read+match+validate+write): {t_ours:8.3f} s")
    print(f"plain ModelResource, per-row FK:        {t_baseline:8.3f} s")
    print(f"ours / openpyxl bare load = {t_ours / t_load:.2f}   (target ≤ 3)")
    print(f"ours / plain ModelResource = {t_ours / t_baseline:.2f}   (target ≤ 0.3)")
    print(f"peak memory of our import (tracemalloc): {peak / 1024 / 1024:.1f} MB")


if __name__ == "__main__":
    main()
