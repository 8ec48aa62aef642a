import rules

from units.rules import is_admin


@rules.predicate
def owns_job(user, job):
    return job is not None and job.owner_id == user.pk


rules.add_perm("jobs.view_job", owns_job | is_admin)
