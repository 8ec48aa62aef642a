"""Benchmark: how much our plan PDF costs beyond WeasyPrint itself.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tdkt .venv/bin/python bench/render_plans.py [--rounds 5]

Works in a throwaway database (<name>_bench, created and dropped here) with the demo data and a
generated 500-task plan. For the 29-task Bắc Ninh plan and the 500-task plan it prints, measured
in the same run, the median of:

- ours: the whole path behind the "Tải PDF" button for a version not drawn yet (read the plan,
  build the HTML, WeasyPrint, store the file);
- WeasyPrint: WeasyPrint alone on the final HTML of that plan (same stylesheet, same fonts);

and their ratio (target ≤ 1.3), plus WeasyPrint with its stock font configuration for reference.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tdkt_portal.settings")
os.environ.setdefault("DEBUG", "true")  # a development run: demo secret key, plain static files


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--tasks", type=int, default=500)
    args = parser.parse_args()

    import django
    from django.conf import settings

    django.setup()
    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="tdkt-bench-")
    settings.DATABASES["default"]["TEST"]["NAME"] = f"{settings.DATABASES['default']['NAME']}_bench"
    from django.db import connection

    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        run(args.rounds, args.tasks)
    finally:
        connection.creation.destroy_test_db(settings.DATABASES["default"]["NAME"], verbosity=0)


def run(rounds: int, task_count: int):
    from weasyprint import HTML

    from documents.models import RenderedDocument
    from documents.rendering import BASE_URL, StaticFetcher, html_to_pdf
    from plans.models import Plan
    from tasks import printing
    from tdkt_portal.demo import load_demo
    from tests.factories import ProvinceFactory, big_plan

    load_demo()
    plans = [
        ("Bắc Ninh 83/KH-UBND", Plan.objects.get(number="83", symbol="KH-UBND")),
        (
            f"sinh ra, {task_count} nhiệm vụ",
            big_plan(task_count, issuing_unit=ProvinceFactory(name="Ủy ban nhân dân tỉnh Thử nghiệm")),
        ),
    ]

    def ours(plan):
        RenderedDocument.objects.all().delete()  # a version not drawn yet
        return printing.plan_pdf(plan)

    print(
        f"{'kế hoạch':<26} {'nhiệm vụ':>8} {'trang':>6} {'ours (s)':>9} {'WeasyPrint (s)':>15} {'ratio':>6}"
        f" {'stock fonts (s)':>16}"
    )
    for label, plan in plans:
        plan = Plan.objects.select_related("issuing_unit").get(pk=plan.pk)
        html = printing.render_plan_html(plan)
        ours(plan)  # warm up templates, fonts and caches before timing
        html_to_pdf(html)
        times = {"ours": [], "weasy": [], "stock": []}
        for _ in range(rounds):
            start = time.perf_counter()
            document = ours(plan)
            times["ours"].append(time.perf_counter() - start)
            start = time.perf_counter()
            html_to_pdf(html)
            times["weasy"].append(time.perf_counter() - start)
            start = time.perf_counter()
            HTML(string=html, base_url=BASE_URL, url_fetcher=StaticFetcher()).write_pdf()
            times["stock"].append(time.perf_counter() - start)
        median = {key: statistics.median(values) for key, values in times.items()}
        print(
            f"{label:<26} {printing.plan_task_count(plan):>8} {document.page_count:>6} {median['ours']:>9.3f}"
            f" {median['weasy']:>15.3f} {median['ours'] / median['weasy']:>6.2f} {median['stock']:>16.3f}"
        )


if __name__ == "__main__":
    main()
