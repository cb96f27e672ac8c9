"""Median milliseconds per 2-page flyer (one process, warm fonts), e.g. ``python benchmarks/print_bench.py``.

Target (issue 4): at most 100 ms per flyer on a developer machine with libharfbuzz-subset0.

The build renders a flyer's print and web variant together, from one layout
(``print.variants``): the figure is the time of such a pair divided by two. The
time of one variant rendered on its own is printed for comparison.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import time
from pathlib import Path

from targets import target  # benchmarks/, the script's folder

from quartierboards.content.loader import load_site
from quartierboards.fonts import harfbuzz_subset_available
from quartierboards.heap import long_lived
from quartierboards.pipeline import plan_schedules
from quartierboards.print import products, workers


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
        pairs = [group for group in workers._groups(products.product_specs(site)) if group[0].product == "flyer"]
        for group in {group[0].lang: group for group in pairs}.values():
            workers.render_variants(group)  # warm up: fonts, stylesheets, catalogs, hyphenation of each language
            workers.render_one(group[0])
        per_pdf: list[float] = []  # pair / 2
        alone: list[float] = []
        cpu: list[float] = []
        best: dict[str, float] = {}
        for _ in range(args.rounds):
            for group in pairs:
                started, started_cpu = time.perf_counter(), time.process_time()
                results = workers.render_variants(group)
                per_pdf.append((time.perf_counter() - started) * 1000 / len(group))
                cpu.append((time.process_time() - started_cpu) * 1000 / len(group))
                best[group[0].file] = min(best.get(group[0].file, per_pdf[-1]), per_pdf[-1])
                assert all(r.pdf and not r.problems for r in results), [r.problems for r in results]
                started = time.perf_counter()
                workers.render_one(group[0])
                alone.append((time.perf_counter() - started) * 1000)
    # The median of each flyer's fastest round shows the work itself; the plain median
    # also has this machine's noise (other guests) and garbage collection in it.
    median = statistics.median(per_pdf)
    print(f"{len(per_pdf) * 2} flyers, median {median:.0f} ms per 2-page flyer ({target(median, 60, 'ms')}) "
          f"(print and web variant from one layout; min {min(per_pdf):.0f}, max {max(per_pdf):.0f}; "
          f"CPU median {statistics.median(cpu):.0f} ms; median of each flyer's fastest round "
          f"{statistics.median(best.values()):.0f} ms; one variant alone: median {statistics.median(alone):.0f} ms); "
          f"HarfBuzz subsetting: {'yes' if harfbuzz_subset_available() else 'NO (fontTools fallback)'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
