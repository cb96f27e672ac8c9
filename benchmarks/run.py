"""``make bench``: build a synthetic city and print the figures of issue #7, one per line.

Sizes: ``BENCH_QUARTERS`` (default 100) × ``BENCH_OFFERS`` (default 50) × 7 languages;
then one quarter of ``BENCH_BIG_OFFERS`` (default 10,000) offers for the peak memory
(``python benchmarks/run.py big-quarter`` runs only that).
Each build runs as a separate process, timed from the outside, like a user runs it.
"""

from __future__ import annotations

import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate  # noqa: E402
from targets import target  # noqa: E402

from quartierboards.render import urls  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / ".cache" / "bench"
TODAY = "2026-11-30"  # a Monday
NEXT_DAY = "2026-12-01"


def _build(*extra: str, today: str = TODAY) -> tuple[float, str]:
    cmd = [sys.executable, "-m", "quartierboards", "build", "--content", str(WORK / "content"),
           "--output", str(WORK / "output"), "--flyers", str(WORK / "flyers"), "--today", today, "--lang", "en",
           *extra]
    started = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        sys.exit(f"build failed:\n{proc.stdout}\n{proc.stderr}")
    return seconds, proc.stdout.strip()


def _keys(name: str) -> dict[str, tuple[str, int]]:
    """File → (key from the build index, inode): what each file showed in the last build, and which file it is.

    A file taken over keeps its inode (the new tree links it); one written is a new file.
    A key may change without the file being written (the HSDS files' key holds what they
    show and their bytes): the inode tells which were rewritten.
    """
    path = WORK / ".cache" / f"{name}.index.json"
    files = json.loads(path.read_text(encoding="utf-8")).get("files", {}) if path.is_file() else {}
    found = {}
    for rel, value in files.items():
        try:
            inode = (WORK / name / rel).stat().st_ino
        except OSError:
            inode = -1
        found[rel] = (value[0], inode)
    return found


def _kind(rel: str) -> str:
    """What an output file is, for the summary of an incremental build."""
    parts = rel.split("/")
    name = parts[-1]
    if name.endswith(".pdf"):
        return "PDF"
    if name == "calendar.ics":
        return "quarter calendar" if len(parts) == 3 else "offer calendar"
    if name == "feed.xml":
        return "feed"
    if "pagefind" in parts:  # hashed names, thousands of them
        return "search index file"
    if name != "index.html":
        return name
    if len(parts) > 2 and parts[1] in (urls.CITY_OFFERS, urls.CITY_TODAY):
        return "city-wide list page"
    if len(parts) < 3:
        return "overview page"
    if len(parts) == 3:
        return "board"
    if re.fullmatch(r"\d{4}-W\d\d", parts[2]):
        return "week page"
    if parts[2] in ("news", "filter") or len(parts) > 4:
        return f"{parts[2]} page"
    return "offer page" if len(parts) == 4 else "other page"


def _changed(before: dict[str, tuple[str, int]], after: dict[str, tuple[str, int]]) -> str:
    """The files written again (a new key and a new file), counted by kind."""
    changed = sorted(rel for rel, (key, inode) in after.items()
                     if rel not in before or (before[rel][0] != key and before[rel][1] != inode))
    kinds = Counter(_kind(rel) for rel in changed)
    return ", ".join(f"{n} {kind}{'s' if n > 1 and not kind.endswith('s') else ''}"
                     for kind, n in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0])))


# Each edit is timed this many times (made, undone, made again …): one build's time on
# this host varies by a second, more so right after the cold builds.
EDIT_ROUNDS = int(os.environ.get("BENCH_EDIT_ROUNDS", 5))


def _edit_and_build(what: str, path: Path, old: str, new: str) -> None:
    """Edit *path* (*old* → *new*) and rebuild, undo and rebuild, …; print the median time and what was rewritten."""
    text = path.read_text(encoding="utf-8")
    if old not in text:
        sys.exit(f"benchmark content changed: {old!r} not in {path}")
    edited = text.replace(old, new, 1)
    times, rewritten = [], ""
    for round_ in range(max(1, EDIT_ROUNDS)):
        before, before_print = _keys("output"), _keys("flyers")
        path.write_text(edited if round_ % 2 == 0 else text, encoding="utf-8")
        seconds, _ = _build()
        times.append(seconds)
        if round_ == 0:
            rewritten = (f"{_changed(before, _keys('output'))}; "
                         f"{_changed(before_print, _keys('flyers')) or 'no PDF'} in flyers/")
    path.write_text(edited, encoding="utf-8")  # as edited, whatever the number of rounds
    if len(times) % 2 == 0:
        _build()
    spread = f" (median of {len(times)}: {min(times):.2f}-{max(times):.2f} s)" if len(times) > 1 else ""
    median = statistics.median(times)
    print(f"rebuild after editing {what}: {median:.2f} s{spread} ({target(median, 1.5, 's')}); "
          f"rewritten: {rewritten}", flush=True)




def main() -> None:
    """Generate, build cold (HTML, then print), rebuild, edit two offers (each several times), build the
    next day, then the same edits in the live preview; one line per figure."""
    quarters = int(os.environ.get("BENCH_QUARTERS", 100))
    offers = int(os.environ.get("BENCH_OFFERS", 50))
    shutil.rmtree(WORK, ignore_errors=True)
    generate(WORK / "content", quarters, offers)
    print(f"synthetic city: {quarters} quarters x {offers} offers x 7 languages; {os.cpu_count()} cores", flush=True)

    cold, line = _build("--no-print")
    pages = int(re.search(r"Built (\d+) pages", line).group(1))
    print(f"cold HTML build: {cold:.1f} s, {pages} pages, {pages / cold:.0f} pages/s (target: at most 1.4 x "
          f"Hugo's time on the same shape, measured by ../shared/bench/hugo_same_shape.py)", flush=True)

    seconds, line = _build()
    pdfs = int(re.search(r"and (\d+) PDFs", line).group(1))
    print(f"cold print build (all PDFs, HTML unchanged): {seconds:.1f} s, {pdfs} PDFs, "
          f"{seconds * 1000 / pdfs:.0f} ms per PDF (whole build / PDFs)", flush=True)
    bench = ROOT / "benchmarks" / "print_bench.py"
    proc = subprocess.run([sys.executable, str(bench)], capture_output=True, text=True, cwd=ROOT)
    print("print: " + (proc.stdout.strip().splitlines() or ["(no output)"])[-1], flush=True)

    seconds, line = _build()
    print(f"no-op rebuild: {seconds:.2f} s ({line.split(';')[0]})", flush=True)

    offers = WORK / "content/quarters/quartier-000/offers"
    _edit_and_build("one offer's cost (not on the flyers)", offers / "angebot-000.md",
                    "cost: kostenlos", "cost: 1 Euro")
    weekly = next(p for p in sorted(offers.glob("angebot-*.md"))
                  if p.name.count(".") == 1 and "weekly:" in p.read_text(encoding="utf-8"))
    _edit_and_build("one offer's title (on its quarter's flyers)", weekly, 'title:\n  de: "', 'title:\n  de: "Neu: ')

    # The daily build in CI: the website's week moves on; the print products stay the week's.
    before, before_print = _keys("output"), _keys("flyers")
    seconds, line = _build(today=NEXT_DAY)
    rendered, unchanged = map(int, re.search(r"\((\d+) files rendered, (\d+) unchanged\)", line).groups())
    share, time_share = rendered / (rendered + unchanged), seconds / cold
    print(f"build of the next day (daily CI): {seconds:.1f} s = {time_share:.0%} of the cold HTML build "
          f"({target(time_share, 0.25, '%')}); {rendered} of {rendered + unchanged} files rendered = {share:.0%} "
          f"({target(share, 0.25, '%')}); rewritten: {_changed(before, _keys('output'))}; "
          f"{_changed(before_print, _keys('flyers')) or 'no PDF'} in flyers/", flush=True)

    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak RSS of the builds: {peak:.0f} MiB ({target(peak, 1024, 'MiB')})", flush=True)

    preview = ROOT / "benchmarks" / "preview_bench.py"
    proc = subprocess.run([sys.executable, str(preview), str(WORK / "content")], capture_output=True, text=True,
                          cwd=ROOT)
    print((proc.stdout.strip().splitlines() or [f"live preview: failed: {proc.stderr.strip()[-300:]}"])[-1])
    big_quarter()


# The build in a process of its own that reports the largest peak RSS of its children
# (the build and its workers, which the build waits for): RUSAGE_CHILDREN of this
# script would include every earlier build.
_PEAK_RSS = """
import resource, subprocess, sys
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, done.returncode)
sys.stderr.write(done.stdout + done.stderr)
"""


def big_quarter() -> None:
    """One quarter of ``BENCH_BIG_OFFERS`` (default 10,000) offers, website and PDFs, cold: peak RSS (target ≤ 1 GiB).

    Alone: ``python benchmarks/run.py big-quarter``.
    """
    offers = int(os.environ.get("BENCH_BIG_OFFERS", 10_000))
    work = WORK / "big-quarter"
    shutil.rmtree(work, ignore_errors=True)
    generate(work / "content", 1, offers)
    cmd = [sys.executable, "-m", "quartierboards", "build", "--content", str(work / "content"),
           "--output", str(work / "output"), "--flyers", str(work / "flyers"), "--today", TODAY]
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", _PEAK_RSS, *cmd], capture_output=True, text=True, cwd=ROOT)
    seconds = time.perf_counter() - started
    peak_kib, code = map(int, proc.stdout.split())
    if code != 0:
        sys.exit(f"build failed:\n{proc.stderr}")
    peak = peak_kib / 1024
    print(f"one quarter of {offers} offers, cold build with PDFs: {seconds:.0f} s, "
          f"peak RSS {peak:.0f} MiB (target: <= 1 GiB{'' if peak <= 1024 else ', MISSED'})", flush=True)
    shutil.rmtree(work, ignore_errors=True)  # 1.7 GB of pages


if __name__ == "__main__":
    big_quarter() if sys.argv[1:] == ["big-quarter"] else main()
