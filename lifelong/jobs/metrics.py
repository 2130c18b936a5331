"""The task queue's gauges, read from the database when Prometheus asks (not kept in any
process: the queue is the same table for every worker and app server)."""

import logging
from collections.abc import Iterable

from django.db import DatabaseError
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.metrics_core import Metric

from lifelong.jobs.selectors import task_queue_state

logger = logging.getLogger(__name__)


class TaskQueueCollector:
    """`lifelong_task_queue_depth` and `lifelong_task_queue_oldest_age_seconds`, from one
    aggregate over the waiting tasks (`task_queue_state`)."""

    def collect(self) -> Iterable[Metric]:
        try:
            queue = task_queue_state()
        except DatabaseError as error:
            # The other metrics still go out; the missing gauges are the alert.
            logger.warning("could not read the task queue: %s", type(error).__name__)
            return
        yield GaugeMetricFamily(
            "lifelong_task_queue_depth",
            "Tasks due now that no worker has taken yet",
            value=queue.waiting,
        )
        yield GaugeMetricFamily(
            "lifelong_task_queue_oldest_age_seconds",
            "Seconds the longest-waiting due task has been due (0 when none waits)",
            value=queue.oldest_age_seconds,
        )
