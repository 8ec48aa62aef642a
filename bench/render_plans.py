"""Benchmark: how much our plan PDF costs beyond WeasyPrint itself.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tdkt .venv/bin/python bench/render_plans.py [--rounds 5]

Works in a throwaway database (<name>_bench, created and dropped here) with the demo data and a
generated 500-task plan. For the 29-task Bắc Ninh plan and the 500-task plan it prints, measured
in the same run, the median of:

- ours: the whole path behind the "Tải PDF" button for a version not drawn yet (read the plan,
  build the HTML, WeasyPrint, store the file);
- WeasyPrint: WeasyPrint alone on the final HTML of that plan (same stylesheet, same fonts);

and their ratio (target ≤ 1.1), plus WeasyPrint with its stock font configuration for reference;
then where "ours" spends its time beyond WeasyPrint (reading the rows and building the HTML,
storing the file), each phase timed on its own.

With --appendix-tasks N (default 2000) it also draws an N-task plan's PDF in a fresh process, as
the worker would, and prints that process's peak resident memory (getrusage's ru_maxrss) before
and after drawing, against a 2 GB worker.
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
    parser.add_argument("--appendix-tasks", type=int, default=2000, help="0: skip the memory measurement")
    parser.add_argument("--draw-plan", type=int, help=argparse.SUPPRESS)  # the child process's job
    args = parser.parse_args()
    if args.draw_plan:
        return draw_in_this_process(args.draw_plan)

    import django
    from django.conf import settings

    django.setup()
    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="tdkt-bench-")
    settings.DATABASES["default"]["TEST"]["NAME"] = f"{settings.DATABASES['default']['NAME']}_bench"
    from django.db import connection

    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        run(args.rounds, args.tasks)
        if args.appendix_tasks:
            peak_memory(args.appendix_tasks)
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
        phases(plan, rounds)


def phases(plan, rounds: int):
    """Where "ours" goes: reading the rows and building the HTML, WeasyPrint, storing the file."""
    from documents.models import RenderedDocument
    from documents.rendering import html_to_pdf
    from plans.printing import plan_for_document, store_plan_pdf
    from tasks import printing

    times = {"html": [], "weasy": [], "store": []}
    for _ in range(rounds):
        RenderedDocument.objects.all().delete()
        start = time.perf_counter()
        fresh = plan_for_document(plan.pk)
        html = printing.render_plan_html(fresh)
        times["html"].append(time.perf_counter() - start)
        start = time.perf_counter()
        pdf = html_to_pdf(html)
        times["weasy"].append(time.perf_counter() - start)
        start = time.perf_counter()
        store_plan_pdf(fresh, pdf)
        times["store"].append(time.perf_counter() - start)
    median = {key: statistics.median(values) for key, values in times.items()}
    print(
        f"{'':<26}   rows + HTML {median['html']:.3f} s, WeasyPrint {median['weasy']:.3f} s,"
        f" storing {median['store']:.3f} s ({len(pdf.content) / 1024:.0f} KiB)"
    )


def peak_memory(task_count: int):
    """Draw a `task_count`-task plan in a child process (a worker's view) and print its peak RSS."""
    import resource
    import subprocess

    from django.conf import settings

    from tests.factories import ProvinceFactory, big_plan

    start = time.perf_counter()
    plan = big_plan(task_count, issuing_unit=ProvinceFactory(name="Ủy ban nhân dân tỉnh Bộ nhớ"))
    built = time.perf_counter() - start
    database = settings.DATABASES["default"]
    url = (
        f"postgres://{database['USER']}:{database['PASSWORD']}@{database['HOST'] or '127.0.0.1'}:"
        f"{database['PORT'] or 5432}/{database['NAME']}"
    )
    env = {**os.environ, "DATABASE_URL": url, "MEDIA_ROOT": str(settings.MEDIA_ROOT)}
    start = time.perf_counter()
    child = subprocess.run(
        [sys.executable, __file__, "--draw-plan", str(plan.pk)], env=env, capture_output=True, text=True, check=True
    )
    took = time.perf_counter() - start
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(child.stdout.strip())
    verdict = "ĐẠT" if peak_kib < 2 * 1024 * 1024 else "VƯỢT"
    print(
        f"{task_count} nhiệm vụ (dựng dữ liệu {built:.0f} s): vẽ PDF trong tiến trình riêng {took:.1f} s, "
        f"bộ nhớ đỉnh {peak_kib / 1024:.0f} MiB / 2048 MiB của một worker: {verdict}"
    )


def draw_in_this_process(plan_id: int):
    import resource

    import django

    django.setup()
    from tasks import printing

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    plan, pdf = printing.render_plan(plan_id)
    document = printing.store_plan_pdf(plan, pdf)
    print(
        f"tiến trình vẽ: {before / 1024:.0f} MiB sau khi nạp Django và WeasyPrint, "
        f"{document.page_count} trang, {document.size / 1024 / 1024:.1f} MiB PDF"
    )


if __name__ == "__main__":
    main()
