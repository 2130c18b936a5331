"""The organisers' programme pages: the list of their programmes and editions, a new
programme, changing one; refused input changes nothing; nobody else gets in."""

import html
import re

import pytest

from lifelong.accounts.models import Membership
from lifelong.audit.models import AuditEvent
from lifelong.catalogue.models import Edition, Programme
from tests.enrolment.helpers import make_user
from tests.factories import make_edition, make_institution, make_programme, make_topic
from tests.office.staff_helpers import organiser_of, outsiders, page

pytestmark = pytest.mark.django_db


@pytest.fixture
def institution():
    return make_institution(name_en="UniverCity Bochum")


@pytest.fixture
def organiser(client, institution):
    user = organiser_of(institution)
    client.force_login(user)
    return user


def programme_data(**changes):
    data = {
        "title_de": "Wissen gemeinsam gestalten",
        "title_en": "Shaping knowledge together",
        "slug": "wissen-gemeinsam",
        "format": "certificate_programme",
        "summary_de": "Ein Zertifikatsprogramm",
        "summary_en": "A certificate programme",
        "description_de": "",
        "description_en": "",
    }
    data.update(changes)
    return data


def test_it_lists_my_programmes_with_their_editions(client, organiser, institution):
    programme = make_programme(institution, title_en="Data literacy")
    published = make_edition(programme, label="2025/26")
    draft = make_edition(programme, label="2026/27", status=Edition.Status.DRAFT)
    make_programme(make_institution(), title_en="Someone else's")
    response = client.get("/en/staff/programmes/")
    text = page(response)
    assert "Data literacy" in text
    assert "2025/26 Published" in text and "2026/27 Draft" in text
    assert "Someone else's" not in text
    content = response.content.decode()
    assert f"/en/staff/editions/{published.pk}/" in content  # the applications page
    assert f"/en/staff/editions/{draft.pk}/edit/" in content
    assert f"/en/staff/programmes/{programme.pk}/editions/new/" in content
    assert f"/en/programmes/{programme.slug}/" in content
    assert client.get("/de/staff/programmes/").status_code == 200


def test_it_creates_a_programme_and_logs_it(client, organiser, institution):
    topic = make_topic(name_en="Participation")
    partner = make_institution(name_en="city2science")
    response = client.post(
        "/en/staff/programmes/new/",
        programme_data(topics=[topic.pk], partners=[partner.pk]),
    )
    programme = Programme.objects.get(slug="wissen-gemeinsam")
    assert response.status_code == 302
    assert response["Location"] == f"/en/staff/programmes/{programme.pk}/editions/new/"
    assert (programme.institution, programme.title_en, programme.format) == (
        institution,
        "Shaping knowledge together",
        "certificate_programme",
    )
    assert list(programme.topics.all()) == [topic]
    assert list(programme.partners.all()) == [partner]
    assert "city2science" in programme.search_text
    event = AuditEvent.objects.get(action="programme.created")
    assert (event.actor, event.subject_id, event.institution_id) == (
        organiser,
        programme.pk,
        institution.pk,
    )


def test_it_makes_the_address_from_the_title_when_none_is_given(client, organiser):
    client.post("/en/staff/programmes/new/", programme_data(slug=""))
    assert Programme.objects.get().slug == "wissen-gemeinsam-gestalten"


def test_it_lets_an_organiser_of_several_institutions_choose_among_them(
    client, organiser, institution
):
    second = make_institution(name_en="Ruhr Innovation Lab")
    Membership.objects.create(user=organiser, institution=second, role="owner")
    foreign = make_institution(name_en="Not mine")
    choices = client.get("/en/staff/programmes/new/").context["form"]["institution"]
    assert {choice.choice_label for choice in choices} == {
        "UniverCity Bochum",
        "Ruhr Innovation Lab",
    }
    client.post("/en/staff/programmes/new/", programme_data(institution=second.pk))
    assert Programme.objects.get().institution == second
    response = client.post(
        "/en/staff/programmes/new/", programme_data(institution=foreign.pk, slug="other")
    )
    assert response.status_code == 422
    assert not Programme.objects.filter(slug="other").exists()


def test_it_refuses_a_short_name_another_programme_has(client, organiser):
    make_programme(make_institution(), slug="wissen-gemeinsam")
    response = client.post("/en/staff/programmes/new/", programme_data())
    assert response.status_code == 422
    assert "Another programme already uses this short name in its address" in page(response)
    assert 'aria-describedby="id_slug_helptext id_slug_error"' in response.content.decode()
    assert Programme.objects.count() == 1


def test_it_refuses_a_programme_without_a_title(client, organiser):
    response = client.post("/en/staff/programmes/new/", programme_data(title_de="", title_en=""))
    assert response.status_code == 422
    assert "Give the title in German or in English." in page(response)
    assert not Programme.objects.exists()


def test_it_counts_a_long_summary_and_refuses_it_whole_instead_of_cutting_it(client, organiser):
    form = client.get("/en/staff/programmes/new/").content.decode()
    area = re.search(r'<textarea[^>]*id="id_summary_en"[^>]*>', form)
    assert area is not None
    assert " maxlength=" not in area.group(0) and 'data-maxlength="400"' in area.group(0)
    summary = ("Learning together. " * 30).strip()  # 569 characters
    response = client.post("/en/staff/programmes/new/", programme_data(summary_en=summary))
    assert response.status_code == 422
    text = html.unescape(response.content.decode())
    assert "Please shorten your text to 400 characters (it has 569)." in text
    assert summary in text
    assert not Programme.objects.exists()


@pytest.mark.parametrize("format_", ["seminar", ""])
def test_it_names_no_database_constraint_in_its_errors(client, organiser, format_):
    response = client.post(
        "/en/staff/programmes/new/", programme_data(title_de="", title_en="", format=format_)
    )
    assert response.status_code == 422
    assert "Constraint" not in page(response)
    assert "Please correct 1 thing:" in page(response)


def test_it_changes_a_programme_and_the_public_page_shows_it(client, organiser, institution):
    programme = make_programme(institution, slug="p", title_en="Before")
    make_edition(programme)
    assert "Before" in page(client.get("/en/programmes/p/"))  # now in the page cache
    response = client.post(
        f"/en/staff/programmes/{programme.pk}/edit/",
        programme_data(slug="p", title_en="After", format="seminar"),
    )
    assert response.status_code == 302
    assert "After" in page(client.get("/en/programmes/p/"))
    event = AuditEvent.objects.get(action="programme.changed")
    assert event.actor == organiser
    assert event.data["title_en"] == ["Before", "After"]


def test_it_shows_the_programme_as_it_is_in_the_form(client, organiser, institution):
    programme = make_programme(institution, slug="data-literacy", title_de="Datenkompetenz")
    form = client.get(f"/en/staff/programmes/{programme.pk}/edit/").content.decode()
    assert 'value="data-literacy"' in form and 'value="Datenkompetenz"' in form
    assert 'lang="de"' in form


def test_it_refuses_to_take_the_address_of_another_programme(client, organiser, institution):
    make_programme(institution, slug="taken")
    programme = make_programme(institution, slug="mine", title_en="Mine")
    response = client.post(
        f"/en/staff/programmes/{programme.pk}/edit/", programme_data(slug="taken")
    )
    assert response.status_code == 422
    programme.refresh_from_db()
    assert (programme.slug, programme.title_en) == ("mine", "Mine")
    assert not AuditEvent.objects.exists()


def test_it_hides_the_programmes_from_everyone_else(client, institution):
    programme = make_programme(institution, slug="mine", title_en="Mine")
    for person in outsiders(institution):
        client.force_login(person)
        assert client.get(f"/en/staff/programmes/{programme.pk}/edit/").status_code == 404
        response = client.post(
            f"/en/staff/programmes/{programme.pk}/edit/", programme_data(slug="mine")
        )
        assert response.status_code == 404
    programme.refresh_from_db()
    assert programme.title_en == "Mine"


def test_it_shows_check_in_helpers_and_participants_no_programme_list(client, institution):
    _other_organiser, helper, participant = outsiders(institution)
    for person in (helper, participant):
        client.force_login(person)
        assert client.get("/en/staff/programmes/").status_code == 404
        assert client.get("/en/staff/programmes/new/").status_code == 404


def test_it_sends_visitors_to_sign_in(client, institution):
    programme = make_programme(institution)
    for url in ("/en/staff/programmes/", f"/en/staff/programmes/{programme.pk}/edit/"):
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


def test_it_asks_an_organiser_without_an_authenticator_app_to_set_one_up(client, institution):
    person = make_user()
    Membership.objects.create(user=person, institution=institution, role="organiser")
    client.force_login(person)
    response = client.get("/en/staff/programmes/")
    assert response.status_code == 302
    assert "totp" in response["Location"]
