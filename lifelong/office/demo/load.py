"""Load the demo catalogue. Safe to run again: nothing is duplicated, nothing edited is lost.

Reference data (institutions, audiences, topics) and programme texts are brought up to date;
editions and documents are only added where missing, so a rerun never moves dates that
people may already have applied for.
"""

from datetime import date, timedelta

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.core.files.base import ContentFile
from django.db import transaction

from lifelong.accounts.models import Membership, User
from lifelong.attendance.models import Attendance, AttendanceMethod, CheckinHelper, SessionClosing
from lifelong.catalogue.models import (
    Audience,
    Document,
    Edition,
    EditionAudience,
    Institution,
    Programme,
    Session,
    Topic,
)
from lifelong.catalogue.services import catalogue_changed
from lifelong.certificates.errors import CertificateError
from lifelong.certificates.models import Assessment
from lifelong.certificates.services import certificate_issue
from lifelong.enrolment.errors import EnrolmentError
from lifelong.enrolment.models import Application, Question
from lifelong.enrolment.notifications import reminders_schedule
from lifelong.enrolment.passes import checkin_pass_add
from lifelong.enrolment.services import ApplicationInput, application_submit, lottery_schedule
from lifelong.office.demo import content
from lifelong.office.demo.flyer import flyer_pdf
from lifelong.office.demo.logos import logo_png

DEMO_ADMIN_EMAIL = "admin@lifelong.example"
DEMO_ORGANISER_EMAIL = "organiser@lifelong.example"
DEMO_PARTICIPANT_EMAIL = "participant@lifelong.example"
DEMO_HELPER_EMAIL = "helper@lifelong.example"
DEMO_OWNER_EMAIL = "owner@lifelong.example"
# The demo's staff share one authenticator secret, published in the README so that anyone
# trying the demo can make its codes; a real site's people each scan their own.
DEMO_TOTP_SECRET = "LIFELONGDEMOTOTPLIFELONGDEMOTOTP"  # noqa: S105  (a documented demo secret)


def _reference_data() -> None:
    for slug, (name_de, name_en, website) in content.INSTITUTIONS.items():
        institution, _created = Institution.objects.update_or_create(
            slug=slug,
            defaults={
                "name_de": name_de,
                "name_en": name_en,
                "website": website,
                "city": content.PLACES.get(slug, ""),
            },
        )
        if not institution.logo:
            institution.logo.save(f"{slug}.png", ContentFile(logo_png(name_de)))
    for slug, (name_de, name_en) in content.AUDIENCES.items():
        Audience.objects.update_or_create(
            slug=slug, defaults={"name_de": name_de, "name_en": name_en}
        )
    for slug, (name_de, name_en) in content.TOPICS.items():
        Topic.objects.update_or_create(slug=slug, defaults={"name_de": name_de, "name_en": name_en})


def _edition_create(programme: Programme, data: content.EditionData) -> None:
    edition = Edition.objects.create(
        programme=programme,
        label=data.label,
        status=Edition.Status.PUBLISHED,
        applications_open_at=data.opens,
        applications_close_at=data.deadline,
        capacity=data.capacity,
        selection_mode=data.selection_mode,
        fee_cents=data.fee_cents,
        fee_note_de=data.fee_note_de,
        fee_note_en=data.fee_note_en,
        credit_points=data.credit_points,
        language=data.language,
        certificate_rule=data.certificate_rule,
    )
    edition.full_clean()
    Session.objects.bulk_create(
        Session(
            edition=edition,
            title_de=s.title_de,
            title_en=s.title_en,
            starts_at=content.at(s.day, s.start),
            ends_at=content.at(s.day, s.end),
            place=s.place,
            online_url=s.online_url,
        )
        for s in data.sessions
    )
    for session in edition.sessions.all():
        reminders_schedule(session=session)
    lottery_schedule(edition=edition)
    audiences = Audience.objects.in_bulk(list(data.audiences), field_name="slug")
    EditionAudience.objects.bulk_create(
        EditionAudience(
            edition=edition,
            audience=audiences[slug],
            quota=quota,
            **content.ELIGIBILITY.get(slug, {}),
        )
        for slug, quota in data.audiences.items()
    )
    Question.objects.bulk_create(
        Question(
            edition=edition,
            position=position,
            kind=q.kind,
            label_de=q.label_de,
            label_en=q.label_en,
            required=q.required,
            choices=q.choices,
        )
        for position, q in enumerate(data.questions)
    )
    Assessment.objects.bulk_create(
        Assessment(
            edition=edition,
            position=position,
            kind=a.kind,
            name_de=a.name_de,
            name_en=a.name_en,
            credit_points=a.credit_points,
        )
        for position, a in enumerate(data.assessments)
    )


def _programme_load(data: content.ProgrammeData) -> None:
    institutions = Institution.objects.in_bulk(
        [data.institution, *data.partners], field_name="slug"
    )
    programme, _created = Programme.objects.update_or_create(
        slug=data.slug,
        defaults={
            "institution": institutions[data.institution],
            "format": data.format,
            "title_de": data.title_de,
            "title_en": data.title_en,
            "summary_de": data.summary_de,
            "summary_en": data.summary_en,
            "description_de": data.description_de,
            "description_en": data.description_en,
        },
    )
    programme.partners.set([institutions[slug] for slug in data.partners])
    programme.topics.set(Topic.objects.filter(slug__in=data.topics))
    existing_labels = set(programme.editions.values_list("label", flat=True))
    if not existing_labels:
        for edition in data.editions:
            _edition_create(programme, edition)
    for document in data.documents:
        if not programme.documents.filter(file__endswith=document.filename).exists():
            Document.objects.create(
                programme=programme,
                title_de=document.title_de,
                title_en=document.title_en,
                language=document.language,
                file=ContentFile(
                    flyer_pdf(heading=document.heading, lines=document.lines),
                    name=document.filename,
                ),
            )


def _demo_people() -> None:
    """An organiser and an owner of UniverCity Bochum, a check-in helper and a participant;
    all sign in by e-mail code (in development printed in the terminal that runs `make
    run`), the owner and the organiser then with the demo's authenticator code."""
    organiser, _created = User.objects.get_or_create(
        email=DEMO_ORGANISER_EMAIL,
        defaults={"first_name": "Olga", "last_name": "Organisatorin"},
    )
    Membership.objects.get_or_create(
        user=organiser,
        institution=Institution.objects.get(slug="univercity-bochum"),
        defaults={"role": Membership.Role.ORGANISER},
    )
    owner, _created = User.objects.get_or_create(
        email=DEMO_OWNER_EMAIL, defaults={"first_name": "Otto", "last_name": "Owner"}
    )
    Membership.objects.get_or_create(
        user=owner,
        institution=Institution.objects.get(slug="univercity-bochum"),
        defaults={"role": Membership.Role.OWNER},
    )
    for person in (organiser, owner, *User.objects.filter(email=DEMO_ADMIN_EMAIL)):
        if not Authenticator.objects.filter(user=person, type=Authenticator.Type.TOTP).exists():
            TOTP.activate(person, DEMO_TOTP_SECRET)
    User.objects.get_or_create(
        email=DEMO_PARTICIPANT_EMAIL,
        defaults={"first_name": "Paula", "last_name": "Teilnehmerin", "preferred_language": "de"},
    )
    helper, _created = User.objects.get_or_create(
        email=DEMO_HELPER_EMAIL, defaults={"first_name": "Hanna", "last_name": "Helferin"}
    )
    Membership.objects.get_or_create(
        user=helper,
        institution=Institution.objects.get(slug="univercity-bochum"),
        defaults={"role": Membership.Role.CHECKIN},
    )
    staff = (DEMO_ADMIN_EMAIL, DEMO_ORGANISER_EMAIL, DEMO_OWNER_EMAIL, DEMO_HELPER_EMAIL)
    for email in (*staff, DEMO_PARTICIPANT_EMAIL):
        EmailAddress.objects.get_or_create(
            email=email,
            defaults={"user": User.objects.get(email=email), "verified": True, "primary": True},
        )


def demo_load(*, today: date) -> int:
    """Load everything; returns the number of programmes in the demo."""
    programmes = content.programmes(today)
    with transaction.atomic():
        _reference_data()
        for data in programmes:
            _programme_load(data)
        if not User.objects.filter(email=DEMO_ADMIN_EMAIL).exists():
            User.objects.create_superuser(
                email=DEMO_ADMIN_EMAIL,
                password=None,  # signs in like all staff: a code by e-mail, then the app
                first_name="Demo",
                last_name="Administrator",
            )
        _demo_people()
        catalogue_changed(programme_ids=Programme.objects.values_list("pk", flat=True))
    _demo_applications()
    _demo_certificates()
    return len(programmes)


DEMO_APPLICANTS = [
    # (e-mail, name, audience, organisation)
    (DEMO_PARTICIPANT_EMAIL, "Paula Teilnehmerin", "researchers", "Ruhr-Universität Bochum"),
    ("jonas.klein@bochum.de", "Jonas Klein", "city-staff", "Stadt Bochum, Umweltamt"),
    ("aylin.demir@example.org", "Aylin Demir", "transfer", "Transferagentur Ruhr"),
]


def _demo_applications() -> None:
    """A few applications to the open Bochum edition, each through the real service (so
    each is logged and its e-mail queued). Skipped for people who applied before."""
    edition = (
        Edition.objects.filter(
            programme__slug="wissen-gemeinsam-gestalten",
            selection_mode=Edition.SelectionMode.FIRST_COME,
        )
        .order_by("-applications_open_at")
        .first()
    )
    if edition is None:
        return
    # The demo check-in helper works the desk of this edition.
    CheckinHelper.objects.get_or_create(
        edition=edition, user=User.objects.get(email=DEMO_HELPER_EMAIL)
    )
    audiences = Audience.objects.in_bulk(field_name="slug")
    for email, name, audience, organisation in DEMO_APPLICANTS:
        person, _created = User.objects.get_or_create(email=email)
        if Application.objects.filter(edition=edition, applicant=person).exists():
            continue
        try:
            application_submit(
                edition=edition,
                applicant=person,
                data=ApplicationInput(
                    full_name=name,
                    email=email,
                    consent=True,
                    audience_id=audiences[audience].pk,
                    organisation=organisation,
                ),
            )
        except EnrolmentError:
            continue  # the window closed since the demo was first loaded


# The 2025/26 cohort of the Bochum programme, as it might have gone: five days, each closed.
# (e-mail, name as written, language, audience, attendance of the five days)
PAST_COHORT = [
    (DEMO_PARTICIPANT_EMAIL, "Paula Teilnehmerin", "de", "researchers", "PPLPP"),
    ("zoe.lukasiewicz@example.org", "Zoë Łukasiewicz-Öztürk", "de", "transfer", "PPAPP"),
    ("minh.khai@example.org", "Nguyễn Thị Minh Khai", "en", "researchers", "PPPPP"),
    ("jonas.klein@bochum.de", "Jonas Klein", "de", "city-staff", "PEAPL"),
    ("lea.hoffmann@bochum.de", "Lea Hoffmann", "de", "city-staff", "LPPPA"),
    ("marek.nowak@example.org", "Marek Nowak", "en", "cooperation-interested", "PPPPP"),
    ("fatma.yilmaz@example.org", "Fatma Yılmaz", "de", "transfer", "PPPAA"),
    ("soren.madsen@example.org", "Søren Madsen", "en", "cooperation-interested", "PLPPP"),
]
_STATUS = {"P": "present", "L": "late", "E": "excused", "A": "absent"}


def _demo_certificates() -> None:
    """The past cohort with its attendance, and certificates for those who met the rule,
    issued through the real service (PDF, signed credential, e-mail). Skipped where done."""
    edition = Edition.objects.filter(
        programme__slug="wissen-gemeinsam-gestalten", label="2025/26"
    ).first()
    if edition is None:
        return
    organiser = User.objects.get(email=DEMO_ORGANISER_EMAIL)
    sessions = list(edition.sessions.order_by("starts_at"))
    audiences = Audience.objects.in_bulk(field_name="slug")
    with transaction.atomic():
        for email, name, language, audience, days in PAST_COHORT:
            person, _created = User.objects.get_or_create(
                email=email, defaults={"preferred_language": language}
            )
            submitted = sessions[0].starts_at - timedelta(days=60)
            application, created = Application.objects.get_or_create(
                edition=edition,
                applicant=person,
                defaults={
                    "full_name": name,
                    "email": email,
                    "audience": audiences[audience],
                    "state": Application.State.ACCEPTED,
                    "consented_at": submitted,
                    "submitted_at": submitted,
                    "state_changed_at": submitted,
                },
            )
            if created:
                checkin_pass_add(application=application, now=submitted)
            Attendance.objects.bulk_create(
                [
                    Attendance(
                        application=application,
                        session=session,
                        status=_STATUS[letter],
                        method=AttendanceMethod.DESK,
                        recorded_by=organiser,
                        recorded_at=session.starts_at,
                    )
                    for session, letter in zip(sessions, days, strict=True)
                ],
                ignore_conflicts=True,
            )
        for session in sessions:
            SessionClosing.objects.get_or_create(
                session=session, defaults={"closed_at": session.ends_at, "closed_by": organiser}
            )
    for application in Application.objects.filter(
        edition=edition, state=Application.State.ACCEPTED, certificate__isnull=True
    ):
        try:
            certificate_issue(application=application, actor=organiser)
        except CertificateError as error:
            if error.code == "signing_key_missing":
                return  # production without keys: the cohort stays without certificates
