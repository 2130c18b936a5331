import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lifelong.catalogue.models import Edition, Programme
from tests.factories import (
    berlin,
    make_audience,
    make_catalogue_in_bulk,
    make_edition,
    make_institution,
    make_programme,
    make_topic,
)

pytestmark = pytest.mark.django_db
NOW = berlin(2029, 11, 1, 12)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def titles(response) -> list[str]:
    return [programme.title for programme, _edition in response.context["cards"]]


def test_it_lists_programmes_with_a_published_edition_only(client):
    shown = make_edition(make_programme(title_en="Visible")).programme
    make_edition(make_programme(title_en="Drafted"), status=Edition.Status.DRAFT)
    make_programme(title_en="Without editions")
    response = client.get("/en/")
    assert response.status_code == 200
    assert titles(response) == [shown.title]


def test_it_searches_both_languages_without_accents_or_case(client):
    make_edition(make_programme(title_de="Nachhaltigkeit im Studium", title_en="Sustainability"))
    make_edition(make_programme(title_de="Führung", title_en="Leadership"))
    assert titles(client.get("/en/", {"q": "nachhaltig"})) == ["Sustainability"]
    assert titles(client.get("/en/", {"q": "FUHRUNG"})) == ["Leadership"]
    assert titles(client.get("/de/", {"q": "leadership"})) == ["Führung"]


def test_it_needs_every_search_word_to_match(client):
    make_edition(make_programme(title_en="Data literacy for students"))
    make_edition(make_programme(title_en="Data science for professionals"))
    assert titles(client.get("/en/", {"q": "data students"})) == ["Data literacy for students"]


def test_it_finds_programmes_by_institution_and_topic_names(client):
    tu = make_institution(name_de="Technische Universität Dortmund", name_en="TU Dortmund")
    topic = make_topic(name_de="Datenkompetenz", name_en="Data literacy")
    programme = make_programme(institution=tu, title_en="Course A")
    programme.topics.add(topic)
    make_edition(programme)
    make_edition(make_programme(title_en="Course B"))
    assert titles(client.get("/en/", {"q": "universitat dortmund"})) == ["Course A"]
    assert titles(client.get("/en/", {"q": "datenkompetenz"})) == ["Course A"]


def test_it_filters_by_institution_including_partners(client):
    home, partner = make_institution(slug="home"), make_institution(slug="partner")
    own = make_programme(institution=home, title_en="Own")
    shared = make_programme(title_en="Shared")
    shared.partners.add(partner)
    make_edition(own)
    make_edition(shared)
    assert titles(client.get("/en/", {"institution": "home"})) == ["Own"]
    assert titles(client.get("/en/", {"institution": "partner"})) == ["Shared"]


def test_it_filters_by_audience_topic_format_language_and_price(client):
    seniors = make_audience(slug="seniors")
    topic = make_topic(slug="data")
    match = make_programme(title_en="Match", format=Programme.Format.STUDY_PROGRAMME)
    match.topics.add(topic)
    make_edition(match, audiences={seniors: None}, language="en", fee_cents=10000)
    make_edition(make_programme(title_en="Other"), language="de", fee_cents=0)
    for query in (
        {"audience": "seniors"},
        {"topic": "data"},
        {"format": "study_programme"},
        {"language": "en"},
        {"price": "paid"},
    ):
        assert titles(client.get("/en/", query)) == ["Match"], query
    assert titles(client.get("/en/", {"price": "free"})) == ["Other"]


def test_it_filters_by_the_month_an_edition_starts_in(client):
    make_edition(make_programme(title_en="March"), first_session=berlin(2030, 3, 2, 10))
    make_edition(make_programme(title_en="May"), first_session=berlin(2030, 5, 2, 10))
    response = client.get("/en/", {"month": "2030-05"})
    assert titles(response) == ["May"]
    assert ("2030-03", "March 2030") in response.context["form"].fields["month"].choices


def test_it_ignores_unknown_filter_values_instead_of_failing(client):
    make_edition(make_programme(title_en="Anything"))
    response = client.get(
        "/en/", {"institution": "nope", "month": "13-2030", "sort": "x", "page": "abc"}
    )
    assert response.status_code == 200
    assert titles(response) == ["Anything"]


def test_it_sorts_by_next_start_deadline_and_title(client):
    make_edition(
        make_programme(title_en="Zebra"),
        first_session=berlin(2030, 1, 10, 9),
        applications_close_at=berlin(2029, 12, 20),
    )
    make_edition(
        make_programme(title_en="Alpha"),
        first_session=berlin(2030, 6, 10, 9),
        applications_open_at=berlin(2029, 10, 1),
        applications_close_at=berlin(2029, 12, 1),
    )
    assert titles(client.get("/en/")) == ["Zebra", "Alpha"]
    assert titles(client.get("/en/", {"sort": "deadline"})) == ["Alpha", "Zebra"]
    assert titles(client.get("/en/", {"sort": "title"})) == ["Alpha", "Zebra"]


def test_it_ranks_title_matches_first_when_searching(client):
    make_edition(make_programme(title_en="Leadership basics"), first_session=berlin(2030, 6, 1, 9))
    make_edition(
        make_programme(title_en="Management", summary_en="On leadership too"),
        first_session=berlin(2030, 1, 1, 9),
    )
    assert titles(client.get("/en/", {"q": "leadership"})) == ["Leadership basics", "Management"]


def test_it_paginates_twenty_per_page(client):
    make_catalogue_in_bulk(45)
    first = client.get("/en/")
    last = client.get("/en/", {"page": 3})
    assert len(first.context["cards"]) == 20
    assert len(last.context["cards"]) == 5
    assert 'rel="next"' in first.content.decode()


@pytest.mark.parametrize("size", [10, 500])
def test_it_runs_a_constant_number_of_queries_whatever_the_size(client, size, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    make_catalogue_in_bulk(size)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/en/", {"q": "bulk", "sort": "deadline"})
    assert response.status_code == 200
    assert len(response.context["cards"]) == min(size, 20)
    assert len(queries) == EXPECTED_LIST_QUERIES


# count, page, topics, editions, institutions, audiences, topics (options), months
EXPECTED_LIST_QUERIES = 8
