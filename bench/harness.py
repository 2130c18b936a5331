"""Shared machinery of the benchmarks: a production-like server, wrk, and the results files."""

import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.json"
BENCHMARKS_DOC = ROOT / "docs" / "benchmarks.md"
PYTHON = sys.executable


def bench_env(database_url: str, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "benchmark-only-key",
        "DEBUG": "false",
        "TESTING": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "ROOT_URLCONF": "bench.urls",
        "PYTHONPATH": str(ROOT),
        **extra,
    }


def run(args: list[str], env: dict[str, str]) -> str:
    return subprocess.run(
        args, env=env, cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout


@contextmanager
def production_server(env: dict[str, str], port: int, workers: int) -> Iterator[str]:
    """gunicorn with the project's production config, on loopback, until the block ends."""
    process = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py")],
        env={**env, "BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": str(workers)},
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=1) as response:
                    if response.status == 200:
                        break
            except OSError:
                time.sleep(0.2)
        else:
            raise RuntimeError(
                "the server did not start: " + (process.stderr.read() if process.stderr else "")
            )
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


@dataclass(frozen=True)
class Load:
    requests_per_s: float
    p99_ms: float
    errors: int


_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk(url: str, *, seconds: int, connections: int, script: Path | None = None) -> Load:
    """Requests per second, 99th percentile latency and non-2xx/socket errors of one wrk run;
    `script` is a Lua file that makes each request (e.g. a different path each time)."""
    options = ["-s", str(script)] if script else []
    out = subprocess.run(
        ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", *options, url],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    errors = 0
    for pattern in (
        r"Non-2xx or 3xx responses: (\d+)",
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)",
    ):
        match = re.search(pattern, out)
        if match:
            errors += sum(int(group) for group in match.groups())
    p99_ms = float(p99.group(1)) * _UNITS_MS[p99.group(2)] if p99 else float("nan")
    return Load(requests_per_s=rps, p99_ms=p99_ms, errors=errors)


def median_rps(loads: list[Load]) -> float:
    return statistics.median(load.requests_per_s for load in loads)


def machine() -> str:
    cpu = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        match = re.search(r"model name\s*:\s*(.+)", cpuinfo.read_text())
        cpu = match.group(1).strip() if match else cpu
    return (
        f"{os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}"
    )


def record(results: dict[str, float], *, section: str, table: str, command: str) -> None:
    """Merge figures into bench/results.json and replace this section of docs/benchmarks.md."""
    merged = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    merged.update({key: round(value, 3) for key, value in results.items()})
    RESULTS.write_text(json.dumps(merged, indent=2, sort_keys=True) + "\n")
    start, end = f"<!-- bench:{section}:start -->", f"<!-- bench:{section}:end -->"
    doc = BENCHMARKS_DOC.read_text() if BENCHMARKS_DOC.exists() else "# Benchmarks\n"
    block = (
        f"{start}\nMeasured {time.strftime('%Y-%m-%d %H:%M %Z')} with `{command}` on "
        f"{machine()}.\n\n{table}\n{end}"
    )
    if start in doc:
        doc = re.sub(re.escape(start) + ".*?" + re.escape(end), lambda _m: block, doc, flags=re.S)
    else:
        doc = doc.rstrip("\n") + "\n\n" + block + "\n"
    BENCHMARKS_DOC.write_text(doc)


def require_wrk() -> None:
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: `make bench` installs it (Debian package 'wrk').")
