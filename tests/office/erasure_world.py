"""A person to erase and the world around them, shared by the erasure tests in this process
and by the erasure during a rush on a live server (run as `python -m
tests.office.erasure_world seed|check` on that server's database).

Vera holds an accepted place with attendance in edition A (full, one person waiting), an
open offer in edition B (one person waiting after her), a certificate of edition C, a copy
of her data, and a log entry in which an organiser typed her name."""

import json
import sys
from dataclasses import asdict, dataclass
from datetime import timedelta
from typing import Any

NAME = "Vera Victimova"
EMAIL = "vera.victimova@example.org"
SEARCHED = (EMAIL, NAME, "Victimova")


@dataclass(frozen=True)
class World:
    victim_id: int
    edition_a: int
    edition_b: int
    waiting_a: int  # the application first in line for A
    waiting_b: int  # the application after Vera in line for B
    certificate_code: str


def build(*, capacity_a: int = 2) -> World:
    from django.utils import timezone

    from lifelong.accounts.models import Membership, User
    from lifelong.attendance.models import Attendance, AttendanceMethod
    from lifelong.certificates.models import Certificate, CertificateDocument
    from lifelong.enrolment.services import application_cancel, waitlist_move
    from lifelong.office.data_export import data_export_start
    from tests.enrolment.helpers import apply, make_open_edition, make_user

    victim = User.objects.create_user(
        EMAIL, first_name="Vera", last_name="Victimova", preferred_language="en"
    )
    edition_a = make_open_edition(capacity=capacity_a)
    mine_a = apply(edition_a, victim, full_name=NAME, organisation="Victimova GmbH")
    for number in range(capacity_a - 1):
        apply(edition_a, full_name=f"Other {number}")
    waiting_a = apply(edition_a, full_name="Wanda Waiting")
    assert (mine_a.state, waiting_a.state) == ("accepted", "waitlisted")
    first_day = edition_a.sessions.order_by("starts_at").first()
    assert first_day is not None
    Attendance.objects.create(
        application=mine_a,
        session=first_day,
        status="present",
        method=AttendanceMethod.DESK,
        recorded_at=timezone.now(),
    )

    edition_b = make_open_edition(capacity=1)
    holder = make_user()
    apply(edition_b, holder, full_name="Bert Before")
    waiting_b = apply(edition_b, full_name="Wim After")
    mine_b = apply(edition_b, victim, full_name=NAME)
    organiser = make_user("organiser-b@uni.example")
    Membership.objects.create(
        user=organiser, institution=edition_b.programme.institution, role="organiser"
    )
    waitlist_move(
        application_id=mine_b.pk,
        position=1,
        actor=organiser,
        reason=f"{NAME} ({EMAIL}) asked by phone; Victimova has priority",
    )
    application_cancel(
        application_id=apply_id(edition_b, holder), applicant=holder
    )  # Vera is offered the place
    mine_b.refresh_from_db()
    assert mine_b.state == "offered"

    edition_c = make_open_edition()
    mine_c = apply(edition_c, victim, full_name=NAME)
    certificate = Certificate.objects.create(
        code="LL-VERA-2222-3333",
        edition=edition_c,
        application=mine_c,
        language="en",
        facts={"name": NAME, "programme": {"en": "Data literacy"}},
        issued_at=timezone.now() - timedelta(days=1),
    )
    CertificateDocument.objects.create(certificate=certificate, pdf=b"%PDF-1.7", credential="e.e.e")
    data_export_start(person=victim)
    return World(
        victim_id=victim.pk,
        edition_a=edition_a.pk,
        edition_b=edition_b.pk,
        waiting_a=waiting_a.pk,
        waiting_b=waiting_b.pk,
        certificate_code=certificate.code,
    )


def apply_id(edition: Any, person: Any) -> int:
    from lifelong.enrolment.models import Application

    return int(Application.objects.get(edition=edition, applicant=person).pk)


def text_hits(searched: tuple[str, ...] = SEARCHED) -> set[tuple[str, str, str]]:
    """(table, column, text) wherever a text of `searched` occurs in any column of any
    table, whatever its type (read as text)."""
    from django.db import connection

    hits = set()
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            columns = connection.introspection.get_table_description(cursor, table)
            for column in columns:
                quoted = f"{connection.ops.quote_name(table)}"
                name = connection.ops.quote_name(column.name)
                for text in searched:
                    cursor.execute(
                        f"SELECT COUNT(*) FROM {quoted} "  # noqa: S608 (names from introspection)
                        f"WHERE LOWER(CAST({name} AS TEXT)) LIKE %s",
                        [f"%{text.lower()}%"],
                    )
                    if cursor.fetchone()[0]:
                        hits.add((table, column.name, text))
    return hits


def standing(world: World) -> dict[str, Any]:
    from lifelong.accounts.models import User
    from lifelong.enrolment.models import Application

    return {
        "victim_exists": User.objects.filter(pk=world.victim_id).exists(),
        "waiting_a": Application.objects.get(pk=world.waiting_a).state,
        "waiting_b": Application.objects.get(pk=world.waiting_b).state,
        "places_a": Application.objects.filter(
            edition_id=world.edition_a, state__in=["accepted", "offered"]
        ).count(),
        "hits": sorted(text_hits()),
    }


def _main() -> None:
    from bench.rush import django_setup, sign_in_in_bulk

    django_setup()
    from lifelong.accounts.models import User

    command = sys.argv[1]
    if command == "seed":
        world = build(capacity_a=int(sys.argv[2]))
        others = User.objects.bulk_create(
            User(email=f"rush-{number}@example.org") for number in range(int(sys.argv[3]))
        )
        victim = User.objects.get(pk=world.victim_id)
        keys = sign_in_in_bulk([victim, *others])
        print(json.dumps({"world": asdict(world), "victim_key": keys[0], "keys": keys[1:]}))
    else:
        print(json.dumps(standing(World(**json.loads(sys.argv[2])))))


if __name__ == "__main__":
    _main()
