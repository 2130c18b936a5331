"""Access checks that need several floors (`accounts/access.py` says how these checks work)."""

from django.db.models import QuerySet
from django.http import Http404

from lifelong.accounts.models import User
from lifelong.catalogue.access import editions_organised_by
from lifelong.catalogue.models import Edition
from lifelong.jobs.models import Job, TaskFailure
from lifelong.office.models import DataExport


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


def access_data_export_by_id_as_person(user: User, export_id: int) -> DataExport:
    """A copy of someone's data: only theirs, to anyone else it does not exist."""
    export = (
        DataExport.objects.select_related("job")
        .filter(pk=export_id, person_id=user.pk, person__is_active=True)
        .first()
    )
    if export is None:
        raise Http404
    return export


def administers_site(user: User) -> bool:
    """Whether the person sees what only site administrators see (on pages others see too,
    e.g. the failed background tasks on the back office's start page)."""
    return bool(user.is_active and user.is_superuser)


def access_site_administration(user: User) -> User:
    """The site administrator's own pages (erasing a person on request)."""
    if not administers_site(user):
        raise Http404
    return user


def access_retention_as_organiser(user: User) -> QuerySet[Edition]:
    """The editions whose retention the person may see: those they organise (every edition
    for a site administrator); 404 for someone who organises none."""
    editions = editions_organised_by(user)
    if not editions.exists() and not (user.is_superuser and user.is_active):
        raise Http404
    return editions


def access_task_failure_by_id_as_site_admin(user: User, failure_id: int) -> TaskFailure:
    """A failed background task: only site administrators see them (their arguments and
    errors span every institution)."""
    access_site_administration(user)
    failure = TaskFailure.objects.filter(pk=failure_id).first()
    if failure is None:
        raise Http404
    return failure
