"""A person's rights over their data that span the domains: correcting their name (Art. 16
GDPR) and erasing them (Art. 17). Copies of their data (Art. 15, 20) are data_export.py.

`person_erase` is one durable transaction per person: every floor offers the small step it
owns (enrolment releases the places, certificates withdraws, audit pseudonymises) and the
office puts them together, so the erasure happens whole or not at all."""

from dataclasses import dataclass

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from lifelong.accounts.models import Invitation, User
from lifelong.audit.services import audit_actor_pseudonymise, audit_log, audit_pseudonymise
from lifelong.certificates.notifications import certificate_email_task
from lifelong.certificates.services import (
    certificate_withdraw_by_holder,
    certificates_of_applications,
)
from lifelong.enrolment.models import Application
from lifelong.enrolment.notifications import notification_send_task
from lifelong.enrolment.services import applications_release_of_person, offer_lapse_task
from lifelong.jobs.models import Job
from lifelong.lib.errors import DomainError

# The tasks whose first argument is an application's id: their rows name the person.
_APPLICATION_TASKS = (notification_send_task, offer_lapse_task, certificate_email_task)


MESSAGES: dict[str, Promise] = {
    "staff_cannot_be_erased": _(
        "This account belongs to an institution's staff or a site administrator. Take it "
        "off the staff first (an owner or the site administrator can), then erase it."
    ),
    "name_required": _("Give your name."),
    "already_erased": _("This account has already been erased."),
}


class PersonError(DomainError):
    MESSAGES = MESSAGES


def pseudonym(person_id: int) -> str:
    return f"erased person #{person_id}"


# --- rectification -------------------------------------------------------------------------


def person_name_correct(*, person: User, first_name: str, last_name: str) -> int:
    """Correct a person's name on their account and on every application (organisers see the
    new one; a certificate keeps the name it was issued to until an organiser re-issues it).
    Returns how many applications changed."""
    first_name, last_name = first_name.strip(), last_name.strip()
    full_name = f"{first_name} {last_name}".strip()
    if not full_name:
        raise PersonError("name_required")
    with transaction.atomic(durable=True):
        User.objects.filter(pk=person.pk).update(first_name=first_name, last_name=last_name)
        person.first_name, person.last_name = first_name, last_name
        changed = (
            Application.objects.filter(applicant=person)
            .exclude(full_name=full_name)
            .update(full_name=full_name)
        )
        audit_log(
            subject=person,
            action="person.name_corrected",
            at=timezone.now(),
            actor=person,
            data={"applications": changed},
        )
    return changed


# --- erasure -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Erased:
    person_id: int
    applications: int
    places_released: int
    certificates_kept: int
    certificates_withdrawn: int


def person_erase(*, person: User, actor: User | None, withdraw_certificates: bool) -> Erased:
    """Erase a person: their places go to the waiting list, their applications (answers,
    attendance, results, passes, e-mails sent), account, sessions, copies of their data and
    the tasks that name them are deleted; log entries about them are pseudonymised. Their
    certificates stay verifiable under their name unless `withdraw_certificates` (then
    revoked as withdrawn by the holder, the name removed): docs/decisions.md."""
    with transaction.atomic(durable=True):
        # No-key lock: it keeps the account while allowing rows that refer to it (an
        # application the person sends at this moment) instead of deadlocking with them.
        locked = User.objects.select_for_update(no_key=True).filter(pk=person.pk).first()
        if locked is None:
            raise PersonError("already_erased")
        person = locked
        if person.is_superuser or person.is_staff or person.memberships.exists():
            raise PersonError("staff_cannot_be_erased")
        applications = list(Application.objects.filter(applicant=person))
        application_ids = [application.pk for application in applications]
        names = {person.email, person.get_full_name()}
        for application in applications:
            names |= {application.full_name, application.email}
        subjects = {"accounts.user": [person.pk], "enrolment.application": application_ids}
        words = {word for name in names if "@" not in name for word in name.split()}
        # The whole log is read first, before any edition is locked: a rush on the
        # person's editions waits only for the short part below.
        audit_pseudonymise(
            subjects=subjects, names=names, words=words, pseudonym=pseudonym(person.pk)
        )
        released = applications_release_of_person(applicant=person)
        certificates = certificates_of_applications(application_ids=application_ids)
        if withdraw_certificates:
            for certificate in certificates:
                certificate_withdraw_by_holder(certificate=certificate, actor=actor)
        _tasks_purge(application_ids, person)
        # What releasing the places and withdrawing just wrote about them (by index).
        audit_pseudonymise(
            subjects=subjects,
            names=names,
            words=words,
            pseudonym=pseudonym(person.pk),
            elsewhere=False,
        )
        audit_actor_pseudonymise(actor_id=person.pk, pseudonym=pseudonym(person.pk))
        Invitation.objects.filter(email__iexact=person.email).delete()
        _admin_log_pseudonymise(person, names, pseudonym(person.pk))
        erased = Erased(
            person_id=person.pk,
            applications=len(applications),
            places_released=released,
            certificates_kept=0 if withdraw_certificates else len(certificates),
            certificates_withdrawn=len(certificates) if withdraw_certificates else 0,
        )
        audit_log(
            subject=person,
            action="person.erased",
            at=timezone.now(),
            actor=actor if actor is not None and actor.pk != person.pk else None,
            data={
                "applications": erased.applications,
                "certificates_withdrawn": erased.certificates_withdrawn,
                "by_administrator": actor is not None and actor.pk != person.pk,
            },
        )
        # The rest goes with the account: applications with their answers, attendance,
        # results, passes and e-mails sent; memberships, sessions, e-mail addresses,
        # authenticators, copies of their data.
        person.delete()
    return erased


def _admin_log_pseudonymise(person: User, names: set[str], label: str) -> None:
    """The Django admin's own log names objects by their text (an application by its
    applicant's name): the rows about the account, and any that name the person."""
    naming = Q(content_type=ContentType.objects.get_for_model(User), object_id=str(person.pk))
    for name in names:
        if len(name) > 2:
            naming |= Q(object_repr__icontains=name) | Q(change_message__icontains=name)
    LogEntry.objects.filter(naming).update(object_repr=label, change_message="")


def _tasks_purge(application_ids: list[int], person: User) -> None:
    """Delete the task rows that name the person: e-mails and offers about their
    applications, and the jobs that gather their data. A task a worker runs right now is
    left to finish (it finds nothing)."""
    tasks = DBTaskResult.objects.exclude(status=TaskResultStatus.RUNNING)
    tasks.filter(
        task_path__in=[task.module_path for task in _APPLICATION_TASKS],
        args_kwargs__args__0__in=application_ids,
    ).delete()
    jobs = Job.objects.filter(data_export__person=person)
    tasks.filter(pk__in=jobs.values("task_result_id")).delete()
    jobs.delete()
