"""The site's own metrics, which Prometheus reads at `/metrics` (docs/deployment.md, "Logs
and metrics"), and who may read them.

Each counter is raised by an explicit call where its event happens, after the event is
committed: a rolled-back application is no application. The queue's gauges are read from
the database at each scrape (`jobs/metrics.py`); the request latencies are
django-prometheus's middleware's.

Several processes serve one machine (gunicorn's workers, `db_worker`s): with
`PROMETHEUS_MULTIPROC_DIR` set, prometheus_client keeps every process's values in files in
that directory and a scrape adds them up, whichever process answers it. Without it (tests,
`make run`) a process counts in memory and reports its own counts.
"""

import os
import secrets
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django_prometheus.middleware import PrometheusAfterMiddleware
from django_prometheus.utils import Time, TimeSince
from prometheus_client import (
    REGISTRY,
    CollectorRegistry,
    Counter,
    disable_created_metrics,
    generate_latest,
)
from prometheus_client.exposition import CONTENT_TYPE_PLAIN_0_0_4
from prometheus_client.metrics_core import Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

# No `…_created` series beside each counter: nobody graphs them, and in multiprocess mode
# there are none anyway.
disable_created_metrics()  # type: ignore[no-untyped-call]

APPLICATIONS = Counter(
    "lifelong_applications",
    "Applications taken, by the state they arrived in (accepted, waitlisted, submitted)",
    ["outcome"],
)
CHECKINS = Counter(
    "lifelong_checkins",
    "Participants checked in for a programme day (a new record), by how (desk, self)",
    ["method"],
)
CERTIFICATES_ISSUED = Counter(
    "lifelong_certificates_issued",
    "Certificates issued (one by one, in bulk runs, and re-issued under a corrected name)",
)
EMAILS_SENT = Counter(
    "lifelong_emails_sent", "E-mails handed to the mail server, by kind", ["kind"]
)
EMAILS_FAILED = Counter(
    "lifelong_emails_failed", "E-mails the mail server did not take, by kind", ["kind"]
)


@contextmanager
def email_counted(*, kind: str) -> Iterator[None]:
    """Counts the e-mail sent in the block as sent, or as failed if the block raises (the
    error goes on). Counted at once: an e-mail handed over is gone, whatever is rolled back."""
    try:
        yield
    except Exception:
        EMAILS_FAILED.labels(kind=kind).inc()
        raise
    EMAILS_SENT.labels(kind=kind).inc()


def access_metrics(request: HttpRequest) -> bool:
    """Only Prometheus reads the metrics, with the token of METRICS_TOKEN as its bearer
    token; without a token set, nobody does."""
    token: str = settings.METRICS_TOKEN
    scheme, _, sent = request.headers.get("Authorization", "").partition(" ")
    return (
        token != ""
        and scheme.lower() == "bearer"
        and secrets.compare_digest(sent.strip().encode(), token.encode())
    )


def multiprocess_mode() -> bool:
    return bool(os.environ.get("PROMETHEUS_MULTIPROC_DIR"))


# The text format every Prometheus reads (2.x too); the names here need nothing newer.
EXPOSITION_CONTENT_TYPE = CONTENT_TYPE_PLAIN_0_0_4


class _ThisProcess:
    """The process's own registry, as one collector among others."""

    def collect(self) -> Iterable[Metric]:
        return REGISTRY.collect()


def metrics_exposition(*extra: Collector) -> bytes:
    """Every metric in Prometheus's text format: the counters and histograms of every
    process of this machine (multiprocess mode) or of this process, and `extra` collectors,
    which are asked at this moment."""
    registry = CollectorRegistry()
    if multiprocess_mode():
        MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    else:
        registry.register(_ThisProcess())
    for collector in extra:
        registry.register(collector)
    return generate_latest(registry)


class RequestLatencyMiddleware(PrometheusAfterMiddleware):
    """django-prometheus's latency per view, and the answers by status and view, under its
    metric names (dashboards for it work as they are) — and nothing else. Its full pair of
    middlewares records a dozen series per request (body sizes, charsets, transports, a
    second latency): about a quarter of a small request's time; these two are within the
    noise of that measurement (docs/decisions.md). Last in MIDDLEWARE: the time is the
    view's."""

    def process_request(self, request: HttpRequest) -> None:
        request.prometheus_after_middleware_event = Time()  # type: ignore[attr-defined]

    def process_view(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        return None

    def process_template_response(self, request: HttpRequest, response: Any) -> Any:
        return response

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        self._observe(request, status=str(response.status_code))
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        return None  # the 500 answer made of it passes process_response, which counts it

    def _observe(self, request: HttpRequest, *, status: str) -> None:
        started = getattr(request, "prometheus_after_middleware_event", None)
        if started is None:  # answered by a middleware before the view was reached
            return
        view, method = self._get_view_name(request), self._method(request)
        self.metrics.responses_by_status_view_method.labels(
            status=status, view=view, method=method
        ).inc()
        self.metrics.requests_latency_by_view_method.labels(view=view, method=method).observe(
            TimeSince(started)
        )
