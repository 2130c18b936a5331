"""The authorization matrix: every address of the site × every role → allowed or denied.

`MATRIX` is the one table of who may use what. Each address is requested once per role, with
the objects of institution A's edition (its session, a participant's application and
certificate, …); each request runs in a savepoint that is undone afterwards, so a role that
may delete something does not take it away from the next one.

Allowed: a page, a file or a redirect onwards (or a clear 400 for the empty form posted).
Denied: 404 or 403 (another institution's object looks like no object at all), or, for a
visitor, the way to the sign-in page. A server error, a wrong method (405) or being sent to
set up a second factor fails the test: the table would be testing the wrong thing.

A new address without a row here fails `test_every_address_of_the_site_has_a_row`.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from lifelong.accounts.invitations import invitation_token
from lifelong.accounts.models import Membership
from lifelong.attendance.codes import room_code
from lifelong.enrolment.offer_links import offer_link_token
from tests.site_world import (
    ADMIN,
    HELPER_A,
    ORGANISER_A,
    ORGANISER_B,
    OWNER_A,
    PARTICIPANT,
    ROLES,
    VISITOR,
    World,
    build_world,
)

pytestmark = pytest.mark.django_db

# --- who is allowed -------------------------------------------------------------------------

EVERYONE = frozenset(ROLES)
SIGNED_IN = EVERYONE - {VISITOR}
HOLDER = frozenset({PARTICIPANT})  # the participant's own application or certificate
STAFF_OF_A = frozenset({HELPER_A, ORGANISER_A, OWNER_A, ADMIN})  # attendance of the edition
ORGANISERS_OF_A = frozenset({ORGANISER_A, OWNER_A, ADMIN})  # everything else of the edition
OWNERS_OF_A = frozenset({OWNER_A, ADMIN})  # the institution's staff
ORGANISERS = frozenset({ORGANISER_A, OWNER_A, ORGANISER_B, ADMIN})  # their own lists
ANY_STAFF = ORGANISERS | {HELPER_A}
ADMIN_ONLY = frozenset({ADMIN})
NOBODY: frozenset[str] = frozenset()  # only a program with a token (tests/test_metrics.py)
# Those who must have an authenticator app (and so have one, with recovery codes).
WITH_AUTHENTICATOR = ORGANISERS


# --- the table ------------------------------------------------------------------------------

Kwargs = Callable[[World], dict[str, Any]]


def _none(world: World) -> dict[str, Any]:
    return {}


def _edition(world: World) -> dict[str, Any]:
    return {"edition_id": world.edition.pk}


def _day(world: World) -> dict[str, Any]:
    return {"session_id": world.day.pk}


def _application(world: World) -> dict[str, Any]:
    return {"application_id": world.application.pk}


def _certificate(world: World) -> dict[str, Any]:
    return {"certificate_id": world.certificate.pk}


def _programme(world: World) -> dict[str, Any]:
    return {"programme_id": world.edition.programme_id}


def _institution(world: World) -> dict[str, Any]:
    return {"institution_id": world.edition.programme.institution_id}


def _slug(world: World) -> str:
    return world.edition.programme.institution.slug


def _membership(world: World) -> dict[str, Any]:
    return {"membership_id": world.membership.pk}


def _day_and_application(world: World) -> dict[str, Any]:
    return {"session_id": world.day.pk, "application_id": world.application.pk}


@dataclass(frozen=True)
class Row:
    name: str
    allowed: frozenset[str]
    kwargs: Kwargs = _none
    method: str = "get"


MATRIX: tuple[Row, ...] = (
    # The public site: the catalogue, verification and the keys behind it.
    Row("healthz", EVERYONE),
    Row("readyz", EVERYONE),
    Row("metrics", NOBODY),
    Row("switch_language", EVERYONE, lambda w: {"code": "en"}),
    Row("privacy", EVERYONE),
    Row("imprint", EVERYONE),
    Row("catalogue:institution_privacy", EVERYONE, lambda w: {"slug": _slug(w)}),
    Row("catalogue:institution_imprint", EVERYONE, lambda w: {"slug": _slug(w)}),
    Row("catalogue:list", EVERYONE),
    Row("catalogue:programme", EVERYONE, lambda w: {"slug": w.edition.programme.slug}),
    Row(
        "catalogue:edition_calendar",
        EVERYONE,
        lambda w: {"slug": w.edition.programme.slug, "edition_id": w.edition.pk},
    ),
    Row(
        "catalogue:document",
        EVERYONE,
        lambda w: {"document_id": w.document.pk, "filename": w.document.filename},
    ),
    Row("verify:form", EVERYONE),
    Row("verify:code", EVERYONE, lambda w: {"code": w.certificate.code}),
    Row("verify:credential", EVERYONE, lambda w: {"code": w.certificate.code}),
    Row("verify_in_language:form", EVERYONE),
    Row("verify_in_language:code", EVERYONE, lambda w: {"code": w.certificate.code}),
    Row("verify_in_language:credential", EVERYONE, lambda w: {"code": w.certificate.code}),
    Row("verify:jwks", EVERYONE),
    Row("verify:did", EVERYONE),
    Row("verify:status_list", EVERYONE, lambda w: {"number": 1}),
    # A link that stands in for a login: whoever holds it may see that one offer.
    Row("enrolment:offer", EVERYONE, lambda w: {"token": offer_link_token(w.application)}),
    # The room's QR code: anyone signed in may scan (who has no place is told so).
    Row(
        "self_checkin",
        SIGNED_IN,
        lambda w: {"code": room_code(session_id=w.day.pk, at=timezone.now())},
    ),
    Row("self_checkin_pending", SIGNED_IN),
    # The participant's own pages.
    Row("enrolment:apply", SIGNED_IN, _edition),
    Row("office:my_programmes", SIGNED_IN),
    Row("office:my_language", SIGNED_IN, method="post"),
    Row("office:my_account", SIGNED_IN),
    Row("office:my_name", SIGNED_IN, method="post"),
    Row("office:my_data_request", SIGNED_IN, method="post"),
    Row("office:my_data", HOLDER, lambda w: {"export_id": w.export.pk}),
    Row("office:my_data_progress", HOLDER, lambda w: {"export_id": w.export.pk}),
    Row("office:my_data_download", HOLDER, lambda w: {"export_id": w.export.pk}),
    Row("office:my_erase", SIGNED_IN),
    Row("office:erased", EVERYONE),
    Row("office:staff_erase", ADMIN_ONLY),
    # Failed background tasks: their arguments and errors span every institution.
    Row("office:task_failures", ADMIN_ONLY),
    Row("office:task_failure_retry", ADMIN_ONLY, lambda w: {"failure_id": w.failure.pk}, "post"),
    Row("office:task_failure_dismiss", ADMIN_ONLY, lambda w: {"failure_id": w.failure.pk}, "post"),
    Row(
        "enrolment:application_action",
        HOLDER,
        lambda w: {"application_id": w.application.pk, "action": "cancel"},
        "post",
    ),
    Row("enrolment:new_pass", HOLDER, _application, "post"),
    Row("enrolment:my_calendar", HOLDER, _application),
    Row("certificates:my_pdf", HOLDER, _certificate),
    Row("certificates:my_credential", HOLDER, _certificate),
    # Someone invited: the signed link is the permission; they must be signed in to accept.
    Row("accounts:invitation", SIGNED_IN, lambda w: {"token": invitation_token(w.invitation)}),
    # The back office: lists show each person what is theirs.
    Row("office:home", ANY_STAFF),
    Row("attendance:sessions", ANY_STAFF),
    Row("office:programmes", ORGANISERS),
    # Programmes, editions and sessions of institution A.
    Row("office:programme_new", ORGANISERS),
    Row("office:programme_edit", ORGANISERS_OF_A, _programme),
    Row("office:edition_new", ORGANISERS_OF_A, _programme),
    Row("office:edition_edit", ORGANISERS_OF_A, _edition),
    Row("office:edition_publish", ORGANISERS_OF_A, _edition, "post"),
    Row("office:edition_unpublish", ORGANISERS_OF_A, _edition, "post"),
    Row("office:edition_duplicate", ORGANISERS_OF_A, _edition),
    Row("office:session_new", ORGANISERS_OF_A, _edition),
    Row("office:session_edit", ORGANISERS_OF_A, _day),
    Row("office:session_delete", ORGANISERS_OF_A, _day, "post"),
    # Applications, the waiting list, messages and the log.
    Row("office:edition", ORGANISERS_OF_A, _edition),
    Row("enrolment:staff_applications", ORGANISERS_OF_A, _edition),
    Row("enrolment:staff_applications_act", ORGANISERS_OF_A, _edition, "post"),
    Row("enrolment:staff_log", ORGANISERS_OF_A, _edition),
    Row("enrolment:staff_message", ORGANISERS_OF_A, lambda w: {"message_id": w.message.pk}),
    Row("enrolment:staff_capacity", ORGANISERS_OF_A, _edition, "post"),
    Row(
        "enrolment:staff_decide",
        ORGANISERS_OF_A,
        lambda w: {"application_id": w.application.pk, "decision": "reject"},
        "post",
    ),
    Row("enrolment:staff_waitlist_move", ORGANISERS_OF_A, _application, "post"),
    # Attendance: the check-in helper of the edition too.
    Row("attendance:desk", STAFF_OF_A, _day),
    Row("attendance:desk_pass", STAFF_OF_A, _day, "post"),
    Row(
        "attendance:desk_mark",
        STAFF_OF_A,
        lambda w: {**_day_and_application(w), "action": "present"},
        "post",
    ),
    Row("attendance:room", STAFF_OF_A, _day),
    Row("attendance:room_code", STAFF_OF_A, _day),
    Row("attendance:sheet", STAFF_OF_A, _day),
    Row("attendance:paper", STAFF_OF_A, _day),
    Row("attendance:day", ORGANISERS_OF_A, _day),  # records and who made them
    Row("attendance:correct", ORGANISERS_OF_A, _day_and_application, "post"),
    Row("office:day_close", ORGANISERS_OF_A, _day, "post"),
    Row("attendance:matrix", ORGANISERS_OF_A, _edition),
    Row("attendance:matrix_download", ORGANISERS_OF_A, lambda w: {**_edition(w), "kind": "csv"}),
    # Certificates.
    Row("certificates:edition", ORGANISERS_OF_A, _edition),
    Row("certificates:rule", ORGANISERS_OF_A, _edition),
    Row("certificates:assessments", ORGANISERS_OF_A, _edition),
    Row("certificates:issue_all", ORGANISERS_OF_A, _edition, "post"),
    Row("certificates:assessment", ORGANISERS_OF_A, lambda w: {"assessment_id": w.assessment.pk}),
    Row("certificates:issue_one", ORGANISERS_OF_A, _application, "post"),
    Row("certificates:revoke", ORGANISERS_OF_A, _certificate, "post"),
    Row("certificates:reissue", ORGANISERS_OF_A, _certificate, "post"),
    Row("certificates:pdf", ORGANISERS_OF_A, _certificate),
    # The progress of a background job (here the edition's certificate run).
    Row("office:job_progress", ORGANISERS_OF_A, lambda w: {"job_id": w.run.pk}),
    # Dashboards and exports.
    Row("reports:institution_dashboard", ORGANISERS_OF_A, _institution),
    Row("reports:edition_dashboard", ORGANISERS_OF_A, _edition),
    Row("reports:edition_exports", ORGANISERS_OF_A, _edition),
    Row(
        "reports:edition_export",
        ORGANISERS_OF_A,
        lambda w: {**_edition(w), "kind": "applications", "fmt": "xlsx"},
    ),
    # The institution's staff: its owners.
    Row("office:staff", OWNERS_OF_A, _institution),
    Row("office:records_of_processing", OWNERS_OF_A, _institution),
    # The retention dry run: each organiser sees their own editions' (and a helper none).
    Row("office:retention", ORGANISERS),
    Row("office:staff_invite", OWNERS_OF_A, _institution, "post"),
    Row(
        "office:staff_withdraw",
        OWNERS_OF_A,
        lambda w: {"invitation_id": w.invitation.pk},
        "post",
    ),
    Row("office:staff_role", OWNERS_OF_A, _membership, "post"),
    Row("office:staff_remove", OWNERS_OF_A, _membership, "post"),
    Row("attendance:edition_helpers", ORGANISERS_OF_A, _edition),
    # Signing in (allauth): open to all, or to the signed-in for their own account.
    Row("account_login", EVERYONE),
    Row("account_logout", EVERYONE),
    Row("account_inactive", EVERYONE),
    Row("account_signup", EVERYONE),
    # Confirming who one is again needs a password or an app: participants and check-in
    # helpers sign in with an e-mail code only, so there is nothing to confirm with.
    Row("account_reauthenticate", WITH_AUTHENTICATOR),
    Row("account_email", SIGNED_IN),
    Row("account_email_verification_sent", SIGNED_IN),
    Row("account_change_password", SIGNED_IN),
    Row("account_set_password", SIGNED_IN),
    Row("account_reset_password", EVERYONE),
    Row("account_request_login_code", EVERYONE),
    # Outside a sign-in it leads on: to asking for a code, or to one's own page.
    Row("account_confirm_login_code", EVERYONE),
    Row("account_reset_password_done", EVERYONE),
    Row("account_reset_password_from_key_done", EVERYONE),
    Row(
        "account_reset_password_from_key",
        EVERYONE,
        lambda w: {"uidb36": "1", "key": "not-a-key"},
    ),
    Row("mfa_index", SIGNED_IN),
    Row("mfa_authenticate", SIGNED_IN),
    Row("mfa_reauthenticate", WITH_AUTHENTICATOR),
    Row("mfa_activate_totp", SIGNED_IN),
    Row("mfa_deactivate_totp", WITH_AUTHENTICATOR),
    Row("mfa_view_recovery_codes", WITH_AUTHENTICATOR),
    Row("mfa_generate_recovery_codes", SIGNED_IN),
    Row("mfa_download_recovery_codes", WITH_AUTHENTICATOR),
    # The Django admin (every address under /admin/ is guarded by its own site): a sample.
    Row("admin:index", ADMIN_ONLY),
    Row("admin:accounts_user_changelist", ADMIN_ONLY),
    Row("admin:catalogue_edition_change", ADMIN_ONLY, lambda w: {"object_id": w.edition.pk}),
    Row(
        "admin:enrolment_application_change",
        ADMIN_ONLY,
        lambda w: {"object_id": w.application.pk},
    ),
)


# --- the test --------------------------------------------------------------------------------


def _site_patterns(
    patterns: list[URLPattern | URLResolver], namespace: str = ""
) -> Iterator[tuple[str, str]]:
    """(namespaced name, namespace) of every address of the site."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(part for part in (namespace, pattern.namespace or "") if part)
            yield from _site_patterns(pattern.url_patterns, inner)
        else:
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield name or f"<unnamed in {namespace or 'the site'}: {pattern.pattern}>", namespace


def test_every_address_of_the_site_has_a_row():
    in_table = {row.name for row in MATRIX}
    missing = sorted(
        name
        for name, namespace in _site_patterns(get_resolver().url_patterns)
        # The admin's own addresses answer to its login; the rows above sample them.
        if namespace != "admin" and name not in in_table
    )
    assert missing == [], f"addresses without a row in MATRIX: {missing}"


def test_the_table_names_only_addresses_that_exist():
    names = {name for name, _ in _site_patterns(get_resolver().url_patterns)}
    assert sorted(row.name for row in MATRIX if row.name not in names) == []
    assert len({row.name for row in MATRIX}) == len(MATRIX)


@contextmanager
def _undone_afterwards() -> Iterator[None]:
    """A savepoint rolled back at the end. It is marked like the test's own transaction,
    so that the views' durable transactions (which refuse to nest) still run inside it."""
    block = transaction.Atomic(DEFAULT_DB_ALIAS, savepoint=True, durable=False)
    block._from_testcase = True  # type: ignore[attr-defined]
    with block:
        yield
        transaction.set_rollback(True)
    cache.clear()  # pages cached under a revision number that was rolled back


def _outcome(response: Any) -> str:
    status = response.status_code
    location = response.headers.get("Location", "")
    assert status < 500, "server error"
    assert status != 405, "the row names the wrong method"
    assert "/accounts/2fa/totp/activate/" not in location, "sent to set up a second factor"
    if status in (403, 404):
        return "denied"
    login_pages = (reverse("account_login"), reverse("admin:login"))
    if status in (301, 302) and location.split("?")[0].endswith(login_pages):
        return "denied"
    return "allowed"


@pytest.mark.parametrize("row", MATRIX, ids=lambda row: row.name)
def test_who_may_use_each_address(row: Row):
    world = build_world()
    url = reverse(row.name, kwargs=row.kwargs(world))
    seen = {}
    for role in ROLES:
        with _undone_afterwards():
            client = Client()
            person = world.people[role]
            if person is not None:
                client.force_login(person)
            response = getattr(client, row.method)(url)
            try:
                seen[role] = _outcome(response)
            except AssertionError as error:
                pytest.fail(
                    f"{role} on {row.method.upper()} {url}: {error} ({response.status_code})"
                )
    wrong = {
        role: outcome
        for role, outcome in seen.items()
        if outcome != ("allowed" if role in row.allowed else "denied")
    }
    if wrong:
        pytest.fail(f"{row.method.upper()} {url}, not as the table says for: {wrong}")


def test_the_roles_are_who_they_claim_to_be():
    """The world the matrix runs in: the helper is assigned, the organisers have their
    second factor, and B's organiser really is of another institution."""
    world = build_world()
    institution_a = world.edition.programme.institution_id
    organiser_b = world.people[ORGANISER_B]
    assert organiser_b is not None
    assert not Membership.objects.filter(user=organiser_b, institution_id=institution_a).exists()
    assert world.edition.checkin_helpers.filter(user=world.people[HELPER_A]).exists()
    assert world.certificate.application_id == world.application.pk
    assert world.day.starts_at <= timezone.now() < world.day.ends_at
    assert world.invitation.accepted_at is None
    assert timezone.now() - world.run.created_at < timedelta(minutes=1)
