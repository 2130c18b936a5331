"""schema.org Course / CourseInstance for a programme page, so search engines list it."""

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from lifelong.catalogue.models import Programme
from lifelong.catalogue.selectors import EditionFacts


def _course_mode(facts: EditionFacts) -> str:
    online = any(session.online_url for session in facts.sessions)
    onsite = any(session.place for session in facts.sessions)
    if online and onsite:
        return "blended"
    return "online" if online else "onsite"


def _instance(facts: EditionFacts) -> dict[str, Any]:
    edition = facts.edition
    instance: dict[str, Any] = {
        "@type": "CourseInstance",
        "name": edition.label,
        "courseMode": _course_mode(facts),
        "inLanguage": edition.language,
        "offers": {
            "@type": "Offer",
            "price": f"{edition.fee:.2f}",
            "priceCurrency": "EUR",
            "availability": "https://schema.org/InStock"
            if facts.places_left > 0
            else "https://schema.org/SoldOut",
            "validThrough": timezone.localtime(edition.applications_close_at).isoformat(),
        },
        "maximumAttendeeCapacity": edition.capacity,
    }
    if facts.first_start and facts.last_end:
        instance["startDate"] = timezone.localtime(facts.first_start).isoformat()
        instance["endDate"] = timezone.localtime(facts.last_end).isoformat()
    places = sorted({session.place for session in facts.sessions if session.place})
    if places:
        instance["location"] = [{"@type": "Place", "name": place} for place in places]
    if facts.first_start:
        instance["courseSchedule"] = {
            "@type": "Schedule",
            "repeatCount": len(facts.sessions),
            "startDate": timezone.localtime(facts.first_start).date().isoformat(),
        }
    return instance


def programme_course(
    *, programme: Programme, editions: list[EditionFacts], request: HttpRequest
) -> dict[str, Any]:
    institution = programme.institution
    course: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Course",
        "name": programme.title,
        "description": programme.summary or programme.description[:300],
        "url": request.build_absolute_uri(),
        "provider": {
            "@type": "Organization",
            "name": institution.name,
            **({"sameAs": institution.website} if institution.website else {}),
        },
        "hasCourseInstance": [_instance(facts) for facts in editions if not facts.is_past],
    }
    credit_points = [f.credit_points for f in editions if f.credit_points]
    if credit_points:
        course["numberOfCredits"] = {"@type": "StructuredValue", "value": float(credit_points[0])}
    topics = [topic.name for topic in programme.topics.all()]
    if topics:
        course["about"] = topics
    return course
