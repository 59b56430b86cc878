"""How long Chromium takes to open the index of a 3,000-report batch.

Run from the repository root after installing lawscore (needs Debian's chromium):

    python bench/index_open.py                 # 3,000 one-report jurisdictions
    python bench/index_open.py --reports 20000

It makes the Summary objects directly (nothing is scored), writes the index pages with
render.write_index, then times `chromium --headless --dump-dom index.html` (the page loaded and
laid out) against the same command on an empty page, so browser start-up is taken out.
Prints the median of five runs. Target (issue: scorecards): the index opens in under a second.
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from lawscore import paths, score
from lawscore.render import views, writer

FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run", "--disable-extensions", "--proxy-server=127.0.0.1:9")


def synthetic(n: int) -> dict[str, list[views.Summary]]:
    chapters = [(c, f"第{c}章") for c in "二三四五六七八九十"]
    groups: dict[str, list[views.Summary]] = {}
    for k in range(n):
        name = f"测试{k:05d}县"
        year = 2021 + k % 4
        published = f"{year + 1}-0{1 + k % 6}-15"
        source = f"batch/{k:05d}.txt"
        groups[name] = [views.Summary(
            source=source, source_name=f"{k:05d}.txt", name=name, anchor=paths.anchor(source),
            level=("province", "city", "county", "township")[k % 4], year=year, year_label=f"{year}年度",
            published=published, score=(k * 37 % 1000) / 10, checklist_title="法治政府建设实施纲要(2021—2025年)",
            timeliness=score.timeliness(year, published), checklist_id="outline-2021-2025",
            chapters=tuple((c, t, float((k * 13 + j * 7) % 101)) for j, (c, t) in enumerate(chapters)),
            parts_present=k % 5, parts_total=4,
        )]
    return groups


def open_time(chromium: str, url: str, profile: Path, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run([chromium, *FLAGS, f"--user-data-dir={profile}", "--dump-dom", url],
                              capture_output=True, timeout=120)
        times.append(time.perf_counter() - start)
        if done.returncode != 0 or b"</html>" not in done.stdout:
            sys.exit(f"chromium failed on {url}: {done.stderr.decode('utf-8', 'replace')[-500:]}")
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reports", type=int, default=3000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        sys.exit("chromium not found (apt-get install chromium)")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        start = time.perf_counter()
        written = writer.write_index(out, synthetic(args.reports), [])
        write_s = time.perf_counter() - start
        blank = Path(tmp) / "blank.html"
        blank.write_text("<!DOCTYPE html><html><body></body></html>", encoding="utf-8")
        profile = Path(tmp) / "profile"
        open_time(chromium, blank.as_uri(), profile, 1)  # warm the profile and the page cache
        base = open_time(chromium, blank.as_uri(), profile, args.runs)
        index = open_time(chromium, (out / "index.html").as_uri(), profile, args.runs)
        size = (out / "index.html").stat().st_size
        print(f"{args.reports} reports: {len(written)} index pages written in {write_s:.2f} s; "
              f"index.html {size / 1024:.0f} KiB, {index.PAGE_SIZE} rows")
        print(f"chromium --dump-dom: index.html {index:.2f} s, empty page {base:.2f} s "
              f"-> opening the index costs {index - base:.2f} s (target < 1 s)")


if __name__ == "__main__":
    main()
