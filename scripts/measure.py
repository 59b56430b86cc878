"""Measure lawscore's clause verdicts against the labelled development set.

Reads ../shared/dev/ (gold-seeds.jsonl, gold-openings.jsonl and the texts they name) when it
sits next to this repository; the texts are never copied into the repository. Prints
precision, recall and F1 for work done, shortcomings and plans, and with --details the
per-clause table and every disagreement (the same as `lawscore calibrate`).

Then the headline (section coverage) against the labels: its Spearman rank correlation with
the count of sections labelled done (target on the seeds: at least 0.9) and, per seed, the
headline beside the labels' share of done sections (target: within 10 points for every seed).

    python scripts/measure.py
    python scripts/measure.py --set openings --details
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from lawscore import calibrate, pipeline  # noqa: E402

DEV = ROOT.parent / "shared" / "dev"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", choices=("seeds", "openings", "both"), default="both")
    ap.add_argument("--details", action="store_true")
    ap.add_argument("--checklists", default=str(ROOT / "checklists"))
    ap.add_argument("--checklist", default=None, help="force one checklist (id or file)")
    ap.add_argument("--dev", default=str(DEV), help="the labelled set's folder")
    args = ap.parse_args(argv)
    dev = Path(args.dev)
    if not (dev / "gold-seeds.jsonl").is_file():
        print(f"no labelled set at {dev}; nothing to measure", file=sys.stderr)
        return 0
    setup = pipeline.load_checklists(Path(args.checklists), args.checklist)
    names = {"seeds": ["seeds"], "openings": ["openings"], "both": ["seeds", "openings"]}[args.set]
    for name in names:
        cal = calibrate.calibrate(dev / f"gold-{name}.jsonl", setup)
        print("\n".join(calibrate.format_report(cal, name, args.details)))
    for name in names:
        rows = calibrate.headline_check(dev / f"gold-{name}.jsonl", setup)
        print("\n".join(calibrate.format_headline(rows, name, per_document=name == "seeds" or args.details)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
