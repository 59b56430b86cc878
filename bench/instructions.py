"""Count the CPU instructions lawscore spends per report, with valgrind's callgrind.

Timings on a shared machine vary by a tenth from run to run; an instruction count does not
(the same code, inputs and Python give the same count, whatever else the machine is doing),
so it shows a change of 1 % that the timing bench cannot. Run from the repository root after
installing lawscore, with valgrind installed (Debian: apt-get install valgrind):

    python bench/instructions.py            # 40 reports of the bench's synthetic corpus
    python bench/instructions.py --reports 100

It runs a batch in one process as `lawscore evaluate --format json --jobs 1` does
(pipeline.iter_batch, each report prepared for results.json), once with no reports and once
with N, and prints (instructions with N - instructions with none) / N: once with the copy
check (the default: every report read, fingerprinted and spooled, the copies found, then
scored) and once without (LAWSCORE_COPIES=off: each report read and scored in one go), and
what the check adds. PYTHONHASHSEED is fixed (0) for the measured process: string hashes (sets
and dicts of strings) change the count by a few million from run to run otherwise. The cache is off (LAWSCORE_CACHE=off): the checklists are compiled in
every run, the one with no reports too, so that is subtracted (a run with none in each mode). What a process pays once (freeze_for_batch reads the gazetteer) is in the run with none; it is
printed too, so moving work there stays visible.

Mind the corpus (see bench/copies.py): the seeds repeated, so every report is a copy of every
fifth one, the copy check's worst case.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench  # noqa: E402  (the corpus generator of bench.py)

RUN = r"""
import sys
from pathlib import Path
from lawscore import pipeline
setup = pipeline.load_checklists(Path(sys.argv[1]), None)
pipeline.freeze_for_batch()
paths = [str(p) for p in sorted(Path(sys.argv[2]).glob("*.txt"))[: int(sys.argv[3])]]
tasks, _ = pipeline.plan_batch(paths, setup) if paths else ([], [])
for _ in pipeline.iter_batch(tasks, setup, frozenset({"json"}), jobs=1):
    pass
"""


def instructions(corpus: Path, n: int, copies: str) -> int:
    cmd = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
           sys.executable, "-c", RUN, str(bench.CHECKLISTS), str(corpus), str(n)]
    # No cache: the run with the check would keep every report in it (incremental.py, issue 27),
    # a cost of its own. Compiling the checklists is then paid by every run, also by the run
    # with no reports, and so subtracted.
    out = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8", check=True,
                         env={**os.environ, "LAWSCORE_COPIES": copies, "LAWSCORE_CACHE": "off",
                                              "PYTHONHASHSEED": "0"}).stderr
    m = re.search(r"refs:\s*([\d,]+)", out)
    if not m:
        raise SystemExit("callgrind printed no instruction count:\n" + out)
    return int(m.group(1).replace(",", ""))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reports", type=int, default=40, help="reports to score (default 40)")
    args = ap.parse_args()
    if shutil.which("valgrind") is None:
        print("valgrind is not installed (Debian: apt-get install valgrind)", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="lawscore-instructions-"))
    try:
        corpus = work / "corpus"
        bench.make_corpus(corpus, args.reports)
        # The run with none in each mode: the check reads its reference wording and makes its
        # tables before the first report (copies.reference), a run without it does not.
        none = {mode: instructions(corpus, 0, mode) for mode in ("off", "on")}
        per = {mode: (instructions(corpus, args.reports, mode) - none[mode]) / args.reports / 1e6 for mode in ("off", "on")}
        print(f"{per['on']:.1f} million instructions per report with the copy check, {per['off']:.1f} million "
              f"without it (LAWSCORE_COPIES=off): the check adds {(per['on'] / per['off'] - 1) * 100:.1f} % "
              f"({args.reports} reports of the bench corpus, a batch in one process, json only)")
        print(f"{none['off'] / 1e6:.0f} million instructions per process before the first report "
              f"(start, imports, compiling the checklists, the gazetteer), {none['on'] / 1e6:.0f} million with the "
              "copy check (its reference wording and tables)")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
