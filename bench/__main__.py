"""`make bench`: every benchmark, one after another; figures to bench/results.json.

`python -m bench rush` runs only the benchmarks named (catalogue, rush, checkin,
certificates, backoffice, capacity).
"""

import sys
from collections.abc import Callable

from bench import backoffice, capacity, catalogue, certificates, checkin, rush

BENCHMARKS: dict[str, Callable[[], dict[str, float]]] = {
    "catalogue": catalogue.main,
    "rush": rush.main,
    "checkin": checkin.main,
    "certificates": certificates.main,
    "backoffice": backoffice.main,
    "capacity": capacity.main,
}


def main(names: list[str]) -> None:
    unknown = set(names) - set(BENCHMARKS)
    if unknown:
        raise SystemExit(f"unknown benchmark {', '.join(sorted(unknown))}: {', '.join(BENCHMARKS)}")
    results: dict[str, float] = {}
    for name in names or BENCHMARKS:
        results |= BENCHMARKS[name]()
    width = max(len(name) for name in results)
    for name, value in sorted(results.items()):
        print(f"{name:<{width}}  {value:.3f}")


if __name__ == "__main__":
    main(sys.argv[1:])
