"""`make bench`: every benchmark, one after another; figures to bench/results.json."""

from bench import catalogue


def main() -> None:
    results = catalogue.main()
    width = max(len(name) for name in results)
    for name, value in sorted(results.items()):
        print(f"{name:<{width}}  {value:.3f}")


if __name__ == "__main__":
    main()
