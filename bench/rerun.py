"""Benchmark reruns with lawscore's report cache (issue 27): what a rerun costs against the floor.

Run from the repository root after installing lawscore, on a shared machine with nice:

    nice -n 10 python bench/rerun.py            # 4,000 reports, and 300 added to 3,000 (about 15 minutes)
    nice -n 10 python bench/rerun.py --small    # 400 reports, and 30 added to 300
    python bench/rerun.py --instructions 40     # also count instructions per report, cold (valgrind)

Every timing is a whole `lawscore evaluate --format json --jobs 1` process (start-up included),
taken once, all in one run, as a ratio to the floor of bench/bench.py (a fresh process that
reads every file, converts it with OpenCC and makes one Aho-Corasick pass over the checklists'
terms) over the same reports. It prints:

- today: the reports scored with --no-cache; cold: the same with an empty cache (it fills it);
- rerun: nothing changed (target <= 1.5x the floor);
- edit: one concept's terms widened in concepts/concepts.yaml (target <= 2x the floor);
- add: 300 new reports beside 3,000 scored ones, against 300 scored alone and the rerun of 3,300;
- whether results.json is byte-identical with and without the cache, after each step;
- with --instructions N: instructions per report of a cold batch of N reports with the cache
  (writing it) and without (callgrind; target: within 5 %).
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
import bench  # noqa: E402  (the corpus, the floor and the timer of bench.py)

EDITED = "concepts/concepts.yaml"  # the items name their terms by concept ($负面清单) since s6-fresh
EDIT = ("terms: [负面清单, 非禁即入]", "terms: [负面清单, 非禁即入, 市场准入]")  # one concept's terms widened

BATCH = r"""
import sys
from pathlib import Path
from lawscore import pipeline
setup = pipeline.load_checklists(Path(sys.argv[1]), None)
pipeline.freeze_for_batch()
paths = sorted(str(p) for p in Path(sys.argv[2]).glob("*.txt"))[: int(sys.argv[3])]
tasks, _ = pipeline.plan_batch(paths, setup)
for _ in pipeline.iter_batch(tasks, setup, frozenset({"json"}), jobs=1):
    pass
"""


class T:
    """A measure: wall and CPU seconds."""

    def __init__(self, wall: float, cpu: float) -> None:
        self.wall, self.cpu = wall, cpu

    def __str__(self) -> str:
        return f"{self.wall:.2f} s wall, {self.cpu:.2f} s CPU"

    def over(self, other: T) -> str:
        return f"{self.wall / other.wall:.2f}x wall, {self.cpu / other.cpu:.2f}x CPU"


def timed(cmd: list[str]) -> T:
    """Wall and CPU seconds of a command. On a machine shared by several people the CPU time
    varies less than the wall time; both are printed."""
    wall, _, cpu = bench.measured(cmd)
    return T(wall, cpu)


def run(corpus: Path, out: Path, checklists: Path, cache: bool = True) -> T:
    """One `lawscore evaluate --format json --jobs 1` of `corpus` into `out`."""
    if out.exists():
        shutil.rmtree(out)
    cmd = [sys.executable, "-m", "lawscore", "evaluate", str(corpus), "--checklists", str(checklists),
           "--out", str(out), "--format", "json", "--jobs", "1"]
    return timed(cmd + ([] if cache else ["--no-cache"]))


def same(a: Path, b: Path) -> str:
    return "byte-identical" if (a / "results.json").read_bytes() == (b / "results.json").read_bytes() else "DIFFERENT"


def instructions(corpus: Path, n: int, cache: str) -> int:
    """Callgrind's instruction count of a batch of the first n reports (0: none). String hashes
    are fixed (PYTHONHASHSEED, as bench/instructions.py does): with a random one, the order of
    sets and dicts of strings moves the count from run to run, by more than the cache's
    differences this measures."""
    env = dict(os.environ, LAWSCORE_CACHE=cache, PYTHONHASHSEED="0")
    cmd = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
           sys.executable, "-c", BATCH, str(bench.CHECKLISTS), str(corpus), str(n)]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True, env=env).stderr
    m = re.search(r"refs:\s*([\d,]+)", out)
    if not m:
        raise SystemExit("callgrind printed no instruction count:\n" + out)
    return int(m.group(1).replace(",", ""))


def per_report(corpus: Path, n: int, cache_dir: Path | None) -> float:
    """Million instructions per report of a cold batch, with an empty cache or none."""
    def count(k: int) -> int:
        if cache_dir is None:
            return instructions(corpus, k, "off")
        shutil.rmtree(cache_dir, ignore_errors=True)  # empty, but for the checklists (as after an earlier run)
        subprocess.run([sys.executable, "-c", BATCH, str(bench.CHECKLISTS), str(corpus), "0"], check=True,
                       env=dict(os.environ, LAWSCORE_CACHE=str(cache_dir)))
        return instructions(corpus, k, str(cache_dir))
    return (count(n) - count(0)) / n / 1e6


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--small", action="store_true", help="400 reports, and 30 added to 300")
    ap.add_argument("--instructions", type=int, default=0, metavar="N",
                    help="also count instructions per report of a cold batch of N reports (valgrind)")
    ap.add_argument("--keep", help="keep the corpora and outputs in this folder")
    args = ap.parse_args()
    n, old, new = (400, 300, 30) if args.small else (4000, 3000, 300)
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="lawscore-rerun-"))
    try:
        corpus = work / f"c{n}"
        mb = bench.make_corpus(corpus, n) / 1e6
        edited = work / "checklists-edited"
        shutil.copytree(bench.CHECKLISTS, edited)
        text = (edited / EDITED).read_text(encoding="utf-8")
        if text.count(EDIT[0]) != 1:
            raise SystemExit(f"the bench's edit no longer fits {EDITED}: change EDIT")
        (edited / EDITED).write_text(text.replace(EDIT[0], EDIT[1]), encoding="utf-8")
        os.environ["LAWSCORE_CACHE"] = str(work / "cache")
        print(f"corpus: {n} reports ({mb:.1f} MB); cores: {os.cpu_count()}; cache: {os.environ['LAWSCORE_CACHE']}")

        floor = timed([sys.executable, "-c", bench.FLOOR, str(corpus), str(bench.CHECKLISTS)])
        today = run(corpus, work / "today", bench.CHECKLISTS, cache=False)
        cold = run(corpus, work / "cold", bench.CHECKLISTS)
        rerun = run(corpus, work / "rerun", bench.CHECKLISTS)
        edit = run(corpus, work / "edit", edited)
        edit_again = run(corpus, work / "edit2", edited)
        edit_today = run(corpus, work / "edit-today", edited, cache=False)

        # 300 new reports beside 3,000 scored: the corpus's first 3,000 scored with the cache,
        # then the next 300 added (the corpus generator makes the same reports whatever n).
        grown = work / f"c{old}"
        grown.mkdir()
        paths = sorted(corpus.glob("*.txt"))
        for p in paths[:old]:
            os.link(p, grown / p.name)
        run(grown, work / "old", bench.CHECKLISTS)
        alone = work / f"c{new}-alone"
        alone.mkdir()
        for p in paths[old:old + new]:
            os.link(p, grown / p.name)
            os.link(p, alone / p.name)
        add = run(grown, work / "add", bench.CHECKLISTS)
        add_rerun = run(grown, work / "add-rerun", bench.CHECKLISTS)
        add_today = run(grown, work / "add-today", bench.CHECKLISTS, cache=False)
        new_alone = run(alone, work / "alone", bench.CHECKLISTS, cache=False)
        size = sum(f.stat().st_size for f in (work / "cache").iterdir()) / 1e6

        print(f"floor (read + OpenCC + one Aho-Corasick pass), {n}: {floor}")
        print(f"today (--no-cache), {n}: {today} = {today.over(floor)} floor")
        print(f"cold (empty cache, filling it), {n}: {cold} = {cold.over(floor)} floor, {cold.over(today)} today; "
              f"results.json {same(work / 'cold', work / 'today')}")
        print(f"rerun, nothing changed, {n}: {rerun} = {rerun.over(floor)} floor (target <= 1.5); "
              f"results.json {same(work / 'rerun', work / 'today')}")
        print(f"rerun after a one-item edit ({EDITED}: {EDIT[1]}), {n}: {edit} = {edit.over(floor)} floor "
              f"(target <= 2); results.json {same(work / 'edit', work / 'edit-today')} to --no-cache with the edit "
              f"({edit_today} = {edit_today.over(floor)} floor); the edit rerun again: {edit_again.over(floor)} floor")
        print(f"{new} new reports added to {old} scored: {add}; the {old + new} rerun unchanged: {add_rerun}; "
              f"the {new} scored alone (--no-cache): {new_alone}; all {old + new} with --no-cache: {add_today}; "
              f"(add - rerun) / alone = {(add.wall - add_rerun.wall) / new_alone.wall:.2f} wall, "
              f"{(add.cpu - add_rerun.cpu) / new_alone.cpu:.2f} CPU; results.json {same(work / 'add', work / 'add-today')}")
        print(f"cache size: {size:.0f} MB for {n + new} reports and two checklist versions")
        if args.instructions:
            if shutil.which("valgrind") is None:
                print("valgrind is not installed (Debian: apt-get install valgrind): no instruction counts")
            else:
                with_cache = per_report(corpus, args.instructions, work / "icache")
                without = per_report(corpus, args.instructions, None)
                print(f"cold, instructions per report ({args.instructions} reports, json, jobs 1, in one process): "
                      f"{with_cache:.1f} M with an empty cache (filling it), {without:.1f} M without: "
                      f"{with_cache / without:.3f}x (target <= 1.05)")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
