"""The records of processing activities (Art. 30 GDPR) of one institution, for its
data-protection officer: one row per activity, its retention generated from the periods in
force (`catalogue.privacy.retention_periods`), as the privacy notice prints them."""

import csv
import io
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django_stubs_ext import StrOrPromise

from lifelong.catalogue.models import Institution
from lifelong.catalogue.privacy import RetentionPeriods, institution_party, retention_periods
from lifelong.lib.spreadsheets import spreadsheet_cell

PARTICIPANTS = gettext_lazy("applicants and participants")
STAFF = gettext_lazy("the institution's staff (organisers, check-in helpers)")
VISITORS = gettext_lazy("visitors of the site")


@dataclass(frozen=True)
class Activity:
    key: str
    name: StrOrPromise
    purpose: StrOrPromise
    legal_basis: StrOrPromise
    subjects: tuple[StrOrPromise, ...]
    data: StrOrPromise
    recipients: StrOrPromise


ACTIVITIES = (
    Activity(
        "applications",
        gettext_lazy("Applications and selection"),
        gettext_lazy("deciding on places, the waiting list, offers of freed places"),
        gettext_lazy("Art. 6(1)(b) GDPR"),
        (PARTICIPANTS,),
        gettext_lazy(
            "name, e-mail address, organisation, target group, answers, date of birth (only "
            "with a minimum age), confirmation of being a student, state of the application"
        ),
        gettext_lazy("the institution's organisers; the site operator as processor"),
    ),
    Activity(
        "attendance",
        gettext_lazy("Attendance"),
        gettext_lazy("running the programme days; whether the certificate's rule is met"),
        gettext_lazy("Art. 6(1)(b) GDPR"),
        (PARTICIPANTS, STAFF),
        gettext_lazy("attendance per day, how and by whom it was recorded"),
        gettext_lazy("organisers and check-in helpers; the site operator as processor"),
    ),
    Activity(
        "certificates",
        gettext_lazy("Certificates"),
        gettext_lazy("certifying participation; verification by those the holder asks"),
        gettext_lazy("Art. 6(1)(b) GDPR"),
        (PARTICIPANTS,),
        gettext_lazy("name, programme, dates, days attended, workload, assessed work passed"),
        gettext_lazy("the holder; whoever the holder gives the code to; organisers"),
    ),
    Activity(
        "emails",
        gettext_lazy("E-mails"),
        gettext_lazy("confirmations, offers, reminders, messages from organisers"),
        gettext_lazy("Art. 6(1)(b) GDPR"),
        (PARTICIPANTS, STAFF),
        gettext_lazy("e-mail address, name, subject, time sent"),
        gettext_lazy("the site operator and its e-mail processor"),
    ),
    Activity(
        "log",
        gettext_lazy("Log of changes"),
        gettext_lazy("a fair, checkable selection; security"),
        gettext_lazy("Art. 6(1)(c) with Art. 5(2) and 32 GDPR; Art. 6(1)(f) GDPR"),
        (PARTICIPANTS, STAFF),
        gettext_lazy("who changed what, when, from what to what, and why"),
        gettext_lazy("the institution's organisers; site administrators"),
    ),
    Activity(
        "accounts",
        gettext_lazy("Accounts, sign-in and server logs"),
        gettext_lazy("signing in; running the site securely"),
        gettext_lazy("Art. 6(1)(b) and (f) GDPR"),
        (PARTICIPANTS, STAFF, VISITORS),
        gettext_lazy("e-mail address, name, language, sessions, IP address, pages requested"),
        gettext_lazy("the site operator (controller for this activity) and its hosting processor"),
    ),
)

MEASURES = gettext_lazy(
    "TLS for every connection; a second factor (authenticator app) for all staff; access per "
    "institution and role, checked on every request; every change logged; data deleted and "
    "log entries pseudonymised by themselves when their period is over; database backups "
    "encrypted at rest by the operator"
)


def _retention(key: str, periods: RetentionPeriods) -> str:
    texts = {
        "applications": ngettext(
            "not accepted: %(months)d month after the last day; date of birth: when "
            "selection is over; accepted: until erasure is asked for",
            "not accepted: %(months)d months after the last day; date of birth: when "
            "selection is over; accepted: until erasure is asked for",
            periods.unaccepted_months,
        )
        % {"months": periods.unaccepted_months},
        "attendance": ngettext(
            "%(months)d month after the certificates were issued or the last day",
            "%(months)d months after the certificates were issued or the last day",
            periods.attendance_months,
        )
        % {"months": periods.attendance_months},
        "certificates": _("kept so they stay verifiable, until erasure is asked for"),
        "emails": _("with the application they belong to"),
        "log": ngettext(
            "pseudonymised after %(years)d year",
            "pseudonymised after %(years)d years",
            periods.log_years,
        )
        % {"years": periods.log_years},
        "accounts": ngettext(
            "sessions and access logs %(days)d day; the account until it is deleted",
            "sessions and access logs %(days)d days; the account until it is deleted",
            periods.access_log_days,
        )
        % {"days": periods.access_log_days},
    }
    return texts[key]


def records_of_processing_csv(*, institution: Institution, language: str) -> bytes:
    """The records as CSV (UTF-8 with BOM; ";" in German, as Excel expects)."""
    periods = retention_periods(institution=institution)
    controller = institution_party(institution)
    header = [
        _("Processing activity"),
        _("Controller"),
        _("Data protection officer"),
        _("Purposes"),
        _("Legal basis"),
        _("Categories of data subjects"),
        _("Categories of personal data"),
        _("Recipients"),
        _("Transfers to third countries"),
        _("Time limits for erasure"),
        _("Technical and organisational measures"),
    ]
    rows = [header]
    for activity in ACTIVITIES:
        rows.append(
            [
                str(activity.name),
                ", ".join([institution.name, *controller.address]),
                ", ".join(controller.dpo),
                str(activity.purpose),
                str(activity.legal_basis),
                ", ".join(str(subject) for subject in activity.subjects),
                str(activity.data),
                str(activity.recipients),
                _("none"),
                _retention(activity.key, periods),
                str(MEASURES),
            ]
        )
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";" if language == "de" else ",")
    writer.writerows([[spreadsheet_cell(cell) for cell in row] for row in rows])
    return out.getvalue().encode("utf-8-sig")
