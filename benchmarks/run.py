"""``make bench``: build a synthetic city and print the figures of issue #7, one per line.

Sizes: ``BENCH_QUARTERS`` (default 100) × ``BENCH_OFFERS`` (default 50) × 7 languages.
Each build runs as a separate process, timed from the outside, like a user runs it.
"""

from __future__ import annotations

import os
import re
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / ".cache" / "bench"
TODAY = "2026-11-30"


def _build(*extra: str) -> tuple[float, str]:
    cmd = [sys.executable, "-m", "quartierboards", "build", "--content", str(WORK / "content"),
           "--output", str(WORK / "output"), "--flyers", str(WORK / "flyers"), "--today", TODAY, *extra]
    started = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        sys.exit(f"build failed:\n{proc.stdout}\n{proc.stderr}")
    return seconds, proc.stdout.strip()


def _counts(line: str) -> tuple[int, int]:
    m = re.search(r"\((\d+) files rendered, (\d+) unchanged\)", line)
    return (int(m.group(1)), int(m.group(2))) if m else (0, 0)


def main() -> None:
    """Generate, build cold, rebuild, edit one offer, print one line per figure."""
    quarters = int(os.environ.get("BENCH_QUARTERS", 100))
    offers = int(os.environ.get("BENCH_OFFERS", 50))
    shutil.rmtree(WORK, ignore_errors=True)
    generate(WORK / "content", quarters, offers)
    print(f"synthetic city: {quarters} quarters x {offers} offers x 7 languages; {os.cpu_count()} cores")

    seconds, line = _build("--no-print")
    pages = int(re.search(r"Built (\d+) pages", line).group(1))
    print(f"cold HTML build: {seconds:.1f} s, {pages} pages, {pages / seconds:.0f} pages/s")

    seconds, line = _build("--no-print")
    print(f"no-op rebuild: {seconds:.2f} s ({_counts(line)[0]} files rendered)")

    offer = WORK / "content/quarters/quartier-000/offers/angebot-000.md"
    offer.write_text(offer.read_text(encoding="utf-8").replace("cost: kostenlos", "cost: 1 Euro"), encoding="utf-8")
    seconds, line = _build("--no-print")
    rendered, kept = _counts(line)
    print(f"rebuild after editing one offer (HTML): {seconds:.2f} s, {rendered} files rendered, {kept} unchanged")

    seconds, line = _build()
    pdfs = int(re.search(r"and (\d+) PDFs", line).group(1)) if "PDFs" in line else 0
    print(f"build with print products: {seconds:.1f} s, {pdfs} PDFs"
          + (f", {seconds * 1000 / pdfs:.0f} ms per PDF (whole build / PDFs)" if pdfs else ""))
    bench = ROOT / "benchmarks" / "print_bench.py"
    if bench.is_file():
        proc = subprocess.run([sys.executable, str(bench)], capture_output=True, text=True, cwd=ROOT)
        print("print benchmark: " + (proc.stdout.strip().splitlines() or ["(no output)"])[-1])
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak RSS of the builds: {peak:.0f} MiB")


if __name__ == "__main__":
    main()
