import pytest
from django.urls import reverse

from jobs.models import JobStatus
from jobs.services import start_job
from tests.factories import UserFactory

FUNCS = "tests.jobs.job_functions"


@pytest.fixture
def finished_job(db):
    owner = UserFactory()
    return start_job(
        kind="test", title="Đếm dòng", owner=owner, func=f"{FUNCS}.count_rows", params={"rows": 2}, inline=True
    )


def test_owner_sees_progress_result_link_and_file(client, finished_job):
    client.force_login(finished_job.owner)
    page = client.get(reverse("jobs:detail", args=[finished_job.pk])).content.decode()
    assert "Hoàn thành" in page and "100%" in page
    assert 'href="/ke-hoach/">Về danh sách kế hoạch</a>' in page
    assert "hx-trigger" not in page  # a finished job stops polling
    download = client.get(reverse("jobs:file", args=[finished_job.pk]))
    assert b"".join(download.streaming_content).decode() == "2 dòng"
    assert 'filename="ket-qua' in download["Content-Disposition"]


def test_running_job_polls_its_progress(client, db):
    owner = UserFactory()
    job = start_job(kind="test", title="Đếm", owner=owner, func=f"{FUNCS}.count_rows", params={"rows": 2})
    job.mark(JobStatus.RUNNING)
    job.report(40, "Đang đọc tệp")
    client.force_login(owner)
    html = client.get(reverse("jobs:progress", args=[job.pk])).content.decode()
    assert f'hx-get="/cong-viec/{job.pk}/tien-do/"' in html
    assert 'value="40"' in html and "Đang đọc tệp" in html


def test_someone_else_cannot_see_the_job(client, finished_job):
    client.force_login(UserFactory())
    for name in ("jobs:detail", "jobs:progress", "jobs:file"):
        assert client.get(reverse(name, args=[finished_job.pk])).status_code == 403
