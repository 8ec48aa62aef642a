import gc
import inspect
import io
import json
import sys
from pathlib import Path

import pytest

from tasks.workbooks.bulk import fold_fast
from tasks.workbooks.reader import WorkbookError
from tasks.workbooks.services import import_workbook
from tests.factories import PlanFactory, ProvinceFactory
from units.text import fold

from .builders import demo_registry, province, xlsx

DEMO = Path(__file__).resolve().parents[3] / "fixtures" / "demo" / "plans"


def test_fast_fold_equals_the_portals_fold_on_real_plan_text():
    texts = ["", None, "Sở GD&ĐT", "Ủy ban\u00a0nhân  dân\ttỉnh", "Quy\u0301 I (NFD)", "“Huy chương” – ĐBSH"]
    for path in DEMO.glob("*.json"):
        plan = json.loads(path.read_text(encoding="utf-8"))
        texts += [task["content"] for appendix in plan["appendices"] for task in appendix["tasks"]]
        texts += [section["body"] for section in plan["sections"]]
    assert len(texts) > 60
    assert [fold_fast(text) for text in texts] == [fold(text) for text in texts]


@pytest.mark.django_db
def test_an_import_runs_no_cyclic_collection_and_leaves_the_collector_on():
    demo_registry()
    rows = [["TT", "Nội dung", "Đơn vị chủ trì", "Thời gian thực hiện"]]
    rows += [[n, f"Nhiệm vụ {n}", "Sở Nội vụ", "Quý II"] for n in range(1, 401)]
    plan, workbook = PlanFactory(issuing_unit=province(), status="draft"), xlsx({"PL": rows})
    collections, code = [], inspect.unwrap(import_workbook).__code__

    def count(phase, info):
        # Only passes made while the import's own code runs: the first allocation after the
        # collector resumes may start one, and that is the point of resuming.
        frame = sys._getframe(1)
        while frame and phase == "start":
            if frame.f_code is code:
                collections.append(info["generation"])
                break
            frame = frame.f_back

    gc.callbacks.append(count)
    try:
        _, [appendix] = import_workbook(actor=None, plan=plan, fileobj=workbook, filename="pl.xlsx")
    finally:
        gc.callbacks.remove(count)
    assert appendix.tasks.count() == 400
    assert collections == []
    assert gc.isenabled()


@pytest.mark.django_db
def test_a_broken_file_leaves_the_collector_on():
    plan = PlanFactory(issuing_unit=ProvinceFactory(), status="draft")
    with pytest.raises(WorkbookError):
        import_workbook(actor=None, plan=plan, fileobj=io.BytesIO(b"PK\x03\x04 hong"), filename="hong.xlsx")
    assert gc.isenabled()
