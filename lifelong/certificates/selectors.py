"""Reads for certificates: where every participant of an edition stands against the rule,
the rule in words, and the facts a certificate freezes. An edition's standing is read in a
fixed number of queries, however many participants it has."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cached_property
from typing import Any

from django.urls import reverse
from django.utils import timezone, translation

from lifelong.attendance.ahead import status_as_read
from lifelong.attendance.models import Attendance, SessionClosing
from lifelong.catalogue.models import Edition, Institution, Session
from lifelong.catalogue.rules import CertificateRule
from lifelong.certificates.evaluation import (
    AssessmentFact,
    DayFact,
    Evaluation,
    counted_statuses,
    evaluate,
)
from lifelong.certificates.models import (
    Assessment,
    AssessmentOutcome,
    AssessmentResult,
    Certificate,
)
from lifelong.enrolment.models import Application, ApplicationState
from lifelong.lib import display
from lifelong.lib.display import day_label
from lifelong.lib.i18n import LANGUAGE_CODES
from lifelong.lib.text import fold


@dataclass(frozen=True)
class Standing:
    application: Application
    evaluation: Evaluation
    certificate: Certificate | None
    rule_text: str = ""


@dataclass
class EditionRecord:
    """An edition's days, assessments and rule, read once; each participant is then
    evaluated from their own records without another query."""

    edition: Edition
    rule: CertificateRule
    sessions: list[Session]
    closed: set[int]
    assessments: list[Assessment]
    institutions: list[Institution]  # the programme's, then its partners
    # application id → session id → status; application id → assessment id → result
    statuses: dict[int, dict[int, str]] = field(default_factory=dict)
    results: dict[int, dict[int, AssessmentResult]] = field(default_factory=dict)

    @classmethod
    def read(cls, edition: Edition, *, application_ids: list[int] | None = None) -> "EditionRecord":
        """The edition, and the records of the given participants (all of them if None)."""
        programme = edition.programme
        sessions = list(edition.sessions.order_by("starts_at"))
        closed = set(
            SessionClosing.objects.filter(session__edition=edition).values_list(
                "session_id", flat=True
            )
        )
        record = cls(
            edition=edition,
            rule=edition.rule,
            sessions=sessions,
            closed=closed,
            assessments=list(edition.assessments.all()),
            institutions=[programme.institution, *programme.partners.all()],
        )
        attendance = Attendance.objects.filter(session__edition=edition)
        results = AssessmentResult.objects.filter(assessment__edition=edition)
        if application_ids is not None:
            attendance = attendance.filter(application_id__in=application_ids)
            results = results.filter(application_id__in=application_ids)
        # Present on a day still ahead counts as nothing recorded yet (attendance/ahead.py).
        today = timezone.localdate()
        starts = {session.pk: session.starts_at for session in sessions}
        for application_id, session_id, status in attendance.values_list(
            "application_id", "session_id", "status"
        ):
            as_read = status_as_read(status, starts_at=starts[session_id], today=today)
            if as_read is not None:
                record.statuses.setdefault(application_id, {})[session_id] = as_read
        for result in results:
            record.results.setdefault(result.application_id, {})[result.assessment_id] = result
        return record

    def evaluate(self, application_id: int) -> Evaluation:
        statuses = self.statuses.get(application_id, {})
        results = self.results.get(application_id, {})
        days = [
            DayFact(
                session_id=session.pk,
                starts_at=session.starts_at,
                mandatory=session.mandatory,
                closed=session.pk in self.closed,
                status=statuses.get(session.pk),
            )
            for session in self.sessions
        ]
        assessments = [
            AssessmentFact(
                assessment_id=assessment.pk,
                name=assessment.name,
                required=assessment.required,
                credit_points=assessment.credit_points,
                outcome=results[assessment.pk].outcome if assessment.pk in results else None,
                grade=results[assessment.pk].grade if assessment.pk in results else "",
            )
            for assessment in self.assessments
        ]
        return evaluate(self.rule, days, assessments)

    def rule_text(self) -> str:
        """The rule in words, in the active language."""
        return self.rule.describe(
            session_count=len(self.sessions),
            credit_points=self.edition.credit_points,
            mandatory_days=self._mandatory_days(),
            assessments=self._required_work(),
        )

    def conditions_text(self) -> str:
        """What the rule asks, without the document's name and workload, in the active
        language: what a certificate states as met."""
        return self.rule.conditions(
            session_count=len(self.sessions),
            mandatory_days=self._mandatory_days(),
            assessments=self._required_work(),
        )

    def _mandatory_days(self) -> list[str]:
        return [day_label(s.starts_at) for s in self.sessions if s.mandatory]

    def _required_work(self) -> list[str]:
        return [a.name for a in self.assessments if a.required]

    @cached_property
    def _common_facts(self) -> dict[str, Any]:
        """What every certificate of the edition says alike, worked out once."""
        programme = self.edition.programme
        return {
            "kind": self.rule.kind,
            "document": _both(self.rule.document_name),
            "programme": {"de": programme.title_de, "en": programme.title_en},
            "programme_path": reverse("catalogue:programme", args=[programme.slug]),
            "edition": self.edition.label,
            "institutions": [
                {"name": {"de": i.name_de, "en": i.name_en}, "url": i.website}
                for i in self.institutions
            ],
            "first_day": _local_date(self.sessions[0]) if self.sessions else "",
            "last_day": _local_date(self.sessions[-1]) if self.sessions else "",
            "days_total": len(self.sessions),
            "workload_hours": self.rule.workload_hours,
            "credit_points": _points(self.edition.credit_points),
            "rule": _both(self.rule_text),
            "conditions": _both(self.conditions_text),
            # Where the lead institution issues it: "Bochum, 12. März 2027".
            "place": self.institutions[0].city,
            "signatories": [signatory.to_json() for signatory in self.rule.signatories],
        }

    @cached_property
    def _day_facts(self) -> list[tuple[int, str, dict[str, str]]]:
        return [(s.pk, _local_date(s), {"de": s.title_de, "en": s.title_en}) for s in self.sessions]

    def facts(self, application: Application) -> dict[str, Any]:
        """What a certificate of this participant certifies, in both languages, frozen into
        it when it is issued."""
        counted = counted_statuses(self.rule)
        statuses = self.statuses.get(application.pk, {})
        results = self.results.get(application.pk, {})
        days = [
            {"date": day, "title": title, "attended": statuses.get(pk) in counted}
            for pk, day, title in self._day_facts
        ]
        return {
            **self._common_facts,
            "name": application.full_name,
            "days": days,
            "days_attended": sum(1 for day in days if day["attended"]),
            "assessments": [
                {"name": {"de": a.name_de, "en": a.name_en}, "grade": results[a.pk].grade}
                for a in self.assessments
                if a.pk in results and results[a.pk].outcome == AssessmentOutcome.PASSED
            ],
        }


def _both(text: Any) -> dict[str, str]:
    values = {}
    for code in LANGUAGE_CODES:
        with translation.override(code):
            values[code] = str(text())
    return values


def _local_date(session: Session) -> str:
    return timezone.localtime(session.starts_at).date().isoformat()


def _points(value: Decimal | None) -> str | None:
    return f"{value.normalize():f}" if value else None


def participants(edition: Edition) -> list[Application]:
    people = Application.objects.filter(
        edition=edition, state=ApplicationState.ACCEPTED
    ).select_related("applicant")
    return sorted(people, key=lambda a: fold(a.full_name))


def edition_standings(*, edition: Edition) -> list[Standing]:
    """Every participant (accepted, or holding a certificate), by name, with where they
    stand and their certificate if one was issued."""
    record = EditionRecord.read(edition)
    certificates = {
        c.application_id: c
        for c in Certificate.objects.filter(edition=edition, application__isnull=False)
    }
    people = participants(edition)
    accepted = {person.pk for person in people}
    people += Application.objects.filter(pk__in=set(certificates) - accepted)
    return [
        Standing(
            application=person,
            evaluation=record.evaluate(person.pk),
            certificate=certificates.get(person.pk),
        )
        for person in people
    ]


def my_standings(*, applications: list[Application]) -> dict[int, Standing]:
    """For "My programmes": each accepted application's standing and certificate."""
    certificates = {
        c.application_id: c for c in Certificate.objects.filter(application__in=applications)
    }
    by_edition: dict[int, list[Application]] = defaultdict(list)
    for application in applications:
        if application.state == ApplicationState.ACCEPTED or application.pk in certificates:
            by_edition[application.edition_id].append(application)
    standings = {}
    for own in by_edition.values():
        edition = own[0].edition
        if not edition.rule.issues_documents:
            continue
        record = EditionRecord.read(edition, application_ids=[a.pk for a in own])
        rule_text = record.rule_text()
        for application in own:
            standings[application.pk] = Standing(
                application=application,
                evaluation=record.evaluate(application.pk),
                certificate=certificates.get(application.pk),
                rule_text=rule_text,
            )
    return standings


def certificate_by_code(code: str) -> Certificate | None:
    return Certificate.objects.filter(code=code).select_related("edition").first()


@dataclass(frozen=True)
class Shown:
    """What a certificate says, in the reader's language: exactly what it prints, nothing
    about the person beyond it (the verification page and "My programmes" show this)."""

    certificate: Certificate

    def _text(self, texts: dict[str, str]) -> str:
        language = translation.get_language() or "de"
        return texts.get(language[:2]) or next((t for t in texts.values() if t), "")

    @property
    def facts(self) -> dict[str, Any]:
        return dict(self.certificate.facts)

    @property
    def document(self) -> str:
        return self._text(self.facts["document"])

    @property
    def name(self) -> str:
        return str(self.facts["name"])

    @property
    def programme(self) -> str:
        return self._text(self.facts["programme"])

    @property
    def edition(self) -> str:
        return str(self.facts["edition"])

    @property
    def institutions(self) -> list[str]:
        return [self._text(item["name"]) for item in self.facts["institutions"]]

    @property
    def first_day(self) -> date | None:
        return date.fromisoformat(self.facts["first_day"]) if self.facts["first_day"] else None

    @property
    def last_day(self) -> date | None:
        return date.fromisoformat(self.facts["last_day"]) if self.facts["last_day"] else None

    @property
    def days_attended(self) -> int:
        return int(self.facts["days_attended"])

    @property
    def days_total(self) -> int:
        return int(self.facts["days_total"])

    @property
    def workload_hours(self) -> int | None:
        return self.facts.get("workload_hours")

    @property
    def credit_points(self) -> Decimal | None:
        points = self.facts.get("credit_points")
        return Decimal(points) if points else None

    @property
    def assessments(self) -> list[tuple[str, str]]:
        return [
            (self._text(a["name"]), display.grade(a.get("grade", "")))
            for a in self.facts["assessments"]
        ]

    @property
    def rule(self) -> str:
        return self._text(self.facts["rule"])

    @property
    def signatories(self) -> list[tuple[str, str]]:
        language = (translation.get_language() or "de")[:2]
        return [
            (s["name"], s.get(f"role_{language}") or s.get("role_de") or s.get("role_en") or "")
            for s in self.facts.get("signatories", [])
        ]
