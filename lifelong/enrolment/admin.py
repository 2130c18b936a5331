"""The site administrator's view of enrolment. Organisers use their own page (staff_views);
state changes go through the services there, so nothing here edits an application's state."""

from typing import Any

from django.contrib import admin
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils import timezone

from lifelong.accounts.models import User
from lifelong.catalogue.admin import EditionAdmin
from lifelong.catalogue.models import Edition
from lifelong.enrolment.models import Application, CheckinPass, LotteryDraw, Question
from lifelong.enrolment.notifications import reminders_schedule
from lifelong.enrolment.services import lottery_schedule, selection_mode_changed
from lifelong.lib.admin import ReadOnlyAdmin


class QuestionInline(admin.StackedInline[Question, Edition]):
    model = Question
    extra = 0
    fields = [
        ("position", "kind", "required"),
        ("label_de", "label_en"),
        ("help_de", "help_en"),
        "choices",
    ]


class EditionWithQuestionsAdmin(EditionAdmin):
    """The catalogue's edition, with its application questions; what the administrator
    saves schedules its lottery and its days' reminders, and a new selection mode is logged
    and told to the applicants awaiting selection, as the office's services do."""

    inlines = [*EditionAdmin.inlines, QuestionInline]

    def save_related(
        self, request: HttpRequest, form: ModelForm[Edition], formsets: Any, change: bool
    ) -> None:
        super().save_related(request, form, formsets, change)
        edition = form.instance
        if change and "selection_mode" in form.changed_data:
            selection_mode_changed(
                edition=edition,
                from_mode=str(form.initial["selection_mode"]),
                actor=request.user if isinstance(request.user, User) else None,
                now=timezone.now(),
            )
        lottery_schedule(edition=edition)
        for session in edition.sessions.all():
            reminders_schedule(session=session)


admin.site.unregister(Edition)
admin.site.register(Edition, EditionWithQuestionsAdmin)


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin[Application]):
    list_display = ["full_name", "edition", "audience", "state", "submitted_at"]
    list_filter = ["state", "edition__programme__institution"]
    search_fields = ["full_name", "email"]
    list_select_related = ["edition__programme", "audience"]
    readonly_fields = [field.name for field in Application._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    # Deleting would free a place without offering it to the waiting list or logging it.
    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(LotteryDraw)
class LotteryDrawAdmin(admin.ModelAdmin[LotteryDraw]):
    list_display = ["edition", "drawn_at", "seed"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(CheckinPass)
class CheckinPassAdmin(ReadOnlyAdmin):
    list_display = ["code", "application", "created_at", "revoked_at"]
    list_select_related = ["application"]
    search_fields = ["code", "application__full_name"]
