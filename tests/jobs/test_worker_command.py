"""`manage.py db_worker` is ours: django-tasks-db's worker with the watchdog that takes up
the jobs of workers that died (lifelong/jobs/management/commands/db_worker.py)."""

from django.core.management import get_commands, load_command_class
from django_tasks_db.management.commands.db_worker import Command as OriginalWorker

from lifelong.jobs.management.commands.db_worker import Command as Worker


def test_it_runs_our_worker_for_manage_py_db_worker():
    app = get_commands()["db_worker"]
    assert app == "lifelong.jobs"
    command = load_command_class(app, "db_worker")
    assert isinstance(command, Worker)
    assert isinstance(command, OriginalWorker)  # with every option of the original
