"""The site administrator's view of enrolment. Organisers use their own page (staff_views);
state changes go through the services there, so nothing here edits an application's state."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from lifelong.catalogue.admin import EditionAdmin
from lifelong.catalogue.models import Edition
from lifelong.enrolment.models import Application, LotteryDraw, Question


class QuestionInline(admin.StackedInline[Question, Edition]):
    model = Question
    extra = 0
    fields = [
        ("position", "kind", "required"),
        ("label_de", "label_en"),
        ("help_de", "help_en"),
        "choices",
    ]


# The edition's own questions are edited with the edition.
EditionAdmin.inlines = [*EditionAdmin.inlines, QuestionInline]


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
