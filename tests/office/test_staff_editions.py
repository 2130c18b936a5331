"""The organisers' edition page: a new edition as a draft with its audiences, changing one
(with the number of places through enrolment, which offers new places), publishing and
taking back; every refusal on its field with nothing changed; nobody else gets in."""

from datetime import timedelta
from decimal import Decimal
from unittest import mock

import pytest
from django.utils import timezone

from lifelong.audit.models import AuditEvent
from lifelong.catalogue.errors import CatalogueError
from lifelong.catalogue.models import Edition, EditionAudience
from lifelong.enrolment.errors import EnrolmentError
from lifelong.office.editions import EditionInput, edition_update
from tests.enrolment.helpers import apply, make_open_edition, refreshed
from tests.factories import berlin, make_audience, make_edition, make_programme
from tests.office.staff_helpers import (
    deadline_fields,
    edition_data,
    local,
    organiser_of,
    outsiders,
    page,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def edition():
    """Open for applications since yesterday, deadline in 30 days, three days from day 60."""
    return make_open_edition(label="2026/27", capacity=30)


@pytest.fixture
def organiser(client, edition):
    user = organiser_of(edition.programme.institution)
    client.force_login(user)
    return user


def sign_in_organiser(client, edition):
    user = organiser_of(edition.programme.institution)
    client.force_login(user)
    return user


def edit(client, edition, **changes):
    return client.post(f"/en/staff/editions/{edition.pk}/edit/", edition_data(edition, **changes))


def edition_form_input(edition: Edition, **changes) -> EditionInput:
    values = {
        name: getattr(edition, name)
        for name in (
            "label",
            "applications_open_at",
            "applications_close_at",
            "capacity",
            "language",
            "selection_mode",
            "lottery_at",
            "fee_cents",
            "offer_hours",
            "waiting_list",
            "credit_points",
        )
    }
    return EditionInput(**{**values, **changes})


def unchanged(edition: Edition) -> bool:
    before = {f.attname: getattr(edition, f.attname) for f in Edition._meta.concrete_fields}
    edition.refresh_from_db()
    return before == {f.attname: getattr(edition, f.attname) for f in Edition._meta.concrete_fields}


# --- a new edition -------------------------------------------------------------------------


def test_it_creates_a_draft_edition_with_its_audiences(client):
    programme = make_programme()
    organiser = organiser_of(programme.institution)
    client.force_login(organiser)
    science, city = make_audience(name_en="Science"), make_audience(name_en="City staff")
    response = client.post(
        f"/en/staff/programmes/{programme.pk}/editions/new/",
        {
            "label": "2025/26",
            "language": "de",
            "applications_open_at": "2025-06-01T09:00",
            "applications_close_at": "2025-09-02",
            "applications_close_at_time": "23:59",
            "selection_mode": "reviewed",
            "capacity": "30",
            "waiting_list": "on",
            "offer_hours": "72",
            "fee": "25.50",
            "credit_points": "5",
            f"audience-{science.pk}-chosen": "on",
            f"audience-{science.pk}-quota": "10",
            f"audience-{science.pk}-email_domains": "rub.de; @tu-dortmund.de",
            f"audience-{city.pk}-chosen": "on",
            f"audience-{city.pk}-min_age": "50",
            f"audience-{city.pk}-requires_student_confirmation": "on",
        },
    )
    edition = Edition.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/en/staff/editions/{edition.pk}/edit/#days"
    assert (edition.status, edition.label, edition.capacity, edition.fee_cents) == (
        "draft",
        "2025/26",
        30,
        2550,
    )
    assert edition.selection_mode == "reviewed"
    # Typed in Berlin time; 23:59 is the end of the day (docs/decisions.md, "Dates").
    assert edition.applications_open_at == berlin(2025, 6, 1, 9)
    assert edition.applications_close_at == berlin(2025, 9, 2, 23, 59).replace(second=59)
    links = {link.audience: link for link in EditionAudience.objects.filter(edition=edition)}
    assert (links[science].quota, links[science].email_domains) == (10, "rub.de, tu-dortmund.de")
    assert (links[city].quota, links[city].min_age) == (None, 50)
    assert links[city].requires_student_confirmation
    event = AuditEvent.objects.get(action="edition.created")
    assert (event.actor, event.subject_id, event.to_state) == (organiser, edition.pk, "draft")


def test_it_refuses_an_edition_whose_deadline_comes_before_its_opening(client):
    programme = make_programme()
    client.force_login(organiser_of(programme.institution))
    response = client.post(
        f"/en/staff/programmes/{programme.pk}/editions/new/",
        {
            "label": "2025/26",
            "language": "de",
            "applications_open_at": "2025-09-01T09:00",
            "applications_close_at": "2025-06-01",
            "applications_close_at_time": "09:00",
            "selection_mode": "first_come",
            "capacity": "30",
            "offer_hours": "72",
            "fee": "0",
        },
    )
    assert response.status_code == 422
    text = page(response)
    assert "The deadline must come after the opening." in text
    assert "Please correct 1 thing" in text
    content = response.content.decode()
    assert 'aria-invalid="true" aria-describedby="id_applications_close_at_error"' in content
    assert 'id="id_applications_close_at_error"' in content
    assert not Edition.objects.exists()


# --- changing an edition -------------------------------------------------------------------


def test_it_shows_the_times_in_berlin(client, organiser):
    edition = make_edition(
        make_programme(organiser.memberships.get().institution),
        applications_open_at=berlin(2030, 1, 10, 9),
        applications_close_at=berlin(2030, 7, 1, 12),
    )
    form = client.get(f"/en/staff/editions/{edition.pk}/edit/").content.decode()
    assert 'type="datetime-local" name="applications_open_at" value="2030-01-10T09:00"' in form
    # Summer time: 10:00 UTC; a deadline shows its day, and its time apart.
    assert 'type="date" name="applications_close_at" value="2030-07-01"' in form
    assert 'type="time" name="applications_close_at_time" value="12:00"' in form


def test_it_changes_an_edition_and_logs_what_changed(client, organiser, edition):
    audience = make_audience()
    response = edit(
        client,
        edition,
        label="2026/27 B",
        fee="100.00",
        waiting_list=None,
        **{f"audience-{audience.pk}-chosen": "on", f"audience-{audience.pk}-quota": "5"},
    )
    assert response.status_code == 302
    edition.refresh_from_db()
    assert (edition.label, edition.fee_cents, edition.waiting_list) == ("2026/27 B", 10000, False)
    assert edition.audience_links.get().quota == 5
    event = AuditEvent.objects.get(action="edition.changed")
    assert event.actor == organiser
    assert event.data["label"] == ["2026/27", "2026/27 B"]
    assert event.data["fee_cents"] == [0, 10000]
    assert "applications_open_at" not in event.data  # sent back unchanged, to the second
    log = page(client.get(f"/en/staff/editions/{edition.pk}/log/"))
    assert "changed: label, fee in cents, waiting list, audiences and quotas" in log


def test_it_takes_a_fee_written_the_german_way(client, organiser, edition):
    data = edition_data(edition, fee="25,50", credit_points="7,5")
    response = client.post(f"/de/staff/editions/{edition.pk}/edit/", data)
    assert response.status_code == 302
    edition.refresh_from_db()
    assert (edition.fee_cents, edition.credit_points) == (2550, Decimal("7.5"))


def test_it_refuses_what_the_table_would_refuse_in_words(client, organiser, edition):
    response = edit(client, edition, offer_hours=0, credit_points="-1")
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert set(errors) == {"offer_hours", "credit_points"}
    assert unchanged(edition)


def test_it_refuses_a_deadline_after_the_first_day(client, organiser, edition):
    first_day = edition.sessions.earliest("starts_at").starts_at
    response = edit(client, edition, **deadline_fields(first_day + timedelta(days=1)))
    assert response.status_code == 422
    assert "The deadline must not be later than the first programme day" in page(response)
    assert response.context["form"].errors["applications_close_at"]
    assert unchanged(edition)


def test_it_refuses_a_lottery_drawn_before_the_deadline(client, organiser, edition):
    before_deadline = edition.applications_close_at - timedelta(days=1)
    response = edit(client, edition, selection_mode="lottery", lottery_at=local(before_deadline))
    assert response.status_code == 422
    assert "A lottery edition needs a draw time after the deadline." in page(response)
    assert response.context["form"].errors["lottery_at"]
    assert unchanged(edition)


def test_it_refuses_quotas_that_add_up_to_more_than_the_places(client, organiser, edition):
    first, second = make_audience(), make_audience()
    response = edit(
        client,
        edition,
        capacity=20,
        **{
            f"audience-{first.pk}-chosen": "on",
            f"audience-{first.pk}-quota": "15",
            f"audience-{second.pk}-chosen": "on",
            f"audience-{second.pk}-quota": "10",
        },
    )
    assert response.status_code == 422
    assert "The quotas add up to more than the edition's places (quotas: 25, places: 20)." in page(
        response
    )
    assert unchanged(edition)
    assert not EditionAudience.objects.exists()


def test_it_refuses_fewer_places_than_are_taken(client, organiser, edition):
    apply(edition), apply(edition)
    response = edit(client, edition, capacity=1)
    assert response.status_code == 422
    assert "Places taken or offered: 2. The edition needs at least as many." in page(response)
    assert response.context["form"].errors["capacity"]
    assert unchanged(edition)


def test_it_refuses_a_label_the_programme_has_already(client, organiser, edition):
    make_edition(edition.programme, label="2027/28")
    response = edit(client, edition, label="2027/28")
    assert response.status_code == 422
    assert "This programme already has an edition called “2027/28”." in page(response)
    assert unchanged(edition)


def test_it_keeps_an_audience_people_have_applied_as(client):
    seniors = make_audience(name_en="Seniors")
    edition = make_open_edition(audiences={seniors: None})
    sign_in_organiser(client, edition)
    apply(edition, audience=seniors)
    response = edit(client, edition, **{f"audience-{seniors.pk}-chosen": None})
    assert response.status_code == 422
    assert "People of this group have applied already (1)" in page(response)
    assert edition.audience_links.filter(audience=seniors).exists()


def test_it_raises_the_places_and_offers_them_to_the_waiting_list(client):
    edition = make_open_edition(capacity=1)
    organiser = sign_in_organiser(client, edition)
    apply(edition)
    waiting = apply(edition)
    assert waiting.state == "waitlisted"
    response = edit(client, edition, capacity=2, label="bigger")
    assert response.status_code == 302
    text = page(client.get(response["Location"]))
    assert "Places changed. Offers sent to the waiting list: 1" in text
    edition.refresh_from_db()
    assert (edition.capacity, edition.label) == (2, "bigger")
    assert refreshed(waiting).state == "offered"
    event = AuditEvent.objects.get(action="edition.capacity")
    assert (event.actor, event.from_state, event.to_state) == (organiser, "1", "2")


def test_it_checks_again_when_it_writes(organiser, edition):
    first_day = edition.sessions.earliest("starts_at").starts_at
    form_data = edition_form_input(edition, applications_close_at=first_day + timedelta(hours=1))
    with pytest.raises(CatalogueError) as refused:
        edition_update(edition=edition, data=form_data, actor=organiser)
    assert refused.value.code == "deadline_after_first_session"
    assert unchanged(edition)


def test_it_saves_nothing_when_places_were_taken_before_the_new_number_could_be_saved(
    client, organiser, edition
):
    """Settings, audiences and places are one decision and one transaction: should places be
    taken between the form's check and the write, nothing is saved and the page says why."""
    taken = EnrolmentError("capacity_below_taken", taken=3)
    with mock.patch("lifelong.office.editions.capacity_set", side_effect=taken):
        response = edit(client, edition, capacity=2, label="renamed")
    assert response.status_code == 422
    assert (
        "Nothing was saved: the number of places could not be changed. "
        "Places taken or offered: 3." in page(response)
    )
    edition.refresh_from_db()
    assert (edition.label, edition.capacity) == ("2026/27", 30)
    assert not AuditEvent.objects.filter(action="edition.changed").exists()


def test_it_changes_settings_and_places_together_and_offers_the_new_places(
    client, organiser, edition
):
    edition.waiting_list = True
    edition.save(update_fields=["waiting_list"])
    edition.capacity = 1
    edition.save(update_fields=["capacity"])
    first, waiting = apply(edition), apply(edition)
    assert (first.state, waiting.state) == ("accepted", "waitlisted")
    response = edit(client, edition, capacity=2, label="renamed")
    assert response.status_code == 302
    edition.refresh_from_db()
    waiting.refresh_from_db()
    assert (edition.label, edition.capacity, waiting.state) == ("renamed", 2, "offered")


# --- publishing ----------------------------------------------------------------------------


def test_it_publishes_a_complete_draft_into_the_catalogue(client):
    edition = make_open_edition(status=Edition.Status.DRAFT)
    organiser = sign_in_organiser(client, edition)
    programme = edition.programme
    assert client.get(f"/en/programmes/{programme.slug}/").status_code == 404
    page_before = page(client.get(f"/en/staff/editions/{edition.pk}/edit/"))
    assert "It is ready to be published." in page_before
    response = client.post(f"/en/staff/editions/{edition.pk}/publish/", follow=True)
    assert "Published: the edition is in the catalogue now." in page(response)
    edition.refresh_from_db()
    assert edition.status == "published"
    assert client.get(f"/en/programmes/{programme.slug}/").status_code == 200
    event = AuditEvent.objects.get(action="edition.status")
    assert (event.actor, event.from_state, event.to_state) == (organiser, "draft", "published")


def test_it_publishes_no_edition_without_days(client):
    edition = make_open_edition(status=Edition.Status.DRAFT, session_count=0)
    sign_in_organiser(client, edition)
    assert "Add at least one programme day." in page(
        client.get(f"/en/staff/editions/{edition.pk}/edit/")
    )
    response = client.post(f"/en/staff/editions/{edition.pk}/publish/", follow=True)
    assert "The edition cannot be published yet: Add at least one programme day." in page(response)
    edition.refresh_from_db()
    assert edition.status == "draft"
    assert not AuditEvent.objects.exists()


def test_it_publishes_no_edition_whose_deadline_is_after_its_first_day(client):
    edition = make_open_edition(status=Edition.Status.DRAFT)
    sign_in_organiser(client, edition)
    Edition.objects.filter(pk=edition.pk).update(
        applications_close_at=timezone.now() + timedelta(days=90)
    )
    response = client.post(f"/en/staff/editions/{edition.pk}/publish/", follow=True)
    assert "The deadline must not be later than the first programme day" in page(response)
    edition.refresh_from_db()
    assert edition.status == "draft"


def test_it_takes_an_edition_back_to_a_draft(client, organiser, edition):
    slug = edition.programme.slug
    assert client.get(f"/en/programmes/{slug}/").status_code == 200
    response = client.post(f"/en/staff/editions/{edition.pk}/unpublish/", follow=True)
    assert "The edition is a draft again" in page(response)
    edition.refresh_from_db()
    assert edition.status == "draft"
    assert client.get(f"/en/programmes/{slug}/").status_code == 404
    assert AuditEvent.objects.get(action="edition.status").to_state == "draft"


def test_it_publishes_only_drafts(client, organiser, edition):
    response = client.post(f"/en/staff/editions/{edition.pk}/publish/", follow=True)
    assert "Only a draft can be published." in page(response)


# --- who may -------------------------------------------------------------------------------


def test_it_hides_the_edition_from_everyone_else(client, edition):
    urls = [
        f"/en/staff/editions/{edition.pk}/edit/",
        f"/en/staff/programmes/{edition.programme_id}/editions/new/",
    ]
    for person in outsiders(edition.programme.institution):
        client.force_login(person)
        for url in urls:
            assert client.get(url).status_code == 404
        assert edit(client, edition, label="hacked").status_code == 404
        assert client.post(f"/en/staff/editions/{edition.pk}/unpublish/").status_code == 404
    edition.refresh_from_db()
    assert (edition.label, edition.status) == ("2026/27", "published")


def test_it_sends_visitors_to_sign_in(client, edition):
    response = client.get(f"/en/staff/editions/{edition.pk}/edit/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert client.post(f"/en/staff/editions/{edition.pk}/publish/").status_code == 302
