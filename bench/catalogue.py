"""Catalogue list and programme page throughput, as a share of a minimal Django view.

Each page is measured against the minimal view of the same server in the same run, in
alternating rounds, so a noisy shared machine moves both sides alike. The figures that count
(`*_ratio`) are with the production set-up, page cache included; the uncached ratios show
what rendering costs when every request misses the cache.
"""

import os

from bench.harness import (
    PYTHON,
    ROOT,
    Load,
    bench_env,
    median_rps,
    production_server,
    record,
    require_wrk,
    run,
    wrk,
)

CATALOGUE_SIZE = 200
ROUNDS = int(os.environ.get("BENCH_ROUNDS", 3))
SECONDS = int(os.environ.get("BENCH_SECONDS", 4))
CONNECTIONS = 16
WORKERS = 3
PAGES = {
    "minimal": "/bench/minimal",
    "catalogue_list": "/en/",
    "programme_page": "/en/programmes/wissen-gemeinsam-gestalten/",
}


def _measure(base: str) -> dict[str, list[Load]]:
    loads: dict[str, list[Load]] = {name: [] for name in PAGES}
    for path in PAGES.values():  # warm every worker's cache and connections
        wrk(base + path, seconds=1, connections=CONNECTIONS)
    for _ in range(ROUNDS):
        for name, path in PAGES.items():
            loads[name].append(wrk(base + path, seconds=SECONDS, connections=CONNECTIONS))
    return loads


def main() -> dict[str, float]:
    require_wrk()
    data = ROOT / "var" / "bench"
    data.mkdir(parents=True, exist_ok=True)
    database = data / "catalogue.sqlite3"
    database.unlink(missing_ok=True)
    env = bench_env(f"sqlite:///{database}")
    print(run([PYTHON, "-m", "bench.seed", str(CATALOGUE_SIZE)], env).strip())
    run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], env)
    run([PYTHON, "manage.py", "compilemessages", "-v0", "--ignore=.venv"], env)

    results: dict[str, float] = {}
    rows = []
    for label, extra in (("cached", {}), ("uncached", {"PUBLIC_PAGE_CACHE_SECONDS": "0"})):
        with production_server({**env, **extra}, port=18765, workers=WORKERS) as base:
            loads = _measure(base)
        minimal = median_rps(loads["minimal"])
        errors = sum(load.errors for runs in loads.values() for load in runs)
        if errors:
            raise SystemExit(f"{errors} failed requests during the {label} run")
        suffix = "" if label == "cached" else "_uncached"
        for name in ("catalogue_list", "programme_page"):
            ratio = median_rps(loads[name]) / minimal
            results[f"{name}{suffix}_ratio"] = ratio
            rows.append(
                f"| {name.replace('_', ' ')} ({label}) | {median_rps(loads[name]):.0f} "
                f"| {minimal:.0f} | {ratio:.0%} |"
            )
    table = (
        f"Catalogue of {CATALOGUE_SIZE} programmes, SQLite, gunicorn with {WORKERS} sync "
        f"workers, wrk with {CONNECTIONS} connections, median of {ROUNDS} rounds of "
        f"{SECONDS} s. Target: ≥ 60 % of the minimal view (cached rows).\n\n"
        "| page | requests/s | minimal view requests/s | ratio |\n|---|---|---|---|\n"
        + "\n".join(rows)
        + "\n"
    )
    record(results, section="catalogue", table=table, command="make bench")
    return results
