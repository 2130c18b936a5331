"""Certificates go out by themselves once the last day of an edition is closed, if its
rule says so."""

from datetime import datetime
from typing import Any

from django.db import transaction
from django.dispatch import receiver

from lifelong.attendance.signals import session_closed
from lifelong.catalogue.models import Edition, Session
from lifelong.certificates import services


@receiver(session_closed, dispatch_uid="certificates-after-the-last-day")
def _issue_after_the_last_day(session: Session, at: datetime, **_kwargs: Any) -> None:
    edition_id = session.edition_id

    def start() -> None:
        edition = Edition.objects.select_related("programme").get(pk=edition_id)
        services.last_day_closed(edition=edition, now=at)

    # After the closing commits: the run is a transaction of its own.
    transaction.on_commit(start)
