"""Builders for the back-office tests: the people, and an edition's form as the browser
sends it back."""

import html

from django.utils import timezone
from django.utils.html import strip_tags

from lifelong.accounts.models import Membership, User
from lifelong.catalogue.models import Edition, Institution
from tests.enrolment.helpers import make_staff, make_user


def page(response) -> str:
    """The page's text as a person reads it: entities decoded, whitespace folded."""
    return " ".join(html.unescape(strip_tags(response.content.decode())).split())


def local(moment) -> str:
    """A moment as <input type="datetime-local"> sends it: Berlin time to the minute."""
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def deadline_fields(moment) -> dict[str, str]:
    """A deadline as the edition form shows it: its day, and its time unless it is the end of
    the day."""
    at = timezone.localtime(moment)
    end_of_day = (at.hour, at.minute) == (23, 59)
    return {
        "applications_close_at": at.strftime("%Y-%m-%d"),
        "applications_close_at_time": "" if end_of_day else at.strftime("%H:%M"),
    }


def organiser_of(institution: Institution, email: str | None = None) -> User:
    return make_staff(institution, Membership.Role.ORGANISER, email)


def outsiders(institution: Institution) -> list[User]:
    """Everyone who must not see the institution's back office: an organiser of another
    institution, a check-in helper of this one, a participant."""
    from tests.factories import make_institution

    helper = make_user()
    Membership.objects.create(user=helper, institution=institution, role=Membership.Role.CHECKIN)
    return [organiser_of(make_institution()), helper, make_user()]


def edition_data(edition: Edition, **changes: object) -> dict[str, object]:
    """The edition form filled in with the edition's values, then `changes` (None removes
    a field, as an unticked checkbox is not sent)."""
    data: dict[str, object] = {
        "label": edition.label,
        "language": edition.language,
        "applications_open_at": local(edition.applications_open_at),
        **deadline_fields(edition.applications_close_at),
        "selection_mode": edition.selection_mode,
        "lottery_at": local(edition.lottery_at) if edition.lottery_at else "",
        "capacity": edition.capacity,
        "offer_hours": edition.offer_hours,
        "fee": f"{edition.fee_cents / 100:.2f}",
        "fee_note_de": edition.fee_note_de,
        "fee_note_en": edition.fee_note_en,
        "credit_points": edition.credit_points or "",
    }
    if edition.waiting_list:
        data["waiting_list"] = "on"
    for link in edition.audience_links.all():
        prefix = f"audience-{link.audience_id}"
        data[f"{prefix}-chosen"] = "on"
        data[f"{prefix}-quota"] = link.quota or ""
        data[f"{prefix}-email_domains"] = link.email_domains
        data[f"{prefix}-min_age"] = link.min_age or ""
        if link.requires_student_confirmation:
            data[f"{prefix}-requires_student_confirmation"] = "on"
    data.update(changes)
    return {name: value for name, value in data.items() if value is not None}
