"""Median milliseconds per 2-page flyer (one process, warm fonts), e.g. ``python benchmarks/print_bench.py``.

Target (issue 4): at most 100 ms per flyer on a developer machine with libharfbuzz-subset0.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import time
from pathlib import Path

from quartierboards.content.loader import load_site
from quartierboards.heap import long_lived
from quartierboards.pipeline import plan_schedules
from quartierboards.print import products, workers
from quartierboards.print.fonts import harfbuzz_subset_available


def main() -> int:
    """Render every flyer of the sample content a few times and print the median."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--content", type=Path, default=Path("content"))
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    site = load_site(args.content)
    plan = plan_schedules(site, dt.date(2026, 11, 30))
    with long_lived():  # as in a build: the workers fork after the site is loaded and frozen
        workers.init_worker(site, plan, None)
        flyers = [s for s in products.product_specs(site) if s.product == "flyer"]
        for spec in {s.lang: s for s in flyers}.values():
            workers.render_one(spec)  # warm up: fonts, stylesheets, catalogs, hyphenation of each language
        timings, cpu = [], []
        best: dict[str, float] = {}
        for _ in range(args.rounds):
            for spec in flyers:
                started, started_cpu = time.perf_counter(), time.process_time()
                result, _ = workers.render_one(spec)
                timings.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - started_cpu) * 1000)
                best[spec.file] = min(best.get(spec.file, timings[-1]), timings[-1])
                assert result.pdf and not result.problems, result.problems
    # The median of each flyer's fastest round shows the work itself; the plain median
    # also has this machine's noise (other guests) and garbage collection in it.
    print(f"{len(timings)} flyers, median {statistics.median(timings):.0f} ms per 2-page flyer "
          f"(min {min(timings):.0f}, max {max(timings):.0f}; CPU median {statistics.median(cpu):.0f} ms; "
          f"median of each flyer's fastest round {statistics.median(best.values()):.0f} ms); "
          f"HarfBuzz subsetting: {'yes' if harfbuzz_subset_available() else 'NO (fontTools fallback)'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
