from django.contrib import admin

from lifelong.audit.models import AuditEvent
from lifelong.lib.admin import ReadOnlyAdmin


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):  # the log is evidence: nobody edits or deletes it
    list_display = ["at", "action", "subject_type", "subject_id", "from_state", "to_state", "actor"]
    list_filter = ["action", "reason_code", "subject_type"]
    search_fields = ["reason"]
