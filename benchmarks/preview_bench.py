"""The live preview (``serve``) on the bench city: how soon an edit's pages and its PDFs are served.

Run by ``make bench`` after the builds, on the city they left in ``.cache/bench``;
drives :class:`~quartierboards.commands.serve.PreviewState` as ``serve`` does, in one
process. Prints one line.
"""

from __future__ import annotations

import datetime as dt
import resource
import statistics
import sys
import time
from pathlib import Path

from targets import target  # benchmarks/, the script's folder

from quartierboards.commands.serve import PreviewState
from quartierboards.pipeline import BuildOptions


def _edit(state: PreviewState, options: BuildOptions, path: Path, old: str, new: str) -> tuple[float, float, int]:
    """Toggle *old*/*new* in *path*; seconds until the pages, and until its PDFs too, are served; PDFs rendered."""
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(old, new, 1) if old in text else text.replace(new, old, 1), encoding="utf-8")
    started = time.perf_counter()
    state.rebuild(options)
    pages = time.perf_counter() - started
    state.wait_for_print(options)
    return pages, time.perf_counter() - started, len(state.pdfs_rendered)


def main() -> None:
    """Start the preview, wait for its first PDFs, then edit a cost and a title three times each."""
    content = Path(sys.argv[1])
    options = BuildOptions(content=content, today=dt.date(2026, 11, 30))
    state = PreviewState()
    started = time.perf_counter()
    state.start(options)
    first_pages = time.perf_counter() - started
    state.wait_for_print(options)
    first_pdfs = time.perf_counter() - started
    quarters = sorted(p for p in (content / "quarters").iterdir() if p.is_dir())
    offers = quarters[min(3, len(quarters) - 1)] / "offers"  # quartier-003, or the last of a smaller city
    weekly = next(p for p in sorted(offers.glob("angebot-*.md"))
                  if p.name.count(".") == 1 and "weekly:" in p.read_text(encoding="utf-8"))
    cost = [_edit(state, options, offers / "angebot-000.md", "cost: kostenlos", "cost: 1 Euro") for _ in range(3)]
    title = [_edit(state, options, weekly, 'title:\n  de: "', 'title:\n  de: "Neu: ') for _ in range(3)]
    state.close()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    median = statistics.median
    pages, pdfs = median(e[0] for e in title), median(e[1] for e in title)
    print(f"live preview: first pages {first_pages:.1f} s, all PDFs {first_pdfs:.1f} s; "
          f"edit of a cost: pages {median(e[0] for e in cost):.2f} s, {max(e[2] for e in cost)} PDFs; "
          f"edit of a title: pages {pages:.2f} s ({target(pages, 0.3, 's')}), with its {max(e[2] for e in title)} "
          f"PDFs {pdfs:.2f} s ({target(pdfs, 1.0, 's')}) (medians of 3); "
          f"peak RSS {rss:.0f} MiB ({target(rss, 600, 'MiB')})", flush=True)


if __name__ == "__main__":
    main()
