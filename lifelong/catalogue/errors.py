"""The one family of catalogue errors: a machine-readable code and a message in the reader's
language, like the other domains'. The organisers' forms put each on the field it is about."""

from collections.abc import Sequence

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lifelong.lib.errors import DomainError

MESSAGES: dict[str, Promise] = {
    "slug_taken": _(
        "Another programme already uses this short name in its address. Choose another one."
    ),
    "title_missing": _("Give the title in German or in English."),
    "label_taken": _("This programme already has an edition called “{label}”."),
    "deadline_before_opening": _("The deadline must come after the opening."),
    "lottery_before_deadline": _("A lottery edition needs a draw time after the deadline."),
    "deadline_after_first_session": _(
        "The deadline must not be later than the first programme day, which starts on {start}."
    ),
    "session_before_opening": _(
        "A programme day cannot start before applications open ({opening})."
    ),
    "session_before_deadline": _(
        "This day would start before the application deadline ({deadline}). Move the day, "
        "or move the deadline first."
    ),
    "session_ends_before_start": _("A session must end after it starts."),
    "capacity_below_taken": _(
        "Places taken or offered: {taken}. The edition needs at least as many."
    ),
    "capacity_refused": _("Nothing was saved: the number of places could not be changed. {reason}"),
    # Numbers after a colon or in brackets: these messages are made before the numbers are known,
    # so no noun may depend on them.
    "quotas_above_capacity": _(
        "The quotas add up to more than the edition's places (quotas: {total}, places: {capacity})."
    ),
    "quota_below_taken": _("Places of this group taken or offered already: {taken}."),
    "audience_in_use": _(
        "People of this group have applied already ({count}), so it stays with the edition."
    ),
    "no_sessions": _("Add at least one programme day."),
    "not_a_draft": _("Only a draft can be published."),
    "not_published": _("Only a published edition can be taken back to a draft."),
    "edition_incomplete": _("The edition cannot be published yet:"),
    "attendance_recorded": _(
        "Attendance has been recorded for this day ({count}), so it cannot be removed."
    ),
    "last_session_of_published": _(
        "This is the last day of a published edition. Take the edition back to a draft first."
    ),
    "shift_invalid": _("Move the dates by at least one day."),
    "shift_out_of_order": _(
        "Moved by this much, the opening, deadline and lottery would fall out of order "
        "(the end of a month is shorter). Choose another shift."
    ),
}


class CatalogueError(DomainError):
    MESSAGES = MESSAGES

    def __init__(
        self, code: str, *, problems: Sequence["CatalogueError"] = (), **params: object
    ) -> None:
        super().__init__(code, **params)
        # For "edition_incomplete": everything that stands in the way, each with its own code.
        self.problems = list(problems)
