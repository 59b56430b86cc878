"""Benchmark a rerun after a one-item checklist edit, and the cold run that fills the cache (issue 27).

Run from the repository root after installing lawscore, on a shared machine with nice:

    nice -n 10 python bench/edit.py                  # 1,000 reports
    nice -n 10 python bench/edit.py --reports 4000   # the issue's size (about 10 minutes)

Every timing is a whole `lawscore evaluate --format json --jobs 1` process (start-up included),
taken once, all in one run, as a ratio to the floor of bench/bench.py (a fresh process that
reads every file, converts it with OpenCC and makes one Aho-Corasick pass over the checklists'
terms) over the same reports; CPU time (user + system) varies less than wall time on a shared
machine, so both are printed. In order:

- today: --no-cache; cold: an empty cache, filling it (target: no slower than today; count
  instructions with bench/rerun.py --instructions or bench/instructions.py);
- rerun: nothing changed, the cache full;
- edit, a term no report holds: one concept of concepts/concepts.yaml (the items' shared
  vocabulary) widened by a term absent from the corpus (bench/rerun.py's edit; target <= 2x the floor);
- edit, a term a fifth of the reports hold: 证明事项 taken out of the concept 告知承诺 (the
  corpus repeats five seeds, and one of them holds it): those reports are scored again;
- each edit rerun's results.json against a --no-cache run with the same checklists.
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import rerun  # noqa: E402  (the timed lawscore run, the first edit)

import bench  # noqa: E402  (the corpus and the floor)

EDITED = rerun.EDITED
NARROW = ("terms: [告知承诺, 证明事项, 容缺受理, 容缺办理]", "terms: [告知承诺, 容缺受理, 容缺办理]")


def edited(work: Path, name: str, edit: tuple[str, str]) -> Path:
    """A copy of the bundled checklists with `edit` made in EDITED."""
    target = work / name
    shutil.copytree(bench.CHECKLISTS, target)
    text = (target / EDITED).read_text(encoding="utf-8")
    if text.count(edit[0]) != 1:
        raise SystemExit(f"the bench's edit no longer fits {EDITED}: change it ({edit[0]})")
    (target / EDITED).write_text(text.replace(*edit), encoding="utf-8")
    return target


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reports", type=int, default=1000, help="reports in the corpus (default 1,000)")
    ap.add_argument("--keep", help="keep the corpus, cache and outputs in this folder")
    args = ap.parse_args()
    n = args.reports
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="lawscore-edit-"))
    try:
        corpus = work / f"c{n}"
        mb = bench.make_corpus(corpus, n) / 1e6
        absent, held = edited(work, "absent", rerun.EDIT), edited(work, "held", NARROW)
        os.environ["LAWSCORE_CACHE"] = str(work / "cache")
        print(f"corpus: {n} reports ({mb:.1f} MB); cores: {os.cpu_count()}")
        floor = rerun.timed([sys.executable, "-c", bench.FLOOR, str(corpus), str(bench.CHECKLISTS)])
        today = rerun.run(corpus, work / "today", bench.CHECKLISTS, cache=False)
        cold = rerun.run(corpus, work / "cold", bench.CHECKLISTS)
        again = rerun.run(corpus, work / "again", bench.CHECKLISTS)
        edit1 = rerun.run(corpus, work / "edit1", absent)
        edit2 = rerun.run(corpus, work / "edit2", held)
        none1 = rerun.run(corpus, work / "none1", absent, cache=False)
        none2 = rerun.run(corpus, work / "none2", held, cache=False)
        print(f"floor: {floor}")
        print(f"today (--no-cache): {today} = {today.over(floor)} floor")
        print(f"cold (empty cache): {cold} = {cold.over(floor)} floor, {cold.over(today)} today; "
              f"results.json {rerun.same(work / 'cold', work / 'today')}")
        print(f"rerun, nothing changed: {again} = {again.over(floor)} floor")
        print(f"edit, a term no report holds ({rerun.EDIT[1]}): {edit1} = {edit1.over(floor)} floor (target <= 2); "
              f"results.json {rerun.same(work / 'edit1', work / 'none1')} to --no-cache ({none1} = {none1.over(floor)} floor)")
        print(f"edit, a term 1/5 of the reports hold ({NARROW[1]}): {edit2} = {edit2.over(floor)} floor; "
              f"results.json {rerun.same(work / 'edit2', work / 'none2')} to --no-cache ({none2} = {none2.over(floor)} floor)")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
