import json
from pathlib import Path

from plans.workbooks.bulk import fold_fast
from units.text import fold

DEMO = Path(__file__).resolve().parents[3] / "fixtures" / "demo" / "plans"


def test_fast_fold_equals_the_portals_fold_on_real_plan_text():
    texts = ["", None, "Sở GD&ĐT", "Ủy ban\u00a0nhân  dân\ttỉnh", "Quy\u0301 I (NFD)", "“Huy chương” – ĐBSH"]
    for path in DEMO.glob("*.json"):
        plan = json.loads(path.read_text(encoding="utf-8"))
        texts += [task["content"] for appendix in plan["appendices"] for task in appendix["tasks"]]
        texts += [section["body"] for section in plan["sections"]]
    assert len(texts) > 60
    assert [fold_fast(text) for text in texts] == [fold(text) for text in texts]
