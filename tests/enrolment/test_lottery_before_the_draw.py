"""Before its draw, a lottery edition's places are the draw's alone: applicants are told that
everyone who applies in time has the same chance. Accepting (one or many), putting someone
on the waiting list, offering a freed place and moving someone up the line are refused in
the services with a message that says why, and the pages do not offer them. Rejecting stays
possible. An organiser who must decide by hand changes the selection mode: the log records
it and the people waiting for the selection are told by e-mail."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone, translation

from lifelong.audit.models import AuditEvent
from lifelong.catalogue.models import Edition
from lifelong.enrolment.errors import EnrolmentError
from lifelong.enrolment.models import Application, ApplicationState, Notification
from lifelong.enrolment.services import (
    application_cancel,
    application_decide,
    applications_decide,
    edition_capacity_change,
    lottery_draw,
    waitlist_move,
)
from tests.enrolment.helpers import apply, make_open_edition, make_organiser, make_user, run_tasks
from tests.factories import berlin
from tests.office.staff_helpers import edition_data

S = ApplicationState
pytestmark = pytest.mark.django_db

REFUSAL = "Places in this lottery edition are given by the draw on"


def _lottery_edition(**fields) -> Edition:
    """Deadline 1 December 2030, 18:00, draw 2 December 2030, 10:00 (Berlin); we are in
    November."""
    return make_open_edition(
        selection_mode="lottery",
        applications_open_at=berlin(2030, 11, 1),
        applications_close_at=berlin(2030, 12, 1, 18),
        lottery_at=berlin(2030, 12, 2, 10),
        first_session=berlin(2031, 1, 10, 10),
        **fields,
    )


@pytest.fixture(autouse=True)
def _in_november_2030():
    with time_machine.travel(berlin(2030, 11, 15, 9), tick=False):
        yield


def _state(application: Application) -> str:
    application.refresh_from_db()
    return application.state


def test_it_refuses_to_accept_before_the_draw_and_names_the_draw():
    edition = _lottery_edition(capacity=5)
    ada = apply(edition)
    with pytest.raises(EnrolmentError) as refused:
        application_decide(
            application_id=ada.pk, to_state=S.ACCEPTED, actor=make_organiser(edition)
        )
    assert refused.value.code == "lottery_decides"
    with translation.override("en"):
        assert refused.value.message == (
            f"{REFUSAL} 2 December 2030, 10:00. To accept people by hand, change the "
            "selection mode first."
        )
    assert _state(ada) == S.SUBMITTED
    assert not AuditEvent.objects.filter(action="application.state").exists()


def test_it_refuses_to_put_anyone_on_the_waiting_list_before_the_draw():
    edition = _lottery_edition(capacity=5)
    ada = apply(edition)
    with pytest.raises(EnrolmentError) as refused:
        application_decide(
            application_id=ada.pk, to_state=S.WAITLISTED, actor=make_organiser(edition)
        )
    assert refused.value.code == "lottery_decides"
    assert _state(ada) == S.SUBMITTED


def test_it_refuses_everyone_ticked_for_acceptance_before_the_draw():
    edition = _lottery_edition(capacity=5)
    people = [apply(edition, full_name=name) for name in ("Ada", "Grace", "Alan")]
    with translation.override("en"):  # the reasons come in the reader's language
        result = applications_decide(
            edition=edition,
            application_ids=[a.pk for a in people],
            to_state=S.ACCEPTED,
            actor=make_organiser(edition),
        )
    assert result.decided == []
    assert [(a.full_name, reason.startswith(REFUSAL)) for a, reason in result.refused] == [
        ("Ada", True),
        ("Grace", True),
        ("Alan", True),
    ]
    assert not Application.objects.filter(state=S.ACCEPTED).exists()


def test_it_still_rejects_before_the_draw():
    edition = _lottery_edition(capacity=5)
    ada = apply(edition)
    application_decide(application_id=ada.pk, to_state=S.REJECTED, actor=make_organiser(edition))
    assert _state(ada) == S.REJECTED


def test_it_offers_no_freed_place_and_moves_nobody_up_before_the_draw():
    """A waiting list left from before the edition became a lottery: more places, or a
    place given back, wait for the draw instead of going to the first in line."""
    edition = make_open_edition(capacity=1)
    first, waiting = apply(edition), apply(edition)
    assert (first.state, waiting.state) == (S.ACCEPTED, S.WAITLISTED)
    also_waiting = apply(edition)
    Edition.objects.filter(pk=edition.pk).update(
        selection_mode="lottery",
        applications_close_at=berlin(2030, 12, 1, 18),
        lottery_at=berlin(2030, 12, 2, 10),
    )
    organiser = make_organiser(edition)
    offers = edition_capacity_change(
        edition_id=edition.pk, capacity=3, actor=organiser, reason="A bigger room"
    )
    application_cancel(application_id=first.pk, applicant=first.applicant)
    assert offers == 0
    assert _state(waiting) == S.WAITLISTED
    assert not Application.objects.filter(state=S.OFFERED).exists()
    with pytest.raises(EnrolmentError) as refused:
        waitlist_move(application_id=also_waiting.pk, position=1, actor=organiser, reason="Urgent")
    assert refused.value.code == "lottery_decides"


def test_it_lets_organisers_decide_by_hand_after_the_draw():
    edition = _lottery_edition(capacity=1)
    people = [apply(edition) for _ in range(3)]
    with time_machine.travel(berlin(2030, 12, 2, 10, 1), tick=False):
        lottery_draw(edition_id=edition.pk, seed="fixed")
        waiting = next(a for a in people if _state(a) == S.WAITLISTED)
        organiser = make_organiser(edition)
        edition_capacity_change(edition_id=edition.pk, capacity=3, actor=organiser, reason="")
    assert Application.objects.filter(state=S.OFFERED).count() == 2
    assert _state(waiting) == S.OFFERED


def test_the_applications_page_offers_no_accept_before_the_draw(client):
    edition = _lottery_edition(capacity=5)
    apply(edition, full_name="Ada Lovelace")
    client.force_login(make_organiser(edition))
    page = client.get(f"/en/staff/editions/{edition.pk}/applications/").content.decode()
    assert f"{REFUSAL} 2 December 2030, 10:00." in page
    assert 'value="accept"' not in page
    assert 'value="waitlist"' not in page
    assert 'value="reject"' in page
    german = client.get(f"/de/staff/editions/{edition.pk}/applications/").content.decode()
    assert "Die Plätze dieses Durchgangs vergibt die Verlosung am" in german


def test_a_forced_accept_gets_the_reason_and_no_place(client):
    edition = _lottery_edition(capacity=5)
    ada = apply(edition, full_name="Ada Lovelace")
    client.force_login(make_organiser(edition))
    page = client.post(
        f"/en/staff/editions/{edition.pk}/applications/act/",
        {"application": [ada.pk], "action": "accept", "reason": ""},
        follow=True,
    ).content.decode()
    assert f"Ada Lovelace: {REFUSAL}" in page
    assert _state(ada) == S.SUBMITTED


def test_changing_the_mode_is_logged_and_told_and_then_organisers_decide(client):
    edition = _lottery_edition(capacity=5)
    ada = apply(edition, make_user(preferred_language="en"), full_name="Ada Lovelace")
    grace = apply(edition, make_user(preferred_language="de"), full_name="Grace Hopper")
    run_tasks()  # "we have received your application"
    mail.outbox.clear()
    organiser = make_organiser(edition)
    client.force_login(organiser)

    response = client.post(
        f"/en/staff/editions/{edition.pk}/edit/",
        edition_data(edition, selection_mode="reviewed", lottery_at=""),
    )

    assert response.status_code == 302
    event = AuditEvent.objects.get(action="edition.selection")
    assert (event.from_state, event.to_state, event.data) == ("lottery", "reviewed", {"told": 2})
    assert event.actor == organiser
    log = client.get(f"/en/staff/editions/{edition.pk}/log/").content.decode()
    assert (
        "selection: Lottery after the deadline → Reviewed by the organisers; 2 applicants "
        "told by e-mail"
    ) in log
    run_tasks()
    english, german = sorted(mail.outbox, key=lambda message: message.to[0] != ada.email)
    assert english.subject == f"How the places are given has changed: {edition.programme.title_en}"
    assert "From now on: Reviewed by the organisers." in str(english.body)
    assert german.to == [grace.email]
    assert german.subject.startswith("Die Platzvergabe hat sich geändert")
    assert "Ab jetzt gilt: Auswahl durch das Organisationsteam." in str(german.body)
    application_decide(application_id=ada.pk, to_state=S.ACCEPTED, actor=organiser)
    assert _state(ada) == S.ACCEPTED


def test_each_change_of_mode_is_told(client):
    edition = _lottery_edition(capacity=5)
    apply(edition, make_user(preferred_language="en"))
    client.force_login(make_organiser(edition))
    client.post(
        f"/en/staff/editions/{edition.pk}/edit/",
        edition_data(edition, selection_mode="reviewed", lottery_at=""),
    )
    run_tasks()
    edition.refresh_from_db()
    client.post(
        f"/en/staff/editions/{edition.pk}/edit/",
        edition_data(
            edition,
            selection_mode="lottery",
            lottery_at=timezone.localtime(
                edition.applications_close_at + timedelta(days=1)
            ).strftime("%Y-%m-%dT%H:%M"),
        ),
    )
    run_tasks()
    told = [m for m in mail.outbox if m.subject.startswith("How the places are given")]
    assert len(told) == 2
    assert "The places are drawn by lot on 2 December 2030, 18:00." in str(told[1].body)
    # Both e-mails stay on record (the person's data export lists what they were sent).
    records = Notification.objects.filter(kind="selection")
    assert records.count() == 2 and not records.filter(sent_at=None).exists()


def test_a_change_to_first_come_says_the_organisers_decide_on_earlier_applications(client):
    edition = _lottery_edition(capacity=5)
    apply(edition, make_user(preferred_language="en"))
    apply(edition, make_user(preferred_language="de"))
    run_tasks()
    mail.outbox.clear()
    client.force_login(make_organiser(edition))
    client.post(
        f"/en/staff/editions/{edition.pk}/edit/",
        edition_data(edition, selection_mode="first_come", lottery_at=""),
    )
    run_tasks()
    english, german = sorted(mail.outbox, key=lambda message: message.subject[0] != "H")
    assert "From now on: First come, first served." in str(english.body)
    assert "Your application arrived before the change: the organisers decide on it" in str(
        english.body
    )
    assert "review the applications" not in str(english.body)
    assert "Ihre Bewerbung ist vor der Änderung eingegangen" in str(german.body)


def test_a_change_told_after_the_application_was_decided_is_not_sent(client):
    """Switched to "reviewed" and accepted before the worker ran: the person reads that
    they have a place, not that the organisers will decide."""
    edition = _lottery_edition(capacity=5)
    ada = apply(edition, make_user(preferred_language="en"))
    run_tasks()
    mail.outbox.clear()
    organiser = make_organiser(edition)
    client.force_login(organiser)
    client.post(
        f"/en/staff/editions/{edition.pk}/edit/",
        edition_data(edition, selection_mode="reviewed", lottery_at=""),
    )
    application_decide(application_id=ada.pk, to_state=S.ACCEPTED, actor=organiser)
    run_tasks()
    assert [message.subject.split(":")[0] for message in mail.outbox] == ["Your place is confirmed"]


def test_the_edition_page_says_the_draw_decides_and_offers_no_move(client):
    edition = make_open_edition(capacity=1)
    apply(edition)
    apply(edition, full_name="Grace Hopper")  # waitlisted while first come, first served
    Edition.objects.filter(pk=edition.pk).update(
        selection_mode="lottery",
        applications_close_at=berlin(2030, 12, 1, 18),
        lottery_at=berlin(2030, 12, 2, 10),
    )
    client.force_login(make_organiser(edition))
    page = client.get(f"/en/staff/editions/{edition.pk}/").content.decode()
    assert "Until then, only the draw gives places" in page
    assert "Grace Hopper" in page
    assert "/move/" not in page


def test_a_mode_changed_in_the_admin_is_logged_and_told_too(rf):
    from types import SimpleNamespace

    from django.contrib import admin

    from lifelong.accounts.models import User

    edition = _lottery_edition(capacity=5)
    apply(edition, make_user(preferred_language="en"))
    Edition.objects.filter(pk=edition.pk).update(selection_mode="reviewed", lottery_at=None)
    edition.refresh_from_db()
    request = rf.post("/admin/")
    request.user = User.objects.create_superuser(email="root@uni.example", password=None)
    form = SimpleNamespace(
        instance=edition,
        changed_data=["selection_mode", "lottery_at"],
        initial={"selection_mode": "lottery"},
        save_m2m=lambda: None,
    )
    admin.site._registry[Edition].save_related(request, form, formsets=[], change=True)
    event = AuditEvent.objects.get(action="edition.selection")
    assert (event.from_state, event.to_state, event.data) == ("lottery", "reviewed", {"told": 1})
    run_tasks()
    assert any(m.subject.startswith("How the places are given") for m in mail.outbox)
