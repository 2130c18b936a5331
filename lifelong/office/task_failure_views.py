"""Failed background tasks, for site administrators: those given up, and those being tried
again with their next try; "Try again now" and "Dismiss". Thin: access, then a read or one
service (lifelong/jobs/retries.py), then render or go back to the list."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from lifelong.accounts.access import signed_in_user
from lifelong.jobs import retries
from lifelong.jobs.models import TaskFailureState
from lifelong.office.access import (
    access_site_administration,
    access_task_failure_by_id_as_site_admin,
)
from lifelong.office.task_failures import task_failure_rows, task_failures_open, task_name


@never_cache
@login_required
@require_safe
def task_failures(request: HttpRequest) -> HttpResponse:
    access_site_administration(signed_in_user(request))
    rows = task_failure_rows(task_failures_open())
    return render(
        request,
        "office/task_failures.html",
        {
            "given_up": [row for row in rows if row.failure.state == TaskFailureState.GIVEN_UP],
            "retrying": [row for row in rows if row.failure.state == TaskFailureState.RETRYING],
        },
    )


_REFUSALS = {
    "task_gone": gettext_lazy(
        "This task no longer exists in the site's code: it cannot run again."
    ),
    "closed": gettext_lazy("This task has succeeded or was dismissed meanwhile."),
    "retrying": gettext_lazy("This task is being tried again: wait for its outcome."),
}


def _refused(request: HttpRequest, error: retries.TaskFailureError) -> None:
    messages.error(request, str(_REFUSALS[error.code]))


@login_required
@require_POST
def task_failure_retry(request: HttpRequest, failure_id: int) -> HttpResponse:
    user = signed_in_user(request)
    failure = access_task_failure_by_id_as_site_admin(user, failure_id)
    try:
        retries.task_failure_retry_now(failure_id=failure.pk)
    except retries.TaskFailureError as error:
        _refused(request, error)
    else:
        messages.success(
            request,
            _("%(task)s will run again as soon as a worker is free.")
            % {"task": task_name(failure.task_path)},
        )
    return redirect("office:task_failures")


@login_required
@require_POST
def task_failure_dismiss(request: HttpRequest, failure_id: int) -> HttpResponse:
    user = signed_in_user(request)
    failure = access_task_failure_by_id_as_site_admin(user, failure_id)
    try:
        retries.task_failure_dismiss(failure_id=failure.pk)
    except retries.TaskFailureError as error:
        _refused(request, error)
    else:
        messages.success(
            request, _("Dismissed: %(task)s.") % {"task": task_name(failure.task_path)}
        )
    return redirect("office:task_failures")
