"""The progress of any job as JSON, which the progress component (templates/jobs/_progress.html
and static/js/progress.js) asks for while the job runs. Organisers of the job's edition and
site administrators only; to everyone else a job is as absent as one that does not exist."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from lifelong.accounts.access import editions_organised_by, signed_in_user
from lifelong.accounts.models import User
from lifelong.jobs.models import Job, JobState


def access_job_by_id_as_organiser(user: User, job_id: int) -> Job:
    """The job if the user organises its edition or administers the site. The check is part
    of the query that reads the job, so a job the user may not see is never read."""
    visible = Job.objects.filter(edition__in=editions_organised_by(user))
    if user.is_superuser and user.is_active:
        visible = Job.objects.all()  # jobs of no edition as well
    job = visible.filter(pk=job_id).first()
    if job is None:
        raise Http404
    return job


def progress_json(job: Job) -> dict[str, Any]:
    return {
        "state": job.state,
        "state_label": job.get_state_display(),
        "total": job.total,
        "done": job.done,
        "count_label": _("%(done)s of %(total)s") % {"done": job.done, "total": job.total},
        "percent": job.percent,
        "finished": job.finished,
        "message": (
            _("Stopped by an error: %(error)s") % {"error": job.error}
            if job.state == JobState.FAILED
            else ""
        ),
    }


@never_cache
@login_required
def progress(request: HttpRequest, job_id: int) -> JsonResponse:
    job = access_job_by_id_as_organiser(signed_in_user(request), job_id)
    return JsonResponse(progress_json(job))
