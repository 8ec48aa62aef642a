import pytest
from django.db.models import F

from documents import services
from documents.models import RenderedDocument
from documents.plan_document import plan_context
from plans.models import Plan
from plans.services import add_section, apply_transition
from tests.factories import AppendixFactory, PlanFactory, UserFactory, big_plan

from .pdf_tools import Pdf, squash

pytestmark = pytest.mark.django_db


def test_pdf_is_kept_per_plan_version_and_drawn_again_after_a_change(django_capture_on_commit_callbacks):
    plan = big_plan(3)
    first = services.plan_pdf(plan)
    first_name = first.file.name
    assert first.version == f"{plan.version}.r{services.LAYOUT_REVISION}"
    assert services.plan_pdf(plan).file.name == first_name  # kept, not drawn again
    assert RenderedDocument.objects.count() == 1

    add_section(actor=None, plan=plan, heading="IV. KINH PHÍ", body="Kinh phí từ nguồn ngân sách tỉnh.")
    assert services.cached_plan_pdf(plan) is None
    with django_capture_on_commit_callbacks(execute=True):
        second = services.plan_pdf(plan)
    assert second.pk == first.pk and second.file.name != first_name
    assert "IV. KINH PHÍ" in Pdf(second.file.read()).text()
    # The old version's file is removed once the new one is stored.
    assert not second.file.storage.exists(first_name)


def test_a_deleted_plan_takes_its_stored_pdf_along(django_capture_on_commit_callbacks):
    plan, other = PlanFactory(), PlanFactory()  # a plan with tasks cannot be deleted at all
    kept = services.plan_pdf(other)
    stored = services.plan_pdf(plan)
    storage, name = stored.file.storage, stored.file.name
    with django_capture_on_commit_callbacks(execute=True):
        Plan.objects.get(pk=plan.pk).delete()  # the admin's way: plans have no delete service
    assert list(RenderedDocument.objects.values_list("key", flat=True)) == [kept.key]
    assert not storage.exists(name)
    assert storage.exists(kept.file.name)


def test_a_new_layout_revision_makes_kept_pdfs_stale(monkeypatch):
    plan = big_plan(1)
    services.plan_pdf(plan)
    monkeypatch.setattr(services, "LAYOUT_REVISION", services.LAYOUT_REVISION + 1)
    assert services.cached_plan_pdf(plan) is None


def test_a_plan_changed_while_drawing_is_not_stored_under_the_old_version(monkeypatch):
    plan = big_plan(1)
    real_render_html = services.render_html

    def render_and_edit(*args, **kwargs):
        html = real_render_html(*args, **kwargs)
        Plan.objects.filter(pk=plan.pk).update(version=F("version") + 1)  # another editor's save
        return html

    monkeypatch.setattr(services, "render_html", render_and_edit)
    with pytest.raises(services.PlanChanged):
        services.plan_pdf(plan)
    assert RenderedDocument.objects.count() == 0


def test_draft_prints_blank_number_and_draft_mark():
    plan = big_plan(2, number="15", dated_month=1, dated_year=2025, issued_on=None)
    page_one = squash(Pdf(services.plan_pdf(plan).file.read()).text(1, 1))
    assert page_one.startswith("DỰ THẢO")
    assert "Số: /KH-UBND" in page_one  # the blank is non-breaking spaces, squashed here
    assert "Số: 15/" not in page_one
    assert "Hưng Yên, ngày tháng 01 năm 2025" in page_one


def test_issued_plan_has_no_draft_mark():
    plan = big_plan(1)
    apply_transition(actor=None, plan=plan, name="issue")
    page_one = squash(Pdf(services.plan_pdf(plan).file.read()).text(1, 1))
    assert "DỰ THẢO" not in page_one
    assert f"Số: {plan.number}/KH-UBND" in page_one


def test_several_appendices_are_numbered_and_keep_portrait_when_narrow():
    plan = big_plan(2)
    AppendixFactory(plan=plan, position=2, title="Danh sách Cụm thi đua", columns=["note"])
    context = plan_context(plan)
    assert [(a.label, a.landscape) for a in context["appendices"]] == [("PHỤ LỤC I", True), ("PHỤ LỤC II", False)]
    pdf = Pdf(services.plan_pdf(plan).file.read())
    assert pdf.page_sizes()[-1] == (595, 842)
    assert "PHỤ LỤC II" in pdf.text()


def test_plan_context_reads_a_fixed_number_of_queries(django_assert_max_num_queries):
    plan = big_plan(60)
    plan = Plan.objects.select_related("issuing_unit").get(pk=plan.pk)
    with django_assert_max_num_queries(5):
        context = plan_context(plan)
    assert context["task_count"] == 60


def test_small_plan_is_drawn_at_once_big_plan_goes_to_a_job(settings):
    owner = UserFactory()
    settings.DOCUMENTS_INLINE_MAX_TASKS = 3
    small, big = big_plan(3), big_plan(4)
    assert isinstance(services.request_plan_pdf(user=owner, plan=small), RenderedDocument)
    job = services.request_plan_pdf(user=owner, plan=big)
    assert (job.kind, job.params, job.owner) == (services.JOB_KIND, {"plan_id": big.pk, "version": big.version}, owner)
    # Pressing the button again while it runs shows the same job rather than starting another.
    assert services.request_plan_pdf(user=owner, plan=big) == job


def test_job_function_stores_the_pdf_and_links_it():
    from jobs.services import start_job

    owner = UserFactory()
    plan = big_plan(40)
    job = start_job(
        kind=services.JOB_KIND,
        title="PDF",
        owner=owner,
        func="documents.services.render_plan_job",
        params={"plan_id": plan.pk, "version": plan.version},
        inline=True,
    )
    document = services.cached_plan_pdf(plan)
    assert job.status == "succeeded", job.message
    assert job.message == f"Đã tạo bản PDF {document.page_count} trang."
    assert job.result == {
        "url": f"/ke-hoach/{plan.pk}/pdf/",
        "link_label": "Tải bản PDF",
        "filename": services.plan_filename(plan),
        "pages": document.page_count,
    }


def test_file_names_say_what_the_document_is():
    issued = PlanFactory(number="196", symbol="KH-UBND", year=2025, status="issued")
    draft = PlanFactory(number="", year=2026)
    assert services.plan_filename(issued) == "ke-hoach-196-kh-ubnd-2025.pdf"
    assert services.plan_filename(draft) == f"du-thao-ke-hoach-2026-{draft.pk}.pdf"


def test_plan_without_sections_or_appendices_prints_one_page():
    plan = PlanFactory(number="3", symbol="KHPH-UBND")  # a symbol with no known type: still a Kế hoạch
    apply_transition(actor=None, plan=plan, name="issue")
    pdf = Pdf(services.plan_pdf(plan).file.read())
    assert pdf.page_sizes() == [(595, 842)]
    text = squash(pdf.text())
    assert "Số: 03/KHPH-UBND" in text and "KẾ HOẠCH Công tác thi đua, khen thưởng năm 2025" in text
