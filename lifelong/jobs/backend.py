"""The task backend: django-tasks-db's, which also records where a task came from, so that
the worker's log lines of a task carry the id of the request that queued it.

The id travels in the task's own row, as one more key of its `args_kwargs` JSON beside
"args" and "kwargs": django-tasks-db reads only those two keys, so the key costs no
statement (a side table would cost an INSERT per task, on the application rush's path
too) and goes when the row goes. Every `.enqueue()` of every task passes through here, so
no call site knows about it. A task queued by a task carries the same id again (or, when
that task came from no request, the id of that task), so a chain stays one thread.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import structlog
from django_tasks_db import DatabaseBackend
from django_tasks_db.compat import normalize_json

from lifelong.lib.request_id import log_context_id

if TYPE_CHECKING:
    # Not at import: a backend can be made while the apps are still loading (`@task()`).
    from django_tasks_db.models import DBTaskResult

ORIGIN_KEY = "request_id"


class TracingDatabaseBackend(DatabaseBackend):
    """`TASKS["default"]["BACKEND"]`: writes the row as django-tasks-db does, plus the id."""

    def _task_to_db_task(self, task: Any, args: Any, kwargs: Any) -> "DBTaskResult[Any, Any]":
        from django_tasks_db.models import DBTaskResult

        return DBTaskResult.objects.create(**self._row(task, args, kwargs))

    async def _atask_to_db_task(
        self, task: Any, args: Any, kwargs: Any
    ) -> "DBTaskResult[Any, Any]":
        from django_tasks_db.models import DBTaskResult

        return await DBTaskResult.objects.acreate(**self._row(task, args, kwargs))

    def _row(self, task: Any, args: Any, kwargs: Any) -> dict[str, Any]:
        """The fields django-tasks-db's `_task_to_db_task` writes, with the origin added."""
        row = {
            "id": self._get_id(),
            "args_kwargs": normalize_json({"args": args, "kwargs": kwargs}),
            "priority": task.priority,
            "task_path": task.module_path,
            "queue_name": task.queue_name,
            "run_after": task.run_after,
            "backend_name": self.alias,
        }
        origin = log_context_id()
        if origin is not None:
            row["args_kwargs"][ORIGIN_KEY] = origin
        return row


@contextmanager
def task_log_context(db_task_result: "DBTaskResult[Any, Any]") -> Iterator[None]:
    """While the worker runs the task: its log lines name the task and the request it came
    from. Cleared at both ends, like a request's (`lib/request_id.py`)."""
    origin = db_task_result.args_kwargs.get(ORIGIN_KEY) if db_task_result.args_kwargs else None
    structlog.contextvars.clear_contextvars()
    structlog.contextvars.bind_contextvars(
        task_id=str(db_task_result.id), task=db_task_result.task_path
    )
    if origin:
        structlog.contextvars.bind_contextvars(request_id=origin)
    try:
        yield
    finally:
        structlog.contextvars.clear_contextvars()
