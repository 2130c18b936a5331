from django.contrib import admin

from lifelong.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin[AuditEvent]):
    list_display = ["at", "action", "subject_type", "subject_id", "from_state", "to_state", "actor"]
    list_filter = ["action", "subject_type"]
    search_fields = ["reason"]

    # The log is evidence: nobody edits or deletes it through the admin.
    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False
