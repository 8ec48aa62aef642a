from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from common.web import serve_file
from units.permissions import require

from .models import Job


def _job_for(request, job_id) -> Job:
    job = get_object_or_404(Job, pk=job_id)
    require(request.user, "jobs.view_job", job)
    return job


@login_required
def detail(request, job_id):
    return render(request, "jobs/job_detail.html", {"job": _job_for(request, job_id)})


@login_required
def progress(request, job_id):
    return render(request, "jobs/_progress.html", {"job": _job_for(request, job_id)})


@login_required
def result_file(request, job_id):
    job = _job_for(request, job_id)
    if not job.result_file:
        raise Http404("Công việc này không có tệp kết quả.")
    name = job.result.get("filename") or job.result_file.name.rsplit("/", 1)[-1]
    return serve_file(job.result_file, name)
