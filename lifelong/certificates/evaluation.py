"""Whether a participant meets an edition's certificate rule, at any moment.

A pure function of the rule and the facts: the days (with what is recorded and whether the
day is closed) and the assessments (with their results). A day that is neither recorded nor
closed can still be attended (or entered from a paper sheet), so it counts as *possible*:
the answer is *met*, *not yet met* (with what is still missing) or *can no longer be met*
(with what was missed), never a verdict that a later day could overturn.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lifelong.attendance.models import AttendanceStatus
from lifelong.catalogue.rules import CertificateRule
from lifelong.certificates.models import AssessmentOutcome
from lifelong.lib import display


class Standing(StrEnum):
    MET = "met"
    PENDING = "pending"  # not yet met, still possible
    MISSED = "missed"  # can no longer be met
    NO_CERTIFICATE = "none"  # the edition issues none


@dataclass(frozen=True)
class DayFact:
    session_id: int
    starts_at: datetime
    mandatory: bool
    closed: bool
    status: str | None  # what is recorded; None: nothing yet


@dataclass(frozen=True)
class AssessmentFact:
    assessment_id: int
    name: str  # in the reader's language
    required: bool
    credit_points: Decimal | None
    outcome: str | None  # passed, failed, or None while no result is recorded
    grade: str = ""


@dataclass(frozen=True)
class Evaluation:
    standing: Standing
    total: int  # days of the edition
    attended: int  # days that count as attended
    possible: int  # days not recorded and not closed: still to come, or still to enter
    needed: int  # days the rule asks for
    mandatory_missed: list[DayFact] = field(default_factory=list)
    mandatory_open: list[DayFact] = field(default_factory=list)
    assessments_passed: list[AssessmentFact] = field(default_factory=list)
    assessments_failed: list[AssessmentFact] = field(default_factory=list)
    assessments_open: list[AssessmentFact] = field(default_factory=list)
    credit_points_earned: Decimal = Decimal(0)
    credit_points_possible: Decimal = Decimal(0)
    credit_points_needed: Decimal | None = None

    @property
    def met(self) -> bool:
        return self.standing == Standing.MET

    @property
    def reason(self) -> str:
        """Why, in the active language: "3 of 5 days attended, 1 day left, 4 needed"."""
        if self.standing == Standing.NO_CERTIFICATE:
            return ""
        parts = [self._days()]
        parts += [
            _("missed the required day %(day)s") % {"day": display.day_label(day.starts_at)}
            for day in self.mandatory_missed
        ]
        parts += [
            _("required day %(day)s to come") % {"day": display.day_label(day.starts_at)}
            for day in self.mandatory_open
        ]
        parts += [_passed(a) for a in self.assessments_passed]
        parts += [_("%(name)s: failed") % {"name": a.name} for a in self.assessments_failed]
        parts += [_("%(name)s: no result yet") % {"name": a.name} for a in self.assessments_open]
        if self.credit_points_needed is not None:
            parts.append(
                ngettext(
                    "%(earned)s of %(needed)s credit point",
                    "%(earned)s of %(needed)s credit points",
                    display.plural_number(self.credit_points_needed),
                )
                % {
                    "earned": display.points(self.credit_points_earned),
                    "needed": display.points(self.credit_points_needed),
                }
            )
        return ", ".join(part for part in parts if part)

    def _days(self) -> str:
        if not self.total:
            return ""
        text = ngettext(
            "%(attended)d of %(total)d day attended",
            "%(attended)d of %(total)d days attended",
            self.total,
        ) % {"attended": self.attended, "total": self.total}
        if self.possible:
            text += ngettext(
                ", %(possible)d day left", ", %(possible)d days left", self.possible
            ) % {"possible": self.possible}
        if self.needed:
            text += _(", %(needed)d needed") % {"needed": self.needed}
        return text


def _passed(assessment: AssessmentFact) -> str:
    """A passed assessment in words: "Project paper: passed (1.3)"."""
    if not assessment.grade:
        return _("%(name)s: passed") % {"name": assessment.name}
    return _("%(name)s: passed (%(grade)s)") % {
        "name": assessment.name,
        "grade": display.grade(assessment.grade),
    }


PASSED = AssessmentOutcome.PASSED.value


def counted_statuses(rule: CertificateRule) -> frozenset[str]:
    counted = {AttendanceStatus.PRESENT.value, AttendanceStatus.LATE.value}
    if rule.count_excused:
        counted.add(AttendanceStatus.EXCUSED.value)
    return frozenset(counted)


def evaluate(
    rule: CertificateRule, days: Sequence[DayFact], assessments: Sequence[AssessmentFact]
) -> Evaluation:
    counted = counted_statuses(rule)
    attended = sum(1 for day in days if day.status in counted)
    possible = sum(1 for day in days if day.status is None and not day.closed)
    needed = rule.required_sessions(len(days))
    mandatory = [day for day in days if day.mandatory and day.status not in counted]
    mandatory_open = [day for day in mandatory if day.status is None and not day.closed]
    mandatory_missed = [day for day in mandatory if day not in mandatory_open]
    passed = [a for a in assessments if a.outcome == PASSED]
    required = [a for a in assessments if a.required and a.outcome != PASSED]
    failed = [a for a in required if a.outcome == AssessmentOutcome.FAILED]
    still_open = [a for a in required if a.outcome is None]
    earned = sum(
        (a.credit_points or Decimal(0) for a in assessments if a.outcome == PASSED), Decimal(0)
    )
    reachable = earned + sum(
        (a.credit_points or Decimal(0) for a in assessments if a.outcome is None), Decimal(0)
    )
    evaluation = Evaluation(
        standing=Standing.NO_CERTIFICATE,
        total=len(days),
        attended=attended,
        possible=possible,
        needed=needed,
        mandatory_missed=mandatory_missed,
        mandatory_open=mandatory_open,
        assessments_passed=passed,
        assessments_failed=failed,
        assessments_open=still_open,
        credit_points_earned=earned,
        credit_points_possible=reachable,
        credit_points_needed=rule.min_credit_points,
    )
    if not rule.issues_documents:
        return evaluation
    points_needed = rule.min_credit_points or Decimal(0)
    missed = (
        attended + possible < needed
        or bool(mandatory_missed)
        or bool(failed)
        or reachable < points_needed
    )
    pending = (
        attended < needed or bool(mandatory_open) or bool(still_open) or earned < points_needed
    )
    standing = Standing.MISSED if missed else Standing.PENDING if pending else Standing.MET
    return replace(evaluation, standing=standing)
