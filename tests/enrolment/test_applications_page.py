"""The organisers' applications page: filters, answers, places per group, decisions on
several people at once, a capacity rise from the page, and the log of the edition."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lifelong.audit.models import AuditEvent
from lifelong.enrolment.models import Application, ApplicationState, Question
from tests.attendance.helpers import make_helper
from tests.enrolment.helpers import apply as apply_in
from tests.enrolment.helpers import make_open_edition, make_organiser, make_staff, make_user
from tests.factories import make_audience, make_institution

pytestmark = pytest.mark.django_db
S = ApplicationState


@pytest.fixture
def researchers():
    return make_audience(slug="researchers", name_en="Researchers", name_de="Forschende")


@pytest.fixture
def public():
    return make_audience(slug="public", name_en="Public", name_de="Öffentlichkeit")


@pytest.fixture
def edition(researchers, public):
    return make_open_edition(
        capacity=2, selection_mode="reviewed", audiences={researchers: 1, public: None}
    )


def apply(edition, audience=None, **data):
    """Applies in the given group, or as one of the public."""
    return apply_in(edition, audience=audience or edition.audiences.get(slug="public"), **data)


@pytest.fixture
def organiser(edition, client):
    user = make_organiser(edition)
    client.force_login(user)
    return user


def _names(response) -> list[str]:
    return [application.full_name for application in response.context["page"]]


def test_it_filters_by_state_group_and_name(client, organiser, edition, researchers):
    ana = apply(edition, full_name="Ana Research", audience=researchers)
    ben = apply(edition, full_name="Ben Public")
    Application.objects.filter(pk=ana.pk).update(state=S.WAITLISTED, waitlist_rank=1)
    Application.objects.filter(pk=ben.pk).update(audience=None)
    url = f"/en/staff/editions/{edition.pk}/applications/"
    assert sorted(_names(client.get(url))) == ["Ana Research", "Ben Public"]
    assert _names(client.get(url, {"state": "waitlisted"})) == ["Ana Research"]
    assert _names(client.get(url, {"audience": researchers.pk})) == ["Ana Research"]
    assert _names(client.get(url, {"audience": 0})) == ["Ben Public"]
    assert _names(client.get(url, {"q": "ben"})) == ["Ben Public"]
    # an unknown filter value is ignored, not an error page
    assert client.get(url, {"state": "nonsense", "audience": "x"}).status_code == 200


def test_it_shows_the_answers_by_their_labels(client, organiser, edition):
    question = Question.objects.create(
        edition=edition,
        kind=Question.Kind.SINGLE_CHOICE,
        label_de="Woher?",
        label_en="Where from?",
        choices=[{"key": "web", "de": "Internetseite", "en": "Website"}],
        required=False,
    )
    apply(edition, full_name="Ana", answers={question.key: "web"})
    page = client.get(f"/en/staff/editions/{edition.pk}/applications/").content.decode()
    assert "Where from?" in page
    assert "<dd>Website</dd>" in page


def test_it_shows_places_held_per_group_against_the_quota(client, organiser, edition, researchers):
    first = apply(edition, audience=researchers)
    apply(edition, audience=researchers)
    client.post(
        f"/en/staff/editions/{edition.pk}/applications/act/",
        {"application": [first.pk], "action": "accept"},
    )
    status = client.get(f"/en/staff/editions/{edition.pk}/applications/").context["quota_status"]
    row = next(row for row in status if row.audience_id == researchers.pk)
    assert (row.applied, row.holding, row.quota, row.full) == (2, 1, 1, True)


def test_it_accepts_several_until_the_places_run_out(client, organiser, edition):
    people = [apply(edition, full_name=f"Person {i}") for i in range(5)]
    response = client.post(
        f"/en/staff/editions/{edition.pk}/applications/act/",
        {"application": [p.pk for p in people[:3]], "action": "accept", "reason": "good fit"},
        follow=True,
    )
    states = [Application.objects.get(pk=p.pk).state for p in people]
    assert states == [S.ACCEPTED, S.ACCEPTED, S.SUBMITTED, S.SUBMITTED, S.SUBMITTED]
    page = response.content.decode()
    assert "Saved for 2 people" in page
    assert "Person 2: " in page  # refused, with the reason
    assert AuditEvent.objects.filter(action="application.state", reason="good fit").count() == 2


def test_it_rejects_and_waitlists_several(client, organiser, edition):
    people = [apply(edition) for _ in range(4)]
    act = f"/en/staff/editions/{edition.pk}/applications/act/"
    client.post(act, {"application": [people[0].pk, people[1].pk], "action": "reject"})
    client.post(act, {"application": [people[2].pk, people[3].pk], "action": "waitlist"})
    states = [Application.objects.get(pk=p.pk).state for p in people]
    assert states == [S.REJECTED, S.REJECTED, S.WAITLISTED, S.WAITLISTED]


def test_it_leaves_applications_of_other_editions_alone(client, organiser, edition):
    other = make_open_edition(programme=edition.programme, selection_mode="reviewed")
    stranger = apply_in(other)
    client.post(
        f"/en/staff/editions/{edition.pk}/applications/act/",
        {"application": [stranger.pk], "action": "reject"},
    )
    assert Application.objects.get(pk=stranger.pk).state == S.SUBMITTED


def test_it_explains_a_selection_that_is_missing(client, organiser, edition):
    response = client.post(
        f"/en/staff/editions/{edition.pk}/applications/act/", {"action": "accept"}, follow=True
    )
    assert "Select at least one application." in response.content.decode()


def test_it_raises_capacity_from_the_page_and_keeps_the_filters(client, organiser, edition):
    people = [apply(edition) for _ in range(4)]
    act = f"/en/staff/editions/{edition.pk}/applications/act/"
    client.post(act, {"application": [p.pk for p in people[:2]], "action": "accept"})
    client.post(act, {"application": [p.pk for p in people[2:]], "action": "waitlist"})
    response = client.post(
        f"/en/staff/editions/{edition.pk}/capacity/",
        {
            "capacity": 3,
            "reason": "bigger room",
            "back": "applications",
            "return_query": "state=offered",
        },
    )
    assert response["Location"] == f"/en/staff/editions/{edition.pk}/applications/?state=offered"
    assert Application.objects.filter(edition=edition, state=S.OFFERED).count() == 1


def test_it_shows_the_whole_log_of_the_edition(client, organiser, edition):
    person = apply(edition, full_name="Ana Logged")
    client.post(
        f"/en/staff/editions/{edition.pk}/applications/act/",
        {"application": [person.pk], "action": "reject", "reason": "too late"},
    )
    page = client.get(f"/en/staff/editions/{edition.pk}/log/").content.decode()
    assert "Ana Logged" in page
    assert "too late" in page
    assert organiser.email in page


def test_it_reads_the_page_in_the_same_number_of_queries_for_many(client, organiser, edition):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/en/staff/editions/{edition.pk}/applications/").status_code == 200
        return len(captured)

    for _ in range(3):
        apply(edition)
    queries()  # the session's first back-office request also checks the second factor
    few = queries()
    for _ in range(60):
        apply(edition)
    assert queries() == few


@pytest.mark.parametrize("who", ["other_organiser", "helper", "participant"])
def test_it_hides_the_page_from_everyone_but_the_organisers(client, edition, who):
    person = apply(edition)
    people = {
        "other_organiser": lambda: make_staff(make_institution(), "organiser"),
        "helper": lambda: make_helper(edition),
        "participant": lambda: person.applicant,
    }
    client.force_login(people[who]())
    for url in ("applications/", "log/"):
        assert client.get(f"/en/staff/editions/{edition.pk}/{url}").status_code == 404
    response = client.post(
        f"/en/staff/editions/{edition.pk}/applications/act/",
        {"application": [person.pk], "action": "reject"},
    )
    assert response.status_code == 404
    assert Application.objects.get(pk=person.pk).state == S.SUBMITTED


def test_it_sends_a_visitor_to_sign_in(client, edition):
    response = client.get(f"/en/staff/editions/{edition.pk}/applications/")
    assert response["Location"].startswith("/en/accounts/login/")
    assert make_user()  # nobody was created by looking


@pytest.mark.parametrize(
    ("language", "chosen", "said"),
    [
        ("en", 1, "Saved for 1 person: Person 0"),
        ("en", 2, "Saved for 2 people: Person 0, Person 1"),
        ("de", 1, "Gespeichert für 1 Person: Person 0"),
        ("de", 2, "Gespeichert für 2 Personen: Person 0, Person 1"),
    ],
)
def test_it_counts_the_people_saved_in_the_singular_and_the_plural(
    client, organiser, edition, language, chosen, said
):
    people = [apply(edition, full_name=f"Person {i}") for i in range(chosen)]
    response = client.post(
        f"/{language}/staff/editions/{edition.pk}/applications/act/",
        {"application": [p.pk for p in people], "action": "reject"},
        follow=True,
    )
    assert said in response.content.decode()


@pytest.mark.parametrize(
    ("language", "places", "applications", "said"),
    [
        ("en", 1, 1, ["1 application", "1 of 1 place taken or offered"]),
        ("en", 2, 2, ["2 applications", "2 of 2 places taken or offered"]),
        ("de", 1, 1, ["1 Bewerbung", "1 von 1 Platz vergeben oder angeboten"]),
        ("de", 2, 2, ["2 Bewerbungen", "2 von 2 Plätzen vergeben oder angeboten"]),
    ],
)
def test_it_counts_applications_and_places_in_the_singular_and_the_plural(
    client, language, places, applications, said
):
    edition = make_open_edition(capacity=places)
    for _ in range(applications):
        apply_in(edition)
    client.force_login(make_organiser(edition))
    page = client.get(f"/{language}/staff/editions/{edition.pk}/applications/").content.decode()
    for words in said:
        assert words in page
