import pytest
from django.db import transaction

from documents.services import render_plan
from plans.models import Plan
from tasks.models import Task
from tdkt_portal.demo import load_demo

from .pdf_tools import Pdf


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    # Stored PDFs go to a throwaway folder, never the worktree's media/.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(scope="module")
def seed_pdfs(django_db_setup, django_db_blocker):
    """Both seed plans loaded as demo data and drawn once for the module: {number: (Pdf, expected)}.

    `expected` holds what the PDF must show, read from the database (task rows in order, with the
    unit cells as the plan wrote them)."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo()
        result = {}
        for plan in Plan.objects.all():
            tasks = Task.objects.filter(appendix__plan=plan).order_by(
                "appendix__position", "group__position", "position"
            )
            rows = []
            for task in tasks.select_related("appendix"):
                cells = [task.content]
                cells += [task.unit_cells.get(key, "") for key in task.appendix.columns if key in task.unit_cells]
                if "timing" in task.appendix.columns:
                    cells.append(task.timing_text)
                rows.append((task.number, [c for c in cells if c]))
            _, pdf = render_plan(plan.pk)
            result[plan.number] = (
                Pdf(pdf.content),
                {
                    "rows": rows,
                    "sections": list(plan.sections.values_list("heading", flat=True)),
                    "appendix_count": plan.appendices.count(),
                    "page_count": pdf.page_count,
                },
            )
        transaction.set_rollback(True)
    return result
