import importlib

import pytest
from django.db.models import F

from documents.models import RenderedDocument
from plans import printing as plan_printing
from plans.models import Plan
from plans.services import add_section, apply_transition
from tasks import printing
from tests.documents.pdf_tools import Pdf, squash
from tests.factories import AppendixFactory, PlanFactory, UserFactory, big_plan

pytestmark = pytest.mark.django_db


def test_pdf_is_kept_per_plan_version_and_drawn_again_after_a_change(django_capture_on_commit_callbacks):
    plan = big_plan(3)
    first = printing.plan_pdf(plan)
    first_name = first.file.name
    assert first.version == f"{plan.version}.r{plan_printing.LAYOUT_REVISION}"
    assert printing.plan_pdf(plan).file.name == first_name  # kept, not drawn again
    assert RenderedDocument.objects.count() == 1

    add_section(actor=None, plan=plan, heading="IV. KINH PHÍ", body="Kinh phí từ nguồn ngân sách tỉnh.")
    assert plan_printing.cached_plan_pdf(plan) is None
    with django_capture_on_commit_callbacks(execute=True):
        second = printing.plan_pdf(plan)
    assert second.pk == first.pk and second.file.name != first_name
    assert "IV. KINH PHÍ" in Pdf(second.file.read()).text()
    # The old version's file is removed once the new one is stored.
    assert not second.file.storage.exists(first_name)


def test_a_deleted_plan_takes_its_stored_pdf_along(django_capture_on_commit_callbacks):
    plan, other = PlanFactory(), PlanFactory()  # a plan with tasks cannot be deleted at all
    kept = printing.plan_pdf(other)
    stored = printing.plan_pdf(plan)
    storage, name = stored.file.storage, stored.file.name
    with django_capture_on_commit_callbacks(execute=True):
        Plan.objects.get(pk=plan.pk).delete()  # the admin's way: plans have no delete service
    assert list(RenderedDocument.objects.values_list("key", flat=True)) == [kept.key]
    assert not storage.exists(name)
    assert storage.exists(kept.file.name)


def test_a_new_layout_revision_makes_kept_pdfs_stale(monkeypatch):
    plan = big_plan(1)
    printing.plan_pdf(plan)
    monkeypatch.setattr(plan_printing, "LAYOUT_REVISION", plan_printing.LAYOUT_REVISION + 1)
    assert plan_printing.cached_plan_pdf(plan) is None


def test_a_plan_changed_while_drawing_is_not_stored_under_the_old_version(monkeypatch):
    plan = big_plan(1)
    real_render_html = printing.render_html

    def render_and_edit(*args, **kwargs):
        html = real_render_html(*args, **kwargs)
        Plan.objects.filter(pk=plan.pk).update(version=F("version") + 1)  # another editor's save
        return html

    monkeypatch.setattr(printing, "render_html", render_and_edit)
    with pytest.raises(plan_printing.PlanChanged):
        printing.plan_pdf(plan)
    assert RenderedDocument.objects.count() == 0


def test_draft_prints_blank_number_and_draft_mark():
    plan = big_plan(2, number="15", dated_month=1, dated_year=2025, issued_on=None)
    page_one = squash(Pdf(printing.plan_pdf(plan).file.read()).text(1, 1))
    assert page_one.startswith("DỰ THẢO")
    assert "Số: /KH-UBND" in page_one  # the blank is non-breaking spaces, squashed here
    assert "Số: 15/" not in page_one
    assert "Hưng Yên, ngày tháng 01 năm 2025" in page_one


def test_issued_plan_has_no_draft_mark():
    plan = big_plan(1)
    apply_transition(actor=None, plan=plan, name="issue")
    page_one = squash(Pdf(printing.plan_pdf(plan).file.read()).text(1, 1))
    assert "DỰ THẢO" not in page_one
    assert f"Số: {plan.number}/KH-UBND" in page_one


def test_several_appendices_are_numbered_and_keep_portrait_when_narrow():
    plan = big_plan(2)
    AppendixFactory(plan=plan, position=2, title="Danh sách Cụm thi đua", columns=["note"])
    context = printing.plan_document_context(plan)
    assert [(a.label, a.landscape) for a in context["appendices"]] == [("PHỤ LỤC I", True), ("PHỤ LỤC II", False)]
    pdf = Pdf(printing.plan_pdf(plan).file.read())
    assert pdf.page_sizes()[-1] == (595, 842)
    assert "PHỤ LỤC II" in pdf.text()


def test_plan_context_reads_a_fixed_number_of_queries(django_assert_max_num_queries):
    plan = big_plan(60)
    plan = Plan.objects.select_related("issuing_unit").get(pk=plan.pk)
    with django_assert_max_num_queries(5):
        context = printing.plan_document_context(plan)
    assert context["task_count"] == 60


def test_small_plan_is_drawn_at_once_big_plan_goes_to_a_job(settings):
    owner = UserFactory()
    settings.DOCUMENTS_INLINE_MAX_TASKS = 3
    small, big = big_plan(3), big_plan(4)
    assert isinstance(printing.request_plan_pdf(user=owner, plan=small), RenderedDocument)
    job = printing.request_plan_pdf(user=owner, plan=big)
    assert (job.kind, job.params, job.owner) == (printing.JOB_KIND, {"plan_id": big.pk, "version": big.version}, owner)
    # Pressing the button again while it runs shows the same job rather than starting another.
    assert printing.request_plan_pdf(user=owner, plan=big) == job


def test_job_function_stores_the_pdf_and_links_it():
    from jobs.services import start_job

    owner = UserFactory()
    plan = big_plan(40)
    job = start_job(
        kind=printing.JOB_KIND,
        title="PDF",
        owner=owner,
        func="tasks.printing.render_plan_job",
        params={"plan_id": plan.pk, "version": plan.version},
        inline=True,
    )
    document = plan_printing.cached_plan_pdf(plan)
    assert job.status == "succeeded", job.message
    assert job.message == f"Đã tạo bản PDF {document.page_count} trang."
    assert job.result == {
        "url": f"/ke-hoach/{plan.pk}/pdf/",
        "link_label": "Tải bản PDF",
        "filename": plan_printing.plan_filename(plan),
        "pages": document.page_count,
    }


def test_plan_without_sections_or_appendices_prints_one_page():
    plan = PlanFactory(number="3", symbol="KHPH-UBND")  # a symbol with no known type: still a Kế hoạch
    apply_transition(actor=None, plan=plan, name="issue")
    pdf = Pdf(printing.plan_pdf(plan).file.read())
    assert pdf.page_sizes() == [(595, 842)]
    text = squash(pdf.text())
    assert "Số: 03/KHPH-UBND" in text and "KẾ HOẠCH Công tác thi đua, khen thưởng năm 2025" in text


def test_a_plan_pdf_job_queued_before_the_move_runs_the_moved_function():
    """Job rows name their function by dotted path; the migration points queued ones at tasks.printing."""
    from django.apps import apps
    from django.utils.module_loading import import_string

    from jobs.models import Job

    migration = importlib.import_module("tasks.migrations.0007_plan_pdf_jobs_run_tasks_printing")
    job = Job.objects.create(
        kind=printing.JOB_KIND, title="PDF", owner=UserFactory(), func="documents.services.render_plan_job"
    )
    migration.forwards(apps, None)
    job.refresh_from_db()
    assert import_string(job.func) is printing.render_plan_job
