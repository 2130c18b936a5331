"""Tasks moved from the apps' `tasks.py` modules to the modules of the work they run. Tasks
queued before (a reminder is queued weeks ahead) keep their old address in the task table:
this points them to the new one."""

from django.db import migrations

MOVED = {
    "lifelong.accounts.tasks.invitation_email_task": "lifelong.accounts.invitations.invitation_email_task",
    "lifelong.enrolment.tasks.notification_send_task": "lifelong.enrolment.notifications.notification_send_task",
    "lifelong.enrolment.tasks.session_reminders_task": "lifelong.enrolment.notifications.session_reminders_task",
    "lifelong.enrolment.tasks.offer_lapse_task": "lifelong.enrolment.services.offer_lapse_task",
    "lifelong.enrolment.tasks.lottery_draw_task": "lifelong.enrolment.services.lottery_draw_task",
    "lifelong.enrolment.tasks.staff_message_send_task": "lifelong.enrolment.staff_messages.staff_message_send_task",
    "lifelong.certificates.tasks.issue_run_task": "lifelong.certificates.services.issue_run_task",
}


def forward(apps, schema_editor):
    DBTaskResult = apps.get_model("django_tasks_database", "DBTaskResult")
    for old, new in MOVED.items():
        DBTaskResult.objects.filter(task_path=old).update(task_path=new)


def backward(apps, schema_editor):
    DBTaskResult = apps.get_model("django_tasks_database", "DBTaskResult")
    for old, new in MOVED.items():
        DBTaskResult.objects.filter(task_path=new).update(task_path=old)


class Migration(migrations.Migration):

    dependencies = [("django_tasks_database", "0021_conditional_partial_index_ordering")]

    operations = [migrations.RunPython(forward, backward)]
