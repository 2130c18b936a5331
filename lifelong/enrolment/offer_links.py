"""The signed link in an offer e-mail, which stands in for a login for that one offer."""

from dataclasses import dataclass

from django.core import signing

from lifelong.enrolment.models import Application

OFFER_LINK_SALT = "lifelong.offer"


def offer_link_token(application: Application) -> str:
    """The signed link of an offer e-mail. It names the application and the offer's
    deadline, so it opens that one offer and stops working once the offer is answered,
    lapses or is replaced by a later one (`access.offer_link_open`)."""
    expires = application.offer_expires_at
    return signing.dumps(
        [application.pk, int(expires.timestamp()) if expires else 0], salt=OFFER_LINK_SALT
    )


@dataclass(frozen=True)
class OfferLink:
    application_id: int
    # The deadline of the offer the link was sent for (a timestamp); None in links sent
    # before links named it, which open whatever offer the application has.
    offer_expires: int | None


def offer_link_read(token: str) -> OfferLink | None:
    """What a link says, or None if it is not one of ours."""
    try:
        value = signing.loads(token, salt=OFFER_LINK_SALT)
    except signing.BadSignature:
        return None
    if isinstance(value, int):
        return OfferLink(application_id=value, offer_expires=None)
    if isinstance(value, list) and len(value) == 2 and all(isinstance(v, int) for v in value):
        return OfferLink(application_id=value[0], offer_expires=value[1])
    return None
