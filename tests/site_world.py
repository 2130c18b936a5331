"""One site with every kind of person and object in it: institution A's edition with a
programme day going on now, a participant with a place and a certificate, A's staff (a
check-in helper assigned to the edition, an organiser, an owner), an organiser of another
institution B and a site administrator. The authorization matrix and the back office's
accessibility scan both run against it."""

import uuid
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.core.files.base import ContentFile
from django.utils import timezone

from lifelong.accounts.models import Invitation, Membership, User
from lifelong.accounts.services import invitation_send
from lifelong.catalogue.models import Document, Edition, Session
from lifelong.certificates.models import Assessment, Certificate
from lifelong.certificates.services import certificate_issue, issue_run_start
from lifelong.enrolment.models import Application, StaffMessage
from lifelong.enrolment.staff_messages import staff_message_send
from lifelong.jobs.models import Job, TaskFailure
from lifelong.office.data_export import data_export_start
from lifelong.office.models import DataExport
from tests.attendance.helpers import make_day, make_helper
from tests.certificates.helpers import attended, close_all_days, make_certificate_edition
from tests.enrolment.helpers import (
    apply,
    give_authenticator,
    make_open_edition,
    make_staff,
    make_user,
)

VISITOR = "visitor"
PARTICIPANT = "participant"  # has a place (and a certificate) in institution A's edition
HELPER_A = "check-in helper of A"  # assigned to that edition
ORGANISER_A = "organiser of A"
OWNER_A = "owner of A"
ORGANISER_B = "organiser of B"
ADMIN = "site administrator"
ROLES = (VISITOR, PARTICIPANT, HELPER_A, ORGANISER_A, OWNER_A, ORGANISER_B, ADMIN)


@dataclass
class World:
    people: dict[str, User | None]
    edition: Edition
    day: Session  # a programme day going on now
    application: Application  # the participant's, with a place and a certificate
    certificate: Certificate
    assessment: Assessment
    run: Job  # a bulk certificate run, waiting for the worker
    message: StaffMessage
    invitation: Invitation
    membership: Membership  # the check-in helper's, in institution A
    document: Document
    export: DataExport  # the participant's copy of their data, being made
    failure: TaskFailure  # the participant's e-mail, given up (site administrators see it)


def build_world() -> World:
    edition = make_certificate_edition(capacity=10)
    institution = edition.programme.institution
    organiser = make_staff(institution, Membership.Role.ORGANISER, "organiser-a@uni.example")
    owner = make_staff(institution, Membership.Role.OWNER, "owner-a@uni.example")
    helper = make_helper(edition, "helper-a@uni.example")
    elsewhere = make_open_edition()
    organiser_b = make_staff(
        elsewhere.programme.institution, Membership.Role.ORGANISER, "organiser-b@uni.example"
    )
    admin = User.objects.create_superuser(email="admin@lifelong.example", password=None)
    give_authenticator(admin)
    for staff in (organiser, owner, organiser_b, admin):
        RecoveryCodes.activate(staff)  # as setting up the app in the browser does
    person = make_user("participant@example.org")
    application = attended(apply(edition, person, full_name="Zoë Beispiel"), ["present"] * 5)
    close_all_days(edition, organiser)
    certificate = certificate_issue(application=application, actor=organiser).certificate
    day = make_day(edition)  # added after issuing, so the certificate's rule stays met
    for someone in (person, helper, organiser, owner, organiser_b, admin):
        # Signing up through allauth records the verified address; so does the world.
        EmailAddress.objects.create(user=someone, email=someone.email, verified=True, primary=True)
    return World(
        people={
            VISITOR: None,
            PARTICIPANT: person,
            HELPER_A: helper,
            ORGANISER_A: organiser,
            OWNER_A: owner,
            ORGANISER_B: organiser_b,
            ADMIN: admin,
        },
        edition=edition,
        day=day,
        application=application,
        certificate=certificate,
        assessment=Assessment.objects.create(
            edition=edition, kind=Assessment.Kind.EXAM, name_en="Exam", name_de="Prüfung"
        ),
        run=issue_run_start(edition=edition, actor=organiser),
        message=staff_message_send(
            edition=edition,
            application_ids=[application.pk],
            subject="Room change",
            body="We meet in room 2.",
            actor=organiser,
        ),
        invitation=invitation_send(
            institution_id=institution.pk,
            email="new@uni.example",
            role=Membership.Role.ORGANISER,
            actor=owner,
            language="en",
        ),
        membership=Membership.objects.get(user=helper),
        document=Document.objects.create(
            programme=edition.programme,
            title_en="Flyer",
            file=ContentFile(b"%PDF-1.4 flyer", name="flyer.pdf"),
            language="en",
        ),
        export=data_export_start(person=person),
        failure=_given_up_email(application),
    )


def _given_up_email(application: Application) -> TaskFailure:
    now = timezone.now()
    return TaskFailure.objects.create(
        task_path="lifelong.enrolment.notifications.notification_send_task",
        args_kwargs={"args": [application.pk, "accepted", None], "kwargs": {}},
        queue_name="default",
        state=TaskFailure.State.GIVEN_UP,
        attempts=5,
        current_task_id=uuid.uuid4(),
        first_failed_at=now,
        last_failed_at=now,
        error_class="ConnectionRefusedError",
        error_message="[Errno 111] Connection refused",
        traceback="Traceback (most recent call last): …",
    )
