"""The site administrator's view of attendance. Records change through the services (desk,
paper, corrections), so the admin only reads them; helpers are assigned on the edition."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from lifelong.attendance.models import Attendance, CheckinHelper, CheckinPass
from lifelong.catalogue.admin import EditionAdmin
from lifelong.catalogue.models import Edition


class CheckinHelperInline(admin.TabularInline[CheckinHelper, Edition]):
    model = CheckinHelper
    extra = 0
    autocomplete_fields = ["user"]


EditionAdmin.inlines = [*EditionAdmin.inlines, CheckinHelperInline]


class _ReadOnly(admin.ModelAdmin[Any]):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Attendance)
class AttendanceAdmin(_ReadOnly):
    list_display = ["application", "session", "status", "method", "recorded_at"]
    list_filter = ["status", "method"]
    list_select_related = ["application", "session"]
    search_fields = ["application__full_name", "application__email"]


@admin.register(CheckinPass)
class CheckinPassAdmin(_ReadOnly):
    list_display = ["code", "application", "created_at", "revoked_at"]
    list_select_related = ["application"]
    search_fields = ["code", "application__full_name"]
