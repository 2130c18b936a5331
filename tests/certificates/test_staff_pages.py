"""The organisers' certificate pages: the rule, assessed work and results, where everyone
stands, issuing, progress, revoking; and nobody else gets in."""

import pytest
from django.utils import timezone

from lifelong.accounts.models import Membership
from lifelong.audit.models import AuditEvent
from lifelong.certificates.models import Assessment, AssessmentResult, Certificate
from lifelong.certificates.services import certificate_issue
from lifelong.jobs.models import Job
from tests.attendance.helpers import make_helper
from tests.certificates.helpers import attended, make_certificate_edition, participant
from tests.enrolment.helpers import make_organiser, make_staff, make_user
from tests.factories import make_institution

pytestmark = pytest.mark.django_db


@pytest.fixture
def edition():
    return make_certificate_edition()


@pytest.fixture
def organiser(client, edition):
    user = make_organiser(edition)
    client.force_login(user)
    return user


def text(response) -> str:
    return " ".join(response.content.decode().split())


def test_it_shows_where_everyone_stands_and_why(client, organiser, edition):
    attended(participant(edition, "Ana Full"), ["present"] * 5)
    attended(participant(edition, "Ben Halfway"), ["present", "present"])
    attended(participant(edition, "Cem Gone"), ["absent", "absent"])
    page = text(client.get(f"/en/staff/editions/{edition.pk}/certificates/"))
    assert "Certificate (30 hours) for attending at least 4 of 5 days" in page
    assert "Rule met: 1 · not yet met: 1 · can no longer be met: 1" in page
    assert "2 of 5 days attended, 3 days left, 4 needed" in page
    assert "Issue 1 certificate to everyone who meets the rule" in page


def test_the_standing_shows_a_passed_assessment_with_its_grade(client, organiser, edition):
    paper = Assessment.objects.create(
        edition=edition, kind="exam", name_de="Abschlussprüfung", name_en="Final exam"
    )
    person = attended(participant(edition, "Ana Full"), ["present"] * 5)
    AssessmentResult.objects.create(
        assessment=paper,
        application=person,
        outcome="passed",
        grade="1.3",
        recorded_at=timezone.now(),
    )
    page = text(client.get(f"/en/staff/editions/{edition.pk}/certificates/"))
    assert "Final exam: passed (1.3)" in page
    german = text(client.get(f"/de/staff/editions/{edition.pk}/certificates/"))
    assert "Abschlussprüfung: bestanden (1,3)" in german


def test_the_organiser_changes_the_rule_and_the_required_days(client, organiser, edition):
    first, *_rest = edition.sessions.order_by("starts_at")
    response = client.post(
        f"/en/staff/editions/{edition.pk}/certificates/rule/",
        {
            "kind": "attendance",
            "min_share_percent": "60",
            "count_excused": "on",
            "mandatory": [str(first.pk)],
            "workload_hours": "20",
            "signatory_0_name": "Dr. Miriam Beispiel",
            "signatory_0_role_de": "Vorstand",
            "signatory_0_role_en": "Board",
        },
    )
    assert response.status_code == 302
    edition.refresh_from_db()
    rule = edition.rule
    assert (rule.kind, rule.min_share_percent, rule.count_excused, rule.workload_hours) == (
        "attendance",
        60,
        True,
        20,
    )
    assert rule.signatories[0].name == "Dr. Miriam Beispiel"
    first.refresh_from_db()
    assert first.mandatory
    assert AuditEvent.objects.filter(action="certificate.rule_changed", actor=organiser).exists()
    programme_page = text(client.get(f"/en/programmes/{edition.programme.slug}/"))
    assert "Certificate of attendance (20 hours) for attending at least 3 of 5 days" in (
        programme_page
    )


def test_a_rule_that_makes_no_sense_is_refused_and_nothing_changes(client, organiser, edition):
    before = edition.certificate_rule
    response = client.post(
        f"/en/staff/editions/{edition.pk}/certificates/rule/",
        {
            "kind": "certificate",
            "min_sessions": "3",
            "min_share_percent": "50",
            "signatory_1_role_en": "Board",
        },
    )
    assert response.status_code == 422
    page = text(response)
    assert "Give either a number of sessions or a share, not both." in page
    edition.refresh_from_db()
    assert edition.certificate_rule == before


def test_assessed_work_and_its_results_decide_the_certificate(client, organiser, edition):
    person = attended(participant(edition, "Ana"), ["present"] * 5)
    client.post(
        f"/en/staff/editions/{edition.pk}/certificates/assessments/",
        {
            "kind": "project_paper",
            "name_de": "Projektarbeit",
            "name_en": "project paper",
            "required": "on",
            "position": "0",
        },
    )
    work = Assessment.objects.get()
    page = text(client.get(f"/en/staff/editions/{edition.pk}/certificates/"))
    assert "project paper: no result yet" in page
    response = client.post(
        f"/en/staff/assessments/{work.pk}/",
        {"action": "results", f"o{person.pk}": "passed", f"g{person.pk}": "1,7"},
    )
    assert response.status_code == 302
    result = AssessmentResult.objects.get()
    assert (result.outcome, result.grade, result.recorded_by) == ("passed", "1,7", organiser)
    client.post(f"/en/staff/applications/{person.pk}/certificate/")
    certificate = Certificate.objects.get()
    assert certificate.facts["assessments"] == [
        {"name": {"de": "Projektarbeit", "en": "project paper"}, "grade": "1,7"}
    ]


def test_the_organiser_issues_all_and_follows_the_progress(client, organiser, edition):
    for number in range(3):
        attended(participant(edition, f"P{number}"), ["present"] * 5)
    response = client.post(f"/en/staff/editions/{edition.pk}/certificates/issue/")
    assert response.status_code == 302
    run = Job.objects.get()
    progress = client.get(f"/en/staff/jobs/{run.pk}/progress/").json()
    assert (progress["state"], progress["finished"]) == ("queued", False)
    from tests.enrolment.helpers import run_tasks

    run_tasks()
    progress = client.get(f"/en/staff/jobs/{run.pk}/progress/").json()
    assert (progress["done"], progress["total"], progress["percent"]) == (3, 3, 100)
    assert progress["finished"]


def test_revoking_needs_a_reason(client, organiser, edition):
    person = attended(participant(edition, "Ana"), ["present"] * 5)
    certificate = certificate_issue(application=person, actor=organiser).certificate
    url = f"/en/staff/certificates/{certificate.pk}/revoke/"
    client.post(url, {"category": "other", "reason": " "})
    client.post(url, {"category": "", "reason": "Duplicate"})
    client.post(url, {"category": "made-up", "reason": "Duplicate"})
    certificate.refresh_from_db()
    assert not certificate.is_revoked
    client.post(url, {"category": "reissued", "reason": "Duplicate"})
    certificate.refresh_from_db()
    assert (certificate.revoked_category, certificate.revoked_reason) == ("reissued", "Duplicate")
    assert certificate.revoked_by == organiser
    page = client.get(f"/en/staff/editions/{edition.pk}/certificates/").content.decode()
    assert "Replaced by a re-issued certificate" in page and "Duplicate" in page


def staff_urls(edition, certificate, assessment) -> list[tuple[str, str]]:
    return [
        ("get", f"/en/staff/editions/{edition.pk}/certificates/"),
        ("get", f"/en/staff/editions/{edition.pk}/certificates/rule/"),
        ("get", f"/en/staff/editions/{edition.pk}/certificates/assessments/"),
        ("get", f"/en/staff/assessments/{assessment.pk}/"),
        ("post", f"/en/staff/editions/{edition.pk}/certificates/issue/"),
        ("post", f"/en/staff/applications/{certificate.application_id}/certificate/"),
        ("post", f"/en/staff/certificates/{certificate.pk}/revoke/"),
        ("post", f"/en/staff/certificates/{certificate.pk}/reissue/"),
        ("get", f"/en/staff/certificates/{certificate.pk}.pdf"),
    ]


@pytest.mark.parametrize("who", ["other_organiser", "helper", "participant", "outsider"])
def test_nobody_else_reaches_the_certificate_pages(client, edition, who):
    person = attended(participant(edition, "Ana"), ["present"] * 5)
    certificate = certificate_issue(application=person, actor=None).certificate
    assessment = Assessment.objects.create(edition=edition, kind="exam", name_en="Exam")
    if who == "other_organiser":
        user = make_staff(make_institution(), Membership.Role.ORGANISER)
    elif who == "helper":
        user = make_helper(edition)
    elif who == "participant":
        user = person.applicant
    else:
        user = make_user()
    client.force_login(user)
    for method, url in staff_urls(edition, certificate, assessment):
        assert getattr(client, method)(url).status_code == 404, url
    certificate.refresh_from_db()
    assert not certificate.is_revoked


def test_visitors_are_sent_to_sign_in(client, edition):
    response = client.get(f"/en/staff/editions/{edition.pk}/certificates/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
