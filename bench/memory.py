"""Peak memory of `lawscore evaluate` on large synthetic corpora (issue 22, point 13).

    python bench/memory.py 20000 100000          # default formats, --jobs 2
    python bench/memory.py 20000 --format json   # one format

For each size it makes a corpus of seed-sized reports (bench.make_corpus, kept in --work and
reused), runs one `lawscore evaluate` in a fresh process and prints the wall time, the peak
resident memory of the main process (the one that writes the output) and the largest peak of
its worker processes. The main process's peak should not grow with the number of reports
beyond the small summaries kept for the index (a few hundred bytes a report).

The peaks are read twice: by the run itself (getrusage, when it ends normally) and, every second,
from the kernel's high-water mark (VmHWM in /proc) of the run and of its workers. So a run that
crashes or is killed still reports how high it went (on Linux; elsewhere only a normal end does).
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import CHECKLISTS, make_corpus  # noqa: E402

RUN = r"""
import json, resource, sys, time
from lawscore.cli import main
start = time.perf_counter()
try:
    main(sys.argv[2:], prog_name="lawscore")
    code = 0
except SystemExit as exc:
    code = exc.code
with open(sys.argv[1], "w") as fh:
    json.dump({"seconds": time.perf_counter() - start, "code": code,
               "main_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
               "workers_kib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}, fh)
"""


def _hwm_kib(pid: int) -> int:
    """The peak resident memory of a live process so far, in KiB (0 once it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for t in Path(f"/proc/{pid}/task").iterdir()
                for c in (t / "children").read_text().split()]
    except (OSError, ValueError):
        return []


def _run(argv: list[str], figures: Path) -> dict[str, float]:
    """Run one evaluate, watching its peaks; the figures come from the run if it wrote them."""
    figures.unlink(missing_ok=True)
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL)
    main_kib = workers_kib = 0
    while proc.poll() is None:
        main_kib = max(main_kib, _hwm_kib(proc.pid))
        workers_kib = max([workers_kib, *(_hwm_kib(c) for c in _children(proc.pid))])
        time.sleep(1)
    got = {"seconds": time.perf_counter() - start, "code": proc.returncode,
           "main_kib": main_kib, "workers_kib": workers_kib}
    if figures.exists():
        own = json.loads(figures.read_text())
        got.update(seconds=own["seconds"], code=own["code"], main_kib=max(main_kib, own["main_kib"]),
                   workers_kib=max(workers_kib, own["workers_kib"]))
    return got


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("sizes", nargs="+", type=int)
    ap.add_argument("--format", default="html,json,csv,xlsx")
    ap.add_argument("--jobs", default=2, type=int)
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "lawscore-memory-bench")
    args = ap.parse_args()
    for n in args.sizes:
        corpus = args.work / f"corpus-{n}"
        if not (corpus / f"r{n - 1:05d}.txt").exists():
            make_corpus(corpus, n)
        out = args.work / f"out-{n}"
        if out.exists():
            shutil.rmtree(out)
        figures = args.work / f"figures-{n}.json"
        got = _run([sys.executable, "-c", RUN, str(figures), "evaluate", str(corpus), "--checklists",
                    str(CHECKLISTS), "--out", str(out), "--format", args.format, "--jobs", str(args.jobs)], figures)
        print(f"{n} reports ({args.format}, --jobs {args.jobs}): {got['seconds']:.0f} s, exit {got['code']}; "
              f"peak memory: main process {got['main_kib'] / 1024:.0f} MB, "
              f"largest worker {got['workers_kib'] / 1024:.0f} MB", flush=True)
        shutil.rmtree(out, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
