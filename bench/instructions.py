"""Count the CPU instructions lawscore spends per report, with valgrind's callgrind.

Timings on a shared machine vary by a tenth from run to run; an instruction count does not
(the same code, inputs and Python give the same count, whatever else the machine is doing),
so it shows a change of 1 % that the timing bench cannot. Run from the repository root after
installing lawscore, with valgrind installed (Debian: apt-get install valgrind):

    python bench/instructions.py            # 40 reports of the bench's synthetic corpus
    python bench/instructions.py --reports 20

It scores the reports in one process, as `lawscore evaluate --format json --jobs 1` does
(evaluate_file, then prepare for results.json), once with no reports and once with N, and
prints (instructions with N - instructions with none) / N. The checklist cache is warmed
first, so neither run compiles the checklists.
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
from lawscore import output, pipeline
setup = pipeline.load_checklists(Path(sys.argv[1]), None)
pipeline.freeze_for_batch()
for p in sorted(Path(sys.argv[2]).glob("*.txt"))[: int(sys.argv[3])]:
    output.prepare(pipeline.evaluate_file(p, str(p), setup), frozenset({"json"}))
"""


def instructions(corpus: Path, n: int) -> int:
    cmd = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
           sys.executable, "-c", RUN, str(bench.CHECKLISTS), str(corpus), str(n)]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stderr
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
        os.environ["LAWSCORE_CACHE"] = str(work / "cache")
        subprocess.run([sys.executable, "-c", RUN, str(bench.CHECKLISTS), str(corpus), "0"], check=True)  # warm the cache
        none, some = instructions(corpus, 0), instructions(corpus, args.reports)
        print(f"{(some - none) / args.reports / 1e6:.1f} million instructions per report "
              f"({args.reports} reports of the bench corpus, json only, in one process)")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
