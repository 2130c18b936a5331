"""The site administrator's view of attendance. Records change through the services (desk,
paper, corrections), so the admin only reads them; helpers are assigned on the edition."""

from django.contrib import admin

from lifelong.attendance.models import Attendance, CheckinHelper
from lifelong.catalogue.admin import EditionAdmin
from lifelong.catalogue.models import Edition
from lifelong.lib.admin import ReadOnlyAdmin


class CheckinHelperInline(admin.TabularInline[CheckinHelper, Edition]):
    model = CheckinHelper
    extra = 0
    autocomplete_fields = ["user"]


EditionAdmin.inlines = [*EditionAdmin.inlines, CheckinHelperInline]


@admin.register(Attendance)
class AttendanceAdmin(ReadOnlyAdmin):
    list_display = ["application", "session", "status", "method", "recorded_at"]
    list_filter = ["status", "method"]
    list_select_related = ["application", "session"]
    search_fields = ["application__full_name", "application__email"]
