import json
import re

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lifelong.catalogue.models import Document, Edition
from tests.factories import berlin, make_audience, make_edition, make_institution, make_programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def bochum():
    programme = make_programme(
        slug="wissen",
        title_de="Wissen gemeinsam gestalten",
        title_en="Shaping knowledge",
        institution=make_institution(
            name_de="UniverCity Bochum e.V.", name_en="UniverCity Bochum e.V."
        ),
    )
    edition = make_edition(
        programme,
        label="2025/26",
        first_session=berlin(2025, 10, 7, 13),
        session_count=5,
        applications_open_at=berlin(2025, 6, 1),
        applications_close_at=berlin(2025, 9, 2, 23, 59),
        certificate_rule={"kind": "certificate", "min_sessions": 4},
        audiences={make_audience(name_en="City staff", name_de="Stadtverwaltung"): 10},
    )
    return programme, edition


def page(client, language="en", slug="wissen"):
    with time_machine.travel(berlin(2025, 8, 1, 12), tick=False):
        return client.get(f"/{language}/programmes/{slug}/")


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_it_shows_deadline_fee_places_and_rule_in_english(client, bochum):
    text = text_of(page(client, "en"))
    assert "Applications close on 2 September 2025" in text
    assert "Free of charge" in text
    assert "30 places, 30 left" in text
    assert "Certificate for attending at least 4 of 5 days" in text
    assert "City staff" in text


def test_it_shows_deadline_fee_places_and_rule_in_german(client, bochum):
    text = text_of(page(client, "de"))
    assert "Bewerbung möglich bis 02.09.2025" in text
    assert "Kostenfrei" in text
    assert "30 Plätze, 30 frei" in text
    assert "Zertifikat für alle, die an mindestens 4 von 5 Tagen teilgenommen haben" in text


def test_it_lists_sessions_with_weekday_date_and_berlin_time(client, bochum):
    assert "Tue 7 October 2025 13:00–17:00" in text_of(page(client, "en"))
    assert "Di 07.10.2025 13:00–17:00 Uhr" in text_of(page(client, "de"))


def test_it_shows_a_paid_fee_in_the_readers_format(client, bochum):
    _programme, edition = bochum
    Edition.objects.filter(pk=edition.pk).update(fee_cents=250000)
    assert "€2,500.00" in text_of(page(client, "en"))
    assert "2.500,00 €" in text_of(page(client, "de"))


def test_it_falls_back_to_the_other_language_when_a_text_is_missing(client, bochum):
    programme, _edition = bochum
    programme.title_en = ""
    programme.save()
    response = page(client, "en")
    assert '<h1 lang="de">Wissen gemeinsam gestalten</h1>' in response.content.decode()


def test_it_lists_documents_with_their_kind_and_size(client, bochum):
    programme, _edition = bochum
    Document.objects.create(
        programme=programme,
        title_en="Flyer",
        title_de="Flyer",
        language="de",
        file=ContentFile(b"%PDF" + b"x" * 241_000, name="flyer.pdf"),
    )
    text = text_of(page(client, "en"))
    assert "Flyer (PDF, 241 KB, German)" in text


def test_it_serves_a_document_of_a_visible_programme(client, bochum):
    programme, _edition = bochum
    document = Document.objects.create(
        programme=programme,
        title_en="Flyer",
        language="de",
        file=ContentFile(b"%PDF-1.4 demo", name="flyer.pdf"),
    )
    response = client.get(f"/en/documents/{document.pk}/{document.filename}")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 demo"
    assert client.get(f"/en/documents/{document.pk}/other.pdf").status_code == 404


def test_it_embeds_schema_org_course_json_ld(client, bochum):
    content = page(client, "en").content.decode()
    payload = re.search(r'<script type="application/ld\+json">(.*?)</script>', content, re.S)
    assert payload is not None
    data = json.loads(payload.group(1))
    assert data["@type"] == "Course"
    assert data["provider"]["name"] == "UniverCity Bochum e.V."
    instance = data["hasCourseInstance"][0]
    assert instance["@type"] == "CourseInstance"
    assert instance["startDate"] == "2025-10-07T13:00:00+02:00"
    assert instance["offers"]["price"] == "0.00"
    assert instance["courseMode"] == "onsite"


def test_it_escapes_markup_inside_json_ld(client, bochum):
    programme, _edition = bochum
    programme.title_en = "</script><script>alert(1)</script>"
    programme.save()
    content = page(client, "en").content.decode()
    assert "</script><script>alert(1)" not in content


def test_it_answers_404_for_a_programme_without_a_published_edition(client, bochum):
    _programme, edition = bochum
    Edition.objects.filter(pk=edition.pk).update(status=Edition.Status.DRAFT)
    assert page(client).status_code == 404
    assert page(client, slug="does-not-exist").status_code == 404


def test_it_runs_a_fixed_number_of_queries(client, bochum, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    programme, _edition = bochum
    for _ in range(3):
        make_edition(programme, session_count=8)
    with CaptureQueriesContext(connection) as queries:
        assert page(client).status_code == 200
    # programme, partners, topics, documents, editions, sessions, assessments, audiences
    assert len(queries) == 8


@pytest.mark.django_db
def test_it_counts_accepted_and_offered_applications_as_taken_places(client):
    from tests.enrolment.helpers import apply, make_open_edition

    edition = make_open_edition(capacity=3)
    apply(edition)
    page = client.get(f"/en/programmes/{edition.programme.slug}/").content.decode()
    assert "3 places, 2 left" in page
    assert f"/en/editions/{edition.pk}/apply/" in page
