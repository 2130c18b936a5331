"""Logs: every record, Django's and ours (`logging.getLogger(__name__)`), goes through
structlog's ProcessorFormatter, which adds the time, level, logger and whatever is bound to
the context (the request id and, in a worker, the task: `lib/request_id.py`,
`jobs/backend.py`).

`json` writes one JSON object per line, for the machines that collect logs; `console` writes
readable lines, for development and tests.
"""

import logging
from typing import Any

import structlog
from structlog.types import Processor

LOG_FORMATS = ("json", "console")

# What every line carries, whether it came from structlog or from the `logging` module.
_SHARED: list[Processor] = [
    structlog.contextvars.merge_contextvars,
    structlog.stdlib.add_log_level,
    structlog.stdlib.add_logger_name,
    structlog.processors.TimeStamper(fmt="iso", utc=True),
]


def log_renderers(log_format: str) -> list[Processor]:
    """The formatter's last steps: the exception as text inside the object, then the line."""
    if log_format == "json":
        return [
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.format_exc_info,
            structlog.processors.JSONRenderer(),
        ]
    return [
        structlog.stdlib.ProcessorFormatter.remove_processors_meta,
        structlog.dev.ConsoleRenderer(colors=False),
    ]


def log_formatter(log_format: str) -> logging.Formatter:
    return structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=_SHARED, processors=log_renderers(log_format)
    )


def logging_settings(*, log_format: str, level: str) -> dict[str, Any]:
    """Django's LOGGING for the format, with structlog set up to write through it."""
    structlog.configure(
        processors=[
            *_SHARED,
            structlog.processors.StackInfoRenderer(),
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "structured": {
                "()": structlog.stdlib.ProcessorFormatter,
                "foreign_pre_chain": _SHARED,
                "processors": log_renderers(log_format),
            }
        },
        "handlers": {
            "console": {"class": "logging.StreamHandler", "formatter": "structured"},
        },
        "root": {"handlers": ["console"], "level": level},
        # Django's own console handler (on with DEBUG) would print each of its lines a second
        # time, unstructured: its lines go to the root's handler only.
        "loggers": {"django": {"handlers": [], "level": level, "propagate": True}},
    }
