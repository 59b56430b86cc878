"""Measure indicator extraction against a hand-checked list: precision and recall of values.

The list is JSON Lines, one reported value per line, written by reading the reports:
    {"file": "000_d9075f519bf93576.txt", "indicator": "review-cases", "value": 10, "unit": "件"}
A report that gives no indicator needs no line; every report in REPORTS is read. A value counts
as right when file, indicator, value and unit all agree; goals and changes are never values.

    python scripts/measure_indicators.py                                   # the seeds
    python scripts/measure_indicators.py gold.jsonl path/to/reports --details
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from lawscore import pipeline  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold", nargs="?", default=str(ROOT / "tests" / "data" / "indicators-seeds.jsonl"))
    ap.add_argument("reports", nargs="*", default=[str(ROOT / "reports")])
    ap.add_argument("--checklists", default=str(ROOT / "checklists"))
    ap.add_argument("--details", action="store_true", help="list every value missed or wrongly read")
    args = ap.parse_args(argv)

    gold = set()
    with open(args.gold, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                g = json.loads(line)
                gold.add((g["file"], g["indicator"], float(g["value"]), g["unit"]))
    setup = pipeline.load_checklists(Path(args.checklists), None)
    results, errors = pipeline.run_batch(args.reports, setup)
    for source, message in errors:
        print(f"{source}: not read: {message}", file=sys.stderr)
    got = {(Path(r.source).name, ir.indicator.id, ir.value.value, ir.value.unit)
           for r in results for ir in r.indicators if ir.value is not None}
    right = got & gold
    precision = len(right) / len(got) if got else 1.0
    recall = len(right) / len(gold) if gold else 1.0
    print(f"indicator values: precision {precision:.3f} ({len(right)}/{len(got)}), "
          f"recall {recall:.3f} ({len(right)}/{len(gold)}), {len(results)} reports")
    by_indicator: dict[str, list[int]] = {}
    for key in got | gold:
        counts = by_indicator.setdefault(key[1], [0, 0, 0])  # right, read, expected
        counts[0] += key in right
        counts[1] += key in got
        counts[2] += key in gold
    for ind_id in sorted(by_indicator):
        r, g, e = by_indicator[ind_id]
        print(f"  {ind_id:32s} right {r:3d}  read {g:3d}  expected {e:3d}")
    if args.details:
        for key in sorted(gold - got):
            print("missed:", *key)
        for key in sorted(got - gold):
            print("wrong: ", *key)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
