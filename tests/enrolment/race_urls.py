"""The site's URLs plus an apply view without the edition lock, for the control test of the
application rush (tests/enrolment/test_application_rush.py). Served only by that test's
server (ROOT_URLCONF=tests.enrolment.race_urls), never by the site."""

import time

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_POST

from lifelong.accounts.models import User
from lifelong.catalogue.models import Edition
from lifelong.enrolment.models import Application, ApplicationState
from lifelong.urls import urlpatterns as site_urlpatterns

UNLOCKED_APPLY_PATH = "/race/editions/{edition_id}/apply/"

# Between its count and its write the real service checks the window, the audience and the
# person's other applications and writes the audit trail, the e-mail and its task: 10-25 ms
# on a 2-core machine, in which other requests read the same count. The pause stands for that
# work, a little longer so that several of the server's workers are always inside the window
# together. Without it the window is a fraction of a millisecond and the race would show only
# when the scheduler happens to interleave two requests there: the control test would pass or
# fail by luck.
WORK_BETWEEN_COUNT_AND_WRITE_S = 0.05


@login_required
@require_POST
def unlocked_apply(request: HttpRequest, edition_id: int) -> HttpResponse:
    """Count, then write, in autocommit: no transaction, no lock."""
    user = request.user
    assert isinstance(user, User)
    edition = get_object_or_404(Edition, pk=edition_id)
    accepted = Application.objects.filter(edition=edition, state=ApplicationState.ACCEPTED).count()
    time.sleep(WORK_BETWEEN_COUNT_AND_WRITE_S)
    if accepted < edition.capacity:
        now = timezone.now()
        Application.objects.create(
            edition=edition,
            applicant=user,
            audience_id=int(request.POST["audience"]),
            state=ApplicationState.ACCEPTED,
            full_name=request.POST.get("full_name", ""),
            email=user.email,
            consented_at=now,
            submitted_at=now,
            state_changed_at=now,
        )
    return redirect("office:my_programmes")


urlpatterns = [
    path("race/editions/<int:edition_id>/apply/", unlocked_apply),
    *site_urlpatterns,
]
