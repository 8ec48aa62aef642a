import re
import time

import pytest
from django.urls import reverse

from documents.models import RenderedDocument
from jobs.models import Job
from plans import printing as plan_printing
from plans.services import apply_transition
from tasks import printing
from tests.documents.pdf_tools import Pdf, squash
from tests.factories import UnitFactory, UserFactory, big_plan
from units.models import Role


@pytest.fixture
def editor(db):
    return UserFactory()  # a plan editor with no unit works on every plan


@pytest.fixture
def plan(db):
    return big_plan(3, title="Công tác thi đua, khen thưởng năm 2025")


def pdf_of(response) -> Pdf:
    return Pdf(b"".join(response.streaming_content))


@pytest.mark.django_db
def test_plan_page_offers_preview_and_download(client, editor, plan):
    client.force_login(editor)
    page = client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert f'href="/ke-hoach/{plan.pk}/ban-in/">Xem bản in</a>' in page
    assert f'action="/ke-hoach/{plan.pk}/pdf/"' in page and ">Tải PDF</button>" in page


@pytest.mark.django_db
def test_preview_is_the_document_with_a_toolbar(client, editor, plan):
    client.force_login(editor)
    response = client.get(reverse("tasks:plan_preview", args=[plan.pk]))
    html = response.content.decode()
    assert '<nav class="preview-bar">' in html
    assert '<link rel="stylesheet" href="/static/css/document.css">' in html
    assert '<div class="draft-mark">DỰ THẢO</div>' in html
    assert html.count('<section class="sheet') == 2  # the plan and its appendix
    # The PDF is drawn from the same template, without the toolbar and without the nonce that lets
    # the browser apply the document's page rules under the Content-Security-Policy.
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    assert f'<style nonce="{nonce}">' in html
    assert '<nav class="preview-bar">' not in printing.render_plan_html(plan)
    without_toolbar = html.replace(html[html.index('<nav class="preview-bar">') : html.index("</nav>") + 6], "")
    assert without_toolbar.replace(nonce, "") == printing.render_plan_html(plan)


@pytest.mark.django_db
def test_download_button_gives_the_pdf_of_the_current_version(client, editor, plan):
    client.force_login(editor)
    response = client.post(reverse("tasks:plan_pdf", args=[plan.pk]))
    assert response.status_code == 302 and response["Location"] == f"/ke-hoach/{plan.pk}/pdf/"
    response = client.get(response["Location"])
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{plan_printing.plan_filename(plan)}"'
    pdf = pdf_of(response)
    assert "Công tác thi đua, khen thưởng năm 2025" in squash(pdf.text(1, 1))
    assert RenderedDocument.objects.get().version == f"{plan.version}.r{plan_printing.LAYOUT_REVISION}"


@pytest.mark.django_db
def test_officers_get_issued_plans_only(client, plan):
    officer = UserFactory(role=Role.UNIT_OFFICER, unit=UnitFactory(parent=plan.issuing_unit))
    client.force_login(officer)
    for name in ("tasks:plan_preview", "tasks:plan_pdf"):
        assert client.get(reverse(name, args=[plan.pk])).status_code == 403
    assert client.post(reverse("tasks:plan_pdf", args=[plan.pk])).status_code == 403
    apply_transition(actor=None, plan=plan, name="issue")
    assert client.get(reverse("tasks:plan_pdf", args=[plan.pk]))["Content-Type"] == "application/pdf"


@pytest.mark.django_db
def test_big_plan_not_drawn_yet_is_not_drawn_by_a_plain_link(client, editor, plan, settings):
    settings.DOCUMENTS_INLINE_MAX_TASKS = 2
    client.force_login(editor)
    response = client.get(reverse("tasks:plan_pdf", args=[plan.pk]), follow=True)
    assert response.redirect_chain == [(f"/ke-hoach/{plan.pk}/", 302)]
    assert "Bản PDF của kế hoạch này chưa được tạo. Hãy bấm “Tải PDF” để tạo." in response.content.decode()
    assert RenderedDocument.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_big_plan_renders_in_the_worker_with_progress(client, celery_worker, settings, tmp_path):
    settings.DOCUMENTS_INLINE_MAX_TASKS = 10
    editor = UserFactory()
    plan = big_plan(40)
    client.force_login(editor)
    response = client.post(reverse("tasks:plan_pdf", args=[plan.pk]))
    job = Job.objects.get()
    assert response["Location"] == f"/cong-viec/{job.pk}/"
    assert job.func == "tasks.printing.render_plan_job"
    deadline = time.monotonic() + 60
    while not job.is_finished and time.monotonic() < deadline:
        time.sleep(0.2)
        job.refresh_from_db()
    assert job.status == "succeeded", job.message
    page = client.get(response["Location"]).content.decode()
    assert "Đã tạo bản PDF" in page and f'href="/ke-hoach/{plan.pk}/pdf/">Tải bản PDF</a>' in page
    download = client.get(f"/ke-hoach/{plan.pk}/pdf/")
    assert pdf_of(download).page_count == job.result["pages"] >= 3
