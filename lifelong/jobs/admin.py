from django.contrib import admin

from lifelong.jobs.models import TaskFailure
from lifelong.lib.admin import ReadOnlyAdmin


@admin.register(TaskFailure)
class TaskFailureAdmin(ReadOnlyAdmin):  # changed only by the worker and the back office's page
    list_display = ["task_path", "state", "attempts", "error_class", "last_failed_at"]
    list_filter = ["state", "task_path"]
    search_fields = ["error_message"]
