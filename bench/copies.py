"""What the copy check (issue 29) adds to a run: the same corpus scored with and without it.

    python bench/copies.py              # 4,000 reports, --jobs 1 and --jobs 2, json
    python bench/copies.py --n 400      # a quick look
    python bench/copies.py --no-cache   # the check alone, both runs without the report cache

Every run is a whole `lawscore evaluate` process (bench.py's `timed`), the runs with and
without the check interleaved, each measure the best of --repeat. Without it means
LAWSCORE_COPIES=off: each report read and scored in one pass, as before the check.

Mind the cache too: a run without the check keeps nothing in the report cache (incremental.py
works in the check's two passes), so by default the run with the check also pays for filling
the cache, as a first run over new reports does. --no-cache runs both without it: what the
check alone costs (both runs then also compile the checklists, the same ~1 s each).

Mind what the corpus is: bench.make_corpus repeats the five seeds with a new jurisdiction name
each, so every report is a copy of every fifth one. For the copy check that is the worst case,
not a typical batch: every sentence is copied, every index key is shared by 800 reports (the
postings are capped at copies.CAP), and each report carries ~80 copied passages into its
results.json entry. Real, independent reports share few keys.
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import CHECKLISTS, lawscore, make_corpus, measured  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=4000)
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--jobs", default="1,2")
    ap.add_argument("--format", default="json")
    ap.add_argument("--no-cache", action="store_true", help="both runs without the report cache: the check alone")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="lawscore-bench-copies-"))
    try:
        corpus = work / "c"
        mb = make_corpus(corpus, args.n) / 1e6
        # The checklists compiled once, into a cache that holds nothing else (one report, scored
        # without the copy check, which alone keeps reports in the cache: incremental.py); each
        # run gets a fresh copy of it, so none reuses the reports another kept, and the run with
        # the check pays for keeping them, as a first run over new reports does.
        warm, one = work / "cache", work / "one"
        one.mkdir()
        shutil.copy(next(corpus.glob("*.txt")), one)
        os.environ["LAWSCORE_COPIES"] = "off"
        os.environ["LAWSCORE_CACHE"] = str(warm)
        lawscore(one, work / "warm", CHECKLISTS, 1, args.format)
        print(f"{args.n} reports ({mb:.1f} MB), format {args.format}, cores {os.cpu_count()}, "
              f"{'no report cache' if args.no_cache else 'the run with the check filling the report cache'}")
        for jobs in (int(j) for j in args.jobs.split(",")):
            runs: dict[str, list[tuple[float, int, float]]] = {"on": [], "off": []}
            for _ in range(args.repeat):
                for mode in ("off", "on"):
                    os.environ["LAWSCORE_COPIES"] = mode
                    shutil.rmtree(work / "run", ignore_errors=True)
                    shutil.copytree(warm, work / "run")
                    os.environ["LAWSCORE_CACHE"] = "off" if args.no_cache else str(work / "run")
                    shutil.rmtree(work / f"o-{mode}", ignore_errors=True)
                    runs[mode].append(measured([sys.executable, "-m", "lawscore", "evaluate", str(corpus), "--checklists",
                                                str(CHECKLISTS), "--out", str(work / f"o-{mode}"), "--format", args.format,
                                                "--jobs", str(jobs)]))
            (off, rss_off, _), (on, rss_on, _) = min(runs["off"]), min(runs["on"])
            # CPU seconds (all processes): on a machine others share, they vary less than the wall time
            cpu_off, cpu_on = min(c for _, _, c in runs["off"]), min(c for _, _, c in runs["on"])
            print(f"--jobs {jobs}: without the copy check {off:.1f} s ({cpu_off:.1f} s CPU, {rss_off / 1024:.0f} MB peak), "
                  f"with it {on:.1f} s ({cpu_on:.1f} s CPU, {rss_on / 1024:.0f} MB peak): +{(on / off - 1) * 100:.1f} % wall, "
                  f"+{(cpu_on / cpu_off - 1) * 100:.1f} % CPU "
                  f"(all runs: off {[round(t, 1) for t, _, _ in runs['off']]}, on {[round(t, 1) for t, _, _ in runs['on']]})")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
