"""Production server settings, used by deployments and by `make bench`. Env vars override."""

import multiprocessing
import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
# Sync workers: each request holds one process; 2 × cores + 1 keeps every core busy while
# some workers wait on the database.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
preload_app = True  # import Django once, fork the workers (less memory, faster start)
timeout = 30
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then, against slow leaks; not often, because each recycle drops the
# worker's page cache and database connection (at 5,000 a busy worker restarted every minute).
max_requests = 100_000
max_requests_jitter = 10_000
accesslog = os.environ.get("ACCESS_LOG") or None
errorlog = "-"
wsgi_app = "lifelong.wsgi:application"
