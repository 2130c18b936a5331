import pytest
from django.contrib import admin

from lifelong.catalogue.models import Institution, Programme
from lifelong.catalogue.services import ProgrammeInput, catalogue_changed, programme_update
from tests.factories import make_edition, make_programme
from tests.office.staff_helpers import organiser_of

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


def test_it_shows_a_change_by_the_organisers_service_at_once(client, programme):
    assert b"Before" in client.get("/en/programmes/p/").content
    programme_update(
        programme=programme,
        data=ProgrammeInput(
            slug="p", title_de=programme.title_de, title_en="After", format=programme.format
        ),
        actor=organiser_of(programme.institution),
    )
    assert b"After" in client.get("/en/programmes/p/").content


class _SavedForm:
    """What the admin's `save_related` needs of a form that was saved."""

    def __init__(self, instance):
        self.instance = instance

    def save_m2m(self):
        pass


def test_it_shows_a_change_by_the_site_administrator_at_once(client, rf, programme):
    institution = programme.institution
    assert client.get("/en/", {"q": "renamed"}).context["page"].paginator.count == 0
    Institution.objects.filter(pk=institution.pk).update(name_en="Renamed Academy")
    request = rf.post("/admin/")
    admin.site._registry[Institution].save_related(
        request, _SavedForm(institution), formsets=[], change=True
    )
    assert client.get("/en/", {"q": "renamed"}).context["page"].paginator.count == 1
    assert b"Renamed Academy" in client.get("/en/programmes/p/").content


def test_it_shows_a_bulk_update_once_the_catalogue_is_told(client, programme):
    client.get("/en/programmes/p/")
    Programme.objects.filter(pk=programme.pk).update(title_en="Quiet")
    assert b"Quiet" not in client.get("/en/programmes/p/").content  # still cached
    catalogue_changed(programme_ids=[programme.pk])
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
