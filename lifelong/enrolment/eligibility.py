"""Who may apply as a member of an audience. Used by the form (to explain) and by the
service (to enforce), so the rule lives in one place."""

from dataclasses import dataclass
from datetime import date

from lifelong.catalogue.models import EditionAudience
from lifelong.enrolment.errors import EnrolmentError


@dataclass(frozen=True)
class Applicant:
    email: str
    date_of_birth: date | None
    student_confirmed: bool


def age_on(born: date, day: date) -> int:
    had_birthday = (day.month, day.day) >= (born.month, born.day)
    return day.year - born.year - (0 if had_birthday else 1)


def eligibility_check(*, link: EditionAudience, applicant: Applicant, today: date) -> None:
    """Raise the first reason the applicant cannot apply as a member of this audience."""
    domains = link.allowed_domains
    if domains:
        domain = applicant.email.rsplit("@", 1)[-1].lower()
        if not any(domain == d or domain.endswith("." + d) for d in domains):
            raise EnrolmentError("email_domain", domains=", ".join(domains))
    if link.min_age is not None:
        if applicant.date_of_birth is None:
            raise EnrolmentError("date_of_birth_required")
        if age_on(applicant.date_of_birth, today) < link.min_age:
            raise EnrolmentError("too_young", age=link.min_age)
    if link.requires_student_confirmation and not applicant.student_confirmed:
        raise EnrolmentError("student_confirmation_required")
