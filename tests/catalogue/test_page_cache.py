import pytest

from lifelong.catalogue.models import Programme
from tests.factories import make_edition, make_programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme():
    programme = make_programme(slug="p", title_en="Before")
    make_edition(programme)
    return programme


def test_it_serves_a_cached_page_without_touching_the_catalogue(
    client, programme, django_assert_num_queries
):
    client.get("/en/programmes/p/")
    with django_assert_num_queries(1):  # the revision number, nothing else
        response = client.get("/en/programmes/p/")
    assert b"Before" in response.content


def test_it_shows_a_change_at_once(client, programme):
    assert b"Before" in client.get("/en/programmes/p/").content
    programme.title_en = "After"
    programme.save()
    assert b"After" in client.get("/en/programmes/p/").content


def test_it_shows_a_bulk_update_once_the_revision_moves(client, programme):
    client.get("/en/programmes/p/")
    Programme.objects.filter(pk=programme.pk).update(title_en="Quiet")
    make_edition(programme)  # any catalogue write moves the revision
    assert b"Quiet" in client.get("/en/programmes/p/").content


def test_it_keeps_languages_and_queries_apart(client, programme):
    assert b"Before" in client.get("/en/programmes/p/").content
    assert 'lang="de"' in client.get("/de/programmes/p/").content.decode()
    assert client.get("/en/", {"q": "before"}).context["page"].paginator.count == 1
    assert client.get("/en/", {"q": "nothing"}).context["page"].paginator.count == 0


def test_it_never_caches_for_a_visitor_with_a_session(client, programme, django_assert_num_queries):
    client.cookies["sessionid"] = "abc"
    client.get("/en/programmes/p/")
    client.get("/en/programmes/p/")
    assert client.get("/en/programmes/p/").context is not None  # rendered, not from cache
