"""The application state machine: every allowed move, and nothing else."""

from lifelong.enrolment.models import ApplicationState as S

TRANSITIONS: dict[str, frozenset[str]] = {
    S.SUBMITTED: frozenset({S.ACCEPTED, S.WAITLISTED, S.REJECTED, S.CANCELLED}),
    S.WAITLISTED: frozenset({S.OFFERED, S.ACCEPTED, S.REJECTED, S.CANCELLED}),
    S.OFFERED: frozenset({S.ACCEPTED, S.DECLINED, S.LAPSED, S.CANCELLED}),
    S.ACCEPTED: frozenset({S.CANCELLED}),
    # Final: a person who wants to try again applies anew.
    S.DECLINED: frozenset(),
    S.LAPSED: frozenset(),
    S.REJECTED: frozenset(),
    S.CANCELLED: frozenset(),
}


def transition_allowed(from_state: str, to_state: str) -> bool:
    return to_state in TRANSITIONS[from_state]
